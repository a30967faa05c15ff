"""Background work for orders: cancelling unpaid orders (buyer e-mails go through the
outbox, ``notifications``)."""

from celery import shared_task

from core.tasking import TASK_OPTIONS
from storefront.order import services


@shared_task(**TASK_OPTIONS)
def cancel_overdue_orders():
    """Cancel unpaid transfer/QRIS orders past their deadline and release their stock (the
    buyers are e-mailed through the status change). Safe to run twice: a cancelled order is
    no longer overdue. Returns the cancelled order ids."""
    return services.cancel_overdue_orders()
