"""WhatsApp Cloud API (Meta's Graph API, docs/providers.md "WhatsApp Cloud API"): approved
template messages sent from the outbox, and the delivery statuses Meta posts back.

- ``POST {base}/{version}/{phone number id}/messages`` with ``{"messaging_product": "whatsapp",
  "to": …, "type": "template", "template": {"name", "language": {"code"}, "components":
  [{"type": "body", "parameters": [{"type": "text", "text": …}]}]}}`` and the token as
  ``Authorization: Bearer``; the answer names the message: ``{"messages": [{"id": "wamid…"}]}``.
- Webhook: Meta signs each POST with ``X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body
  with the app secret>``; statuses arrive as ``entry[].changes[].value.statuses[]`` with ``id``
  (the wamid), ``status`` (sent, delivered, read, failed) and ``timestamp``.

Plain ``httpx``, imported only when a message is sent or the connection tested, so web
workers that never send do not load it. (Not ``pywa``: it fixes the host to
graph.facebook.com, so the ``WHATSAPP_API_BASE_URL`` stand-in could not be used.)
"""

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Channel, DeliveryStatus, Notification

TIMEOUT = 10.0  # seconds; the outbox tries again later when Meta does not answer in time

# A status replaces only those before it: replayed or late webhooks never move a message back
# (read stays read when "delivered" comes after it). A failure ends the story too.
EARLIER_STATUSES = {
    DeliveryStatus.SENT: (DeliveryStatus.NONE,),
    DeliveryStatus.DELIVERED: (DeliveryStatus.NONE, DeliveryStatus.SENT),
    DeliveryStatus.READ: (DeliveryStatus.NONE, DeliveryStatus.SENT, DeliveryStatus.DELIVERED),
    DeliveryStatus.FAILED: (DeliveryStatus.NONE, DeliveryStatus.SENT, DeliveryStatus.DELIVERED),
}


class WhatsAppUnavailable(Exception):
    """Meta could not be reached or refused the request."""


class InvalidWebhook(Exception):
    """A webhook call that is not signed with the app secret, or not JSON."""


@dataclass(frozen=True)
class TemplateMessage:
    """One approved template to one number: ``parameters`` fill the body's {{1}}, {{2}} …"""

    to: str
    template: str
    language: str
    parameters: tuple = ()

    def body(self):
        """The Graph API request body."""
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "".join(ch for ch in self.to if ch.isdigit()),
            "type": "template",
            "template": {
                "name": self.template,
                "language": {"code": self.language},
                "components": [
                    {
                        "type": "body",
                        # Meta refuses line breaks and tabs in a parameter.
                        "parameters": [
                            {"type": "text", "text": " ".join(str(text).split())} for text in self.parameters
                        ],
                    }
                ],
            },
        }


def is_configured():
    """True when the shop has the keys to send (token and phone number id)."""
    return bool(settings.WHATSAPP_TOKEN and settings.WHATSAPP_PHONE_NUMBER_ID)


def _call(method, path, **kwargs):
    import httpx  # only when a message is sent: web workers keep their memory

    url = f"{settings.WHATSAPP_API_BASE_URL.rstrip('/')}/{settings.WHATSAPP_API_VERSION}/{path}"
    try:
        response = httpx.request(
            method,
            url,
            headers={"Authorization": f"Bearer {settings.WHATSAPP_TOKEN}"},
            timeout=TIMEOUT,
            **kwargs,
        )
        data = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise WhatsAppUnavailable(str(error)) from error
    if response.status_code >= 400:
        error = data.get("error", {}) if isinstance(data, dict) else {}
        raise WhatsAppUnavailable(f"WhatsApp {response.status_code}: {error.get('message', data)}")
    return data


def send_template(notification, message):
    """The outbox's sender of ``Channel.WHATSAPP``: send ``message`` (a ``TemplateMessage``)
    and keep Meta's message id on the row, by which the delivery statuses find it."""
    if not is_configured():
        raise WhatsAppUnavailable("WhatsApp is not configured")
    data = _call("POST", f"{settings.WHATSAPP_PHONE_NUMBER_ID}/messages", json=message.body())
    try:
        notification.provider_message_id = data["messages"][0]["id"]
    except (KeyError, IndexError, TypeError) as error:
        raise WhatsAppUnavailable(f"WhatsApp answered without a message id: {data}") from error


def test_connection():
    """Ask Meta for the shop's phone number: it answers only to a valid token."""
    _call("GET", settings.WHATSAPP_PHONE_NUMBER_ID, params={"fields": "display_phone_number"})


def verify_signature(body, header):
    """Raise ``InvalidWebhook`` unless ``header`` (``X-Hub-Signature-256``) is the HMAC-SHA256
    of the raw ``body`` with the app secret."""
    secret = settings.WHATSAPP_APP_SECRET
    if not secret:
        raise InvalidWebhook("no app secret configured")
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), (header or "").encode()):
        raise InvalidWebhook("bad signature")


def record_statuses(body):
    """Store the delivery statuses of a verified webhook ``body`` (bytes) on their outbox rows.
    Safe to replay and in any order (see ``EARLIER_STATUSES``). Returns how many rows changed."""
    try:
        data = json.loads(body)
    except ValueError as error:
        raise InvalidWebhook("not JSON") from error
    changed = 0
    for entry in data.get("entry", []) if isinstance(data, dict) else []:
        for change in entry.get("changes", []):
            for status in change.get("value", {}).get("statuses", []):
                changed += _record_status(status)
    return changed


def _record_status(status):
    new = status.get("status")
    if new not in EARLIER_STATUSES or not status.get("id"):
        return 0
    try:
        at = datetime.datetime.fromtimestamp(int(status["timestamp"]), tz=datetime.UTC)
    except (KeyError, TypeError, ValueError):
        at = timezone.now()
    # One conditional UPDATE: two webhooks at once cannot both win, and a late one changes nothing.
    return Notification.objects.filter(
        channel=Channel.WHATSAPP, provider_message_id=status["id"], delivery_status__in=EARLIER_STATUSES[new]
    ).update(delivery_status=new, delivery_status_at=at)


class Provider:
    """The WhatsApp Cloud API as the owner's provider settings screen shows it."""

    name = "whatsapp"
    label = "WhatsApp Cloud API"
    kind = _("WhatsApp order notices")
    console_url = "https://business.facebook.com/wa/manage/"
    environment = (
        "WHATSAPP_TOKEN",
        "WHATSAPP_PHONE_NUMBER_ID",
        "WHATSAPP_APP_SECRET",
        "WHATSAPP_VERIFY_TOKEN",
    )
    is_production = True  # Meta has no separate sandbox host; a test number is still production

    @property
    def is_configured(self):
        return is_configured()

    def test_connection(self):
        test_connection()

    def notification_urls(self):
        from django.urls import reverse

        return [(_("Webhook (messages)"), reverse("whatsapp-webhook"))]
