"""Background work for orders: buyer e-mails and cancelling unpaid orders."""

from celery import shared_task

from core.tasking import TASK_OPTIONS
from storefront.order import notifications, services


@shared_task(**TASK_OPTIONS)
def send_buyer_email(order_id, key):
    """E-mail the buyer of ``order_id`` about ``key``. Idempotent: the per-order, per-key
    ``OrderEmail`` row means a retried or duplicated task never mails twice."""
    return notifications.send_buyer_email_now(order_id, key)


@shared_task(**TASK_OPTIONS)
def cancel_overdue_orders():
    """Cancel unpaid transfer/QRIS orders past their deadline and release their stock (the
    buyers are e-mailed through the status change). Safe to run twice: a cancelled order is
    no longer overdue. Returns the cancelled order ids."""
    return services.cancel_overdue_orders()
