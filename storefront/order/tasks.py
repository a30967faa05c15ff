"""Background work for orders: cancelling unpaid orders (buyer e-mails go through the
outbox, ``notifications``)."""

from celery import shared_task

from storefront.order import services


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=60, max_retries=5)
def cancel_overdue_orders():
    """Cancel unpaid transfer/QRIS orders past their deadline and release their stock (the
    buyers are e-mailed through the status change). Safe to run twice: a cancelled order is
    no longer overdue. Returns the cancelled order ids."""
    return services.cancel_overdue_orders()
