"""Periodic Celery tasks of this app, merged into CELERY_BEAT_SCHEDULE by the settings.

Plain data only (no model imports): the settings module imports it.
"""

BEAT_SCHEDULE = {}
