"""gunicorn's master warms the application up before forking (storefront/warmup.py)."""

from django.core.cache import caches

from storefront.warmup import warm_up


def test_warm_up_touches_neither_database_nor_cache(monkeypatch):
    # No django_db mark: any query fails the test. The workers must not inherit connections.
    for alias in caches:
        monkeypatch.setattr(caches[alias], "get", lambda *args, **kwargs: (_ for _ in ()).throw(AssertionError(alias)))
    warm_up()
