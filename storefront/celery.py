"""The Celery application: background work for points, expiry, e-mails and surveys."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings.dev")

app = Celery("storefront")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
