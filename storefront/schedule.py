"""Periodic Celery tasks of this app, merged into CELERY_BEAT_SCHEDULE by the settings.

Plain data only (no model imports): the settings module imports it.
"""

BEAT_SCHEDULE = {
    # Unpaid transfer/QRIS orders past their deadline: cancel, release stock, tell the buyer.
    "storefront-cancel-overdue-orders": {
        "task": "storefront.order.tasks.cancel_overdue_orders",
        "schedule": 15 * 60,
    },
    # Online payments whose gateway notification never came: ask the gateway, cancel expired ones.
    "storefront-check-pending-online-payments": {
        "task": "storefront.payment.tasks.check_pending_online_payments",
        "schedule": 10 * 60,
    },
    # Shipped orders with a tracking number: fetch the courier's history; delivered completes.
    "storefront-track-shipments": {
        "task": "storefront.shipping.tasks.track_shipments",
        "schedule": 2 * 60 * 60,
    },
}
