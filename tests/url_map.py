"""The shop's URL map, walked by the tests that visit every page (wording, authorisation)."""

from django.urls import URLPattern, URLResolver, get_resolver

# Pages only staff may open: the owner's dashboard, the shop-page editor and Django's admin.
STAFF_PREFIXES = ("dashboard/", "cms/", "django-admin/")


def walk(resolver=None, prefix="", namespaces=()):
    """Every URL pattern as (route, full name, pattern), depth first."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), ":".join(namespaces + (pattern.name or "",)), pattern
