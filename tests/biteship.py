"""Test helpers for Biteship: its documented messages (tests/fixtures/biteship/) and switching
the courier provider on."""

import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "biteship"
API_KEY = "biteship_test.eyJhbGciOiJIUzI1NiJ9.langganan"
API_BASE_URL = "https://biteship-api.test"
RATES_URL = f"{API_BASE_URL}/v1/rates/couriers"


def fixture(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def tracking_url(waybill, courier):
    return f"{API_BASE_URL}/v1/trackings/{waybill}/couriers/{courier}"


def switch_on(settings, origin_postcode="40111"):
    """Biteship on with a test key and base URL; the shop ships from ``origin_postcode``."""
    from storefront.shipping.models import ShippingSettings

    settings.BITESHIP_API_KEY = API_KEY
    settings.BITESHIP_API_BASE_URL = API_BASE_URL
    row = ShippingSettings.load()
    row.origin_postcode = origin_postcode
    row.save()
    return settings


def set_weight(product, grams):
    """Give ``product`` a weight in grams (the ``weight`` attribute of its product class)."""
    from oscar.core.loading import get_model

    ProductAttribute = get_model("catalogue", "ProductAttribute")
    ProductAttribute.objects.get_or_create(
        product_class=product.get_product_class(),
        code="weight",
        defaults={"name": "Weight (g)", "type": ProductAttribute.INTEGER},
    )
    product.attr.weight = grams
    product.attr.save()
    return product
