"""gunicorn's master warms the application up before forking (storefront/warmup.py)."""

from django.core.cache import caches

from storefront.warmup import warm_up


def refuse(*args, **kwargs):
    raise AssertionError("the warm-up read a cache")


def test_warm_up_touches_neither_database_nor_cache(monkeypatch):
    # No django_db mark: any query fails the test. The workers must not inherit connections.
    for each in caches.all(initialized_only=False):
        monkeypatch.setattr(each, "get", refuse)
    warm_up()
