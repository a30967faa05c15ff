"""The shop's menu: Wagtail pages marked "show in menus" and the top-level Oscar categories.

The menu is on every page (header and footer), so it is cached; any saved, deleted or moved
page or category makes a new cache generation, so an edit shows on the next request.
"""
from django.core.cache import cache
from oscar.core.loading import get_model
from wagtail.models import Site

Category = get_model("catalogue", "Category")

CACHE_SECONDS = 10 * 60
GENERATION_KEY = "cms:menu-generation"


def forget_menu():
    """Make every cached menu stale (called when pages or categories change)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


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


def menu_for(request):
    """``{"pages": [...], "categories": [...]}``, each item with ``title``, ``url`` and
    ``active`` (the visitor is on that page or below it)."""
    generation = cache.get_or_set(GENERATION_KEY, 1, None)
    key = f"cms:menu:{generation}:{request.get_host()}"
    menu = cache.get(key)
    if menu is None:
        menu = _build_menu(request)
        cache.set(key, menu, CACHE_SECONDS)
    path = request.path
    return {
        group: [{**item, "active": bool(item["url"]) and path.startswith(item["url"])} for item in items]
        for group, items in menu.items()
    }
