"""Markup of the statement pages built in Python: a statement page lists up to twenty
signatories and the list of signatories a hundred a page, and a template include per
name costs several times what this does."""

from markupsafe import Markup, escape


def signatory_item(endorsement, statement):
    """One signatory as a list item: name, role, organisation (for an individual),
    country, and the comment where an editor approved it."""
    detail = ""
    if endorsement.role:
        detail += f", {escape(endorsement.role)}"
    if endorsement.organisation and endorsement.kind == "individual":
        detail += f", {escape(endorsement.organisation)}"
    lines = [
        '<li class="signatory">',
        f'  <span class="signatory__name">{escape(endorsement.name)}</span>'
        + (f'<span class="signatory__detail">{detail}</span>' if detail else "")
        + (
            f' <span class="signatory__country">({escape(endorsement.country.name)})</span>'
            if endorsement.country
            else ""
        ),
    ]
    if endorsement.comment and statement.moderated and endorsement.status == "approved":
        lines.append(f'  <p class="signatory__comment">“{escape(endorsement.comment)}”</p>')
    lines.append("</li>")
    return Markup("\n".join(lines))
