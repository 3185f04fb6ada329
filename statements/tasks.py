"""Background work of the endorsement workflow: the confirmation mail.

Signing only stores the endorsement and queues this task, whether the address is new or
has signed before, so that the answer takes the same time either way and says nothing
about who signed. Here, out of any reader's request, the task decides whether a mail is
due and talks to the mail server.
"""

import logging
import smtplib
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import endorsements
from .models import Endorsement

logger = logging.getLogger(__name__)

# When the mail server refuses, try again after these waits (seconds); then give up and
# leave `confirmation_sent_at` empty, so that editors see it and can resend from the admin.
RETRY_DELAYS = (60, 10 * 60, 60 * 60)


@task()
def send_confirmation_mail(endorsement_id, site_url, attempt=1):
    """Mail a fresh confirmation link if the endorsement still awaits confirmation.

    An address that has already confirmed (or was approved or rejected) gets nothing: the
    signer learns nothing new, and nobody can use the form to mail them again and again.
    Returns what happened ("sent", "not due", "retrying", "failed"), kept with the task.
    """
    endorsement = Endorsement.objects.select_related("statement").filter(pk=endorsement_id).first()
    if endorsement is None or endorsement.status != Endorsement.Status.PENDING:
        return "not due"
    endorsements.rotate_token(endorsement)
    message = endorsements.confirmation_message(endorsement, site_url)
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        return retry_later(endorsement, site_url, attempt)
    Endorsement.objects.filter(pk=endorsement.pk).update(confirmation_sent_at=timezone.now())
    return "sent"


def retry_later(endorsement, site_url, attempt):
    backend = send_confirmation_mail.get_backend()
    if attempt <= len(RETRY_DELAYS) and backend.supports_defer:
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning(
            "Confirmation mail for endorsement %s not sent; trying again in %d s",
            endorsement.pk,
            delay,
            exc_info=True,
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
        exc_info=True,
    )
    return "failed"
