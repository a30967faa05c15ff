"""Courier rates and tracking from a rate provider (Biteship, docs/providers.md).

``storefront.shipping.couriers.biteship`` talks to the provider; this module holds the shop's
rules around it: the parcel's weight, the cache of quotes per (origin, destination, weight
band), the search of destination districts for the address form, and what to do when the
provider is slow or down (the caller falls back to the province flat rates, so an order always
goes through).
"""

import hashlib
import logging
import math
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

WEIGHT_BAND_GRAMS = 1000  # couriers charge per started kilogram
QUOTE_CACHE_SECONDS = 6 * 60 * 60
DOWN_SECONDS = 60  # after a failure, flat rates for a minute without asking again
AREA_CACHE_SECONDS = 7 * 24 * 60 * 60  # districts hardly change
AREA_MIN_LETTERS = 3
DEFAULT_ITEM_WEIGHT_GRAMS = 1000  # a product without a weight counts as 1 kg
WEIGHT_ATTRIBUTE = "weight"  # Oscar product attribute, in grams


class CourierUnavailable(Exception):
    """The rate provider was slow, down or refused the request."""


@dataclass(frozen=True)
class CourierRate:
    """One courier service for a parcel: fee in Rupiah and the estimated delivery time."""

    courier_code: str
    courier_name: str
    service_code: str
    service_name: str
    price: Decimal
    duration: str  # as the provider words it, e.g. "1 - 2 days"
    min_days: int | None = None
    max_days: int | None = None


@dataclass(frozen=True)
class CourierArea:
    """A destination district as the provider knows it: its id for the rates, the label the
    buyer picks ("Sumur Bandung, Bandung, Jawa Barat. 40111") and its parts."""

    id: str
    name: str
    district: str = ""
    city: str = ""
    province: str = ""
    postcode: str = ""


def weight_band(grams):
    """The kilogram band a parcel of ``grams`` falls in (1 for anything up to 1 kg)."""
    return max(1, math.ceil(grams / WEIGHT_BAND_GRAMS))


def basket_weight(basket):
    """The parcel's weight in grams: each line's product weight (attribute ``weight``) times
    its quantity; a product without a weight counts as ``DEFAULT_ITEM_WEIGHT_GRAMS``."""
    total = 0
    for line in basket.all_lines():
        value = _product_weight(line.product)
        total += (value or DEFAULT_ITEM_WEIGHT_GRAMS) * line.quantity
    return total


def _product_weight(product):
    values = product.attribute_values.filter(attribute__code=WEIGHT_ATTRIBUTE)
    if not values and product.parent_id:
        values = product.parent.attribute_values.filter(attribute__code=WEIGHT_ATTRIBUTE)
    value = values[0].value if values else None
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def provider():
    """The courier rate provider when its key is set, else None (flat province rates only)."""
    from storefront.shipping.couriers import biteship

    client = biteship.Biteship()
    return client if client.is_configured else None


def _down_key(client):
    return f"courier-rates-down:{client.name}"


def quotes(origin_postcode, destination_postcode, grams, destination_area_id=""):
    """The courier services for a parcel, cheapest first, from the cache or the provider.
    The destination is the district the buyer chose (``destination_area_id``) or else the
    postal code. Raises ``CourierUnavailable`` when the provider is off, slow (over
    ``BITESHIP_TIMEOUT``, at most 3 s) or down. After a failure the provider is not asked again
    for ``DOWN_SECONDS``: one checkout step may need the methods several times, and the buyer
    must wait for the timeout at most once."""
    client = provider()
    if client is None or not origin_postcode or not (destination_postcode or destination_area_id):
        raise CourierUnavailable("no provider or destination")
    down_key = _down_key(client)
    if cache.get(down_key):
        raise CourierUnavailable("recently down")
    band = weight_band(grams)
    destination = f"area-{destination_area_id}" if destination_area_id else destination_postcode
    key = f"courier-rates:{client.name}:{origin_postcode}:{destination}:{band}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    try:
        quoted = client.rates(
            origin_postcode,
            destination_postcode,
            band * WEIGHT_BAND_GRAMS,
            settings.BITESHIP_COURIERS,
            destination_area_id=destination_area_id,
        )
    except CourierUnavailable:
        cache.set(down_key, True, DOWN_SECONDS)
        raise
    rates = sorted(quoted, key=lambda rate: rate.price)
    cache.set(key, rates, QUOTE_CACHE_SECONDS)
    return rates


def search_areas(text):
    """Destination districts whose name matches what the buyer typed (at least
    ``AREA_MIN_LETTERS`` letters), from the cache or the provider; [] when there is no
    provider or it is slow or down: the buyer then just types the district and the rates use
    the postal code. A failure is remembered like the rates' (``DOWN_SECONDS``), so the next
    letters do not each wait for the timeout."""
    text = " ".join(text.split()).lower()[:60]
    client = provider()
    if client is None or len(text) < AREA_MIN_LETTERS or cache.get(_down_key(client)):
        return []
    key = f"courier-areas:{client.name}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    try:
        areas = client.areas(text)
    except CourierUnavailable as error:
        logger.warning("District search unavailable: %s", error)
        cache.set(_down_key(client), True, DOWN_SECONDS)
        return []
    cache.set(key, areas, AREA_CACHE_SECONDS)
    return areas
