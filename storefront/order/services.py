"""The owner's order actions and the order pipeline as the buyer sees it.

Each action locks the order row (``select_for_update``) so that two owners tapping at once
produce one change; a move the pipeline does not allow raises ``OrderActionRefused`` with a
message for the owner. Status changes go through ``Order.set_status`` (Oscar records them and
sends ``order_status_changed``, which e-mails the buyer); each action also leaves an order note.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from core import order_statuses
from storefront.order.models import Courier, Shipment
from storefront.payment.models import PaymentReceipt
from storefront.payment.services import payment_deadline, payment_settings

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
EventHandler = get_class("order.processing", "EventHandler")


class OrderActionRefused(Exception):
    """An action the order's state does not allow; ``str()`` is the message for the owner."""


def _lock(order_id):
    return Order.objects.select_for_update(of=("self",)).select_related("payment_info").get(pk=order_id)


def _refuse_unless_can_move(order, new_status):
    if order.status == new_status:
        raise OrderActionRefused(
            _("Order %(number)s is already “%(status)s”.")
            % {"number": order.number, "status": order_statuses.status_label(new_status)}
        )
    if not order_statuses.can_move(order.status, new_status):
        raise OrderActionRefused(
            _("Order %(number)s is “%(status)s” and cannot become “%(new)s”.")
            % {
                "number": order.number,
                "status": order_statuses.status_label(order.status),
                "new": order_statuses.status_label(new_status),
            }
        )


def _note(order, message, by):
    OrderNote.objects.create(order=order, user=by, note_type=OrderNote.SYSTEM, message=message)


def _move(order, new_status, note, by):
    _refuse_unless_can_move(order, new_status)
    order.set_status(new_status)
    _note(order, note, by)
    return order


def _payment(order):
    return getattr(order, "payment_info", None)


@transaction.atomic
def confirm_payment(order_id, by=None):
    """The money arrived (seen by the owner, or reported by the payment gateway): the order
    becomes ``Paid`` and its receipts accepted."""
    order = _lock(order_id)
    payment = _payment(order)
    if payment is None or payment.is_cod:
        raise OrderActionRefused(_("Cash-on-delivery orders are paid when they are delivered."))
    _move(order, order_statuses.PAID, _("Payment confirmed."), by)
    now = timezone.now()
    payment.receipts.filter(status=PaymentReceipt.Status.WAITING).update(
        status=PaymentReceipt.Status.ACCEPTED, reviewed_at=now, reviewed_by=by
    )
    _record_money_received(order, payment, by, now)
    return order


def _record_money_received(order, payment, by, now):
    """The shop has the order's money: the payment is confirmed and Oscar's "Paid" payment
    event recorded (loyalty counts spend only for orders paid like this)."""
    payment.confirmed_at, payment.confirmed_by, payment.open_amount = now, by, None
    payment.save(update_fields=["confirmed_at", "confirmed_by", "open_amount"])
    event_type, _created = PaymentEventType.objects.get_or_create(name=order_statuses.MONEY_RECEIVED_EVENT)
    PaymentEvent.objects.create(
        order=order, amount=payment.amount_due, event_type=event_type, reference=payment.get_method_display()
    )


@transaction.atomic
def reject_receipt(order_id, reason, by=None):
    """The receipt does not show the payment: mark it rejected with ``reason`` and tell the
    buyer, who may upload another. The order keeps waiting for payment."""
    from storefront.order.notifications import enqueue_buyer_email

    reason = (reason or "").strip()
    if not reason:
        raise OrderActionRefused(_("Please write why the receipt is rejected."))
    order = _lock(order_id)
    payment = _payment(order)
    receipt = payment.receipts.filter(status=PaymentReceipt.Status.WAITING).first() if payment else None
    if receipt is None or order.status != order_statuses.PENDING_PAYMENT:
        raise OrderActionRefused(_("There is no receipt waiting for a check on this order."))
    now = timezone.now()
    receipt.status, receipt.reject_reason = PaymentReceipt.Status.REJECTED, reason
    receipt.reviewed_at, receipt.reviewed_by = now, by
    receipt.save(update_fields=["status", "reject_reason", "reviewed_at", "reviewed_by"])
    # The buyer gets a fresh payment window to send a proper receipt before auto-cancel.
    fresh_deadline = payment_deadline(now, payment_settings().payment_window_hours)
    if payment.deadline is None or payment.deadline < fresh_deadline:
        payment.deadline = fresh_deadline
        payment.save(update_fields=["deadline"])
    _note(order, _("Receipt rejected: %(reason)s") % {"reason": reason}, by)
    enqueue_buyer_email(order.pk, f"receipt-rejected-{receipt.pk}")
    return order


@transaction.atomic
def mark_processing(order_id, by=None):
    """Start preparing the order: paid orders, and cash-on-delivery orders straight away."""
    order = _lock(order_id)
    payment = _payment(order)
    if order.status == order_statuses.PENDING_PAYMENT and not (payment and payment.is_cod):
        raise OrderActionRefused(_("Confirm the payment before processing this order."))
    return _move(order, order_statuses.PROCESSING, _("Order is being prepared."), by)


@transaction.atomic
def ship(order_id, courier, tracking_number, courier_name="", by=None):
    """Hand the order to ``courier`` (a ``Courier`` value) with its tracking number; the
    allocated stock is consumed."""
    if courier not in Courier.values:
        raise OrderActionRefused(_("Choose a courier."))
    if courier == Courier.OTHER and not courier_name.strip():
        raise OrderActionRefused(_("Write the courier's name."))
    order = _lock(order_id)
    _refuse_unless_can_move(order, order_statuses.SHIPPED)
    shipment = Shipment.objects.create(
        order=order,
        courier=courier,
        courier_name=courier_name.strip(),
        tracking_number=tracking_number.strip(),
    )
    EventHandler().consume_stock_allocations(order)
    return _move(
        order,
        order_statuses.SHIPPED,
        _("Shipped with %(courier)s, tracking number %(tracking)s.")
        % {"courier": shipment.carrier, "tracking": shipment.tracking_number or "-"},
        by,
    )


@transaction.atomic
def pack_and_ship(order_id, courier, tracking_number, courier_name="", by=None):
    """"Kirim" on Hari ini: a paid or cash-on-delivery order goes out in one step. It is marked
    as being prepared first when it was not yet, so both changes are recorded."""
    order = _lock(order_id)
    if order.status != order_statuses.PROCESSING:
        mark_processing(order_id, by=by)
    return ship(order_id, courier, tracking_number, courier_name=courier_name, by=by)


@transaction.atomic
def complete(order_id, by=None):
    """The buyer has the order. For cash on delivery this is the owner's record that the cash
    came in ("uang diterima", from the buyer or the courier's COD settlement)."""
    order = _lock(order_id)
    payment = _payment(order)
    cash = bool(payment and payment.is_cod and not payment.confirmed_at)
    note = _("Cash received, order completed.") if cash else _("Order completed.")
    _move(order, order_statuses.COMPLETED, note, by)
    if cash:
        _record_money_received(order, payment, by, timezone.now())
    return order


@transaction.atomic
def cancel(order_id, reason, by=None):
    """Cancel the order with ``reason`` (told to the buyer) and release its stock."""
    reason = (reason or "").strip()
    if not reason:
        raise OrderActionRefused(_("Please write why the order is cancelled."))
    order = _lock(order_id)
    _refuse_unless_can_move(order, order_statuses.CANCELLED)
    EventHandler().cancel_stock_allocations(order)
    payment = _payment(order)
    if payment and payment.open_amount is not None:
        payment.open_amount = None
        payment.save(update_fields=["open_amount"])
    return _move(order, order_statuses.CANCELLED, _("Cancelled: %(reason)s") % {"reason": reason}, by)


def cancel_overdue_orders(now=None):
    """Cancel every transfer/QRIS order whose payment deadline has passed (no receipt waiting
    for the owner's check) and release its stock. Returns the cancelled order ids. Safe to
    run twice: an order already cancelled is no longer overdue."""
    from storefront.payment.models import OrderPayment

    now = now or timezone.now()
    order_ids = list(OrderPayment.objects.overdue(now).values_list("order_id", flat=True))
    cancelled = []
    for order_id in order_ids:
        try:
            cancel(order_id, _("not paid before the deadline"))
        except OrderActionRefused:
            continue  # changed meanwhile (e.g. the owner confirmed it)
        cancelled.append(order_id)
    return cancelled


def latest_note(order):
    """The last note the shop's actions left on ``order`` (used in the buyer's e-mail)."""
    return order.notes.filter(note_type=OrderNote.SYSTEM).order_by("-date_created", "-id").first()


def timeline(order):
    """The steps of ``order``'s pipeline for the buyer: a list of dicts with ``status``,
    ``label``, ``date`` (when reached, or None) and ``state`` ("done", "current", "todo")."""
    payment = _payment(order)
    steps = [
        order_statuses.PENDING_PAYMENT,
        order_statuses.PAID,
        order_statuses.PROCESSING,
        order_statuses.SHIPPED,
        order_statuses.COMPLETED,
    ]
    if payment and payment.is_cod and order.status != order_statuses.PENDING_PAYMENT:
        steps = steps[2:]  # placed ready to prepare: no payment to wait for
    elif payment and payment.is_cod:
        steps.remove(order_statuses.PAID)  # an older COD order, placed as "waiting for payment"
    reached = {steps[0]: order.date_placed}
    for change in order.status_changes.all():
        reached[change.new_status] = change.date_created
    if order.status == order_statuses.CANCELLED:
        steps = [step for step in steps if step in reached] + [order_statuses.CANCELLED]
    current = steps.index(order.status) if order.status in steps else 0
    return [
        {
            "status": step,
            "label": order_statuses.status_label(step),
            "date": reached.get(step) if index <= current else None,
            "state": "current" if index == current else ("done" if index < current else "todo"),
        }
        for index, step in enumerate(steps)
    ]


def owner_actions(order):
    """The pipeline buttons the owner may press on ``order`` now, as action names
    ("confirm", "reject", "process", "ship", "complete", "cancel")."""
    payment = _payment(order)
    pending = order.status == order_statuses.PENDING_PAYMENT
    needs_receipt = bool(payment and payment.needs_receipt)
    actions = []
    if pending and needs_receipt:
        actions.append("confirm")
        if payment.receipts.filter(status=PaymentReceipt.Status.WAITING).exists():
            actions.append("reject")
    # Online payments are confirmed by the gateway (storefront.payment.online), not by hand.
    if order.status == order_statuses.PAID or (
        pending and not (needs_receipt or (payment and payment.is_online))
    ):
        actions.append("process")
    if order.status == order_statuses.PROCESSING:
        actions.append("ship")
    if order.status == order_statuses.SHIPPED:
        actions.append("complete")
    if order_statuses.can_move(order.status, order_statuses.CANCELLED):
        actions.append("cancel")
    return actions
