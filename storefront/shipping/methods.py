"""Shipping methods offered at checkout (Oscar method objects, charges in Rupiah)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import methods

PICKUP_CODE = "pickup"
FREE_CODE = "free-shipping"
COURIER_CODE = "province-flat-rate"


class Pickup(methods.Free):
    """The buyer collects the order at the shop: no charge."""

    code = PICKUP_CODE
    name = _("Pick up at the shop")

    def __init__(self, address=""):
        self.description = address


class FreeShipping(methods.Free):
    """Delivery at no charge because the basket reached the free-shipping threshold."""

    code = FREE_CODE
    name = _("Free shipping")


class ProvinceFlatRate(methods.FixedPrice):
    """Delivery by courier for the flat rate of the buyer's province (no tax in Rupiah prices)."""

    code = COURIER_CODE
    name = _("Delivery by courier")

    def __init__(self, province, rate):
        super().__init__(charge_excl_tax=Decimal(rate), charge_incl_tax=Decimal(rate))
        self.province = province
        self.description = province
