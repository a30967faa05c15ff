"""The shop's caches: values kept under a namespace whose version is bumped when its data changes.

A namespace groups what one kind of change makes stale: ``catalogue`` (products, prices, stock,
categories, photos), ``pages`` (Wagtail pages), ``settings`` (the owner's settings rows) and
``orders`` (orders and what the dashboards count from them). Keys carry the namespace's current
version, so bumping the version (one cache write) retires every value built from the old data;
nobody has to know which keys exist. The receivers that bump are in ``storefront.cache_signals``.

The cache is Django's ``default``: local memory per process by default, Redis shared by all
workers when REDIS_URL is set (settings/base.py).
"""

import time

from django.core.cache import cache
from django.db import transaction

CATALOGUE = "catalogue"
PAGES = "pages"
SETTINGS = "settings"
ORDERS = "orders"

DEFAULT_TIMEOUT = 600  # seconds; versions make stale values unreachable long before this
_MISSING = object()


def _version_key(namespace):
    return f"version:{namespace}"


def version(namespace):
    """The namespace's current version (a fresh one when the cache has lost it)."""
    current = cache.get(_version_key(namespace))
    if current is None:
        current = time.time_ns()  # never reuses an older version after an eviction
        cache.add(_version_key(namespace), current, None)
        current = cache.get(_version_key(namespace), current)
    return current


def bump(*namespaces):
    """Make every value cached under ``namespaces`` stale, now and again when the current
    transaction commits (so a request that read the old rows in between cannot keep them)."""

    def _bump():
        cache.set_many({_version_key(namespace): time.time_ns() for namespace in namespaces}, None)

    _bump()
    transaction.on_commit(_bump)


def key(namespace, name):
    """The cache key of ``name`` under the namespace's current version."""
    return f"{namespace}:{version(namespace)}:{name}"


def cached(namespace, name, build, timeout=DEFAULT_TIMEOUT):
    """``build()``'s value, kept under ``namespace`` until the namespace is bumped."""
    full_key = key(namespace, name)
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(full_key, value, timeout)
    return value
