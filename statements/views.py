"""Public pages of statements: the list, the statement page with its endorsement form,
signing, confirming by email, and the list of signatories."""

from django.conf import settings
from django.db.models import Case, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from publishing import structured_data
from publishing.language_sites import language_shape
from publishing.links import absolute
from publishing.models import SiteSettings
from publishing.pagination import CachedCountMixin
from publishing.prepared import Prepared
from publishing.views import PublishableDetailView

from . import endorsements
from .forms import BlankEndorsementForm, EndorsementForm
from .markup import issuer_name, signature_breakdown
from .models import Endorsement, Statement

PAGE_SIZE = 20

SIGNATORY_PREVIEW = 20
SIGNATORIES_PER_PAGE = 100


def signatories(statement):
    """Public endorsements: organisations first, then individuals (if shown by name). For a
    translation, its original's (see `Statement.follow_original`)."""
    return public_signatories(statement.endorsed_id, statement.show_individual_names)


def public_signatories(statement_id, show_individual_names):
    queryset = Endorsement.objects.public().filter(statement_id=statement_id)
    if not show_individual_names:
        queryset = queryset.filter(kind=Endorsement.Kind.ORGANISATION)
    organisations_first = Case(
        When(kind=Endorsement.Kind.ORGANISATION, then=Value(0)), default=Value(1)
    )
    # Rows, not model instances: a page lists up to a hundred, and an instance with
    # deferred fields costs several times a row (see `markup.signatory_item`).
    return queryset.order_by(organisations_first, "name", "pk").values_list(
        *SIGNATORY_COLUMNS, named=True
    )


SIGNATORY_COLUMNS = ("kind", "name", "organisation", "role", "country", "comment", "status")


# What the statement page reads on every view, each compiled once (`publishing.prepared`).
COUNTS = Prepared(
    lambda pk: (
        Endorsement.objects.filter(statement_id=pk)
        .public()
        .values("statement_id")
        .annotate(**Endorsement.objects.count_expressions())
        .order_by()
    )
)
FIRST_SIGNATORIES = Prepared(
    lambda show_individuals, pk: public_signatories(pk, show_individuals)[:SIGNATORY_PREVIEW]
)


def endorsement_context(statement):
    """The counts and goal of `statement`'s campaign: a translation (given its original's
    settings by `Statement.follow_original`) shows its original's."""
    # Read first, so that a signature committed while this renders keeps the page out of
    # the cache (see `pagecache.versions.scope_version`).
    statement.signatures_version  # noqa: B018 - read for its side effect
    counts = next(iter(COUNTS(pk=statement.endorsed_id)), {"organisations": 0, "individuals": 0})
    # The initial signatories are a field of the statement: counting them costs no query.
    initial = len(statement.initial_signatory_list())
    total = counts["organisations"] + counts["individuals"] + initial
    return {
        "counts": counts,
        "total_signatures": total,
        "signature_breakdown": signature_breakdown(
            initial, counts["organisations"], counts["individuals"]
        ),
        "goal_percent": min(100, round(100 * total / statement.goal)) if statement.goal else None,
    }


def listed(languages, now):
    """The statements of the list, newest first, under the site language `languages[0]`."""
    return Statement.objects.published(now).in_language(languages[0])


def statement_page(start, stop, languages, now):
    """The statements of a page of the list: the page's keys are read from the index of
    published statements in the list's order (see migration 0011), then only the page's
    rows, where slicing the list would read and sort every row before them."""
    keys = listed(languages, now).values("pk")[start:stop]
    return Statement.objects.filter(pk__in=keys).for_cards()


# `languages`: the page's site language and the site's list (see `language_shape`).
STATEMENT_PAGE = Prepared(statement_page)
# The keys of up to `stop` statements of the list, in no order: what its count counts.
STATEMENT_KEYS = Prepared(
    lambda stop, languages, now: (
        listed(languages, now).order_by().values_list("pk", flat=True)[:stop]
    )
)


class StatementListView(CachedCountMixin, ListView):
    """The published statements, newest first. The count and the pages are read by
    prepared queries (see `publishing.prepared`): the list's queryset is only built if
    something else asks for it."""

    paginate_by = PAGE_SIZE
    template_name = "statements/statement_list.jinja"
    context_object_name = "statement_list"

    def get_queryset(self):
        return SimpleLazyObject(lambda: Statement.objects.published().in_language().for_cards())

    def count_from(self):
        stop = self.max_pages * self.paginate_by + 1
        return list(STATEMENT_KEYS(stop, language_shape(), now=timezone.now()))

    def page_rows(self, start, stop):
        return STATEMENT_PAGE(start, stop, language_shape(), now=timezone.now())


class StatementDetailView(PublishableDetailView):
    model = Statement
    template_name = "statements/statement_detail.jinja"
    form = None

    def base_queryset(self):
        # Its tags are not shown on the page: not read. A translation's original gives the
        # endorsement settings, in the same query.
        return Statement.objects.select_related("lead_image", "section", "kind", "translation_of")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statement = self.object.follow_original()
        context.update(endorsement_context(statement))
        context["closed_reason"] = statement.closed_reason()
        if self.preview_object is not None:
            context["closed_reason"] = _("This is a preview: endorsing is not possible here.")
        if not context["closed_reason"]:
            context["form"] = self.form or BlankEndorsementForm(statement)
        # Read by base.jinja: the page title starts with "Error: ".
        context["has_errors"] = bool(context.get("form") and context["form"].errors)
        context["signatories"] = FIRST_SIGNATORIES(
            statement.show_individual_names, pk=statement.endorsed_id
        )
        context["structured_data"] = statement_data(self.request, statement)
        return context


def statement_data(request, statement):
    """JSON-LD for a statement page: an `Article` (a published text with an author and a
    date), with what Google recommends for one. Its author is the issuing body, with the
    site's address when it is the site's own organisation or one of its bodies (another
    body's address is not known: none is better than a wrong one)."""
    site = SiteSettings.load()
    url = absolute(request, statement.get_absolute_url())
    author = {"@type": "Organization", "name": issuer_name(statement.issuing_body)}
    if structured_data.is_site_organisation(statement.issuing_body, site):
        author["url"] = structured_data.home_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "name": statement.title,
        "headline": statement.title[:110],
        "inLanguage": statement.language,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": statement.publish_at.isoformat(),
        "dateModified": max(statement.updated_at, statement.publish_at).isoformat(),
        "genre": statement.kind_label,
        "author": author,
        "publisher": structured_data.organization(request, site),
        "image": structured_data.page_images(request, statement.lead_image),
    }
    if statement.adopted_on:
        data["dateCreated"] = statement.adopted_on.isoformat()
    if statement.adopted_place:
        data["locationCreated"] = {"@type": "Place", "name": statement.adopted_place}
    if statement.description:
        data["description"] = statement.description
    return data


def published_statement(slug):
    """The published statement at `slug`, a translation with its original's endorsement
    settings (`Statement.follow_original`)."""
    return get_object_or_404(
        Statement.objects.published().select_related("translation_of"), slug=slug
    ).follow_original()


# Where the browser says a form post came from: the page itself ("same-origin") or the
# reader typing or bookmarking the address ("none"). Anything else is another site.
OWN_FETCH_SITES = {"same-origin", "none"}


def is_cross_site(request):
    """Whether a browser sent this post on behalf of another site.

    Current browsers send `Sec-Fetch-Site` with every request; older ones still send
    `Origin` with every cross-origin post. A request with neither did not come from a third-party
    page in a browser (curl, a script, a very old browser): such a sender can only use
    its own connection, which the rate limits already cover, so it is let through.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        # "same-site" is refused too: a sibling subdomain is another site for this form.
        return fetch_site.strip().lower() not in OWN_FETCH_SITES
    origin = request.headers.get("Origin")
    if origin:
        own = f"{request.scheme}://{request.get_host()}"
        return origin not in {own, *settings.CSRF_TRUSTED_ORIGINS}  # "null" included
    return False


# No CSRF token: the statement page carries the form and must be cacheable for everyone,
# and a token would give each reader a cookie. Instead the browser's own word on where the
# post came from (`is_cross_site`) refuses forms driven from other sites, which could
# otherwise make their visitors sign up any address and spread over their connections.
@csrf_exempt
@require_POST
def endorse(request, slug):
    """Handle the endorsement form; errors re-render the statement page with what was typed."""
    statement = published_statement(slug)
    if is_cross_site(request):
        return render(
            request, "statements/endorsement_refused.jinja", {"statement": statement}, status=403
        )
    view = StatementDetailView()
    view.setup(request, slug=slug)
    view.object = statement
    reason = statement.closed_reason()
    if reason:
        response = view.render_to_response(view.get_context_data(object=statement))
        response.status_code = 403
        return response
    form = EndorsementForm(request.POST, statement=statement)
    if form.is_valid() and form.is_spam:
        # Answer a filled honeypot exactly like a real signature, and store nothing.
        return redirect("statements:endorsement-thanks", slug=slug)
    if form.is_valid():
        try:
            endorsements.sign(request, statement, form)
        except endorsements.RateLimited:
            form.add_error(
                None,
                _(
                    "Too many signatures have come from your connection or address in the "
                    "last few minutes. Please try again later."
                ),
            )
            view.form = form
            response = view.render_to_response(view.get_context_data(object=statement))
            response.status_code = 429
            return response
        return redirect("statements:endorsement-thanks", slug=slug)
    view.form = form
    response = view.render_to_response(view.get_context_data(object=statement))
    response.status_code = 400
    return response


def endorsement_thanks(request, slug):
    statement = published_statement(slug)
    return render(request, "statements/endorsement_thanks.jinja", {"statement": statement})


LINK_PROBLEMS = {
    "expired": _("This confirmation link has expired. Please sign again to receive a new one."),
    "invalid": _(
        "This confirmation link is not valid. Please check that you copied the whole "
        "link from the email."
    ),
    "used": _("This confirmation link has already been used. Thank you for signing."),
    "replaced": _(
        "A newer confirmation link has been sent for this signature. Please use the link in "
        "the most recent email."
    ),
}


def confirm_endorsement(request, slug, token):
    """GET shows a button, POST confirms: link scanners in mail systems only ever GET."""
    statement = published_statement(slug)
    try:
        endorsement = endorsements.endorsement_for_token(token, statement)
    except endorsements.LinkProblem as problem:
        return render(
            request,
            "statements/endorsement_link_problem.jinja",
            {"statement": statement, "message": LINK_PROBLEMS[problem.reason]},
            status=410 if problem.reason in ("used", "expired") else 400,
        )
    # In the language the signer signed in, as their mail was.
    with translation.override(endorsement.language or settings.LANGUAGE_CODE):
        if request.method == "POST":
            if not endorsements.confirm(endorsement):
                return render(
                    request,
                    "statements/endorsement_link_problem.jinja",
                    {"statement": statement, "message": LINK_PROBLEMS["used"]},
                    status=410,
                )
            return render(
                request,
                "statements/endorsement_confirmed.jinja",
                {"statement": statement, "endorsement": endorsement},
            )
        return render(
            request,
            "statements/endorsement_confirm.jinja",
            {"statement": statement, "endorsement": endorsement},
        )


class SignatoryListView(CachedCountMixin, ListView):
    paginate_by = SIGNATORIES_PER_PAGE
    # Every signatory stays listed: each page sorts them all, so deep pages cost no more.
    max_pages = None
    template_name = "statements/statement_signatories.jinja"
    context_object_name = "signatories"

    def get_queryset(self):
        self.statement = published_statement(self.kwargs["slug"])
        return signatories(self.statement)

    def count_key(self):
        # The count changes with each signature, not only with the site's content.
        return (*super().count_key(), self.statement.signatures_version)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(statement=self.statement, **kwargs)
        context.update(endorsement_context(self.statement))
        return context
