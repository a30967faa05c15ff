"""Which shipping methods a basket can use, given the address (Oscar's Repository hook)."""

import logging

from oscar.apps.shipping import repository

from storefront.shipping import couriers
from storefront.shipping.methods import CourierService, FreeShipping, Pickup, ProvinceFlatRate
from storefront.shipping.rates import province_rate, shipping_settings

logger = logging.getLogger(__name__)


def courier_services(basket, address, settings_row):
    """The couriers quoted for this parcel to the district the buyer chose (else the postal
    code), cheapest first, or [] when the provider is off, slow or down: the caller then offers
    the province's flat rate, so the order goes through."""
    if couriers.provider() is None:
        return []
    try:
        rates = couriers.quotes(
            settings_row.origin_postcode,
            address.postcode,
            couriers.basket_weight(basket),
            destination_area_id=getattr(address, "courier_area_id", ""),
        )
    except couriers.CourierUnavailable as error:
        logger.warning("Courier rates unavailable, offering the province rate: %s", error)
        return []
    return [CourierService(rate) for rate in rates]


class Repository(repository.Repository):
    """Couriers quoted for the parcel (or the province's flat rate), free shipping above the
    threshold, and pick-up."""

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        settings_row = shipping_settings()
        available = []
        rate = province_rate(getattr(shipping_addr, "state", "")) if shipping_addr else None
        if rate is not None:
            if settings_row.gives_free_shipping(basket.total_incl_tax):
                available.append(FreeShipping())
            else:
                quoted = courier_services(basket, shipping_addr, settings_row)
                available.extend(quoted or [ProvinceFlatRate(rate.province, rate.rate)])
        if settings_row.pickup_enabled:
            available.append(Pickup(settings_row.pickup_address))
        return available
