"""The endorsement workflow: sign, confirm by email, moderate, resend, export, erase.

Signing answers the same way whether the address is new, already signed, or caught by
the honeypot, so that nobody can learn from the site who has signed what. It also takes the
same time: the request stores the signature (or finds the earlier one) and queues one
background task in every case; the mail server is only ever spoken to by that task
(statements/tasks.py).
"""

import secrets
from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from pagecache.versions import scope_changed
from publishing.models import SiteSettings
from ratelimit import limits as ratelimit

from . import tasks
from .models import Endorsement, Statement

TOKEN_SALT = "placard.endorsement.confirm"


class RateLimited(Exception):
    """Too many attempts from one connection or for one address."""


def check_rate_limits(request, email):
    ip_ok = ratelimit.hit(
        "endorse-ip",
        ratelimit.hashed(ratelimit.client_ip(request), "ip"),
        settings.PLACARD_ENDORSE_LIMIT_PER_IP,
        settings.PLACARD_ENDORSE_LIMIT_WINDOW,
    )
    email_ok = ratelimit.hit(
        "endorse-email",
        ratelimit.hashed(email.lower(), "email"),
        settings.PLACARD_ENDORSE_LIMIT_PER_EMAIL,
        settings.PLACARD_ENDORSE_LIMIT_WINDOW,
    )
    if not (ip_ok and email_ok):
        raise RateLimited


def sign(request, statement, form):
    """Store a new endorsement from a valid form and queue its confirmation mail.

    A signature made on a translation's page is stored on the group's original (one
    campaign in every language), with the language of the page it was made on. An
    address that already signed any page of the group stores nothing new. Both cases run the
    same queries and queue the same task, which decides whether a mail is due (a fresh
    link while the endorsement awaits confirmation, nothing after that).
    """
    data = form.cleaned_data
    email = data["email"].strip().lower()
    check_rate_limits(request, email)
    endorsement = form.save(commit=False)
    endorsement.statement_id = statement.endorsed_id
    endorsement.email = email
    endorsement.token_nonce = secrets.token_hex(16)
    endorsement.language = translation.get_language() or ""
    try:
        with transaction.atomic():
            endorsement.save()
    except IntegrityError:
        pass  # signed before: the task below finds out whether a new link is due
    # Looked up in both cases, the new one included, so that both do the same work.
    endorsement_id = (
        Endorsement.objects.filter(statement_id=statement.endorsed_id, email=email)
        .values_list("pk", flat=True)
        .first()
    )
    if endorsement_id is not None:  # None only if it was erased in the meantime
        tasks.send_confirmation_mail.enqueue(endorsement_id, request.build_absolute_uri("/"))


def rotate_token(endorsement):
    """A new link for a pending endorsement; earlier links stop working."""
    endorsement.token_nonce = secrets.token_hex(16)
    Endorsement.objects.filter(pk=endorsement.pk).update(token_nonce=endorsement.token_nonce)


def make_token(endorsement):
    return signing.dumps({"e": endorsement.pk, "n": endorsement.token_nonce}, salt=TOKEN_SALT)


class LinkProblem(Exception):
    """A confirmation link that cannot be used; `reason` says why, for the reader."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def endorsement_for_token(token, statement):
    """The pending endorsement a link belongs to, or LinkProblem saying why not. The link
    may be under any page of the statement's translation group."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=settings.PLACARD_ENDORSE_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkProblem("expired") from exc
    except signing.BadSignature as exc:
        raise LinkProblem("invalid") from exc
    if not isinstance(data, dict):
        raise LinkProblem("invalid")
    endorsement = Endorsement.objects.filter(
        pk=data.get("e"), statement_id=statement.endorsed_id
    ).first()
    if endorsement is None:
        raise LinkProblem("invalid")
    if endorsement.status != Endorsement.Status.PENDING or not endorsement.token_nonce:
        raise LinkProblem("used")
    if not secrets.compare_digest(endorsement.token_nonce, str(data.get("n", ""))):
        raise LinkProblem("replaced")
    return endorsement


def confirm(endorsement):
    """Confirm a pending endorsement once; returns False if it was confirmed meanwhile."""
    now = timezone.now()
    updated = Endorsement.objects.filter(
        pk=endorsement.pk,
        status=Endorsement.Status.PENDING,
        token_nonce=endorsement.token_nonce,
    ).update(status=Endorsement.Status.CONFIRMED, confirmed_at=now, token_nonce="")
    if updated:
        endorsement.status, endorsement.confirmed_at = Endorsement.Status.CONFIRMED, now
        endorsement.token_nonce = ""
        scope_changed(endorsement.page_cache_scope())  # its statement's counts and lists
    return bool(updated)


def confirmation_message(endorsement, site_url):
    """The confirmation mail, with a link under `site_url` (the address the signer used),
    in the language of the page they signed on (its words, dates and link).

    It holds nothing the signer typed but the address it goes to: whoever fills in the
    form chooses the name, and must not be able to write to a stranger in our name.
    """
    language = endorsement.language or settings.LANGUAGE_CODE
    with translation.override(language):
        message = _confirmation_message(endorsement, site_url)
    message.extra_headers["Content-Language"] = language
    return message


def signing_page(endorsement):
    """The page of the statement's translation group in the signer's language (the one they
    signed on), else the original, with the original's endorsement settings."""
    original = endorsement.statement
    language = (endorsement.language or "").lower()
    if not language or language == original.language.lower():
        return original
    members = list(
        Statement.objects.published()
        .filter(translation_of=original)
        .filter(language__istartswith=language.split("-")[0])
    )
    for wanted in (language, language.split("-")[0]):
        for member in members:
            if member.language.lower() == wanted:
                member.translation_of = original
                return member.follow_original()
    return original


def _confirmation_message(endorsement, site_url):
    statement = signing_page(endorsement)
    link = urljoin(
        site_url,
        reverse(
            "statements:endorsement-confirm",
            kwargs={"slug": statement.slug, "token": make_token(endorsement)},
        ),
    )
    context = {
        "statement": statement,
        "link": link,
        "site": SiteSettings.load(),
        "valid_days": settings.PLACARD_ENDORSE_LINK_MAX_AGE // 86400,
        "language": translation.get_language(),
        "direction": "rtl" if translation.get_language_bidi() else "ltr",
        "expires": timezone.localtime(
            timezone.now() + timedelta(seconds=settings.PLACARD_ENDORSE_LINK_MAX_AGE)
        ),
    }
    subject = gettext("Please confirm your endorsement of “%(title)s”") % {"title": statement.title}
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:200],
        body=render_to_string("statements/email/endorsement_confirm.txt", context),
        to=[endorsement.email],
    )
    message.attach_alternative(
        render_to_string("statements/email/endorsement_confirm.html", context), "text/html"
    )
    return message


def resend_confirmation(request, endorsement):
    """For editors: queue a fresh link to a signer whose endorsement awaits confirmation."""
    if endorsement.status != Endorsement.Status.PENDING:
        return False
    tasks.send_confirmation_mail.enqueue(endorsement.pk, request.build_absolute_uri("/"))
    return True


def personal_data(email):
    """Everything stored about one address, for a data subject's request."""
    rows = Endorsement.objects.filter(email=email.strip().lower()).select_related("statement")
    return [
        {
            "statement": row.statement.title,
            "statement_url": row.statement.get_absolute_url(),
            "kind": row.kind,
            "name": row.name,
            "organisation": row.organisation,
            "role": row.role,
            "country": str(row.country.code or ""),
            "email": row.email,
            "comment": row.comment,
            "consent_listed": row.consent_listed,
            "consent_contact": row.consent_contact,
            "status": row.status,
            "language": row.language,
            "created_at": row.created_at.isoformat(),
            "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
        }
        for row in rows
    ]


def erase_personal_data(email):
    """Delete every endorsement of one address; returns how many were deleted."""
    deleted, _by_model = Endorsement.objects.filter(email=email.strip().lower()).delete()
    return deleted
