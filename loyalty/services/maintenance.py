"""Keeping the ledger right: expiry, staff corrections, opening points, merges, late releases
and the nightly repair of orders whose points were lost (a crashed worker, a lost task)."""

import datetime
import logging
import secrets

from django.db import transaction
from django.db.models import CharField, Q, Sum
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from core import order_statuses

from ..models import Account, BasketRedemption, Entry, EntryKind, SourceType
from ..rules import LoyaltyError
from . import ledger
from .accounts import get_account
from .config import expiry_from, get_settings
from .earning import add_pending_for_order, cancel_order_points, release_order_points
from .tiers import update_tier

logger = logging.getLogger(__name__)


def expire_points(now=None):
    """Expire every batch past its date; returns the number of points expired. Safe to rerun:
    one expiry entry per batch, and an expired batch has nothing left."""
    now = now or timezone.now()
    total = 0
    for batch_id, account_id in (
        Entry.objects.batches().filter(expires_at__lte=now).values_list("pk", "account_id")
    ):
        with transaction.atomic():
            account = Account.objects.select_for_update().get(pk=account_id)
            batch = Entry.objects.select_for_update().get(pk=batch_id)
            if batch.remaining <= 0:
                continue
            points = batch.remaining
            batch.remaining = 0
            batch.save(update_fields=["remaining"])
            if ledger.post(
                account, EntryKind.EXPIRE, SourceType.BATCH, batch.pk, available=-points, note=batch.note
            ):
                total += points
    return total


def adjust_points(account, points, reason, by):
    """A manual correction by staff: a reason is required and the balance never goes negative."""
    reason = (reason or "").strip()
    if not reason:
        raise LoyaltyError(_("A reason is required."))
    if points == 0:
        raise LoyaltyError(_("Enter a number of points other than zero."))
    token = secrets.token_hex(8)
    with transaction.atomic():
        account = ledger.lock(account)
        if points > 0:
            return ledger.post(
                account,
                EntryKind.ADJUST,
                SourceType.STAFF,
                token,
                available=points,
                expires_at=expiry_from(timezone.now(), get_settings()),
                note=reason,
                by=by,
            )
        return ledger.debit(account, EntryKind.ADJUST, SourceType.STAFF, token, -points, note=reason, by=by)


def book_opening_points(customer):
    """Book the customer's opening points from the shop's old records (CRM import) once.

    Opening points already on the account (booked for a record merged into this one) count as
    booked. The first booking per customer wins: a later import with another number is
    corrected by a manual adjustment, never booked twice."""
    if customer.opening_points <= 0:
        return None
    account = get_account(customer)
    with transaction.atomic():
        account = ledger.lock(account)
        booked = account.entries.filter(source_type=SourceType.OPENING).aggregate(
            total=Sum("available_delta")
        )["total"] or 0
        if customer.opening_points <= booked:
            return None
        return ledger.post(
            account,
            EntryKind.ADJUST,
            SourceType.OPENING,
            customer.pk,
            available=customer.opening_points - booked,
            expires_at=expiry_from(timezone.now(), get_settings()),
            note=_("Opening points (import)"),
        )


def merge_accounts(source, target):
    """Two customer records are one person: move ``source``'s points, history and rewards to
    ``target``'s account (called inside the CRM's merge transaction)."""
    moving = Account.objects.filter(customer=source).first()
    if moving is None:
        return None
    kept = Account.objects.filter(customer=target).first()
    if kept is None:
        moving.customer = target
        moving.save(update_fields=["customer"])
        return moving
    with transaction.atomic():
        locked = {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=[moving.pk, kept.pk])}
        moving, kept = locked[moving.pk], locked[kept.pk]
        moving.entries.update(account=kept)
        moving.claims.update(account=kept)
        BasketRedemption.objects.filter(account=moving).update(account=kept)
        Account.objects.filter(referred_by=moving).exclude(pk=kept.pk).update(referred_by=kept)
        if kept.referred_by_id in (None, moving.pk) and moving.referred_by_id != kept.pk:
            kept.referred_by_id = moving.referred_by_id
        kept.available += moving.available
        kept.pending += moving.pending
        kept.save(update_fields=["available", "pending", "referred_by"])
        moving.delete()
    update_tier(kept)
    return kept


def release_due_shipped_orders(now=None):
    """Release points of orders shipped at least N days ago (the buyer did not press "received").

    Not for a cash-on-delivery order whose cash has not come in: its points count only when the
    owner completes it with "cash received"."""

    Order = get_model("order", "Order")
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=get_settings().release_days_after_shipping)
    shipped = Order.objects.filter(
        status=order_statuses.SHIPPED,
        status_changes__new_status=order_statuses.SHIPPED,
        status_changes__date_created__lte=cutoff,
    ).exclude(payment_info__method="cod", payment_info__confirmed_at__isnull=True).distinct()
    released = _orders_without(shipped, EntryKind.EARN)
    return [order.pk for order in released if release_order_points(order)]


def _orders_without(orders, kind):
    done = Entry.objects.filter(source_type=SourceType.ORDER, kind=kind).values("source_id")
    return orders.annotate(key=Cast("pk", CharField())).exclude(key__in=done)


def _order_ids_with(kind):
    return Entry.objects.filter(source_type=SourceType.ORDER, kind=kind).values("source_id")


def orders_missing_entries(since_days=60, placed_before=None):
    """Orders placed in the last ``since_days`` days (and before ``placed_before``) whose points
    entries are missing, by the repair they need: "released" (completed, never released or
    reversed), "pending" (open, no pending points), "reversed" (cancelled, still holding
    pending or redeemed points). Guest orders without an e-mail have nobody to earn for."""
    Order = get_model("order", "Order")
    recent = Order.objects.filter(date_placed__gte=timezone.now() - datetime.timedelta(days=since_days))
    if placed_before is not None:
        recent = recent.filter(date_placed__lt=placed_before)
    recent = recent.exclude(user__isnull=True, guest_email="").annotate(key=Cast("pk", CharField()))
    open_statuses = [
        order_statuses.PENDING_PAYMENT,
        order_statuses.PAID,
        order_statuses.PROCESSING,
        order_statuses.SHIPPED,
    ]
    holding = Q(key__in=_order_ids_with(EntryKind.PENDING)) & ~Q(key__in=_order_ids_with(EntryKind.REVERSE))
    unrefunded = Q(key__in=_order_ids_with(EntryKind.REDEEM)) & ~Q(key__in=_order_ids_with(EntryKind.REFUND))
    return {
        "released": recent.filter(status=order_statuses.COMPLETED)
        .exclude(key__in=_order_ids_with(EntryKind.EARN))
        .exclude(key__in=_order_ids_with(EntryKind.REVERSE)),
        "pending": recent.filter(status__in=open_statuses).exclude(
            key__in=_order_ids_with(EntryKind.PENDING)
        ),
        "reversed": recent.filter(status=order_statuses.CANCELLED).filter(holding | unrefunded),
    }


def reconcile_orders(since_days=60):
    """Repair orders whose ledger entries are missing (a lost task or crashed worker).

    Each order is repaired in its own transaction; one that cannot be repaired is reported with
    the reason and the others are still repaired. Returns the order numbers per repair
    ("released", "pending", "reversed") and ``failed``: (number, reason) pairs.
    """
    repairs = {
        "released": release_order_points,
        "pending": add_pending_for_order,
        "reversed": cancel_order_points,
    }
    report = {"released": [], "pending": [], "reversed": [], "failed": []}
    for kind, orders in orders_missing_entries(since_days).items():
        for order in orders.select_related("user", "shipping_address"):
            try:
                with transaction.atomic():
                    repaired = repairs[kind](order)
            except Exception as exc:  # noqa: BLE001 (one broken order must not stop the others)
                logger.exception("Loyalty reconciliation could not repair order %s", order.number)
                report["failed"].append((order.number, str(exc)))
                continue
            if repaired:
                report[kind].append(order.number)
    if any(report.values()):
        logger.warning("Loyalty reconciliation: %s", report)
    return report


def rebuild_balance(account):
    """Recompute an account's cached balances from its ledger; returns (old, new) pairs."""
    with transaction.atomic():
        account = ledger.lock(account)
        totals = account.entries.aggregate(a=Sum("available_delta"), p=Sum("pending_delta"))
        old = (account.available, account.pending)
        new = (totals["a"] or 0, totals["p"] or 0)
        if old != new:
            account.available, account.pending = new
            account.save(update_fields=["available", "pending"])
        return old, new


def drifted_accounts():
    """Accounts whose cached balances differ from the sum of their ledger entries."""
    return (
        Account.objects.annotate(a=Sum("entries__available_delta"), p=Sum("entries__pending_delta"))
        .exclude(Q(available=Coalesce("a", 0)) & Q(pending=Coalesce("p", 0)))
        .order_by("pk")
    )
