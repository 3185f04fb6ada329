"""The editors' dashboard on the admin home page: lists of every publishable type the user
may see, notices that content models offer (`dashboard_notices(user)`, a classmethod
returning `DashboardNotice`s), found through the app registry, and the newest entries of
the audit log (the site's one activity list)."""

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import AuditEntry, Publishable
from .roles import is_editor

PER_LIST = 8


@dataclass
class DashboardNotice:
    """A figure on the dashboard, e.g. endorsements awaiting moderation."""

    title: str
    count: int
    url: str
    summary: str  # what the count means, e.g. "3 endorsements to approve or reject"
    empty: str  # what to say when the count is 0


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def admin_url(obj):
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def collect(user, narrow):
    """Items of every publishable type the user may see, newest first."""
    rows = []
    for model in publishable_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        queryset = narrow(model._default_manager.select_related("created_by"))
        if not is_editor(user):
            queryset = queryset.filter(created_by=user)
        for obj in queryset[:PER_LIST]:
            rows.append({"object": obj, "type": opts.verbose_name, "url": admin_url(obj)})
    return rows


def newest(rows, field):
    return sorted(rows, key=lambda row: getattr(row["object"], field), reverse=True)[:PER_LIST]


def my_drafts(user):
    return newest(
        collect(user, lambda qs: qs.drafts().filter(created_by=user).order_by("-updated_at")),
        "updated_at",
    )


def in_review(user):
    submitted = Publishable.Review.SUBMITTED
    return newest(
        collect(user, lambda qs: qs.filter(review_state=submitted).order_by("-updated_at")),
        "updated_at",
    )


def sent_back(user):
    returned = Publishable.Review.SENT_BACK
    return newest(
        collect(
            user,
            lambda qs: qs.filter(review_state=returned, created_by=user).order_by("-updated_at"),
        ),
        "updated_at",
    )


def scheduled(user):
    rows = collect(user, lambda qs: qs.scheduled().order_by("publish_at"))
    return sorted(rows, key=lambda row: row["object"].publish_at)[:PER_LIST]


def recently_published(user):
    return newest(collect(user, lambda qs: qs.published().order_by("-publish_at")), "publish_at")


def notices(user):
    found = []
    for model in apps.get_models():
        offer = getattr(model, "dashboard_notices", None)
        if offer is not None:
            found += offer(user)
    return found


def activity(user):
    """The newest audit entries, for those who may read the log (else None), each with
    the address of its item in the admin while the item still exists. One query for the
    entries and one per type of item they name."""
    if not user.has_perm("publishing.view_auditentry"):
        return None
    entries = list(AuditEntry.objects.select_related("content_type")[:PER_LIST])
    wanted = {}
    for entry in entries:
        if entry.content_type is not None and entry.object_id is not None:
            wanted.setdefault(entry.content_type, set()).add(entry.object_id)
    existing = {}
    for content_type, ids in wanted.items():
        model = content_type.model_class()
        if model is not None:
            found = model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
            existing[content_type.pk] = set(found)
    rows = []
    for entry in entries:
        url = ""
        if entry.object_id in existing.get(entry.content_type_id, ()):
            opts = entry.content_type.model_class()._meta
            try:
                url = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.object_id]
                )
            except NoReverseMatch:
                url = ""
        rows.append({"entry": entry, "url": url})
    return rows


def dashboard(user):
    return {
        "activity": activity(user),
        "notices": notices(user),
        "my_drafts": my_drafts(user),
        "in_review": in_review(user),
        "sent_back": sent_back(user),
        "scheduled": scheduled(user),
        "recent": recently_published(user),
        "now": timezone.now(),
    }
