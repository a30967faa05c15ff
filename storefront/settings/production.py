"""Production: DEBUG off, every secret from the environment, HTTPS everywhere.

Start-up stops with a clear message when SECRET_KEY or ALLOWED_HOSTS is missing.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False

if not env.str("SECRET_KEY", default=""):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production settings refuse to start without a secret key: "
        "export SECRET_KEY to a long random value (see README, 'Configuration')."
    )
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the shop's domain names.")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind a TLS-terminating proxy (nginx, Caddy, a load balancer).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
