"""WSGI entry point (gunicorn storefront.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings.production")

application = get_wsgi_application()
