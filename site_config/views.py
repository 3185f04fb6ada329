"""Site-wide views: robots.txt, error pages, and the base view that every
publishable detail page uses (published-only queryset, staff preview, old-slug redirects)."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import DetailView

from .models import SlugRedirect

class PublishableDetailView(DetailView):
    """Detail page of a publishable item.

    Readers get `published()` only. Staff who may change the item also see drafts and
    scheduled items, marked as a preview and never cached. A slug that an item had before
    answers with a 301 to its current address.
    """

    def base_queryset(self):
        return self.model._default_manager.all()

    def can_preview(self):
        user = self.request.user
        opts = self.model._meta
        return user.is_active and user.is_staff and user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )

    def get_queryset(self):
        queryset = self.base_queryset()
        return queryset if self.can_preview() else queryset.published()

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            target = self.redirect_target()
            if target is None:
                raise
            return HttpResponsePermanentRedirect(target.get_absolute_url())
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
        context["is_preview"] = not self.object.is_published
        return context


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page, rendered without the database or any context processor."""
    template = loader.get_template("500.html")
    return HttpResponse(template.render(), status=500)
