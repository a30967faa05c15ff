"""Template helpers of the shop's pages: menu, WhatsApp link, sharing (Open Graph) tags."""
from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer
from oscar.templatetags.purchase_info_tags import purchase_info_for_product
from wagtail.models import Page, Site

from cms.models import ShopSettings
from storefront import caching
from storefront.whatsapp import whatsapp_url

register = template.Library()

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")

DESCRIPTION_LENGTH = 200
SHARE_IMAGE_SIZE = "1200x630"  # what WhatsApp, Facebook and X crop previews to


def shop_settings(request):
    """The shop's details for this request's site (an unsaved, empty one when there is no site)."""
    if request is not None and Site.find_for_request(request) is not None:
        return ShopSettings.for_request(request)
    return ShopSettings()


@register.simple_tag(takes_context=True)
def shop_details(context):
    """``{% shop_details as shop %}``: the owner's ``ShopSettings`` (empty fields when unset)."""
    return shop_settings(context.get("request"))


@register.simple_tag(takes_context=True)
def site_menu(context):
    """``{% site_menu as menu %}``: ``menu.pages`` (Wagtail pages marked "show in menus") and
    ``menu.categories`` (the shop's top-level Oscar categories), each with ``title``, ``url``
    and ``active``. The titles and links are cached until a page or category changes
    (``storefront.caching``); only ``active`` is worked out per request."""
    request = context.get("request")
    cached = getattr(request, "_cms_site_menu", None)
    if cached is not None:  # the header and the footer both show the menu
        return cached
    site = Site.find_for_request(request) if request is not None else None
    path = request.path if request is not None else ""
    name = f"menu:{site.pk if site else 0}:{get_language()}:{caching.version(caching.CATALOGUE)}"
    links = caching.cached(caching.PAGES, name, lambda: _menu_links(site, request))
    pages = [dict(item, active=bool(item["url"]) and path.startswith(item["url"])) for item in links["pages"]]
    categories = [dict(item, active=path.startswith(item["url"])) for item in links["categories"]]
    menu = {"pages": pages, "categories": categories}
    if request is not None:
        request._cms_site_menu = menu
    return menu


def _menu_links(site, request):
    pages = []
    if site is not None:
        for page in site.root_page.get_children().live().in_menu().public().only(
            "title", "url_path", "path", "depth"
        ):
            pages.append({"title": page.title, "url": page.get_url(request)})
    categories = [
        {"title": category.name, "url": category.get_absolute_url()}
        for category in Category.objects.browsable().filter(depth=1).order_by("path")
    ]
    return {"pages": pages, "categories": categories}


@register.simple_tag(takes_context=True)
def contact_whatsapp(context, text=""):
    """``{% contact_whatsapp "Halo…" %}`` → wa.me link to the number in the shop's details
    (falling back to ``SHOP_WHATSAPP_NUMBER``)."""
    return whatsapp_url(shop_settings(context.get("request")).contact_whatsapp, str(text or ""))


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """``/media/x.jpg`` → ``https://toko.example/media/x.jpg`` for this request's host."""
    request = context.get("request")
    if not url or request is None:
        return url or ""
    return request.build_absolute_uri(url)


def _plain(text):
    return Truncator(" ".join(strip_tags(text or "").split())).chars(DESCRIPTION_LENGTH)


def _product_meta(request, product, meta):
    meta.update(type="product", title=product.get_title())
    meta["description"] = _plain(product.description) or meta["description"]
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


def _page_meta(page, shop, meta):
    page = page.specific
    meta["title"] = page.seo_title or page.title
    description = getattr(page, "get_share_description", lambda: page.search_description)()
    meta["description"] = _plain(description) or meta["description"]
    image = getattr(page, "get_share_image", lambda: None)() or shop.logo
    if image is not None:
        meta["image_url"] = image.get_rendition(f"fill-{SHARE_IMAGE_SIZE}|format-jpeg|jpegquality-80").url
    meta["type"] = getattr(page, "share_type", meta["type"])


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
    if shop.logo is not None:
        meta["image_url"] = shop.logo.get_rendition("max-600x600|format-png").url
    product = context.get("product")
    page = context.get("page")
    if isinstance(product, Product):
        _product_meta(request, product, meta)
    elif isinstance(page, Page):
        _page_meta(page, shop, meta)
    if meta["image_url"] and request is not None:
        meta["image_url"] = request.build_absolute_uri(meta["image_url"])
    return meta
