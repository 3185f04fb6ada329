"""The base view of every publishable detail page (published-only queryset, staff preview,
old-slug redirects), and the page behind a shared preview link."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET
from django.views.generic import DetailView

from . import language_sites
from .language_sites import item_url
from .models import PreviewLink, SlugRedirect
from .prepared import Prepared
from .roles import is_editor

_READER_QUERIES = {}  # view class -> the prepared query of its published item by slug
_PREFETCHES = {}  # view class -> whether its reader's query prefetches anything


def with_translation_flag(queryset):
    """`queryset` with `has_translations` on each row, read in the same query: the page of
    an item without translations then needs no query for its language links."""
    model = queryset.model
    return queryset.annotate(
        has_translations=Exists(model._default_manager.filter(translation_of=OuterRef("pk")))
    )


class PublishableDetailView(DetailView):
    """Detail page of a publishable item.

    Readers get `published()` only. Staff also see the drafts and scheduled items they may
    see in the admin (editors all of them, authors the ones they created), marked as a
    preview and never cached; anyone else's answer 404, as they do for readers, so that no
    address (the admin's "view on site" shortcut included) shows an author another person's
    draft. A slug that an item had before answers with a 301 to its current address. A
    model names its detail view in `preview_view`, so that a shared preview link renders
    the item with its own page.
    """

    preview_object = None

    def base_queryset(self):
        return self.model._default_manager.all()

    def read_with_item(self):
        """Annotations a reader's query reads with the item: related rows the page shows
        (`JSONRows`, such as its tags), which then cost no query of their own."""
        return {}

    def can_preview(self):
        if settings.SESSION_COOKIE_NAME not in self.request.COOKIES:
            # No session, no staff: and not touching the session keeps the page cacheable.
            return False
        user = self.request.user
        opts = self.model._meta
        return (
            user.is_active
            and user.is_staff
            and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def get_queryset(self):
        queryset = with_translation_flag(self.base_queryset())
        if self.preview_object is not None:
            return queryset.filter(pk=self.preview_object.pk)
        if not self.can_preview():
            return queryset.published()
        if is_editor(self.request.user):
            return queryset
        # Authors: what the admin lists for them (their own work), plus what readers see.
        return queryset.published() | queryset.filter(created_by=self.request.user)

    def get_object(self, queryset=None):
        if queryset is not None or self.preview_object is not None or self.can_preview():
            return super().get_object(queryset)
        # A reader's request, the common one: a query compiled once per view.
        view = type(self)
        if view not in _READER_QUERIES:
            _READER_QUERIES[view] = Prepared(
                lambda now, slug: (
                    with_translation_flag(view().base_queryset())
                    .prefetch_related(None)
                    .published(now)
                    .filter(slug=slug)
                    .annotate(**view().read_with_item())[:1]
                )
            )
        found = list(_READER_QUERIES[view](now=timezone.now(), slug=self.kwargs.get("slug", "")))
        if not found:
            raise Http404(f"No {self.model._meta.verbose_name} found matching the query")
        # Related rows are read as the view asks for them now (they may depend on the time);
        # a view that prefetches nothing is not asked again on each request.
        if _PREFETCHES.get(view, True):
            lookups = self.base_queryset()._prefetch_related_lookups
            _PREFETCHES[view] = bool(lookups)
            prefetch_related_objects(found, *lookups)
        return found[0]

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            target = self.redirect_target()
            if target is None:
                raise
            return HttpResponsePermanentRedirect(item_url(target))
        if self.preview_object is None and not language_sites.answers_here(self.object):
            # Under another language's prefix: the item's address is under its own.
            return HttpResponsePermanentRedirect(item_url(self.object))
        if not self.object.is_published:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response

    def redirect_target(self):
        content_type = ContentType.objects.get_for_model(self.model)
        redirect = SlugRedirect.objects.filter(
            content_type=content_type, old_slug=self.kwargs.get("slug", "")
        ).first()
        if redirect is None:
            return None
        return self.get_queryset().filter(pk=redirect.object_id).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = self.preview_object is not None or not self.object.is_published
        return context


@require_GET
def preview(request, token):
    """A shared preview: the item's own page, read-only, for whoever holds the link."""
    link = get_object_or_404(PreviewLink.objects.select_related("content_type"), token=token)
    target = link.target if link.is_valid else None
    view_path = getattr(target, "preview_view", "")
    if target is None or not view_path:
        response = render(request, "publishing/preview_expired.jinja", status=410)
    else:
        view = import_string(view_path).as_view(preview_object=target)
        response = view(request, slug=target.slug)
        response.render()
    # Never stored by a shared cache, never indexed, whatever the item's state.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def admin_shortcut(request, content_type_id, object_id):
    """The admin's "view on site" redirect, only for what the user may see in the admin.

    Django's own shortcut redirects any staff member to any object's address, which tells
    an author where another person's draft lives (its slug comes from its title). Items of
    a model with an admin answer 404 unless that admin lists them for this user; other
    models (inline rows such as an event's speakers) lead to pages that check for
    themselves.
    """
    from django.contrib import admin
    from django.contrib.admin.exceptions import NotRegistered
    from django.contrib.contenttypes.views import shortcut

    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type is not None else None
    if model is None:
        raise Http404("No such content type")
    try:
        model_admin = admin.site.get_model_admin(model)
    except NotRegistered:
        return shortcut(request, content_type_id, object_id)
    obj = model_admin.get_queryset(request).filter(pk=object_id).first()
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404("No such item")
    return shortcut(request, content_type_id, object_id)
