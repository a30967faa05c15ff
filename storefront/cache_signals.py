"""What makes the shop's caches stale (``core.caching``): connected in ``StorefrontConfig.ready``.

Saves and deletes of catalogue rows (products, prices and stock, categories, photos, options:
``core.products.shop_has_options``) and of their links, Wagtail page publishing, the owner's
settings rows, orders and offers (with vouchers) each bump their namespace.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core import caching

CATALOGUE_MODELS = (
    "catalogue.Product",
    "catalogue.ProductCategory",
    "catalogue.Category",
    "catalogue.ProductImage",
    "catalogue.ProductClass",
    "catalogue.Option",
    "catalogue.ProductAttributeValue",
    "catalogue.ProductRecommendation",
    "partner.StockRecord",
    "partner.Partner",
    "reviews.ProductReview",
)
SETTINGS_MODELS = (
    "loyalty.LoyaltySettings",
    "payment.PaymentSettings",
    "shipping.ShippingSettings",
    "cms.ShopSettings",
    "wagtailcore.Site",
    "sites.Site",
)
ORDER_MODELS = (
    "order.Order",
    "order.Line",
    "crm.Customer",
    "crm.CustomerOrder",
    "crm.Feedback",
)
PAGE_MODELS = ("wagtailcore.Page", "wagtailcore.PageViewRestriction")
RANGE_LINKS = (  # a range's many-to-many links
    "included_products",
    "excluded_products",
    "classes",
    "included_categories",
    "excluded_categories",
)
OFFER_MODELS = (  # placing an order saves the offers and vouchers it used (their usage counts)
    "offer.ConditionalOffer",
    "offer.Condition",
    "offer.Benefit",
    "offer.Range",
    "offer.RangeProduct",
    "voucher.Voucher",
    "voucher.VoucherSet",
    "voucher.VoucherApplication",
    "loyalty.Reward",  # the rewards on offer to buyers (kept: loyalty.services.rewards_on_offer)
    "loyalty.Tier",  # … with the tiers they are for
)


def _bumper(namespace):
    def receiver(sender, **kwargs):
        caching.bump(namespace)

    receiver.__name__ = f"bump_{namespace}"
    return receiver


bump_catalogue = _bumper(caching.CATALOGUE)


def bump_settings(sender, created=False, **kwargs):
    """A settings row changed. Its first save is left out: Wagtail creates a site's
    ``ShopSettings`` row on its first read, inside the very function that caches the menu, so
    nothing cached can predate the row, and bumping there would throw away the value being
    cached. (The shop's own one-row tables, ``core.models.SettingsRow``, bump on every save.)"""
    if not created:
        caching.bump(caching.SETTINGS)


bump_orders = _bumper(caching.ORDERS)
bump_pages = _bumper(caching.PAGES)
bump_offers = _bumper(caching.OFFERS)


def connect():
    """Connect the receivers to every model that feeds a cached value."""
    for labels, receiver in (
        (CATALOGUE_MODELS, bump_catalogue),
        (SETTINGS_MODELS, bump_settings),
        (ORDER_MODELS, bump_orders),
        (PAGE_MODELS, bump_pages),
        (OFFER_MODELS, bump_offers),
    ):
        for label in labels:
            model = apps.get_model(label)
            post_save.connect(receiver, sender=model, dispatch_uid=f"cache-{label}-save")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"cache-{label}-delete")
    product, product_class = apps.get_model("catalogue.Product"), apps.get_model("catalogue.ProductClass")
    links = (product.categories, product.product_options, product_class.options)
    for through in (link.through for link in links):
        m2m_changed.connect(bump_catalogue, sender=through, dispatch_uid=f"cache-{through._meta.label}")
    offer_links = [getattr(apps.get_model("offer.Range"), name).through for name in RANGE_LINKS]
    for through in [*offer_links, apps.get_model("voucher.Voucher").offers.through]:
        m2m_changed.connect(bump_offers, sender=through, dispatch_uid=f"cache-{through._meta.label}")
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(bump_pages, dispatch_uid=f"cache-pages-{id(signal)}")
