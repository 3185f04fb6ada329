from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the site: health probes, request ids in the logs, background task results
    for administrators. No tables of its own (a proxy of the task results)."""

    name = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django_tasks.signals import task_finished, task_started

        from . import middleware

        request_started.connect(middleware.request_started, dispatch_uid="operations-id")
        request_finished.connect(middleware.request_finished, dispatch_uid="operations-id")
        # A background task's log lines carry its id in the same place ("task:<id>"), to
        # be found in the admin's list of task results.
        task_started.connect(middleware.task_started, dispatch_uid="operations-id")
        task_finished.connect(middleware.request_finished, dispatch_uid="operations-id")
