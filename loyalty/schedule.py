"""Periodic Celery tasks of this app, merged into CELERY_BEAT_SCHEDULE by the settings.

Plain data only (no model imports): the settings module imports it. Times are Asia/Jakarta.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "loyalty-expire-points": {
        "task": "loyalty.tasks.nightly_expire_points",
        "schedule": crontab(hour=1, minute=0),
    },
    "loyalty-warn-expiring": {
        "task": "loyalty.tasks.nightly_warn_expiring_points",
        "schedule": crontab(hour=9, minute=0),
    },
    "loyalty-birthdays": {
        "task": "loyalty.tasks.nightly_birthday_bonuses",
        "schedule": crontab(hour=7, minute=0),
    },
    "loyalty-tiers": {"task": "loyalty.tasks.nightly_update_tiers", "schedule": crontab(hour=1, minute=30)},
    "loyalty-release-shipped": {
        "task": "loyalty.tasks.release_shipped_orders",
        "schedule": crontab(hour=2, minute=0),
    },
    "loyalty-reconcile": {"task": "loyalty.tasks.nightly_reconcile", "schedule": crontab(hour=3, minute=0)},
    # After the reconciliation: drift left then is not a lost task but a bug or a manual edit.
    "loyalty-balance-drift": {
        "task": "loyalty.tasks.nightly_check_balance_drift",
        "schedule": crontab(hour=3, minute=30),
    },
}
