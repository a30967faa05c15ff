"""Whole-page cache for visitors who are not signed in and have nothing in a basket.

The home page, the catalogue, category and product pages look the same for every such
visitor, so the first one builds the page and the others get the stored HTML until something
it shows changes: a product, price, stock record, category or photo (namespace ``catalogue``),
a Wagtail page (``pages``) or the owner's settings (``settings``) bumps the version that is
part of the key (``core.caching``). A price change is therefore visible on the very
next request.

Forms on these pages (add to basket, search) carry a CSRF token; a stored page gets the
current visitor's own token written into it on the way out, so every visitor still posts
with a token that matches their cookie.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from core import caching

# URL names (``namespace:name``) whose pages are shared by all anonymous visitors.
CACHED_URL_NAMES = {"catalogue:index", "catalogue:category", "catalogue:detail", "wagtail_serve"}
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+(")')
HEADER = "X-Page-Cache"
TIMEOUT = 600


def shared(request):
    """A GET from someone whose page would be like everybody else's: not signed in, no
    basket, no flash messages waiting. Such a page is stored and shown to every such visitor,
    so it must leave out what is the visitor's own (the recently viewed products)."""
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:
        return False
    if settings.OSCAR_BASKET_COOKIE_OPEN in request.COOKIES or "messages" in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES and "_messages" in request.session:
        return False
    match = request.resolver_match
    return match is not None and match.view_name in CACHED_URL_NAMES


def page_key(request):
    """The cache key of this page: host, path with query, language and the versions of
    everything a shared page shows."""
    versions = ".".join(
        str(caching.version(namespace)) for namespace in (caching.CATALOGUE, caching.PAGES, caching.SETTINGS)
    )
    return f"page:{versions}:{get_language()}:{request.get_host()}:{request.get_full_path()}"


class AnonymousPageCacheMiddleware:
    """Serve and store shared pages (see the module docstring). Goes after the basket
    middleware: it needs ``request.user`` and the CSRF machinery."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not shared(request):
            return None
        key = page_key(request)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(CSRF_INPUT.sub(_own_token(request), content), content_type=content_type)
            response[HEADER] = "hit"
            return response
        response = view_func(request, *view_args, **view_kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        personal_cookies = set(response.cookies) - {settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME}
        if response.status_code == 200 and not response.streaming and not personal_cookies:
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
            response[HEADER] = "miss"
        return response


def _own_token(request):
    token = get_token(request).encode()
    return lambda match: match.group(1) + token + match.group(2)
