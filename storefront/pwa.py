"""Installing the shop on a phone's home screen: a web app manifest for the shop and one for the
owner's dashboard, and a service worker that does one thing — show "Tidak ada koneksi" when a
page cannot be loaded. It caches only that page and its stylesheet, never a shop or owner page
(those may be private, and must never be shown stale)."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache

from cms.templatetags.cms_tags import shop_settings

THEME_COLOR = "#1f6f50"


def _icons():
    return [
        {"src": static(f"storefront/icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png",
         "purpose": "any maskable"}
        for size in (192, 512)
    ]


@cache_control(max_age=3600)
def manifest(request, app):
    """The manifest of the shop (``app="shop"``: opens ``/``) or of the owner's dashboard
    (``app="dashboard"``: opens "Hari ini", only inside ``/dashboard/``)."""
    name = shop_settings(request).display_name
    if app == "dashboard":
        start, scope = reverse("dashboard:index"), reverse("dashboard:index")
        name = _("%(shop)s — manage") % {"shop": name}
    else:
        start, scope = "/", "/"
    data = {
        "name": name,
        "short_name": name[:24],
        "lang": settings.LANGUAGE_CODE,
        "start_url": start,
        "scope": scope,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": _icons(),
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


@never_cache
def service_worker(request):
    """``/sw.js`` (at the root, so that it may answer for every page when the phone is offline)."""
    # Rendered without the request: no context processor, so no database work for a file every
    # page load may ask for.
    return HttpResponse(render_to_string("storefront/pwa/sw.js"), content_type="application/javascript")


@cache_control(max_age=3600)
def offline(request):
    """The page the service worker shows without a connection; it needs nothing from the network."""
    return HttpResponse(render_to_string("storefront/pwa/offline.html"))
