"""No tables of its own: a proxy of the task results, so that the admin dashboard (which
asks every model for `dashboard_notices`) can tell administrators about failed tasks."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from publishing.dashboard import DashboardNotice

# Failed tasks older than this are left out of the dashboard's count (they stay listed).
RECENT = timedelta(days=7)


class BackgroundTask(DBTaskResult):
    class Meta:
        proxy = True
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")

    @classmethod
    def dashboard_notices(cls, user):
        """For those who may see task results (superusers): tasks that failed lately."""
        if not user.has_perm("django_tasks_database.view_dbtaskresult"):
            return []
        since = timezone.now() - RECENT
        failed = DBTaskResult.objects.failed().filter(finished_at__gte=since).count()
        url = reverse("admin:django_tasks_database_dbtaskresult_changelist")
        return [
            DashboardNotice(
                title=_("Failed background tasks"),
                count=failed,
                url=f"{url}?status__exact=FAILED",
                summary=ngettext(
                    "%(count)d task failed in the last 7 days (e.g. a mail not sent)",
                    "%(count)d tasks failed in the last 7 days (e.g. mail not sent)",
                    failed,
                )
                % {"count": failed},
                empty=_("None failed in the last 7 days."),
            )
        ]
