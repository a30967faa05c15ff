"""Keeping the catalogue from a phone: adding a product in one step and changing many at once.

Oscar spreads one sellable thing over several rows (Product, its ProductClass, a StockRecord per
partner, category links, images). A small shop has one partner and one kind of product, so this
module fills in those parts itself and the owner only types what a buyer sees: name, price,
stock, weight (for the courier rates), category, photo, description.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

from storefront.shipping.couriers import WEIGHT_ATTRIBUTE

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
is_solr_supported = get_class("search.features", "is_solr_supported")

# The same codes as the demo shop (storefront/demo.py), so demo products are the shop's own.
SHOP_PARTNER_CODE = "toko-langganan"
DEFAULT_PRODUCT_CLASS_SLUG = "produk-umkm"
MAX_PRICE = Decimal("9999999999")  # StockRecord.price has 12 digits, 2 of them decimals
MAX_STOCK = 1_000_000
MAX_WEIGHT_GRAMS = 100_000  # 100 kg: more than any courier parcel of a small shop

# "15000", "15.000", "15,000", "Rp 15.000", "Rp15.000,-", "15.000,00": whole Rupiah only.
_WHOLE_NUMBER = re.compile(r"^(\d{1,3}(\.\d{3})+|\d{1,3}(,\d{3})+|\d+)(,-|,00|\.00)?$")
_CURRENCY_PREFIX = re.compile(r"^rp\.?", re.IGNORECASE)


def parse_whole_number(value):
    """Read a whole number the way Indonesians write it ("15.000", "15000", "Rp 15.000").

    Spreadsheet cells may already be numbers (15000 or 15000.0). Returns an ``int`` or ``None``
    for an empty value; raises ``ValidationError`` for fractions, negatives and text.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(_("Enter a whole number, for example 15.000."), code="invalid")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        if value != int(value):
            raise ValidationError(
                _("Enter a whole number without cents, for example 15.000."), code="fraction"
            )
        number = int(value)
    else:
        text = _CURRENCY_PREFIX.sub("", str(value).strip()).replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        match = _WHOLE_NUMBER.match(text.removeprefix("-"))
        if not match:
            raise ValidationError(_("Enter a whole number, for example 15.000."), code="invalid")
        number = int(re.sub(r"[.,]", "", match.group(1))) * (-1 if text.startswith("-") else 1)
    if number < 0:
        raise ValidationError(_("The number cannot be negative."), code="negative")
    return number


def parse_price(value):
    """A price in whole Rupiah as ``Decimal`` (see ``parse_whole_number``); must be above zero."""
    number = parse_whole_number(value)
    if number is None:
        return None
    if number == 0:
        raise ValidationError(_("The price must be more than Rp 0."), code="zero")
    if number > MAX_PRICE:
        raise ValidationError(_("The price is too high."), code="too_high")
    return Decimal(number)


def parse_stock(value):
    """A stock count (``int`` ≥ 0, see ``parse_whole_number``)."""
    number = parse_whole_number(value)
    if number is not None and number > MAX_STOCK:
        raise ValidationError(_("The stock number is too high."), code="too_high")
    return number


def parse_weight(value):
    """A product's weight in whole grams (``int`` > 0, see ``parse_whole_number``)."""
    number = parse_whole_number(value)
    if number is None:
        return None
    if number == 0:
        raise ValidationError(_("The weight must be more than 0 grams."), code="zero")
    if number > MAX_WEIGHT_GRAMS:
        raise ValidationError(
            _("The weight is too high (at most %(max)s grams)."),
            params={"max": f"{MAX_WEIGHT_GRAMS:,}".replace(",", ".")},
            code="too_high",
        )
    return number


def shop_partner():
    """The shop's own partner (fulfiller) that every stock record belongs to; created if missing."""
    partner, _created = Partner.objects.get_or_create(
        code=SHOP_PARTNER_CODE, defaults={"name": settings.OSCAR_SHOP_NAME}
    )
    return partner


def default_product_class():
    """The one product type a small shop needs (shipped, stock tracked); created if missing."""
    product_class, _created = ProductClass.objects.get_or_create(
        slug=DEFAULT_PRODUCT_CLASS_SLUG,
        defaults={"name": "Produk UMKM", "requires_shipping": True, "track_stock": True},
    )
    return product_class


def weight_attribute(product_class=None):
    """The ``weight`` attribute (whole grams) of a product type, which the courier rates read
    (``storefront.shipping.couriers.basket_weight``); created if missing. Being an attribute,
    the full product editor shows it too."""
    attribute, _created = ProductAttribute.objects.get_or_create(
        product_class=product_class or default_product_class(),
        code=WEIGHT_ATTRIBUTE,
        defaults={"name": "Berat (gram)", "type": ProductAttribute.INTEGER},
    )
    return attribute


def set_weight(product, grams):
    """Set a product's weight in grams (the ``weight`` attribute of its product type)."""
    weight_attribute(product.get_product_class()).save_value(product, grams)


def shop_sku(product):
    """The product's code (SKU) as the owner sees it: its UPC, set by ``add_product`` if missing."""
    return product.upc or f"LG{product.pk:05d}"


def _free_sku(product):
    """``LG00042`` from the product's id, with a suffix in the rare case the owner already used it."""
    sku, suffix = f"LG{product.pk:05d}", 1
    while Product.objects.filter(upc=sku).exists() or StockRecord.objects.filter(partner_sku=sku).exists():
        suffix += 1
        sku = f"LG{product.pk:05d}-{suffix}"
    return sku


@transaction.atomic
def add_product(
    *,
    title,
    price,
    num_in_stock,
    weight=None,
    category=None,
    description="",
    photo=None,
    upc="",
    reindex=True,
):
    """Create a public, sellable product with its stock record, weight in grams, category and
    (processed) photo.

    ``photo`` must already be processed (``storefront.catalogue_images.process_product_photo``).
    The search index is refreshed once the transaction commits (callers adding many products
    pass ``reindex=False`` and call ``reindex_on_commit`` once for all of them).
    """
    product = Product(
        title=title,
        description=description,
        product_class=default_product_class(),
        upc=upc or None,
        is_public=True,
    )
    product.save()
    if not product.upc:
        product.upc = _free_sku(product)
        # A queryset update: no second save signal, so no second search-index write.
        Product.objects.filter(pk=product.pk).update(upc=product.upc)
    set_shop_stock(product, price=price, num_in_stock=num_in_stock)
    if weight is not None:
        set_weight(product, weight)
    if category is not None:
        ProductCategory.objects.create(product=product, category=category)
    if photo is not None:
        ProductImage.objects.create(product=product, original=photo, caption=title[:200], display_order=0)
    if reindex:
        reindex_on_commit([product.pk])
    return product


def set_shop_stock(product, **values):
    """Set price and/or stock (``price=``, ``num_in_stock=``) on the shop's stock record of a product.

    The record is locked while it changes, so a checkout allocating stock at the same moment is
    not overwritten; it is created when the product has none yet.
    """
    partner = shop_partner()
    record = StockRecord.objects.select_for_update().filter(product=product, partner=partner).first()
    if record is None:
        record = StockRecord(product=product, partner=partner, partner_sku=shop_sku(product))
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    return record


@dataclass(frozen=True)
class QuickChange:
    """New price, stock, weight (grams; None keeps it) and visibility for one product, as typed
    in the quick list."""

    product_id: int
    price: Decimal
    num_in_stock: int
    is_public: bool
    weight: int | None = None


@transaction.atomic
def apply_quick_changes(changes):
    """Save many quick-list changes at once (all or nothing); return how many products changed."""
    changes = list(changes)
    products = Product.objects.in_bulk([change.product_id for change in changes])
    for change in changes:
        product = products[change.product_id]
        if product.is_public != change.is_public:
            product.is_public = change.is_public
            product.save(update_fields=["is_public", "date_updated"])
        set_shop_stock(product, price=change.price, num_in_stock=change.num_in_stock)
        if change.weight is not None:
            set_weight(product, change.weight)
    reindex_on_commit(products.keys())
    return len(changes)


def reindex_on_commit(product_ids):
    """Refresh the search index of these products after the transaction commits.

    Oscar's realtime signal processor only reacts to saving the Product itself; price, stock and
    categories live in other tables and are indexed here, once everything is written. Only Solr
    keeps an index; the database search needs none.
    """
    if not is_solr_supported():
        return
    product_ids = list(product_ids)

    def reindex():
        from haystack import connections

        index = connections["default"].get_unified_index().get_index(Product)
        backend = connections["default"].get_backend()
        public = list(index.index_queryset().filter(pk__in=product_ids))
        if public:
            backend.update(index, public)
        for product in Product.objects.filter(pk__in=product_ids).exclude(pk__in=[p.pk for p in public]):
            backend.remove(product)

    transaction.on_commit(reindex)
