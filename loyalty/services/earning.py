"""Earning points from orders and counter sales, and giving them back when an order is undone.

How many points an order earns is ``rules.points_for_spend`` of ``order_merchandise_total``
with the buyer's tier multiplier (docs/design.md, "Points").
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import order_statuses
from core.phones import normalise_phone
from crm.services import find_or_create_customer

from .. import rules
from ..models import Account, Entry, EntryKind, SourceType
from ..rules import LoyaltyError
from . import ledger
from .accounts import customer_for_order, get_account
from .bonuses import pay_referral_bonus
from .config import expiry_from, get_settings
from .emails import email_tier_upgrade
from .tiers import assign_tier, tier_multiplier, update_tier


def order_merchandise_total(order):
    """What the buyer paid for the goods: after discounts (points included), shipping excluded."""
    return max(Decimal(order.basket_total_incl_tax), Decimal(0))


def _pending_movement(order, account, config):
    """The pending entry's points, amount and note for ``order`` (``account`` locked)."""
    amount = order_merchandise_total(order)
    return {
        "pending": rules.points_for_spend(amount, config.rupiah_per_point_earned, tier_multiplier(account)),
        "amount": amount,
        "note": _("Order %(number)s") % {"number": order.number},
    }


def add_pending_for_order(order):
    """Put the points for a placed order on hold (pending). Safe to call again: one entry per order."""
    if order.status == order_statuses.CANCELLED:
        return None
    customer = customer_for_order(order)
    if customer is None:
        return None
    config = get_settings()
    account = get_account(customer)
    with transaction.atomic():
        account = ledger.lock(account)
        return ledger.post(
            account,
            EntryKind.PENDING,
            SourceType.ORDER,
            order.pk,
            **_pending_movement(order, account, config),
        )


def _order_entries(order_id):
    """The ledger entries of an order, by kind (one query)."""
    return {
        entry.kind: entry
        for entry in Entry.objects.filter(source_type=SourceType.ORDER, source_id=str(order_id))
    }


def release_order_points(order):
    """Make an order's pending points available (order completed, or shipped N days ago).

    Writes a missing pending entry first (a lost task) in the same INSERT. Safe to call again:
    one release per order, none after a reversal. Recomputes the tier in the same transaction
    (one UPDATE of the account for balances and tier) and pays a due referral bonus.
    """
    if order.status == order_statuses.CANCELLED:
        return None
    entries = _order_entries(order.pk)
    if EntryKind.EARN in entries or EntryKind.REVERSE in entries:
        return None  # released or reversed before: nothing to lock
    if EntryKind.PENDING in entries:
        account_id = entries[EntryKind.PENDING].account_id
    else:
        customer = customer_for_order(order)
        if customer is None:
            return None
        account_id = get_account(customer).pk
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account_id)
        # Read again under the lock: a parallel task may have released, reversed or added pending.
        entries = _order_entries(order.pk)
        if EntryKind.EARN in entries or EntryKind.REVERSE in entries:
            return None
        pending = entries.get(EntryKind.PENDING)
        elsewhere = pending is not None and pending.account_id != account.pk
        if not elsewhere:
            earn, upgrade = _release_locked(account, order, pending)
    if elsewhere:
        # A parallel task put the pending points on another account meanwhile: release them there.
        return release_order_points(order)
    if earn is not None:
        if upgrade is not None:
            email_tier_upgrade(account, upgrade)
        pay_referral_bonus(account)
    return earn


def _release_locked(account, order, pending):
    """Write the order's earn entry (and its missing pending entry) on the locked ``account``,
    then one UPDATE for the balances and the tier. Returns (earn entry or None, upgraded tier)."""
    config = get_settings()
    now = timezone.now()
    new = []
    if pending is None:
        movement = _pending_movement(order, account, config)
        pending = ledger.new_entry(account, EntryKind.PENDING, SourceType.ORDER, order.pk, **movement)
        new.append(pending)
    earn = ledger.new_entry(
        account,
        EntryKind.EARN,
        SourceType.ORDER,
        order.pk,
        available=pending.pending_delta,
        pending=-pending.pending_delta,
        expires_at=expiry_from(now, config),
        amount=pending.amount,
        note=pending.note,
    )
    if not ledger.insert(account, [*new, earn]):
        return None, None
    upgrade = assign_tier(account, now)
    account.save(update_fields=["available", "pending", "tier"])
    return earn, upgrade


def cancel_order_points(order):
    """Remove an order's points and give back the points and reward vouchers redeemed on it.

    Safe to call again; returns True when it changed something."""
    from .rewards import return_order_rewards  # rewards build on this module
    entries = _order_entries(order.pk)
    pending = entries.get(EntryKind.PENDING)
    redeemed = entries.get(EntryKind.REDEEM)
    changed = False
    if pending is not None:
        earned = entries.get(EntryKind.EARN)
        changed |= bool(
            reverse_earning(pending.account, SourceType.ORDER, order.pk, 1, earned=earned, pending=pending)
        )
    if redeemed is not None:
        changed |= bool(
            refund_redemption(redeemed, note=_("Order %(number)s cancelled") % {"number": order.number})
        )
    changed |= return_order_rewards(order)
    return changed


def reverse_earning(account, source_type, source_id, share, *, earned=None, pending=None):
    """Take back ``share`` (0–1) of the points a source gave (a cancelled or partly refunded order).

    Pending points are simply removed. Available points come out of the source's own batch
    first, then from the oldest other batches; never below zero (points already spent stay
    spent). One reversal per source.
    """
    with transaction.atomic():
        account = ledger.lock(account)
        if ledger.exists(source_type, source_id, EntryKind.REVERSE):
            return None
        if earned is None:
            if pending is None:
                return None
            points = rules.reversal_points(pending.pending_delta, share)
            # No amount: the order's spend was never counted (only released orders count
            # towards the tier), so there is no spend to take back.
            return ledger.post(
                account,
                EntryKind.REVERSE,
                source_type,
                source_id,
                pending=-points,
                note=pending.note,
            )
        points = rules.reversal_points(earned.available_delta, share)
        batch = Entry.objects.select_for_update().get(pk=earned.pk)
        from_batch = min(batch.remaining, points)
        batch.remaining -= from_batch
        batch.save(update_fields=["remaining"])
        rest = min(points - from_batch, account.available - from_batch)
        if rest > 0:
            ledger.spend_fifo(account, rest)
        entry = ledger.post(
            account,
            EntryKind.REVERSE,
            source_type,
            source_id,
            available=-(from_batch + rest),
            amount=-(earned.amount or 0) * Decimal(share),
            note=earned.note,
        )
    update_tier(account)
    return entry


def refund_redemption(redeemed, note=""):
    """Give back points that were redeemed (cancelled order or cancelled reward) as a new batch.

    They keep the expiry of the points they came from as far as known, but at least 30 days,
    so that a buyer is never handed points that expire tonight.
    """
    config = get_settings()
    now = timezone.now()
    with transaction.atomic():
        account = ledger.lock(redeemed.account)
        expires_at = max(now + datetime.timedelta(days=30), expiry_from(redeemed.created_at, config))
        return ledger.post(
            account,
            EntryKind.REFUND,
            redeemed.source_type,
            redeemed.source_id,
            available=-redeemed.available_delta,
            expires_at=expires_at,
            note=note,
        )


def record_counter_sale(*, phone, amount, name="", token, by=None):
    """A sale in the shop: find/create the customer by phone and make the points available now.

    ``token`` is the form's one-time id: a double-tapped "save" records the sale once.
    Returns the entry (or the existing one for a repeated token).
    """

    amount = Decimal(amount)
    if amount <= 0:
        raise LoyaltyError(_("The amount must be more than zero."))
    phone = normalise_phone(phone)  # ValidationError with an Indonesian message
    existing = Entry.objects.filter(source_type=SourceType.COUNTER, source_id=str(token)).first()
    if existing:
        return existing
    customer = find_or_create_customer(phone=phone, name=name)
    account = get_account(customer)
    config = get_settings()
    with transaction.atomic():
        account = ledger.lock(account)
        points = rules.points_for_spend(amount, config.rupiah_per_point_earned, tier_multiplier(account))
        entry = ledger.post(
            account,
            EntryKind.EARN,
            SourceType.COUNTER,
            token,
            available=points,
            expires_at=expiry_from(timezone.now(), config),
            amount=amount,
            note=_("Counter sale"),
            by=by,
        )
    update_tier(account)
    return entry or Entry.objects.get(source_type=SourceType.COUNTER, source_id=str(token))
