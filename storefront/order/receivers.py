"""Order signal receivers: every status change is e-mailed to the buyer (and sent by WhatsApp
when the shop has it), a new complaint alerts the owner; all through the outbox."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from oscar.apps.order.signals import order_status_changed
from oscar.core.loading import get_model

from storefront import owner_alerts
from storefront.order.notifications import enqueue_buyer_email
from storefront.order.whatsapp_notices import enqueue_buyer_whatsapp

Feedback = get_model("crm", "Feedback")


@receiver(order_status_changed, dispatch_uid="storefront.order.email_buyer_on_status_change")
def email_buyer_on_status_change(sender, order, old_status, new_status, **kwargs):
    """Each status is reached at most once, so ``status-<new status>`` keys one message."""
    enqueue_buyer_email(order.pk, f"status-{new_status}")
    enqueue_buyer_whatsapp(order.pk, f"status-{new_status}")


@receiver(post_save, sender=Feedback, dispatch_uid="storefront.order.alert_owner_of_complaint")
def alert_owner_of_complaint(sender, instance, created, **kwargs):
    if created and instance.is_complaint:
        owner_alerts.alert_owner(owner_alerts.COMPLAINT, instance.pk)
