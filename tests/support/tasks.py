"""Running queued background tasks in tests, with the real database backend.

`run_queued_tasks()` claims and runs each due task with the worker of `manage.py
db_worker`, one after the other. The command's own loop closes "old" database connections
between tasks, which would end the transaction a test runs in; tests that run outside a
transaction (`transaction=True`) can call `run_worker()`, the command itself.
"""

from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def queued(task_path="statements.tasks.send_confirmation_mail"):
    """Tasks waiting to run (due now or deferred), oldest first."""
    waiting = DBTaskResult.objects.filter(status="READY", task_path=task_path)
    return list(waiting.order_by("enqueued_at"))


def run_queued_tasks(allow_failures=False):
    """Run every task that is due now; returns their return values in order.

    A task that fails fails the test, unless `allow_failures`: then it counts as
    "failed" among the results."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    results = []
    while (task_result := DBTaskResult.objects.ready().first()) is not None:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        task_result.refresh_from_db()
        if allow_failures and task_result.status == "FAILED":
            results.append("failed")
            continue
        assert task_result.status == "SUCCESSFUL", task_result.traceback
        results.append(task_result.return_value)
    return results


def run_worker():
    """`manage.py db_worker --batch`: the production worker, until the queue is empty."""
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
    )
