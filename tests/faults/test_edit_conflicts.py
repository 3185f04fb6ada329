"""Two editors saving the same article at the same instant through the live server: one is
told it was saved, the other is told of the conflict and keeps what they typed.

The in-process version (tests/publishing/test_conflict_race.py) races two threads of one
process; here two gunicorn workers race over real connections, each with its own database
connection, as in production.
"""

import threading
import time

import pytest

from articles.models import Article
from tests.factories import ArticleFactory
from tests.publishing.test_conflict_race import CONFLICT
from tests.publishing.test_workflow import change_url, form_data

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

TRIALS = 20
SAVED = "was changed successfully"


def at_once(*posts):
    """Send each (session, path, data) POST from its own thread, released together."""
    barrier = threading.Barrier(len(posts))
    answers = [None] * len(posts)
    errors = []

    def run(index, session, path, data):
        try:
            barrier.wait(timeout=10)
            answers[index] = session.post(path, data, timeout=30)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=(index, *post)) for index, post in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=40)
    assert not errors, errors
    return answers


def test_of_two_simultaneous_saves_through_the_live_server_one_is_kept_one_told(site):
    editors = [site.editor("ann"), site.editor("bob")]
    detected, gaps = 0, []
    started = time.monotonic()
    for trial in range(TRIALS):
        article = ArticleFactory(title=f"Trial {trial}")
        loaded = form_data(article)
        titles = [f"Title by Ann {trial}", f"Title by Bob {trial}"]
        answers = at_once(
            *(
                (editor, change_url(article), {**loaded, "title": title})
                for editor, title in zip(editors, titles, strict=True)
            )
        )
        gaps.append(abs(answers[0].started - answers[1].started))
        codes = sorted(answer.status for answer in answers)
        assert codes == [200, 302], f"trial {trial}: {codes} (both saved: one change lost)"
        winner = 0 if answers[0].status == 302 else 1
        loser = 1 - winner
        told = answers[loser].text
        assert CONFLICT in told, f"trial {trial}: the second editor was not told"
        assert f'value="{titles[loser]}"' in told, f"trial {trial}: what they typed is lost"
        assert Article.objects.get(pk=article.pk).title == titles[winner]
        assert SAVED in editors[winner].get(answers[winner].location).text
        detected += 1
    print(
        f"\nsimultaneous saves through gunicorn: {detected} of {TRIALS} conflicts detected "
        f"(posts sent at most {max(gaps) * 1000:.1f} ms apart; {time.monotonic() - started:.1f} s)"
    )
