"""gunicorn's master warms the application up before forking (storefront/warmup.py)."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.cache import caches

from storefront.warmup import warm_up


def refuse(*args, **kwargs):
    raise AssertionError("the warm-up read a cache")


def test_warm_up_touches_neither_database_nor_cache(monkeypatch):
    # No django_db mark: any query fails the test. The workers must not inherit connections.
    for each in caches.all(initialized_only=False):
        monkeypatch.setattr(each, "get", refuse)
    warm_up()


def test_warm_up_imports_the_redis_client_library_for_the_workers_to_share(tmp_path):
    # A fresh process with the Redis cache configured (at an address where nothing listens: the
    # warm-up must not connect). redis-py is imported in the master, not on each worker's first page.
    probe = (
        "import sys, django; django.setup(); from storefront.warmup import warm_up; "
        "before = 'redis' in sys.modules; warm_up(); print(before, 'redis.client' in sys.modules)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "storefront.settings.production",  # the test settings' cache is local
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "toko.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["False", "True"]
