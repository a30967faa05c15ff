"""E-mails to the buyer about their order: placed (how to pay), each status change, a
rejected receipt. Written to the outbox (``notifications``) in the transaction of the change
and sent from there by Celery; a failing mail server or broker never breaks checkout or the
owner's action (the outbox tries again), and each e-mail goes out once."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from cms.navigation import shop_settings_for
from core import order_statuses
from crm.customers import order_email_language
from notifications import outbox
from storefront.order.messages import message_to_shop
from storefront.order.pages import order_page_url
from storefront.payment.services import active_bank_accounts

Order = get_model("order", "Order")


BUYER_EMAIL = "order-buyer-email"


def enqueue_buyer_email(order_id, key):
    """Put the e-mail ``key`` ("placed", "status-<Status>", "receipt-rejected-<id>") for the
    buyer of ``order_id`` in the outbox, in the current transaction (once per order and key)."""
    outbox.queue(BUYER_EMAIL, f"order-{order_id}-{key}", {"order_id": order_id, "key": key})


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
    """The (subject, text body, HTML body) of e-mail ``key`` about ``order``, in the buyer's
    language (``crm.customers.order_email_language``)."""
    from storefront.order.services import latest_note

    kind, _sep, detail = key.partition("-")
    # The status the e-mail is about (the order may have moved on by the time it is sent).
    status = detail if kind == "status" else order.status
    with translation.override(order_email_language(order)):
        context = {
            "order": order,
            "kind": "receipt_rejected" if key.startswith("receipt-rejected-") else kind,
            "status": status,
            "order_url": order_page_url(order),
            "note": latest_note(order) if status == order.status else None,
            "shipment": getattr(order, "shipment", None) if status == order_statuses.SHIPPED else None,
            "shop_name": shop_settings_for().display_name,
            "payment": getattr(order, "payment_info", None),
            "bank_accounts": active_bank_accounts(),
            "wa_text": message_to_shop(order),
        }
        if context["kind"] == "receipt_rejected":
            context["receipt"] = order.payment_info.receipts.filter(pk=key.rsplit("-", 1)[1]).first()
        text = render_to_string("storefront/emails/order_email.txt", context)
        html = render_to_string("storefront/emails/order_email.html", context)
        return _subject(order, key, status), text, html


def buyer_email(order_id, key):
    """The outbox's composer of ``BUYER_EMAIL``: e-mail ``key`` about ``order_id`` to its buyer,
    or None when the order has no e-mail address."""
    order = Order.objects.select_related("user", "shipping_address").get(pk=order_id)
    if not order.email:
        return None
    subject, text, html = compose(order, key)
    message = EmailMultiAlternatives(subject, text, settings.OSCAR_FROM_EMAIL, [order.email])
    message.attach_alternative(html, "text/html")
    return message

