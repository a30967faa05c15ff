"""The built-in sender: e-mail through Django's mail backend (``EMAIL_URL``)."""

from django.core.mail.utils import DNS_NAME


def send_email(notification, message):
    """Send the ``EmailMessage`` ``message``. Its Message-ID comes from the outbox row, so a
    message sent again after a crash is the same message to the receiving mail system."""
    message.extra_headers.setdefault("Message-ID", f"<outbox-{notification.pk}@{DNS_NAME}>")
    message.send()
