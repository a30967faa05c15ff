"""Payment rules: which methods a buyer may use, the unique transfer code, the deadline, and
receipts. Views and tasks call these functions; the rules live only here."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import order_statuses
from storefront import owner_alerts
from storefront.payment.gateways import active_gateway
from storefront.payment.models import (
    RECEIPT_FORMATS,
    BankAccount,
    OrderPayment,
    PaymentMethod,
    PaymentReceipt,
    PaymentSettings,
)
from storefront.shipping.rates import province_rate

UNIQUE_CODES = range(1, 1000)


class PaymentRefused(Exception):
    """A payment step that is not allowed right now; ``str()`` is the message for the buyer."""


def payment_settings():
    """The shop's payment settings (``core.models.SettingsRow``: cached, reading never writes)."""
    return PaymentSettings.load()


def active_bank_accounts():
    """The bank accounts buyers may transfer to, in the owner's order."""
    return BankAccount.objects.filter(is_active=True)


def available_methods(province, config=None):
    """The payment methods a buyer shipping to ``province`` may choose, as ``PaymentMethod``s.

    Bank transfer needs at least one active account, QRIS an uploaded image, COD may be
    limited to the provinces the owner ticked, and paying online needs a payment gateway with
    its keys set (``storefront.payment.gateways``)."""
    config = config or payment_settings()
    methods = []
    if active_bank_accounts().exists():
        methods.append(PaymentMethod.BANK_TRANSFER)
    if config.qris_enabled and config.qris_image:
        methods.append(PaymentMethod.QRIS)
    if config.cod_enabled:
        rate = province_rate(province) if config.cod_limited_to_provinces else None
        if not config.cod_limited_to_provinces or (rate is not None and rate.cod_available):
            methods.append(PaymentMethod.COD)
    if active_gateway() is not None:
        methods.append(PaymentMethod.ONLINE)
    return methods


def payment_deadline(placed_at, hours):
    """When an unpaid order placed at ``placed_at`` is cancelled: ``hours`` later."""
    return placed_at + timedelta(hours=hours)


def pick_unique_code(total, taken_amounts, rng=random):
    """A code 1–999 such that ``total + code`` is not among ``taken_amounts`` (the amounts of
    the other transfers still awaited), so the owner can tell transfers apart on the bank
    statement. Raises ``PaymentRefused`` when all 999 amounts are taken."""
    taken = {Decimal(amount) for amount in taken_amounts}
    free = [code for code in UNIQUE_CODES if Decimal(total) + code not in taken]
    if not free:
        raise PaymentRefused(_("Too many transfers are waiting; please try again later."))
    return rng.choice(free)


def _open_amounts_near(total):
    return OrderPayment.objects.filter(open_amount__gt=total, open_amount__lt=total + 1000).values_list(
        "open_amount", flat=True
    )


def record_order_payment(order, method, now=None):
    """Create the ``OrderPayment`` of a freshly placed order: the amount to pay (order total
    plus a unique code for bank transfers when enabled) and the payment deadline.

    A cash-on-delivery order has nothing to wait for: no deadline, and it is placed straight
    into "Processing", ready to prepare and ship (the cash comes when it is delivered).

    A unique index on the open amount settles races between two orders placed at once: the
    loser picks another code."""
    config = payment_settings()
    now = now or timezone.now()
    total = Decimal(order.total_incl_tax).quantize(Decimal("1"))
    payment = OrderPayment(order=order, method=method, amount_due=total)
    if method == PaymentMethod.COD:
        order.status = order_statuses.PROCESSING  # its first status, not a change: no signal, no e-mail
        order.save(update_fields=["status"])
    else:
        payment.deadline = payment_deadline(now, config.payment_window_hours)
    if method != PaymentMethod.BANK_TRANSFER or not config.unique_code_enabled:
        payment.save()
        return payment
    for _attempt in range(5):
        payment.unique_code = pick_unique_code(total, _open_amounts_near(total))
        payment.amount_due = payment.open_amount = total + payment.unique_code
        try:
            with transaction.atomic():
                payment.save()
            return payment
        except IntegrityError:
            payment.pk = None
    raise PaymentRefused(_("Too many transfers are waiting; please try again later."))


def add_receipt(order, upload, file_format):
    """Store a receipt the buyer uploaded for ``order``; ``file_format`` is what
    ``clean_receipt_upload`` detected ("JPEG", "PNG", "WEBP", "PDF"). The file is renamed
    after its real format, so a name like ``x.html`` can never decide how it is served.
    Refused when the order is not waiting for a transfer/QRIS payment."""
    payment = getattr(order, "payment_info", None)
    if payment is None or not payment.needs_receipt:
        raise PaymentRefused(_("This order does not need a payment receipt."))
    if order.status != order_statuses.PENDING_PAYMENT:
        raise PaymentRefused(_("This order is no longer waiting for payment."))
    extension, _content_type = RECEIPT_FORMATS[file_format]
    upload.name = f"{order.number}.{extension}"
    receipt = PaymentReceipt.objects.create(payment=payment, file=upload, is_pdf=file_format == "PDF")
    owner_alerts.alert_owner(owner_alerts.RECEIPT, receipt.pk)
    return receipt


def orders_awaiting_confirmation():
    """Orders with a receipt waiting for the owner's check, oldest receipt first (for the
    owner's "Hari ini" page and the orders dashboard)."""
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    waiting = OrderPayment.objects.awaiting_confirmation().values("order_id")
    return Order.objects.filter(pk__in=waiting).order_by("date_placed")
