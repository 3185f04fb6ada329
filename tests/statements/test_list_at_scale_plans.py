"""The list of statements reads a page's keys first, then only that page's rows (see
`statements.views.StatementListView`): every page lists exactly the published statements,
newest first (the later key first at the same time), with exact counts, counted or
remembered, and a deep page costs the queries of the first."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from publishing.pagination import MAX_PAGES
from statements import views
from statements.models import Statement, StatementKind
from tests.factories import StatementFactory
from tests.support.queries import cold_and_warm_queries

pytestmark = pytest.mark.django_db

PER_PAGE = 2


@pytest.fixture(autouse=True)
def small_pages(monkeypatch, settings):
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False
    monkeypatch.setattr(views.StatementListView, "paginate_by", PER_PAGE)


@pytest.fixture
def statements():
    """Seven published statements (two published at the same second) and some that must
    not be listed; the listed ones newest first."""
    now = timezone.now().replace(microsecond=0)
    appeal = StatementKind.objects.create(name="Appeal")
    same_time = now - timedelta(hours=5)
    times = [now - timedelta(hours=hours) for hours in (1, 2, 3, 4)] + [same_time] * 2
    times.append(now - timedelta(days=30))
    listed = [
        StatementFactory(title=f"Listed {i}", publish_at=at, kind=appeal if i % 2 else None)
        for i, at in enumerate(times)
    ]
    StatementFactory(title="A draft", status=Statement.Status.DRAFT)
    StatementFactory(title="Scheduled", publish_at=now + timedelta(days=1))
    return sorted(listed, key=lambda statement: (statement.publish_at, statement.pk), reverse=True)


def cards(html):
    """(kind, title) of each card."""
    return re.findall(
        r'<p class="card__section">([^<]+)</p>\s*<h2 class="card__title"><a href="[^"]+">'
        r"([^<]+)</a>",
        html,
    )


def read_pages(client):
    shown, numbers = [], []
    for number in range(1, MAX_PAGES + 1):
        response = client.get(f"/statements/?page={number}")
        if response.status_code == 404:
            break
        html = response.content.decode()
        shown += cards(html)
        numbers.append(re.search(r'<span class="pagination__current">([^<]+)</span>', html)[1])
    return shown, numbers


def expected(statements):
    return [(statement.kind_label, statement.title) for statement in statements]


def test_every_page_lists_the_published_statements_newest_first(client, statements):
    shown, numbers = read_pages(client)
    assert shown == expected(statements)
    assert numbers == ["Page 1 of 4", "Page 2 of 4", "Page 3 of 4", "Page 4 of 4"]
    assert client.get("/statements/?page=5").status_code == 404


def test_pages_read_with_a_remembered_count_are_the_same(client, statements):
    first = [client.get(f"/statements/?page={number}").content for number in (3, 1, 2)]
    again = [client.get(f"/statements/?page={number}").content for number in (3, 1, 2)]
    assert [cards(page.decode()) for page in again] == [cards(page.decode()) for page in first]


def test_a_scheduled_statement_joins_the_list_at_its_time(client, statements):
    later = StatementFactory(title="Later", publish_at=timezone.now() + timedelta(hours=2))
    assert ("Statement", "Later") not in read_pages(client)[0]
    with time_machine.travel(later.publish_at + timedelta(seconds=1)):
        shown, numbers = read_pages(client)
    assert shown[0] == ("Statement", "Later") and len(shown) == len(statements) + 1
    assert numbers[0] == "Page 1 of 4"


def test_deep_pages_cost_the_queries_of_the_first(client, statements):
    costs = {
        number: cold_and_warm_queries(client, f"/statements/?page={number}") for number in (1, 3)
    }
    for _ in range(6):
        StatementFactory()
    more = {
        number: cold_and_warm_queries(client, f"/statements/?page={number}") for number in (1, 3, 6)
    }
    assert more == {**costs, 6: costs[3]}
    (cold, warm), deep = costs[1], costs[3]
    assert deep == [cold, warm] and warm < cold
