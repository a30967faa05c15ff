"""The Redis cache backend (storefront.redis_cache) on a real Redis: Django's behaviour, with one
redis-py client per connection pool instead of one per operation."""

import pytest
from django.conf import settings

from storefront.redis_cache import RedisCache

pytestmark = pytest.mark.services


@pytest.fixture
def cache():
    cache = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-redis-cache"})
    yield cache
    cache.delete_many(["kopi", "teh"])


def test_stores_reads_and_deletes_like_djangos(cache):
    cache.set("kopi", {"harga": 15000})
    assert cache.get("kopi") == {"harga": 15000}
    assert cache.add("kopi", "lain") is False
    assert cache.add("teh", 1) is True and cache.incr("teh") == 2
    assert cache.get_many(["kopi", "teh"]) == {"kopi": {"harga": 15000}, "teh": 2}
    cache.delete("kopi")
    assert cache.get("kopi") is None


def test_every_operation_uses_the_same_client(cache):
    client = cache._cache.get_client()
    cache.set("kopi", 1)
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client("kopi") is client
