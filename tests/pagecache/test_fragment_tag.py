"""`{% fragment %}`: kept in the cache when fragments are on; with them off, the body is
rendered as if the tag were not there, and the values it is keyed by are never worked out."""

import pytest
from django.template import engines

from publishing.models import SiteSettings
from tests.factories import ArticleFactory
from tests.support.queries import page_queries

pytestmark = pytest.mark.django_db

SOURCE = '{% fragment "test-part", key() %}<p>{{ body() }}</p>{% endfragment %}'


class Counter:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def render_twice():
    env = engines["jinja2"].env
    template = env.from_string(SOURCE)  # compiled for the setting in force now
    key, body = Counter("k"), Counter("Solidarity")
    shown = [template.render(key=key, body=body) for _ in range(2)]
    return shown, key.calls, body.calls


def test_with_fragments_on_the_body_renders_once_per_key(settings):
    settings.PLACARD_FRAGMENT_CACHE = True
    shown, key_calls, body_calls = render_twice()
    assert shown == ["<p>Solidarity</p>"] * 2
    assert (key_calls, body_calls) == (2, 1)


def test_with_fragments_off_the_body_renders_each_time_and_no_key_is_worked_out(settings):
    settings.PLACARD_FRAGMENT_CACHE = False
    shown, key_calls, body_calls = render_twice()
    assert shown == ["<p>Solidarity</p>"] * 2
    assert (key_calls, body_calls) == (0, 2)


def test_turning_fragments_on_or_off_applies_to_templates_already_compiled(client, settings):
    settings.PLACARD_PAGE_CACHE = False
    SiteSettings.objects.get_or_create(pk=1)
    ArticleFactory(title="Fragments both ways")
    url = "/articles/"
    settings.PLACARD_FRAGMENT_CACHE = False
    page_queries(client, url)
    uncached = page_queries(client, url)
    settings.PLACARD_FRAGMENT_CACHE = True
    page_queries(client, url)
    assert page_queries(client, url) < uncached
    settings.PLACARD_FRAGMENT_CACHE = False
    assert page_queries(client, url) == uncached
