"""Background task results in the admin, as administrators look for trouble.

django_tasks_db registers its own read-only admin for task results; here it gains a
filter by task and columns for what went wrong and when a waiting task will run, so that
a mail that failed for good (status "Failed") is found in two clicks. Only superusers
see it: no role group is given the permission.
"""

from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult


class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (
        "task_name",
        "status",
        "enqueued_at",
        "display_run_after",
        "finished_at",
        "arguments",
        "exception_class_path",
    )
    list_filter = ("status", "task_path", "queue_name")
    search_fields = ("id", "task_path", "exception_class_path")

    @admin.display(description="arguments")
    def arguments(self, obj):
        args = obj.args_kwargs.get("args", [])
        kwargs = obj.args_kwargs.get("kwargs", {})
        shown = [repr(value) for value in args]
        shown += [f"{name}={value!r}" for name, value in kwargs.items()]
        return ", ".join(shown)[:120]


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
