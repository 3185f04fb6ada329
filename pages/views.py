"""The page view: every address no other route answers is looked up among the pages."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property

from publishing.models import SlugRedirect
from publishing.views import PublishableDetailView

from .models import MAX_PATH_LENGTH, Page


class PageDetailView(PublishableDetailView):
    """A page by its whole address (`about/team/`).

    Readers get only public pages: published, under parents that are all published too.
    Staff preview the rest as for other content types; an old address answers with a 301
    to the page's current one. The route also takes addresses without their final slash,
    so that it can answer for them as Django's slash-adding redirect would: a 301 where
    the address with a slash leads somewhere, else a 404 (a made-up address is never
    redirected, and nothing is stored in the page cache for it).
    """

    model = Page
    template_name = "pages/page_detail.jinja"
    context_object_name = "page"

    @property
    def page_path(self):
        return self.kwargs.get("path", "").strip("/")

    def get(self, request, *args, **kwargs):
        if self.preview_object is None and not self.kwargs.get("path", "").endswith("/"):
            return self.add_slash(request)
        if len(self.page_path) > MAX_PATH_LENGTH:
            raise Http404("No such page")
        response = super().get(request, *args, **kwargs)
        shown = getattr(self, "object", None)  # none when answered with a redirect
        if shown is not None and shown.is_published and not self.object_is_public:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response

    def add_slash(self, request):
        with_slash = request.path_info + "/"
        try:
            match = resolve(with_slash, getattr(request, "urlconf", None))
        except Resolver404:
            raise Http404("No such page") from None
        if match.namespace != "pages" or self.leads_somewhere(self.page_path):
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
        raise Http404("No such page")

    def leads_somewhere(self, path):
        if len(path) > MAX_PATH_LENGTH:
            return False
        return self.get_queryset().filter(path=path).exists() or self.redirect_target() is not None

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        if self.preview_object is None:
            queryset = queryset.filter(path=self.page_path)
        page = queryset.first()
        if page is None:
            raise Http404("No such page")
        return page

    @cached_property
    def object_is_public(self):
        """Whether readers can see the page shown: its parents may hide a published page."""
        if self.preview_object is None and not self.can_preview():
            return True  # readers are only ever shown public pages
        return Page.objects.published().filter(pk=self.object.pk).exists()

    def redirect_target(self):
        path = self.page_path
        if not path or len(path) > MAX_PATH_LENGTH:
            return None
        redirect = SlugRedirect.objects.filter(
            content_type=ContentType.objects.get_for_model(Page), old_slug=path
        ).first()
        if redirect is None:
            return None
        return self.get_queryset().filter(pk=redirect.object_id).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = self.object_is_public
        context["hidden_by_parent"] = self.object.is_published and not public
        context["is_preview"] = context["is_preview"] or not public
        return context
