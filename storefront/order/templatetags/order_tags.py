"""Order pages: how to pay, the status timeline and the buyer's order tools."""

from django import template

from core import order_statuses
from storefront.checkout.forms import ReceiptUploadForm
from storefront.order import services
from storefront.order.messages import message_to_shop
from storefront.order.pages import order_page_path
from storefront.payment import services as payment_services
from storefront.shipping.tracking import tracking_steps

register = template.Library()
register.simple_tag(order_page_path, name="order_page_path")


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
        "tracking_steps": tracking_steps(getattr(order, "shipment", None)),
        "timeline": services.timeline(order),
        "shop_message": message_to_shop(order),
    }


@register.filter
def open_for_reviews(order):
    """True when the buyer may review the order's products: the shop has the money (payment
    confirmed, cash received) or the order is completed — not while unpaid or cancelled."""
    payment = getattr(order, "payment_info", None)
    if order.status == order_statuses.CANCELLED:
        return False
    return order.status == order_statuses.COMPLETED or bool(payment and payment.confirmed_at)


@register.simple_tag
def review_by(product, user):
    """``user``'s review of ``product`` (the newest), or None."""
    if not user.is_authenticated:
        return None
    return product.reviews.filter(user=user).order_by("-date_created").first()
