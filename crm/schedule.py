"""Periodic Celery tasks of this app, merged into CELERY_BEAT_SCHEDULE by the settings.

Plain data only (no model imports): the settings module imports it.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "crm-send-due-surveys": {"task": "crm.tasks.send_due_surveys", "schedule": crontab(minute=15)},
    "crm-refresh-segments": {
        "task": "crm.tasks.refresh_customer_segments",
        "schedule": crontab(hour=2, minute=30),
    },
}
