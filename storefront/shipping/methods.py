"""Shipping methods offered at checkout (Oscar method objects, charges in Rupiah)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import methods

PICKUP_CODE = "pickup"
FREE_CODE = "free-shipping"
COURIER_CODE = "province-flat-rate"
COURIER_SERVICE_PREFIX = "courier-"


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


class CourierService(methods.FixedPrice):
    """A courier service quoted for this parcel and address by the rate provider (Biteship)."""

    def __init__(self, rate):
        super().__init__(charge_excl_tax=rate.price, charge_incl_tax=rate.price)
        self.code = f"{COURIER_SERVICE_PREFIX}{rate.courier_code}-{rate.service_code}"
        self.name = f"{rate.courier_name} {rate.service_name}"
        self.rate = rate
        self.description = delivery_estimate(rate)


def delivery_estimate(rate):
    """ "Estimated 1–2 days" from the provider's range, or its own wording."""
    if rate.min_days is None:
        return rate.duration
    if rate.min_days == rate.max_days:
        return _("Estimated %(days)s days") % {"days": rate.min_days}
    return _("Estimated %(low)s–%(high)s days") % {"low": rate.min_days, "high": rate.max_days}


class ProvinceFlatRate(methods.FixedPrice):
    """Delivery by courier for the flat rate of the buyer's province (no tax in Rupiah prices)."""

    code = COURIER_CODE
    name = _("Delivery by courier")

    def __init__(self, province, rate):
        super().__init__(charge_excl_tax=Decimal(rate), charge_incl_tax=Decimal(rate))
        self.province = province
        self.description = province
