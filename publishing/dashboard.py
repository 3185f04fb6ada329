"""The editors' dashboard on the admin home page: lists of every publishable type the user
may see, notices that content models offer (`dashboard_notices(user)`, a classmethod
returning `DashboardNotice`s), found through the app registry, and the newest entries of
the audit log (the site's one activity list)."""

from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.db.models import F, Value
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def admin_url(opts, pk):
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
    except NoReverseMatch:
        return ""


def my_drafts(queryset, user):
    return queryset.drafts().filter(created_by=user)


def in_review(queryset, user):
    return queryset.filter(review_state=Publishable.Review.SUBMITTED)


def sent_back(queryset, user):
    return queryset.filter(review_state=Publishable.Review.SENT_BACK, created_by=user)


def scheduled(queryset, user):
    return queryset.scheduled()


def recently_published(queryset, user):
    return queryset.published()


# Each list: its name, the items of one type it holds, and their order (a date field).
LISTS = [
    ("my_drafts", my_drafts, "-updated_at"),
    ("in_review", in_review, "-updated_at"),
    ("sent_back", sent_back, "-updated_at"),
    ("scheduled", scheduled, "publish_at"),
    ("recent", recently_published, "-publish_at"),
]
FIELDS = ["pk", "title", "publish_at", "updated_at"]
AUTHOR_FIELDS = ["created_by__first_name", "created_by__last_name", "created_by__username"]


def author_name(first_name, last_name, username):
    """As the admin names a staff account: the full name, else the username."""
    if username is None:
        return ""
    return f"{first_name} {last_name}".strip() or username


def lists(user):
    """Every list of items, for each type the user may see (authors: only their own).

    One query: for each list and type, the list's first items in its order (a subquery
    that its index answers), all combined with UNION ALL; each list is then merged
    across types here."""
    models = [
        model
        for model in publishable_models()
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]
    parts = []
    for list_number, (_name, narrow, order) in enumerate(LISTS):
        for type_number, model in enumerate(models):
            items = narrow(model._default_manager.all(), user)
            if not is_editor(user):
                items = items.filter(created_by=user)
            first = items.order_by(order, "-pk").values("pk")[:PER_LIST]
            rows = model._default_manager.filter(pk__in=first).order_by()
            rows = rows.annotate(dashboard_list=Value(list_number), item_type=Value(type_number))
            parts.append(rows.values_list("dashboard_list", "item_type", *FIELDS, *AUTHOR_FIELDS))
    found = {name: [] for name, _narrow, _order in LISTS}
    rows = parts[0].union(*parts[1:], all=True) if parts else []
    for list_number, type_number, pk, title, publish_at, updated_at, *author in rows:
        opts = models[type_number]._meta
        found[LISTS[list_number][0]].append(
            {
                "title": title,
                "type": opts.verbose_name,
                "url": admin_url(opts, pk),
                "publish_at": publish_at,
                "updated_at": updated_at,
                "by": author_name(*author),
            }
        )
    for name, _narrow, order in LISTS:
        field = order.lstrip("-")
        found[name].sort(key=lambda row: row[field], reverse=order.startswith("-"))
        del found[name][PER_LIST:]
    return found


def notices(user):
    found = []
    for model in apps.get_models():
        offer = getattr(model, "dashboard_notices", None)
        if offer is not None:
            found += offer(user)
    return found + translation_notices(user)


def translation_notices(user):
    """For each type with translations whose original changed after they caught up (an
    author's own only): how many, linking to its list filtered to them. One query."""
    models = [
        model
        for model in publishable_models()
        if user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    ]
    parts = []
    for type_number, model in enumerate(models):
        behind = model._default_manager.filter(
            translation_of__isnull=False, source_updated_at__lt=F("translation_of__updated_at")
        )
        if not is_editor(user):
            behind = behind.filter(created_by=user)
        behind = behind.order_by().annotate(item_type=Value(type_number))
        parts.append(behind.values_list("item_type", flat=True))
    counts = Counter(parts[0].union(*parts[1:], all=True)) if parts else Counter()
    found = []
    for type_number, count in sorted(counts.items()):
        opts = models[type_number]._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except NoReverseMatch:
            continue
        found.append(
            DashboardNotice(
                title=_("Translations to check: %(type)s") % {"type": opts.verbose_name_plural},
                count=count,
                # The list's own "needs re-translation" filter (publishing.translation_admin).
                url=f"{url}?retranslate=yes",
                summary=capfirst(
                    ngettext(
                        "%(count)d translation is older than its original",
                        "%(count)d translations are older than their originals",
                        count,
                    )
                    % {"count": count}
                ),
                empty="",
            )
        )
    return found


def activity(user):
    """The newest audit entries, for those who may read the log (else None), each with
    the address of its item in the admin while the item still exists. Two queries: the
    entries, then which of their items exist, for every type at once."""
    if not user.has_perm("publishing.view_auditentry"):
        return None
    entries = list(AuditEntry.objects.select_related("content_type")[:PER_LIST])
    wanted = {}
    for entry in entries:
        if entry.content_type is not None and entry.object_id is not None:
            wanted.setdefault(entry.content_type, set()).add(entry.object_id)
    checks = [
        content_type.model_class()
        ._default_manager.filter(pk__in=ids)
        .order_by()
        .annotate(type_id=Value(content_type.pk))
        .values_list("type_id", "pk")
        for content_type, ids in wanted.items()
        if content_type.model_class() is not None
    ]
    existing = set(checks[0].union(*checks[1:], all=True)) if checks else set()
    rows = []
    for entry in entries:
        url = ""
        if (entry.content_type_id, entry.object_id) in existing:
            url = admin_url(entry.content_type.model_class()._meta, entry.object_id)
        rows.append({"entry": entry, "url": url})
    return rows


def dashboard(user):
    return {
        "activity": activity(user),
        "notices": notices(user),
        **lists(user),
        "now": timezone.now(),
    }
