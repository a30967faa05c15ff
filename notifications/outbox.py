"""The outbox: every message to a buyer or the staff is first a row, then a delivery.

Why: a message queued straight to the broker is lost when the broker is down at that moment
(the order is placed, the "order received" e-mail never goes). Instead, ``queue()`` writes a
``Notification`` row in the same transaction as the change that causes it (an order placed, a
status changed, a reply written): both commit or neither does. After the commit a Celery task
delivers the row; the beat task ``deliver_due_notifications`` delivers whatever that task did
not (broker down, worker lost, mail server down), with growing pauses between attempts.

Sent once: delivery locks the row, sends only while it is ``pending`` and marks it ``sent`` in
the same transaction, so parallel or repeated deliveries of one row send one message. (If the
process dies after the mail server accepted the message and before the commit, the row is sent
again later; the e-mail keeps the same Message-ID, by which mail systems drop the repeat.)

Who composes and who sends: ``kind`` names a composer registered by the app that owns the
message (``register_composer``); it builds the message from the row's ``payload`` at delivery
time, so it shows the current state. ``channel`` names a sender (``register_sender``): e-mail
is built in; a WhatsApp sender registers itself for ``Channel.WHATSAPP`` the same way.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from core.tasking import enqueue

from .models import Channel, Notification, Status

__all__ = ["Channel", "Status", "queue", "deliver", "deliver_due", "register_composer", "register_sender"]

logger = logging.getLogger(__name__)

# The beat leaves a fresh row to the task queued at commit for this long.
FIRST_PICKUP = datetime.timedelta(minutes=2)
# Pauses between failed attempts double from FIRST_PICKUP up to this; after MAX_ATTEMPTS
# failures (about a day) the row is marked failed and logged as an error.
MAX_PAUSE = datetime.timedelta(hours=6)
MAX_ATTEMPTS = 10
# Rows one beat run delivers at most (the next run takes the rest).
BATCH_SIZE = 200

_composers = {}
_senders = {}


def register_composer(kind, compose):
    """Make ``compose(**payload)`` build the messages of ``kind``: it returns what the channel's
    sender sends (an ``EmailMessage`` for e-mail) or None when there is nothing to send (e.g. no
    address). It runs inside the delivery's transaction: its writes (an "e-mailed" mark)
    commit only when the message went out."""
    _composers[kind] = compose


def register_sender(channel, send):
    """Make ``send(notification, message)`` deliver the messages of ``channel``; it raises when
    the message did not go out (the row is then tried again later)."""
    _senders[channel] = send


def queue(kind, key, payload, *, channel=Channel.EMAIL):
    """Put the message ``kind`` (``payload``: a dict of JSON values) in the outbox, in the current
    transaction, and deliver it after the commit. ``key`` identifies the event (e.g.
    ``order-12-placed``): the same key on the same channel is queued once. Returns the row."""
    from .tasks import deliver_notification

    if kind not in _composers:
        raise LookupError(f"No composer registered for notification kind {kind!r}")
    row, created = Notification.objects.get_or_create(
        channel=channel,
        key=key,
        defaults={"kind": kind, "payload": payload, "next_attempt_at": timezone.now() + FIRST_PICKUP},
    )
    if created:
        enqueue(deliver_notification, row.pk)
    return row


def deliver(notification_id, *, skip_locked=False):
    """Compose and send one pending row; returns its new status, or None when it was not
    pending (already sent, or being sent by another worker when ``skip_locked``)."""
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=skip_locked)
            .filter(pk=notification_id, status=Status.PENDING)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        try:
            with transaction.atomic():  # a failed attempt undoes the composer's writes only
                message = _composers[row.kind](**row.payload)
                if message is not None:
                    _senders[row.channel](row, message)
        except Exception as error:  # noqa: BLE001  (any failure: record it, try again later)
            _record_failure(row, error, now)
        else:
            row.status = Status.SENT if message is not None else Status.SKIPPED
            row.sent_at = now if message is not None else None
        row.save()
        return row.status


def _record_failure(row, error, now):
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = Status.FAILED
        logger.error("Notification %s failed %s times, giving up", row, row.attempts, exc_info=error)
        return
    row.next_attempt_at = now + min(FIRST_PICKUP * 2**row.attempts, MAX_PAUSE)
    logger.warning(
        "Notification %s not sent (attempt %s), retry at %s",
        row,
        row.attempts,
        row.next_attempt_at,
        exc_info=error,
    )


def deliver_due(now=None):
    """Deliver the pending rows whose time has come (the beat's job); rows another worker is
    sending right now are skipped. Returns how many rows reached each status."""
    now = now or timezone.now()
    due = (
        Notification.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:BATCH_SIZE]
    )
    counts = {}
    for pk in list(due):
        status = deliver(pk, skip_locked=True)
        if status is not None:
            counts[status] = counts.get(status, 0) + 1
    return counts
