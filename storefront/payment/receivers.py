"""Payment signal receivers: a cancelled order that was paid online gets its refund (by Celery)."""

from django.dispatch import receiver
from oscar.apps.order.signals import order_status_changed

from core import order_statuses
from core.tasking import enqueue
from storefront.payment import tasks
from storefront.payment.models import GatewayPayment


@receiver(order_status_changed, dispatch_uid="storefront.payment.refund_cancelled_online_payment")
def refund_cancelled_online_payment(sender, order, old_status, new_status, **kwargs):
    if new_status != order_statuses.CANCELLED:
        return
    if GatewayPayment.objects.filter(payment__order=order, state=GatewayPayment.State.PAID).exists():
        enqueue(tasks.refund_cancelled_order, order.pk)
