"""Order signal receivers: every status change is e-mailed to the buyer (by Celery)."""

from django.dispatch import receiver
from oscar.apps.order.signals import order_status_changed

from storefront.order.notifications import enqueue_buyer_email


@receiver(order_status_changed, dispatch_uid="storefront.order.email_buyer_on_status_change")
def email_buyer_on_status_change(sender, order, old_status, new_status, **kwargs):
    """Each status is reached at most once, so ``status-<new status>`` keys one e-mail."""
    enqueue_buyer_email(order.pk, f"status-{new_status}")
