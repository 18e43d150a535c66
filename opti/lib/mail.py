"""Mail, sent outside the request: no page ever waits for the mail server.

`queue_mail` puts a message in the task queue (settings.TASKS): in the database, where the worker
(`manage.py db_worker`) picks it up and sends it, with EMAIL_TIMEOUT on every connection to the server. When the
server cannot be reached, hangs or refuses, the worker tries again later (RETRY_DELAYS), so that the mail goes out
once the server is back. With TASK_BACKEND=immediate (`make run`) a message is sent at once, within the request,
and a failure is logged, not retried.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# After the first attempt; then the task fails (logged, and listed in the admin's task results).
RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
]


def queue_mail(*, to, subject, body, html=None):
    """Queue a message to one address, from DEFAULT_FROM_EMAIL. The subject is one line, whatever it was given."""
    deliver.enqueue(to=to, subject=" ".join(subject.split()), body=body, html=html)


def send_templated_mail(*, to, subject, template, context):
    """Queue the text template `<template>.txt` with its HTML version `<template>.html` to one address; they also
    get `site_url`, the site's address (the signature, templates/email/signature.*, names it)."""
    context = {"site_url": f"{settings.SITE_URL}/", **context}
    body, html = (render_to_string(f"{template}.{kind}", context) for kind in ("txt", "html"))
    queue_mail(to=to, subject=subject, body=body, html=html)


@task()
def deliver(*, to, subject, body, html, attempt=1):
    message = EmailMultiAlternatives(subject, body, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (OSError, SMTPException) as error:
        if attempt > len(RETRY_DELAYS) or not deliver.get_backend().supports_defer:
            raise
        retry_at = timezone.now() + RETRY_DELAYS[attempt - 1]
        deliver.using(run_after=retry_at).enqueue(to=to, subject=subject, body=body, html=html, attempt=attempt + 1)
        logger.warning("Mail not sent (%r); attempt %s follows at %s", error, attempt + 1, retry_at.isoformat())
