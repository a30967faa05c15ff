"""The production settings as the bench serves them: DEBUG off, Redis cache, compressed static
files — only the TLS parts are off, because gunicorn listens on plain HTTP on 127.0.0.1."""
from storefront.settings.production import *  # noqa: F401,F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
OSCAR_BASKET_COOKIE_SECURE = False
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
AXES_ENABLED = False  # the load generator signs in hundreds of times from one address
ROOT_URLCONF = "bench.urls"  # + /media/, which a proxy serves in production
