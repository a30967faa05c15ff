"""What every page shows around its content: the shop's menu (Wagtail pages marked "show in
menus" and the top-level Oscar categories) and the shop's details (``ShopSettings``).

Both are on every page (header, footer, sharing tags), so they are cached; any saved, deleted
or moved page, category, site or shop details bumps their version (``core.caching``,
namespace ``site_parts``), so an edit shows on the next request.
"""
from oscar.core.loading import get_model
from wagtail.models import Site

from core import caching

from .models import ShopSettings

Category = get_model("catalogue", "Category")


def forget_site_parts():
    """Make every cached menu and shop details stale (called when they may have changed)."""
    caching.bump(caching.SITE_PARTS)


def _build_menu(request):
    site = Site.find_for_request(request)
    pages = []
    if site is not None:
        children = (
            site.root_page.get_children().live().in_menu()
            .exclude(view_restrictions__isnull=False)  # password- or login-only pages stay out
            .only("title", "url_path", "path", "depth")
        )
        pages = [{"title": page.title, "url": page.get_url(request)} for page in children]
    categories = [
        {"title": category.name, "url": category.get_absolute_url()}
        for category in Category.objects.browsable().filter(depth=1).order_by("path")
    ]
    return {"pages": pages, "categories": categories}


def _build_shop_settings(request):
    if request is not None:
        site = Site.find_for_request(request)
    else:
        site = Site.objects.filter(is_default_site=True).first()
    return ShopSettings.for_site(site) if site is not None else ShopSettings()


def shop_settings_for(request=None):
    """The shop's details for the request's site, or for the default site when there is no
    request (e-mails sent by Celery); an unsaved, empty one when there is no site. Read once
    per request: the header, the sharing tags and the language switcher all ask."""
    shop = getattr(request, "_cms_shop_settings", None)
    if shop is not None:
        return shop
    host = request.get_host() if request is not None else "default-site"
    key = f"cms:shop-settings:{caching.version(caching.SITE_PARTS)}:{host}"
    shop = caching.keep(key, lambda: _build_shop_settings(request))
    if request is not None:
        request._cms_shop_settings = shop
    return shop


def menu_for(request):
    """``{"pages": [...], "categories": [...]}``, each item with ``title``, ``url`` and
    ``active`` (the visitor is on that page or below it)."""
    key = f"cms:menu:{caching.version(caching.SITE_PARTS)}:{request.get_host()}"
    menu = caching.keep(key, lambda: _build_menu(request))
    path = request.path
    return {
        group: [{**item, "active": bool(item["url"]) and path.startswith(item["url"])} for item in items]
        for group, items in menu.items()
    }
