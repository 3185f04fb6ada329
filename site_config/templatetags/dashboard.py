"""The editors' dashboard on the admin home page."""

from django import template
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from site_config.models import Publishable
from site_config.roles import is_editor

register = template.Library()

PER_LIST = 8


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def admin_url(obj):
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def collect(user, build):
    """Items of every publishable type the user may see, newest first."""
    rows = []
    for model in publishable_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        queryset = build(model._default_manager.select_related("created_by"))
        if not is_editor(user):
            queryset = queryset.filter(created_by=user)
        for obj in queryset[:PER_LIST]:
            rows.append({"object": obj, "type": opts.verbose_name, "url": admin_url(obj)})
    return rows


def by_update(rows):
    return sorted(rows, key=lambda row: row["object"].updated_at, reverse=True)[:PER_LIST]


@register.simple_tag(takes_context=True)
def editorial_dashboard(context):
    user = context["request"].user
    now = timezone.now()
    dashboard = {
        "my_drafts": by_update(
            collect(user, lambda qs: qs.drafts().filter(created_by=user).order_by("-updated_at"))
        ),
        "in_review": by_update(
            collect(
                user,
                lambda qs: qs.filter(review_state=Publishable.Review.SUBMITTED).order_by(
                    "-updated_at"
                ),
            )
        ),
        "sent_back": by_update(
            collect(
                user,
                lambda qs: qs.filter(
                    review_state=Publishable.Review.SENT_BACK, created_by=user
                ).order_by("-updated_at"),
            )
        ),
        "scheduled": sorted(
            collect(user, lambda qs: qs.scheduled().order_by("publish_at")),
            key=lambda row: row["object"].publish_at,
        )[:PER_LIST],
        "recent": sorted(
            collect(user, lambda qs: qs.published().order_by("-publish_at")),
            key=lambda row: row["object"].publish_at,
            reverse=True,
        )[:PER_LIST],
        "now": now,
    }
    if user.has_perm("articles.change_endorsement"):
        endorsement = apps.get_model("articles", "Endorsement")
        waiting = endorsement.objects.filter(status="confirmed", statement__moderated=True)
        dashboard["moderation_count"] = waiting.count()
        dashboard["moderation_url"] = (
            reverse("admin:articles_endorsement_changelist")
            + "?status__exact=confirmed&statement__moderated__exact=1"
        )
    return dashboard
