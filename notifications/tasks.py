"""Celery tasks of the outbox. Both are safe to run twice or at once: delivery locks the row
and sends only a pending one."""

from celery import shared_task

from core.tasking import TASK_OPTIONS

from . import outbox


@shared_task(**TASK_OPTIONS)
def deliver_notification(notification_id):
    """Deliver one outbox row right after the change that queued it committed. A failure is
    recorded on the row and retried by ``deliver_due_notifications``."""
    return outbox.deliver(notification_id)


@shared_task(**TASK_OPTIONS)
def deliver_due_notifications():
    """Beat: deliver what the per-row task did not (broker down, worker lost, mail server
    down). Returns how many rows reached each status."""
    return outbox.deliver_due()
