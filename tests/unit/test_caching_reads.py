"""core.caching: versions read once per web request, values kept in each process's memory."""

import pytest
from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started

from core import caching

pytestmark = pytest.mark.django_db  # bumps are repeated on commit; requests close connections


def test_a_request_reads_the_versions_once_and_sees_its_own_bumps(monkeypatch):
    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or get_many(keys))
    request_started.send(sender=None)
    try:
        first = caching.version(caching.SETTINGS)
        assert caching.version(caching.SETTINGS) == first
        caching.version(caching.CATALOGUE)
        assert len(reads) == 1  # every namespace at once
        caching.bump(caching.SETTINGS)
        assert caching.version(caching.SETTINGS) != first  # its own bump, at once
        assert len(reads) == 1
    finally:
        request_finished.send(sender=None)


def test_outside_a_request_every_read_asks_the_cache():
    first = caching.version(caching.SETTINGS)
    cache.set("version:settings", first + 1, None)  # another process bumped
    assert caching.version(caching.SETTINGS) == first + 1


def test_a_kept_value_is_a_copy_in_process_memory():
    built = []

    def build():
        built.append(1)
        return {"rate": 1}

    value = caching.cached(caching.SETTINGS, "row", build)
    value["rate"] = 2  # a caller changing what it got (a settings form) changes nobody else's
    cache.delete(caching.key(caching.SETTINGS, "row"))  # only the shared copy is gone
    assert caching.cached(caching.SETTINGS, "row", build) == {"rate": 1}
    assert len(built) == 1
    assert caches["local"].get(caching.key(caching.SETTINGS, "row")) == {"rate": 1}
