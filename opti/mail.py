import logging

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def send_templated_mail(*, to, subject, template, context):
    """Send templates/opti/email/<template>.txt with its .html version to one address.

    A mail server failure is logged, not raised: what the visitor submitted is saved either way.
    """
    message = EmailMultiAlternatives(subject, render_to_string(f"opti/email/{template}.txt", context), to=[to])
    message.attach_alternative(render_to_string(f"opti/email/{template}.html", context), "text/html")
    try:
        message.send()
    except OSError:
        logger.exception("Could not send the %s e-mail", template)
