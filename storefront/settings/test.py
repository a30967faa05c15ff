"""Test settings: fast hashers, in-memory cache and mail, plain static storage.

The database comes from DATABASE_URL like everywhere else, so the same suite runs on SQLite
(a newcomer's `make test`) and on PostgreSQL (CI with REQUIRE_SERVICES=1).
"""

import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": CACHES["local"],  # noqa: F405 (emptied with the rest before every test)
}
THUMBNAIL_CACHE = "default"  # emptied before every test with the rest (tests/conftest.py)
# Pages are built on every request unless a test turns the anonymous page cache on.
PAGE_CACHE_ENABLED = False
MEDIA_ROOT = tempfile.mkdtemp(prefix="langganan-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="langganan-test-private-")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file, not in memory: Django shares an in-memory database's one
    # connection between the test and every thread of the browser tests' live server, and two
    # threads using one connection at once break each other's transactions at random. With a
    # file each thread has its own connection, locked by SQLite as in `make run`.
    # (pytest-xdist gives each worker its own file.)
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="langganan-test-db-")) / "test.sqlite3")
    }
# Tasks run in-process unless a test starts a real worker (services-backed tests do).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
LOGGING = {"version": 1, "disable_existing_loggers": False}
