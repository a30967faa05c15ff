"""The shop's caches: values kept under a namespace whose version is bumped when its data changes.

A namespace groups what one kind of change makes stale: ``catalogue`` (products, prices, stock,
categories, photos), ``pages`` (Wagtail pages), ``settings`` (the owner's settings rows) and
``orders`` (orders and what the dashboards count from them). Keys carry the namespace's current
version, so bumping the version (one cache write) retires every value built from the old data;
nobody has to know which keys exist. The receivers that bump are in ``storefront.cache_signals``.

The cache is Django's ``default``: local memory per process by default, Redis shared by all
workers when REDIS_URL is set (settings/base.py).

Round trips to Redis are most of what the settings, menu and shop details cost a page, so:

- within a web request the versions are read from the cache once, all in one round trip (a
  basket page asked Redis for the ``settings`` version three times, a product page read three
  versions one after the other). The request works on the versions it saw first, as if it had
  read them at its start; its own bumps are seen at once.
- a value under a versioned key never changes (a change makes a new key), so each process also
  keeps its own copy (``keep``, the ``local`` cache: process memory, values copied on every
  read, so a caller changing the row it got — a settings form — changes nobody else's).
"""

import contextvars
import time

from django.core.cache import cache, caches
from django.db import transaction

CATALOGUE = "catalogue"
PAGES = "pages"
SETTINGS = "settings"
ORDERS = "orders"
SITE_PARTS = "site_parts"  # the menu and shop details around every page (cms.navigation)
OFFERS = "offers"  # offers, their conditions, benefits and ranges, vouchers (the kept basket page);
# the loyalty rewards and their tiers (the buyer's points page)
NAMESPACES = (CATALOGUE, PAGES, SETTINGS, ORDERS, SITE_PARTS, OFFERS)

DEFAULT_TIMEOUT = 600  # seconds; versions make stale values unreachable long before this
# A process's own copy lives at most this long, so a value that goes stale by its timeout rather
# than by a bump (e.g. the points outstanding) is at most a minute older than the shared one.
LOCAL_TIMEOUT = 60
_MISSING = object()
# The versions read during the current web request (None outside one: tasks, commands, shells).
_request_versions = contextvars.ContextVar("request_cache_versions", default=None)


def start_request_reads(**kwargs):
    """``request_started`` receiver: the request reads each version from the cache once."""
    _request_versions.set({})


def end_request_reads(**kwargs):
    """``request_finished`` receiver: later code reads the cache again."""
    _request_versions.set(None)


def _get_version(version_key):
    """``cache.get(version_key)`` (``_MISSING`` when absent); within a request, every
    namespace's version in one round trip the first time one is asked."""
    seen = _request_versions.get()
    if seen is None:
        return cache.get(version_key, _MISSING)
    if version_key not in seen:
        keys = [_version_key(namespace) for namespace in NAMESPACES]
        found = cache.get_many(keys)
        seen.update({each: found.get(each, _MISSING) for each in keys if each not in seen})
    return seen.get(version_key, _MISSING)


def _remember(versions):
    """What this process just stored is what the rest of its request reads."""
    seen = _request_versions.get()
    if seen is not None:
        seen.update(versions)


def _version_key(namespace):
    return f"version:{namespace}"


def version(namespace):
    """The namespace's current version (a fresh one when the cache has lost it)."""
    current = _get_version(_version_key(namespace))
    if current is _MISSING:
        current = time.time_ns()  # never reuses an older version after an eviction
        cache.add(_version_key(namespace), current, None)
        current = cache.get(_version_key(namespace), current)
        _remember({_version_key(namespace): current})
    return current


def bump(*namespaces):
    """Make every value cached under ``namespaces`` stale, now and again when the current
    transaction commits (so a request that read the old rows in between cannot keep them)."""

    def _bump():
        versions = {_version_key(namespace): time.time_ns() for namespace in namespaces}
        cache.set_many(versions, None)
        _remember(versions)

    _bump()
    transaction.on_commit(_bump)


def key(namespace, name):
    """The cache key of ``name`` under the namespace's current version."""
    return f"{namespace}:{version(namespace)}:{name}"


def keep(versioned_key, build, timeout=DEFAULT_TIMEOUT, still_current=None):
    """``build()``'s value under a key that names its version (it is never stored again with
    another value): from this process's memory, else from the shared cache, else built and
    stored in both. When the key is read from rows that may change while ``build()`` reads
    them again, ``still_current()`` tells whether it still names them: if not, the value is
    returned but not kept (it may show a newer state than its key)."""
    local = caches["local"]
    value = local.get(versioned_key, _MISSING)
    if value is _MISSING:
        value = cache.get(versioned_key, _MISSING)
        if value is _MISSING:
            value = build()
            if still_current is not None and not still_current():
                return value
            cache.set(versioned_key, value, timeout)
        local.set(versioned_key, value, LOCAL_TIMEOUT if timeout is None else min(timeout, LOCAL_TIMEOUT))
    return value


def cached(namespace, name, build, timeout=DEFAULT_TIMEOUT):
    """``build()``'s value, kept under ``namespace`` until the namespace is bumped."""
    return keep(key(namespace, name), build, timeout)
