"""The catalogue: products with stock and a Rupiah price, categories, product photos."""

from decimal import Decimal

from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.test import factories

from tests.factories.files import jpeg_file


def make_product(title="Kopi Gayo 250 g", price="50000", stock=5, category=None, upc=None):
    """A public product with one stock record: ``stock`` in stock at ``price`` Rupiah.

    ``category`` is a Category or a breadcrumb such as ``"Kopi"`` or ``"Minuman > Kopi"``
    (created when missing)."""
    product = factories.create_product(title=title, price=Decimal(price), num_in_stock=stock, upc=upc)
    if category is not None:
        product.categories.add(make_category(category) if isinstance(category, str) else category)
    return product


def make_category(name):
    """The category at breadcrumb ``name`` (``"Kopi"``, ``"Kopi > Bubuk"``), created when missing."""
    return create_from_breadcrumbs(name)


def add_product_photo(product):
    """Give ``product`` a 600×600 JPEG photo."""
    photo = jpeg_file(f"produk-{product.pk}", (600, 600))
    return factories.create_product_image(product=product, original=photo)
