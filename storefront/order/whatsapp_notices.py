"""WhatsApp notices to the buyer about their order (WhatsApp Cloud API, docs/providers.md):
placed (how to pay), paid, shipped (with the tracking number) and completed (with the survey
link), each an approved template, sent alongside the e-mail through the outbox, once.

Queued only when the shop has WhatsApp keys; whether the buyer gets it is decided when it is
sent: their customer record must have agreed to WhatsApp messages (UU PDP) and have a phone.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from core import order_statuses
from core.prices import currency
from crm import survey
from crm.customers import customer_for_order, email_language
from notifications import outbox, whatsapp_cloud
from notifications.models import Notification
from storefront.order.pages import order_page_url
from storefront.payment.services import active_bank_accounts

Order = get_model("order", "Order")

BUYER_WHATSAPP = "order-buyer-whatsapp"

# The outbox key of an order event → the template (``settings.WHATSAPP_TEMPLATES``) sent for it.
NOTICES = {
    "placed": "placed",
    f"status-{order_statuses.PAID}": "paid",
    f"status-{order_statuses.SHIPPED}": "shipped",
    f"status-{order_statuses.COMPLETED}": "completed",
}
# Meta's template language codes for the shop's languages; Sundanese has none (Indonesian then).
TEMPLATE_LANGUAGES = {"id": "id", "en": "en", "su": "id"}


def enqueue_buyer_whatsapp(order_id, key):
    """Put the WhatsApp notice for event ``key`` (as in ``enqueue_buyer_email``) in the outbox,
    when the shop has WhatsApp keys and the event has a notice; once per order and key."""
    if key in NOTICES and whatsapp_cloud.is_configured():
        outbox.queue(
            BUYER_WHATSAPP,
            f"order-{order_id}-{key}",
            {"order_id": order_id, "key": key},
            channel=outbox.Channel.WHATSAPP,
        )


def _parameters(order, notice):
    number, link = order.number, order_page_url(order)
    if notice == "placed":
        instructions = (
            render_to_string(
                "storefront/whatsapp/payment_instructions.txt",
                {"order": order, "payment": order.payment_info, "bank_accounts": active_bank_accounts()},
            )
            if hasattr(order, "payment_info")
            else ""
        )
        return (number, currency(order.total_incl_tax, order.currency), instructions or "-", link)
    if notice == "shipped":
        shipment = getattr(order, "shipment", None)
        carrier = shipment.carrier if shipment else "-"
        return (number, carrier, (shipment.tracking_number if shipment else "") or "-", link)
    if notice == "completed":
        survey_link = settings.SITE_URL.rstrip("/") + reverse("crm:survey", args=[survey.make_token(order)])
        return (number, survey_link)
    return (number, link)


def buyer_whatsapp(order_id, key):
    """The outbox's composer of ``BUYER_WHATSAPP``: the template message for ``key`` to the
    buyer's phone, or None when the buyer did not agree to WhatsApp messages or has no phone."""
    order = Order.objects.select_related("user", "shipping_address").get(pk=order_id)
    customer = customer_for_order(order)
    if customer is None or not customer.whatsapp_consent or not customer.phone:
        return None
    notice = NOTICES[key]
    language = email_language(customer)
    with translation.override(language):
        parameters = _parameters(order, notice)
    return whatsapp_cloud.TemplateMessage(
        to=customer.phone,
        template=settings.WHATSAPP_TEMPLATES[notice],
        language=TEMPLATE_LANGUAGES.get(language, "id"),
        parameters=parameters,
    )


NOTICE_LABELS = {
    "placed": _("Order received"),
    "paid": order_statuses.status_label(order_statuses.PAID),
    "shipped": order_statuses.status_label(order_statuses.SHIPPED),
    "completed": order_statuses.status_label(order_statuses.COMPLETED),
}


def whatsapp_notices(order):
    """The WhatsApp notices of ``order`` for the owner's order page, oldest first: dicts with
    ``notice``, ``status`` (WhatsApp's latest report, else the outbox's) and ``at``."""
    rows = Notification.objects.filter(
        channel=outbox.Channel.WHATSAPP, kind=BUYER_WHATSAPP, payload__order_id=order.pk
    ).order_by("created_at", "pk")
    return [
        {
            "notice": NOTICE_LABELS.get(NOTICES.get(row.payload.get("key")), row.key),
            "status": row.get_delivery_status_display() if row.delivery_status else row.get_status_display(),
            "at": row.delivery_status_at or row.sent_at or row.created_at,
        }
        for row in rows
    ]
