"""Background work for shipping: tracking shipped parcels (storefront.shipping.tracking)."""

from celery import shared_task

from core.tasking import TASK_OPTIONS
from storefront.shipping import tracking


@shared_task(**TASK_OPTIONS)
def track_shipments():
    """Fetch the courier's history of shipped orders; a delivered parcel completes its order."""
    return tracking.track_shipments()
