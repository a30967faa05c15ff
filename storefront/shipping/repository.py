"""Which shipping methods a basket can use, given the address (Oscar's Repository hook)."""

from oscar.apps.shipping import repository

from storefront.shipping.methods import FreeShipping, Pickup, ProvinceFlatRate
from storefront.shipping.rates import province_rate, shipping_settings


class Repository(repository.Repository):
    """Courier to the province of the address (free above the threshold) and pick-up."""

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        settings_row = shipping_settings()
        available = []
        rate = province_rate(getattr(shipping_addr, "state", "")) if shipping_addr else None
        if rate is not None:
            if settings_row.gives_free_shipping(basket.total_incl_tax):
                available.append(FreeShipping())
            else:
                available.append(ProvinceFlatRate(rate.province, rate.rate))
        if settings_row.pickup_enabled:
            available.append(Pickup(settings_row.pickup_address))
        return available
