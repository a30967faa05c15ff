"""A simple per-IP rate limit for the public forms (survey, contact), kept in the cache."""

from django.core.cache import cache

DEFAULT_LIMIT = 10
DEFAULT_WINDOW_SECONDS = 600


def client_ip(request):
    """The client's address as the web server saw it (a proxy must set REMOTE_ADDR correctly)."""
    return request.META.get("REMOTE_ADDR", "")


def allow(request, scope, *, limit=DEFAULT_LIMIT, window=DEFAULT_WINDOW_SECONDS):
    """Count one submission of ``scope`` from this IP; False once over ``limit`` in ``window`` s.

    Usage in a view: ``if not ratelimit.allow(request, "contact"): …show "try later"…``.
    """
    return allow_key(f"crm-ratelimit:{scope}:{client_ip(request)}", limit=limit, window=window)


def allow_key(key, *, limit, window):
    """Count one use of the cache ``key``; False once it was used more than ``limit`` times in
    ``window`` seconds (for limits keyed by something else than the IP, e.g. an e-mail)."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
