"""Order pages: how to pay, the status timeline and the buyer's order tools."""

from django import template

from core import order_statuses
from storefront.checkout.forms import ReceiptUploadForm
from storefront.order import services
from storefront.order.messages import message_to_shop
from storefront.payment import services as payment_services

register = template.Library()


@register.inclusion_tag("storefront/order/partials/payment_instructions.html")
def payment_instructions(order):
    """``{% payment_instructions order %}``: the bank accounts / QRIS image / COD note with
    the amount to pay and the deadline."""
    payment = getattr(order, "payment_info", None)
    return {
        "order": order,
        "payment": payment,
        "waiting": order.status == order_statuses.PENDING_PAYMENT,
        "bank_accounts": payment_services.active_bank_accounts() if payment else (),
        "payment_settings": payment_services.payment_settings() if payment else None,
    }


@register.inclusion_tag("storefront/order/partials/order_panel.html", takes_context=True)
def order_panel(context, order):
    """``{% order_panel order %}``: timeline, payment, receipt upload, shipment, invoice link
    and the WhatsApp button, for the buyer's order page (account or guest link)."""
    payment = getattr(order, "payment_info", None)
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "order": order,
        "order_hash": order.verification_hash(),
        "payment": payment,
        "receipts": payment.receipts.all() if payment else (),
        "can_upload": bool(
            payment and payment.needs_receipt and order.status == order_statuses.PENDING_PAYMENT
        ),
        "receipt_form": ReceiptUploadForm(),
        "shipment": getattr(order, "shipment", None),
        "timeline": services.timeline(order),
        "shop_message": message_to_shop(order),
    }

