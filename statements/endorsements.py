"""The endorsement workflow: sign, confirm by email, moderate, resend, export, erase.

Signing answers the same way whether the address is new, already signed, or caught by
the honeypot, so that nobody can learn from the site who has signed what.
"""

import logging
import secrets
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pagecache.versions import content_changed
from publishing.models import SiteSettings
from ratelimit import limits as ratelimit

from .models import Endorsement

logger = logging.getLogger(__name__)

TOKEN_SALT = "placard.endorsement.confirm"


class RateLimited(Exception):
    """Too many attempts from one connection or for one address."""


@dataclass
class SignResult:
    endorsement: Endorsement | None
    mail_sent: bool


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
    """Store a new endorsement from a valid form and send its confirmation link.

    An address that already signed this statement stores nothing new; if its endorsement
    still awaits confirmation the link is sent again.
    """
    data = form.cleaned_data
    email = data["email"].strip().lower()
    check_rate_limits(request, email)
    endorsement = form.save(commit=False)
    endorsement.statement = statement
    endorsement.email = email
    endorsement.token_nonce = secrets.token_hex(16)
    try:
        with transaction.atomic():
            endorsement.save()
    except IntegrityError:
        endorsement = Endorsement.objects.filter(statement=statement, email=email).first()
        if endorsement is None or endorsement.status != Endorsement.Status.PENDING:
            return SignResult(endorsement=None, mail_sent=True)
        rotate_token(endorsement)
    return SignResult(endorsement=endorsement, mail_sent=send_confirmation(request, endorsement))


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
    """The pending endorsement a link belongs to, or LinkProblem saying why not."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=settings.PLACARD_ENDORSE_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkProblem("expired") from exc
    except signing.BadSignature as exc:
        raise LinkProblem("invalid") from exc
    if not isinstance(data, dict):
        raise LinkProblem("invalid")
    endorsement = Endorsement.objects.filter(pk=data.get("e"), statement=statement).first()
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
        content_changed()  # counts and lists on cached pages change
    return bool(updated)


def send_confirmation(request, endorsement):
    """Send the confirmation mail; False (logged) when the mail server cannot take it."""
    statement = endorsement.statement
    link = request.build_absolute_uri(
        reverse(
            "statements:endorsement-confirm",
            kwargs={"slug": statement.slug, "token": make_token(endorsement)},
        )
    )
    context = {
        "endorsement": endorsement,
        "statement": statement,
        "link": link,
        "site": SiteSettings.load(),
        "valid_days": settings.PLACARD_ENDORSE_LINK_MAX_AGE // 86400,
    }
    message = EmailMultiAlternatives(
        subject=" ".join(f"Please confirm your endorsement of “{statement.title}”".split())[:200],
        body=render_to_string("statements/email/endorsement_confirm.txt", context),
        to=[endorsement.email],
    )
    message.attach_alternative(
        render_to_string("statements/email/endorsement_confirm.html", context), "text/html"
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.warning(
            "Confirmation mail for endorsement %s not sent", endorsement.pk, exc_info=True
        )
        return False
    Endorsement.objects.filter(pk=endorsement.pk).update(confirmation_sent_at=timezone.now())
    return True


def resend_confirmation(request, endorsement):
    """For editors: a fresh link to a signer whose endorsement still awaits confirmation."""
    if endorsement.status != Endorsement.Status.PENDING:
        return False
    rotate_token(endorsement)
    return send_confirmation(request, endorsement)


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
            "created_at": row.created_at.isoformat(),
            "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
        }
        for row in rows
    ]


def erase_personal_data(email):
    """Delete every endorsement of one address; returns how many were deleted."""
    deleted, _by_model = Endorsement.objects.filter(email=email.strip().lower()).delete()
    return deleted
