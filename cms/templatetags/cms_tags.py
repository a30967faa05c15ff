"""Template helpers of the shop's pages: menu, WhatsApp link, sharing (Open Graph) tags."""
from functools import lru_cache
from urllib.parse import quote

from django import template
from django.db.models import prefetch_related_objects
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer
from oscar.templatetags.purchase_info_tags import purchase_info_for_product
from wagtail.models import Page

from cms.navigation import menu_for, shop_settings_for
from core import caching, products

register = template.Library()

Product = get_model("catalogue", "Product")

DESCRIPTION_LENGTH = 200
SHARE_IMAGE_SIZE = "1200x630"  # what WhatsApp, Facebook and X crop previews to


def shop_settings(request):
    """The shop's details for this request's site (the default site's without a request; an
    unsaved, empty one when there is no site)."""
    return shop_settings_for(request)  # read once per request


@register.simple_tag(takes_context=True)
def shop_details(context):
    """``{% shop_details as shop %}``: the owner's ``ShopSettings`` (empty fields when unset)."""
    return shop_settings(context.get("request"))


@register.simple_tag(takes_context=True)
def site_menu(context):
    """``{% site_menu as menu %}``: ``menu.pages`` (Wagtail pages marked "show in menus") and
    ``menu.categories`` (the shop's top-level Oscar categories), each with ``title``, ``url``
    and ``active``."""
    request = context.get("request")
    if request is None:
        return {"pages": [], "categories": []}
    menu = getattr(request, "_cms_site_menu", None)
    if menu is None:  # the header and the footer both show it
        menu = request._cms_site_menu = menu_for(request)
    return menu


@register.simple_tag(takes_context=True)
def share_on_whatsapp(context, title):
    """``{% share_on_whatsapp page.title %}`` → a wa.me link that lets the buyer send this page's
    title and address to a friend (the link previews with the Open Graph tags)."""
    request = context.get("request")
    address = request.build_absolute_uri(request.path) if request is not None else ""
    return f"https://wa.me/?text={quote(f'{title} {address}'.strip())}"


@lru_cache(maxsize=256)  # the shop's tagline is made plain twice on every page (Python's HTML parser)
def _plain(text):
    return Truncator(" ".join(strip_tags(text or "").split())).chars(DESCRIPTION_LENGTH)


def _product_meta(request, product, meta):
    prefetch_related_objects([product], "stockrecords")  # the page's price and stock tags reuse them
    if getattr(request, "strategy", None) is None or product.is_parent:  # a parent: its variants' prices
        drawn = _drawn_product_meta(request, product)
    else:
        # The same for every visitor until the product changes, kept under the key of the product
        # page's kept parts: its photo's thumbnail and the photos query were most of this tag.
        key = products.drawn_key(products.drawn_key_prefix(request, "share-meta"), product)
        drawn = caching.keep(key, lambda: _drawn_product_meta(request, product))
    meta.update(drawn, description=drawn["description"] or meta["description"])


def _drawn_product_meta(request, product):
    prefetch_related_objects([product], "images")  # the page's gallery reuses them
    meta = {"type": "product", "title": product.get_title(), "description": _plain(product.description)}
    image = product.primary_image()
    if not isinstance(image, dict) and image.original:  # a dict is Oscar's "no photo" placeholder
        thumbnail = get_thumbnailer().generate_thumbnail(image.original, size="600x600", crop="center")
        meta["image_url"] = thumbnail.url
    if getattr(request, "strategy", None) is not None:
        info = purchase_info_for_product(request, product)
        if info.price.exists:
            amount = info.price.incl_tax if info.price.is_tax_known else info.price.excl_tax
            meta["price"] = {"amount": f"{amount:.0f}", "currency": info.price.currency}
        meta["in_stock"] = info.availability.is_available_to_buy
    return meta


def _page_meta(page, meta):
    page = page.specific
    meta["title"] = page.seo_title or page.title
    description = getattr(page, "get_share_description", lambda: page.search_description)()
    meta["description"] = _plain(description) or meta["description"]
    image = getattr(page, "get_share_image", lambda: None)()
    if image is not None:
        meta["image_url"] = image.get_rendition(f"fill-{SHARE_IMAGE_SIZE}|format-jpeg|jpegquality-80").url
    meta["type"] = getattr(page, "share_type", meta["type"])


@register.simple_tag(takes_context=True)
def shop_description(context):
    """The ``<meta name="description">`` of a page that describes nothing of its own (the
    catalogue, the basket, a category without a description): the shop's tagline, else
    "Shop online at <shop>". Search engines show it under the link; an empty one looks broken."""
    shop = shop_settings(context.get("request"))
    return _plain(shop.tagline) or _("Shop online at %(shop)s.") % {"shop": shop.display_name}


@register.simple_tag(takes_context=True)
def share_meta(context):
    """``{% share_meta as meta %}``: title, description, canonical URL, picture and type for
    the ``product`` or Wagtail ``page`` in the context, so a shared link previews nicely.

    Falls back to the shop's name, tagline and logo on every other page.
    """
    request = context.get("request")
    shop = shop_settings(request)
    meta = {
        "site_name": shop.display_name,
        "title": shop.display_name,
        "description": _plain(shop.tagline),
        "type": "website",
        "url": request.build_absolute_uri(request.path) if request is not None else "",
        "image_url": "",
    }
    product = context.get("product")
    page = context.get("page")
    if isinstance(product, Product):
        _product_meta(request, product, meta)
    elif isinstance(page, Page):
        _page_meta(page, meta)
    if not meta["image_url"] and shop.logo_id:  # only then: the logo costs queries
        meta["image_url"] = shop.logo.get_rendition("max-600x600|format-png").url
    if meta["image_url"] and request is not None:
        meta["image_url"] = request.build_absolute_uri(meta["image_url"])
    return meta
