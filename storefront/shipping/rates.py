"""Shipping rates: one place for the province flat rates, free shipping and pick-up."""

from storefront.shipping.models import ProvinceRate, ShippingSettings
from storefront.shipping.regions import PROVINCES


def ensure_province_rates():
    """Create a rate row for each of the 38 provinces that has none (idempotent: existing
    rows, possibly edited by the owner, are left alone). Returns the number created."""
    existing = set(ProvinceRate.objects.values_list("province", flat=True))
    missing = [
        ProvinceRate(province=name, rate=rate, cod_available=False)
        for name, rate in PROVINCES
        if name not in existing
    ]
    ProvinceRate.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def shipping_settings():
    """The shop's shipping settings (``core.models.SettingsRow``: cached, reading never writes)."""
    return ShippingSettings.load()


def province_rate(province):
    """The ``ProvinceRate`` for ``province`` (seeding the defaults if needed), or None for a
    name that is not one of the 38 provinces."""
    rate = ProvinceRate.objects.filter(province=province).first()
    if rate is None and ensure_province_rates():
        rate = ProvinceRate.objects.filter(province=province).first()
    return rate
