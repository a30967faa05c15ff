"""Payment signal receivers: a cancelled order that was paid online gets its refund (by Celery)."""

from django.dispatch import receiver
from oscar.apps.order.signals import order_status_changed

from storefront.order import statuses
from storefront.payment import tasks
from storefront.payment.models import GatewayPayment
from storefront.tasking import enqueue


@receiver(order_status_changed, dispatch_uid="storefront.payment.refund_cancelled_online_payment")
def refund_cancelled_online_payment(sender, order, old_status, new_status, **kwargs):
    if new_status != statuses.CANCELLED:
        return
    if GatewayPayment.objects.filter(payment__order=order, state=GatewayPayment.State.PAID).exists():
        enqueue(tasks.refund_cancelled_order, order.pk)
