"""Markup of the statement pages built in Python: a statement page lists up to twenty
signatories and the list of signatories a hundred a page, the statement list twenty
cards, and a template include per name or card costs several times what this does. Also
the words of the signature counter."""

import re

from django.utils.translation import get_language, gettext, ngettext
from django_countries import countries
from markupsafe import Markup, escape

from publishing.languages import language_marker
from publishing.links import slug_urls

# `issuing_body` is typed as a phrase ("Adopted by the conference of …", "Issued jointly
# by …"); where a name is wanted (a feed's author, JSON-LD's author) the verb goes.
ISSUED_BY = re.compile(
    r"^\s*(?:(?:adopted|issued|agreed|approved|signed|published|endorsed|released|passed|"
    r"made|launched|drafted|written)\s+(?:jointly\s+|unanimously\s+)?by|by|from)\s+",
    re.IGNORECASE,
)


def issuer_name(phrase):
    """The name of the body in an `issuing_body` phrase, without the words around it:
    "Adopted by the conference of the network" gives "The conference of the network";
    a plain name is kept as typed."""
    name = ISSUED_BY.sub("", phrase).strip().rstrip(".")
    return name[:1].upper() + name[1:] if name else phrase


def signature_breakdown(initial, organisations, individuals):
    """Where a statement's signatures come from, as the counter shows it after the total:
    "2 initial signatories, 1 organisation and 3 individuals who signed on this site".
    Only the kinds with signatures are named, so the parts add up to the total; "" when
    there are none at all."""
    parts = []
    if initial:
        parts.append(
            ngettext("%(count)d initial signatory", "%(count)d initial signatories", initial)
            % {"count": initial}
        )
    if organisations:
        parts.append(
            ngettext("%(count)d organisation", "%(count)d organisations", organisations)
            % {"count": organisations}
        )
    if individuals:
        parts.append(
            ngettext("%(count)d individual", "%(count)d individuals", individuals)
            % {"count": individuals}
        )
    if not parts:
        return ""
    text = parts[-1]
    if len(parts) > 1:
        text = gettext("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": text}
    if organisations or individuals:
        text = gettext("%(signers)s who signed on this site") % {"signers": text}
    return text


_COUNTRY_NAMES = {}  # (code, language) -> name; at most every country in each language


def country_name(code):
    """The name of the country of `code` in the active language, looked up once per
    process: each lookup goes through the translations of every country's name."""
    key = (code, get_language())
    name = _COUNTRY_NAMES.get(key)
    if name is None:
        name = _COUNTRY_NAMES[key] = str(countries.name(code))
    return name


def signatory_item(endorsement, statement):
    """One signatory as a list item: name, role, organisation (for an individual),
    country, and the comment where an editor approved it. `endorsement`: a row of
    `views.SIGNATORY_COLUMNS` (its country a code) or an Endorsement."""
    detail = ""
    if endorsement.role:
        detail += f", {escape(endorsement.role)}"
    if endorsement.organisation and endorsement.kind == "individual":
        detail += f", {escape(endorsement.organisation)}"
    country = endorsement.country  # an Endorsement's is a new Country object on each read
    country = getattr(country, "code", country)
    lines = [
        '<li class="signatory">',
        f'  <span class="signatory__name">{escape(endorsement.name)}</span>'
        + (f'<span class="signatory__detail">{detail}</span>' if detail else "")
        + (
            f' <span class="signatory__country">({escape(country_name(country))})</span>'
            if country
            else ""
        ),
    ]
    if endorsement.comment and statement.moderated and endorsement.status == "approved":
        lines.append(f'  <p class="signatory__comment">“{escape(endorsement.comment)}”</p>')
    lines.append("</li>")
    return Markup("\n".join(lines))


def statement_cards(statements, heading_level=3):
    """The cards of `statements` on the statement list and the home page: kind, title,
    issuing body and dateline. Reads each statement's kind: select it with them."""
    address = slug_urls("statements:statement-detail")
    marked = language_marker()
    level = int(heading_level or 3)
    cards = []
    for statement in statements:
        lines = [
            f'<article class="card card--statement"{marked(statement.language)}>',
            '  <div class="card__body">',
            f'    <p class="card__section">{escape(statement.kind_label)}</p>',
            f'    <h{level} class="card__title"><a href="{escape(address(statement.slug))}">'
            f"{escape(statement.title)}</a></h{level}>",
            f'    <p class="card__standfirst">{escape(statement.issuing_body)}</p>',
        ]
        dateline = statement.dateline
        if dateline:
            lines.append(f'    <p class="card__meta">{escape(dateline)}</p>')
        lines += ["  </div>", "</article>"]
        cards.append("\n".join(lines))
    return Markup("\n".join(cards))
