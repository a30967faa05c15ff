"""Online payments through a payment gateway (``storefront.payment.gateways``).

The buyer pays on the gateway's page; the order then moves through the same actions as the
owner's manual confirmation (``storefront.order.services``): paid → ``confirm_payment`` (the
loyalty points stay pending as for any paid order), expired/cancelled/denied → ``cancel`` like
an unpaid order. The shop never trusts a notification alone: its signature is checked, then the
status is read again from the gateway's API, and only that answer moves the order. Each
notification is kept once (unique provider + transaction + status), and every move is checked
against the order's current state, so repeated and out-of-order notifications change nothing.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from core import order_statuses
from core.prices import currency
from core.tasking import enqueue
from storefront.order import services as order_services
from storefront.payment.gateways import (
    FAILED,
    PAID,
    REFUNDED,
    GatewayUnavailable,
    active_gateway,
    get_gateway,
)
from storefront.payment.models import (
    GatewayNotification,
    GatewayPayment,
    GatewayRefund,
    OrderPayment,
    PaymentMethod,
)

logger = logging.getLogger(__name__)
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")

# A pending online payment is asked about again when no notification came for this long.
CHECK_AFTER = timedelta(minutes=10)
# Unpaid online orders are cancelled this long after their deadline (the gateway's page
# expires at the deadline; the grace lets a last-minute payment arrive first).
CANCEL_GRACE = timedelta(minutes=30)

CANCEL_REASONS = {
    "expire": gettext_lazy("the online payment expired"),
    "cancel": gettext_lazy("the online payment was cancelled"),
    "deny": gettext_lazy("the online payment was refused"),
    "failure": gettext_lazy("the online payment failed"),
}


class OnlinePaymentRefused(Exception):
    """The buyer cannot pay online now; ``str()`` is the message for the buyer."""


def start_payment(order, finish_url):
    """The URL of the gateway page where the buyer pays ``order``. The gateway transaction is
    created once (the row lock keeps two taps from creating two) and its page is reused;
    ``finish_url`` is where the gateway sends the buyer back."""
    with transaction.atomic():
        payment = OrderPayment.objects.select_for_update().filter(order=order).first()
        if payment is None or not payment.is_online or order.status != order_statuses.PENDING_PAYMENT:
            raise OnlinePaymentRefused(_("This order is not waiting for an online payment."))
        online = GatewayPayment.objects.filter(payment=payment).first()
        if online and online.redirect_url:
            return online.redirect_url
        gateway = get_gateway(online.provider) if online else active_gateway()
        if gateway is None or not gateway.is_configured:
            raise OnlinePaymentRefused(
                _("Online payment is not available right now. Please contact the shop.")
            )
        try:
            url = gateway.start(order, payment, finish_url)
        except GatewayUnavailable as error:
            logger.warning("Online payment of order %s could not start: %s", order.number, error)
            raise OnlinePaymentRefused(
                _("The payment service is not reachable right now; please try again in a few minutes.")
            ) from error
        GatewayPayment.objects.update_or_create(
            payment=payment, defaults={"provider": gateway.name, "redirect_url": url}
        )
    return url


def receive_notification(provider, body):
    """Handle one notification ``body`` sent by the gateway ``provider``; returns what was
    done (a short English word for the log). Raises ``LookupError`` for an unknown or
    unconfigured provider, ``InvalidNotification`` for a forged or malformed body, and
    ``GatewayUnavailable`` when the status could not be read again (the gateway retries)."""
    gateway = get_gateway(provider)
    if not gateway.is_configured:
        raise LookupError(provider)
    notice = gateway.parse_notification(body)
    key = {
        "provider": gateway.name,
        "transaction_id": notice.transaction_id,
        "transaction_status": notice.provider_status,
    }
    if GatewayNotification.objects.filter(**key).exists():
        return "duplicate"
    current = gateway.fetch_status(notice.order_number)
    try:
        with transaction.atomic():
            GatewayNotification.objects.create(**key, order_number=notice.order_number, payload=notice.raw)
            return apply_status(gateway, notice.order_number, current)
    except IntegrityError:
        return "duplicate"  # the same notification, handled meanwhile by another worker


@transaction.atomic
def apply_status(gateway, order_number, status, now=None):
    """Record what ``gateway`` says about ``order_number`` (a ``TransactionStatus``, or None
    when it has no transaction yet) and move the order accordingly. Returns what was done."""
    now = now or timezone.now()
    payment = OrderPayment.objects.filter(order__number=order_number, method=PaymentMethod.ONLINE).first()
    if payment is None:
        return "unknown order"
    online, _created = GatewayPayment.objects.select_for_update().get_or_create(
        payment=payment, defaults={"provider": gateway.name}
    )
    online.checked_at = now
    if status is None:
        online.save(update_fields=["checked_at"])
        return "no transaction"
    online.transaction_id = status.transaction_id or online.transaction_id
    online.provider_status = status.provider_status
    online.payment_type = status.payment_type or online.payment_type
    online.gross_amount = status.gross_amount
    order = payment.order
    if status.outcome == PAID:
        result = _paid(gateway, order, payment, online, status)
    elif status.outcome == FAILED:
        result = _failed(order, online, status)
    elif status.outcome == REFUNDED:
        online.state, result = GatewayPayment.State.REFUNDED, "refunded"
    else:
        result = "pending"
    online.save()
    return result


def _paid(gateway, order, payment, online, status):
    if status.gross_amount != payment.amount_due:
        problem = _(
            "%(gateway)s reports %(paid)s paid, but the order asks for %(due)s. The order was not marked "
            "as paid: check this payment in %(gateway)s's dashboard."
        ) % {
            "gateway": gateway.label,
            "paid": currency(status.gross_amount),
            "due": currency(payment.amount_due),
        }
        if online.problem != problem:
            online.problem = problem
            report_to_owner(order, problem)
        return "wrong amount"
    first_news = online.state != GatewayPayment.State.PAID
    online.state, online.problem = GatewayPayment.State.PAID, ""
    if order.status == order_statuses.PENDING_PAYMENT:
        try:
            order_services.confirm_payment(order.pk)
        except order_services.OrderActionRefused:
            return "already moved"
        _note(
            order,
            _("Paid online through %(gateway)s (%(type)s), transaction %(id)s.")
            % {"gateway": gateway.label, "type": status.payment_type, "id": status.transaction_id},
        )
        return "paid"
    if order.status == order_statuses.CANCELLED and first_news:
        report_to_owner(
            order,
            _("Order %(number)s was paid online after it was cancelled; the money is being refunded.")
            % {"number": order.number},
        )
        enqueue(_tasks().refund_cancelled_order, order.pk)
        return "paid after cancellation"
    return "already paid"


def _failed(order, online, status):
    if online.state == GatewayPayment.State.PAID:
        return "already paid"
    online.state = GatewayPayment.State.FAILED
    if order.status != order_statuses.PENDING_PAYMENT:
        return "already moved"
    reason = CANCEL_REASONS.get(status.provider_status, CANCEL_REASONS["failure"])
    try:
        order_services.cancel(order.pk, str(reason))
    except order_services.OrderActionRefused:
        return "already moved"
    return "cancelled"


def check_pending_payments(now=None):
    """Ask the gateway about online payments still waiting whose notification has not come
    (none for ``CHECK_AFTER``), and cancel those still unpaid ``CANCEL_GRACE`` after their
    deadline. Returns {order number: what was done}. Safe to run twice."""
    now = now or timezone.now()
    waiting = (
        OrderPayment.objects.filter(method=PaymentMethod.ONLINE, order__status=order_statuses.PENDING_PAYMENT)
        .filter(order__date_placed__lt=now - CHECK_AFTER)
        .filter(
            Q(gateway__isnull=True)
            | Q(gateway__checked_at__isnull=True)
            | Q(gateway__checked_at__lt=now - CHECK_AFTER)
        )
        .select_related("order", "gateway")
    )
    results = {}
    for payment in waiting:
        results[payment.order.number] = _check(payment, now)
    return results


def check_now(order_id):
    """The owner's "check with the gateway" button on one order. Returns what was done;
    ``OnlinePaymentRefused`` when the gateway cannot be reached."""
    payment = OrderPayment.objects.select_related("order", "gateway").get(order_id=order_id)
    online = getattr(payment, "gateway", None)
    if online is None:
        raise OnlinePaymentRefused(_("The buyer has not opened the online payment page yet."))
    try:
        status = get_gateway(online.provider).fetch_status(payment.order.number)
    except GatewayUnavailable as error:
        raise OnlinePaymentRefused(
            _("The payment service is not reachable right now; please try again in a few minutes.")
        ) from error
    return apply_status(get_gateway(online.provider), payment.order.number, status)


def _check(payment, now):
    order, online = payment.order, getattr(payment, "gateway", None)
    result = "not started"
    if online is not None:
        gateway = get_gateway(online.provider)
        try:
            status = gateway.fetch_status(order.number)
        except GatewayUnavailable as error:
            logger.warning("Could not check the online payment of order %s: %s", order.number, error)
            return "gateway unavailable"
        result = apply_status(gateway, order.number, status, now)
    overdue = payment.deadline is not None and payment.deadline + CANCEL_GRACE < now
    if result in ("not started", "no transaction", "pending") and overdue:
        try:
            order_services.cancel(order.pk, _("not paid before the deadline"))
        except order_services.OrderActionRefused:
            return result  # moved meanwhile
        return "cancelled"
    return result


def refund_cancelled_order(order_id):
    """Record the refund of a cancelled order that was paid online and, where the payment type
    allows it, ask the gateway for it (once: the refund row and the gateway's refund key make
    a repeated call a no-op). Returns the ``GatewayRefund`` or None when there is nothing to
    refund."""
    with transaction.atomic():
        online = (
            GatewayPayment.objects.select_for_update()
            .select_related("payment__order")
            .filter(payment__order_id=order_id, state=GatewayPayment.State.PAID)
            .first()
        )
        order = online.payment.order if online else None
        if online is None or order.status != order_statuses.CANCELLED:
            return None
        existing = GatewayRefund.objects.filter(gateway_payment=online).first()
        if existing:
            return existing
        gateway = get_gateway(online.provider)
        refund = GatewayRefund(
            gateway_payment=online,
            amount=online.payment.amount_due,
            reason=_("Order %(number)s cancelled") % {"number": order.number},
            refund_key=f"{order.number}-refund",
            state=GatewayRefund.State.MANUAL,
        )
        if gateway.can_refund(online.payment_type):
            try:
                refund.response = gateway.refund(
                    order.number, refund.amount, refund.reason, refund.refund_key
                )
                refund.state = GatewayRefund.State.REQUESTED
            except GatewayUnavailable as error:
                refund.state, refund.response = GatewayRefund.State.FAILED, {"error": str(error)}
        refund.save()
    if refund.state == GatewayRefund.State.REQUESTED:
        _note(
            order,
            _("Refund of %(amount)s requested from %(gateway)s.")
            % {"amount": currency(refund.amount), "gateway": gateway.label},
        )
    else:
        report_to_owner(
            order,
            _("Please pay %(amount)s back to the buyer of order %(number)s by hand: %(state)s.")
            % {
                "amount": currency(refund.amount),
                "number": order.number,
                "state": refund.get_state_display(),
            },
        )
    return refund


def report_to_owner(order, message):
    """Leave ``message`` on the order (seen on its dashboard page) and e-mail the shop's staff."""
    _note(order, message)
    enqueue(_tasks().email_owner, order.pk, str(message))


def _tasks():
    from storefront.payment import tasks  # the tasks module imports this one

    return tasks


def _note(order, message):
    OrderNote.objects.create(order=order, note_type=OrderNote.SYSTEM, message=str(message))
