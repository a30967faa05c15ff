"""Orders that come by WhatsApp chat or phone, entered by the owner ("Pesanan dari WhatsApp").

They become real Oscar orders through the same pipeline as the online checkout: a basket with
the shop's prices and stock, Oscar's ``OrderCreator`` (stock allocated, ``order_placed`` for
points and the customer's statistics), the payment record of the checkout, and — when the
buyer already paid — the owner's payment confirmation. The buyer is found or created by phone.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.apps.shipping.methods import FixedPrice
from oscar.core.loading import get_class, get_model

from crm.services import find_or_create_customer
from storefront.order import services
from storefront.payment.models import PaymentMethod
from storefront.payment.services import record_order_payment
from storefront.shipping.methods import Pickup, ProvinceFlatRate
from storefront.shipping.rates import province_rate, shipping_settings
from storefront.shipping.regions import ensure_indonesia

Basket = get_model("basket", "Basket")
OrderNote = get_model("order", "OrderNote")
ShippingAddress = get_model("order", "ShippingAddress")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")

# How the owner sends the order: the province's courier rate, pick-up at the shop, or a fee
# the owner agreed with the buyer in the chat.
SHIP_PROVINCE, SHIP_PICKUP, SHIP_TYPED = "province", "pickup", "typed"
TYPED_FEE_CODE = "typed-fee"
# How the buyer pays: already paid (transfer or QRIS), cash on delivery, or not yet (transfer).
PAID_TRANSFER, PAID_QRIS, COD, WAITING = "paid-transfer", "paid-qris", "cod", "waiting"
PAYMENT_METHODS = {
    PAID_TRANSFER: PaymentMethod.BANK_TRANSFER,
    PAID_QRIS: PaymentMethod.QRIS,
    COD: PaymentMethod.COD,
    WAITING: PaymentMethod.BANK_TRANSFER,
}


class ChatOrderRefused(Exception):
    """The order cannot be placed as entered; ``str()`` is the message for the owner."""


@dataclass
class ChatOrder:
    """What the owner typed from the chat."""

    phone: str
    lines: list  # (product, quantity)
    shipping: str
    payment: str
    name: str = ""
    address: str = ""
    city: str = ""
    province: str = ""
    shipping_fee: Decimal = Decimal("0")
    note: str = ""


def _shipping_method(entry):
    if entry.shipping == SHIP_PICKUP:
        return Pickup(shipping_settings().pickup_address)
    if entry.shipping == SHIP_PROVINCE:
        rate = province_rate(entry.province)
        if rate is None:
            raise ChatOrderRefused(_("Choose the buyer's province for the courier rate."))
        return ProvinceFlatRate(entry.province, rate.rate)
    method = FixedPrice(charge_excl_tax=entry.shipping_fee, charge_incl_tax=entry.shipping_fee)
    method.code, method.name = TYPED_FEE_CODE, _("Delivery (agreed fee)")
    return method


def _basket(lines, user):
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product, quantity in lines:
        info = basket.strategy.fetch_for_product(product)
        allowed, reason = info.availability.is_purchase_permitted(quantity)
        if not allowed:
            raise ChatOrderRefused(f"{product.get_title()}: {reason}")
        basket.add_product(product, quantity)
    return basket


@transaction.atomic
def place_chat_order(entry, by=None):
    """Place ``entry`` (a ``ChatOrder``) as a real order for the customer with its phone, and
    return the order. Raises ``ChatOrderRefused`` (nothing saved) for stock or shipping
    problems."""
    if not entry.lines:
        raise ChatOrderRefused(_("Add at least one product."))
    customer = find_or_create_customer(phone=entry.phone, name=entry.name)
    user = customer.user
    basket = _basket(entry.lines, user)
    method = _shipping_method(entry)
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    address = ShippingAddress.objects.create(
        first_name=entry.name or customer.name,
        line1=entry.address,
        line4=entry.city,
        state=entry.province,
        country=ensure_indonesia(),
        phone_number=customer.phone,
    )
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=charge,
        user=user,
        shipping_address=address,
        status=settings.OSCAR_INITIAL_ORDER_STATUS,
        guest_email="" if user else customer.email,
    )
    basket.submit()
    record_order_payment(order, PAYMENT_METHODS[entry.payment])
    OrderNote.objects.create(
        order=order, user=by, note_type=OrderNote.SYSTEM, message=_("Order taken by chat or phone.")
    )
    if entry.note:
        OrderNote.objects.create(order=order, user=by, note_type=OrderNote.INFO, message=entry.note)
    if entry.payment in (PAID_TRANSFER, PAID_QRIS):
        services.confirm_payment(order.pk, by=by)
    order.refresh_from_db()
    return order
