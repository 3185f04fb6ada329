"""Readers never get a page older than a change that has been saved, even while Redis fails.

Eight reader threads request an article's page and the home page over their own
connections while an editor changes the article through the live admin. A reader's
request that started after a save (or an unpublish) had returned must show that change:
any older state is stale. Requests that overlap a save may show either side of it.
"""

import time
from dataclasses import dataclass

import pytest

from articles.models import Article
from tests.factories import ArticleFactory
from tests.publishing.test_workflow import change_url, form_data
from tests.support.live import Readers, wait_for_cache_hit

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

READERS = 8
# Distinct words, none inside another, so that a page shows exactly the titles it names.
TITLES = [
    "Amber harbour report",
    "Birch harbour report",
    "Cedar harbour report",
    "Delta harbour report",
    "Ember harbour report",
    "Fjord harbour report",
]
# How long the cache's copy of the content version lives (pagecache.versions).
VERSION_SECONDS = 3


@dataclass(frozen=True)
class State:
    """What readers may see of the article: its title, or nothing when unpublished."""

    title: str | None

    def expected(self, path, home):
        if path == home:
            return (200, frozenset([self.title] if self.title else []))
        return (200, frozenset([self.title])) if self.title else (404, frozenset())


@dataclass
class Change:
    started: float
    returned: float
    state: State


def titles_seen(path, answer):
    return (answer.status, frozenset(title for title in TITLES if title in answer.text))


def stale_readings(readings, changes, home):
    """Readings showing a state older than the last change that had returned when their
    request started; a change still in flight (or one that began before the answer) may
    show either way."""
    stale = []
    for reading in readings:
        if reading.status is None:
            continue
        current = max(i for i, change in enumerate(changes) if change.returned <= reading.started)
        newest = max(i for i, change in enumerate(changes) if change.started <= reading.finished)
        allowed = {
            changes[i].state.expected(reading.path, home) for i in range(current, newest + 1)
        }
        if reading.seen not in allowed:
            stale.append((reading, changes[current].state))
    return stale


def save(editor, article, **changes):
    """Post the article's change form as an editor would; the answer."""
    article.refresh_from_db()
    return editor.post(change_url(article), form_data(article, **changes))


def test_readers_racing_saves_never_get_a_page_older_than_a_returned_save(site):
    article = ArticleFactory(title=TITLES[0])
    editor = site.editor("racing-editor")
    site.flush_cache()
    page, home = article.get_absolute_url(), "/"
    for path in (page, home):
        wait_for_cache_hit(site.url, path)

    changes = [Change(float("-inf"), float("-inf"), State(TITLES[0]))]
    plan = [({"title": title}, State(title)) for title in TITLES[1:]]
    plan += [({"status": "draft"}, State(None)), ({"status": "published"}, State(TITLES[-1]))]
    with Readers(site.url, [page, home], threads=READERS, observe=titles_seen) as readers:
        time.sleep(0.5)
        for fields, state in plan:
            started = time.monotonic()
            answer = save(editor, article, **fields)
            changes.append(Change(started, answer.finished, state))
            assert answer.status == 302, f"save of {fields} answered {answer.status}"
            time.sleep(0.6)

    readings = readers.readings
    failed = [reading for reading in readings if reading.status is None]
    after_a_save = [reading for reading in readings if reading.started >= changes[1].returned]
    stale = stale_readings(readings, changes, home)
    hits = sum(reading.cache == "hit" for reading in readings)
    print(
        f"\nreaders racing saves: {len(readings)} responses ({hits} from the page cache), "
        f"{len(after_a_save)} started after a save returned, {len(stale)} stale, "
        f"{len(failed)} without an answer; saves took "
        + ", ".join(f"{change.returned - change.started:.2f}" for change in changes[1:])
        + " s"
    )
    assert not failed, failed[:5]
    assert not stale, [
        (reading.path, reading.seen, f"expected {state}", reading.cache) for reading, state in stale
    ][:10]
    assert Article.objects.get(pk=article.pk).title == TITLES[-1]


@pytest.mark.parametrize("fault", ["cut", "stall"])
def test_a_change_saved_while_redis_fails_reaches_readers_within_seconds(site, fault):
    old, new = TITLES[0], TITLES[1]
    article = ArticleFactory(title=old)
    editor = site.editor(f"editor-{fault}")
    site.flush_cache()
    page = article.get_absolute_url()
    wait_for_cache_hit(site.url, page)

    # Fewer readers than above: the save queues behind them for one of the two workers,
    # and its time should show the fault, not the queue.
    with Readers(site.url, [page], threads=READERS // 2, observe=titles_seen) as readers:
        time.sleep(0.3)
        site.redis.set_mode(fault)
        answer = save(editor, article, title=new)
        time.sleep(0.5)
        restored = time.monotonic()
        site.redis.pass_()
        time.sleep(VERSION_SECONDS + 1.5)

    assert answer.status == 302, f"save with Redis {fault} answered {answer.status}"
    assert Article.objects.get(pk=article.pk).title == new
    readings = readers.readings
    failed = [reading for reading in readings if reading.status != 200]
    shows_old = [reading for reading in readings if reading.seen == (200, frozenset([old]))]
    during = [r for r in readings if answer.finished <= r.started < restored]
    after = [r for r in readings if r.started >= restored]
    old_after = [r.started - restored for r in shows_old if r.started >= restored]
    # Redis ran commands held in the stall when it resumed: a version read before the save
    # may have been written then, and lives VERSION_SECONDS from that moment.
    bound = VERSION_SECONDS + (0.25 if fault == "stall" else 0)
    late = [r for r in after if r.started - restored >= bound and r.seen != (200, frozenset([new]))]
    print(
        f"\nRedis {fault} during a save: save took {answer.seconds:.2f} s; "
        f"{len(readings)} responses, {len(during)} between save and restore "
        f"({sum(r.seen != (200, frozenset([new])) for r in during)} not new), "
        f"{len(after)} after the restore; old title last seen "
        + (f"{max(old_after):.2f} s after the restore" if old_after else "never after the restore")
        + f"; {len(late)} old after {bound} s"
    )
    assert not failed, [(r.path, r.status, r.error) for r in failed][:5]
    assert answer.seconds < 5, f"the save took {answer.seconds:.1f} s with Redis {fault}"
    assert all(r.seen == (200, frozenset([new])) for r in during), "stale while Redis was down"
    assert not late, [(round(r.started - restored, 2), r.seen, r.cache) for r in late][:10]
    assert any(r.seen == (200, frozenset([new])) for r in after)
