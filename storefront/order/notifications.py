"""E-mails to the buyer about their order: placed (how to pay), each status change, a
rejected receipt. Sent by a Celery task after the transaction commits; a failing mail server
never breaks checkout or the owner's action (the task retries)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from core import order_statuses
from core.tasking import enqueue
from storefront.order.messages import message_to_shop
from storefront.order.models import OrderEmail
from storefront.payment.services import active_bank_accounts

Order = get_model("order", "Order")


def enqueue_buyer_email(order_id, key):
    """Queue the e-mail ``key`` ("placed", "status-<Status>", "receipt-rejected-<id>") for the
    buyer of ``order_id`` once the current transaction commits."""
    from storefront.order.tasks import send_buyer_email

    enqueue(send_buyer_email, order_id, key)


def order_page_url(order):
    """Absolute link to the buyer's order page: the account page for a signed-in buyer,
    Oscar's signed order-status link for a guest."""
    if order.user_id:
        path = reverse("customer:order", kwargs={"order_number": order.number})
    else:
        path = reverse(
            "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
        )
    return settings.SITE_URL.rstrip("/") + path


def _subject(order, key, status):
    if key == "placed":
        return _("Order %(number)s received: how to pay") % {"number": order.number}
    if key.startswith("receipt-rejected-"):
        return _("Order %(number)s: please upload your payment receipt again") % {"number": order.number}
    return _("Order %(number)s: %(status)s") % {
        "number": order.number,
        "status": order_statuses.status_label(status),
    }


def compose(order, key):
    """The (subject, text body, HTML body) of e-mail ``key`` about ``order``, in Indonesian."""
    from storefront.order.services import latest_note

    kind, _sep, detail = key.partition("-")
    # The status the e-mail is about (the order may have moved on by the time it is sent).
    status = detail if kind == "status" else order.status
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "order": order,
            "kind": "receipt_rejected" if key.startswith("receipt-rejected-") else kind,
            "status": status,
            "order_url": order_page_url(order),
            "note": latest_note(order) if status == order.status else None,
            "shipment": getattr(order, "shipment", None) if status == order_statuses.SHIPPED else None,
            "shop_name": settings.OSCAR_SHOP_NAME,
            "payment": getattr(order, "payment_info", None),
            "bank_accounts": active_bank_accounts(),
            "wa_text": message_to_shop(order),
        }
        if context["kind"] == "receipt_rejected":
            context["receipt"] = order.payment_info.receipts.filter(pk=key.rsplit("-", 1)[1]).first()
        text = render_to_string("storefront/emails/order_email.txt", context)
        html = render_to_string("storefront/emails/order_email.html", context)
        return _subject(order, key, status), text, html


@transaction.atomic
def send_buyer_email_now(order_id, key):
    """Send e-mail ``key`` to the buyer of ``order_id`` unless it was sent before.

    The ``OrderEmail`` row (unique per order and key) is written in the same transaction as the
    send: if sending fails the row is rolled back and a retry sends; once sent, a second run
    finds the row and does nothing. Returns True when a mail went out."""
    order = Order.objects.select_related("user", "shipping_address").get(pk=order_id)
    if not order.email:
        return False
    _row, created = OrderEmail.objects.get_or_create(order=order, key=key)
    if not created:
        return False
    subject, text, html = compose(order, key)
    message = EmailMultiAlternatives(subject, text, settings.OSCAR_FROM_EMAIL, [order.email])
    message.attach_alternative(html, "text/html")
    message.send()
    return True
