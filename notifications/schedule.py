"""Periodic Celery tasks of this app, merged into CELERY_BEAT_SCHEDULE by the settings.

Plain data only (no model imports): the settings module imports it.
"""

BEAT_SCHEDULE = {
    # Outbox rows the broker lost or the mail server refused: tried again every minute when due.
    "notifications-deliver-due": {"task": "notifications.tasks.deliver_due_notifications", "schedule": 60},
}
