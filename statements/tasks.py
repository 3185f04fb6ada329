"""Background work of the endorsement workflow: the confirmation mail.

Signing only stores the endorsement and queues this task, whether the address is new or
has signed before, so that the answer takes the same time either way and says nothing
about who signed. Here, out of any reader's request, the task decides whether a mail is
due and talks to the mail server.

The tasks API has no retries of its own: a mail the server refuses, or does not answer
within EMAIL_TIMEOUT, is queued again as a new task with the next attempt's number and a
later `run_after` (PLACARD_MAIL_RETRY_DELAYS). Each attempt is a task result of its own
in the admin ("Background tasks"), its attempt number among its arguments; after the
last one the task fails, so that administrators find it under "Failed", with the mail
server's error.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import endorsements
from .models import Endorsement

logger = logging.getLogger(__name__)


class ConfirmationMailNotSent(Exception):
    """The mail server refused or stalled on every attempt: the task fails with this."""


@task()
def send_confirmation_mail(endorsement_id, site_url, attempt=1):
    """Mail a fresh confirmation link if the endorsement still awaits confirmation.

    An address that has already confirmed (or was approved or rejected) gets nothing: the
    signer learns nothing new, and nobody can use the form to mail them again and again.
    Returns what happened ("sent", "not due", "retrying"), kept with the task; after the
    last attempt it raises `ConfirmationMailNotSent` and `confirmation_sent_at` stays
    empty, so that editors see the endorsement as unsent and can resend from the admin.
    """
    endorsement = Endorsement.objects.select_related("statement").filter(pk=endorsement_id).first()
    if endorsement is None or endorsement.status != Endorsement.Status.PENDING:
        return "not due"
    endorsements.rotate_token(endorsement)
    message = endorsements.confirmation_message(endorsement, site_url)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:  # OSError: refused, reset, timed out
        return retry_later(endorsement, site_url, attempt, error)
    Endorsement.objects.filter(pk=endorsement.pk).update(confirmation_sent_at=timezone.now())
    return "sent"


def retry_later(endorsement, site_url, attempt, error):
    """Queue the next attempt after its wait, or fail the task after the last one."""
    delays = settings.PLACARD_MAIL_RETRY_DELAYS
    backend = send_confirmation_mail.get_backend()
    if attempt <= len(delays) and backend.supports_defer:
        delay = delays[attempt - 1]
        logger.warning(
            "Confirmation mail for endorsement %s not sent (attempt %d: %s); trying again in %d s",
            endorsement.pk,
            attempt,
            error,
            delay,
        )
        send_confirmation_mail.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            endorsement.pk, site_url, attempt + 1
        )
        return "retrying"
    logger.error(
        "Confirmation mail for endorsement %s not sent after %d attempts; editors can resend "
        "it from the admin",
        endorsement.pk,
        attempt,
    )
    raise ConfirmationMailNotSent(
        f"Confirmation mail for endorsement {endorsement.pk} not sent after {attempt} "
        f"attempts: {error}"
    ) from error
