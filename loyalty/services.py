"""Loyalty operations: every movement of points goes through here (DESIGN §4).

Each operation locks the customer's ``Account`` row (``select_for_update``), writes one ledger
``Entry`` with a unique (source type, source id, kind) key and updates the cached balances in
the same transaction. A key that already exists means the movement was done before: the
operation returns without doing it again, so signals and tasks may safely run twice.
"""

import datetime
import logging
import secrets
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Q, Sum
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core import order_statuses
from crm.models import Customer
from crm.services import find_or_create_customer

from . import rules
from .models import (
    Account,
    BasketRedemption,
    BonusKind,
    BonusRule,
    ClaimStatus,
    Entry,
    EntryKind,
    LoyaltySettings,
    Reward,
    RewardClaim,
    SourceType,
    Tier,
)
from .rules import LoyaltyError

logger = logging.getLogger(__name__)

DEFAULT_TIERS = (
    ("Bronze", Decimal("0"), Decimal("1.00")),
    ("Silver", Decimal("1000000"), Decimal("1.25")),
    ("Gold", Decimal("3000000"), Decimal("1.50")),
)
DEFAULT_BONUSES = {
    BonusKind.SIGNUP: 20,
    BonusKind.BIRTHDAY: 50,
    BonusKind.REVIEW: 10,
    BonusKind.SURVEY: 10,
    BonusKind.REFERRAL: 50,
}
TIERS_CACHE_KEY = "loyalty:tiers"
REFERRAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over WhatsApp


# ---------------------------------------------------------------------------
# Settings, tiers and rules the owner edits
# ---------------------------------------------------------------------------
def get_settings():
    """The shop's loyalty settings: the saved row, or the defaults until the owner saves them
    (``core.models.SettingsRow``: cached, reading never writes)."""
    return LoyaltySettings.load()


def ensure_default_tiers():
    """Create Bronze / Silver / Gold when the shop has no tiers yet (idempotent)."""
    if not Tier.objects.exists():
        for name, threshold, multiplier in DEFAULT_TIERS:
            Tier.objects.get_or_create(threshold=threshold, defaults={"name": name, "multiplier": multiplier})


def ensure_default_bonus_rules():
    """Create a rule for each bonus kind with the default size (idempotent)."""
    for kind, points in DEFAULT_BONUSES.items():
        BonusRule.objects.get_or_create(kind=kind, defaults={"points": points})


def tier_levels():
    """All tiers (models, usable as ``rules.TierLevel``), lowest first.

    Every award reads them, so they are kept in the cache; saving or deleting a tier clears
    it (see ``receivers``)."""
    tiers = cache.get(TIERS_CACHE_KEY)
    if tiers is None:
        ensure_default_tiers()
        tiers = list(Tier.objects.order_by("threshold"))
        cache.set(TIERS_CACHE_KEY, tiers, 300)
    return tiers


def _tier_of(account):
    """The account's tier, from the cached tiers (no query unless the cache misses it), or None."""
    if account.tier_id is None:
        return None
    return next((tier for tier in tier_levels() if tier.pk == account.tier_id), None) or account.tier


def points_to_rupiah(points, config=None):
    """What ``points`` are worth in Rupiah with the shop's current point value."""
    config = config or get_settings()
    return rules.points_to_rupiah(points, config.point_value)


# ---------------------------------------------------------------------------
# Accounts and the ledger
# ---------------------------------------------------------------------------
def _new_referral_code():
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _i in range(8))


def get_account(customer):
    """The customer's points account, created on first use (safe under concurrent calls)."""
    account = Account.objects.filter(customer=customer).first()
    if account:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(customer=customer, referral_code=_new_referral_code())
    except IntegrityError:
        return Account.objects.get(customer=customer)


def customer_for_user(user):
    """The CRM customer of a signed-in user; links guest orders made with the same e-mail/phone.

    This is how points from guest orders are claimed: the customer that held them gets the
    user account attached when that person registers or signs in.
    """
    customer = Customer.objects.filter(user=user).first()
    if customer is not None:
        return customer
    customer = find_or_create_customer(
        user=user,
        email=user.email,
        phone=_clean_phone(getattr(user, "phone", "")),
        name=user.get_full_name(),
    )
    if customer.user_id != user.pk:
        # That phone or e-mail belongs to another account: never hand over someone else's points.
        customer = find_or_create_customer(user=user, name=user.get_full_name())
    return customer


def account_for_user(user):
    """The points account of a signed-in user (None for anonymous users)."""
    if not user.is_authenticated:
        return None
    return get_account(customer_for_user(user))


def _clean_phone(phone):
    """A phone good enough for matching, or '' (a bad number must not block earning points)."""
    from core.phones import normalise_phone

    try:
        return normalise_phone(str(phone)) if phone else ""
    except ValidationError:
        return ""


def _locked(account):
    return Account.objects.select_for_update().get(pk=account.pk)


def _exists(source_type, source_id, kind):
    return Entry.objects.filter(source_type=source_type, source_id=str(source_id), kind=kind).exists()


def _entry(
    account,
    kind,
    source_type,
    source_id,
    *,
    available=0,
    pending=0,
    expires_at=None,
    amount=None,
    note="",
    by=None,
):
    """An unsaved ledger entry of ``account`` moving ``available`` and ``pending`` points."""
    return Entry(
        account=account,
        kind=kind,
        source_type=source_type,
        source_id=str(source_id),
        available_delta=available,
        pending_delta=pending,
        remaining=max(available, 0),
        expires_at=expires_at if available > 0 else None,
        amount=amount,
        note=note[:255],
        created_by=by if by is not None and by.is_authenticated else None,
    )


def _insert(account, entries):
    """Write ``entries`` in one INSERT and move the locked ``account``'s cached balances in
    memory (the caller saves it). False, with nothing written, when one of them exists already:
    the unique key refused a movement another worker wrote a moment ago."""
    available = sum(entry.available_delta for entry in entries)
    pending = sum(entry.pending_delta for entry in entries)
    if account.available + available < 0 or account.pending + pending < 0:
        raise LoyaltyError(_("Points cannot go below zero."))
    try:
        with transaction.atomic():
            Entry.objects.bulk_create(entries)
    except IntegrityError:
        return False
    account.available += available
    account.pending += pending
    return True


def _post(account, kind, source_type, source_id, **movement):
    """Write one entry and save the moved balances; ``account`` must be locked by the caller.

    ``movement``: the keyword arguments of ``_entry``. Returns the entry, or None when an
    entry with this key exists already (done before).
    """
    if _exists(source_type, source_id, kind):
        return None
    entry = _entry(account, kind, source_type, source_id, **movement)
    if not _insert(account, [entry]):
        return None
    account.save(update_fields=["available", "pending"])
    return entry


def _expiry_from(now, config):
    return now + relativedelta(months=config.expiry_months)


def _spend_fifo(account, points):
    """Take ``points`` from the account's batches, oldest expiry first (account locked)."""
    batches = list(Entry.objects.select_for_update().filter(account=account).batches())
    plan = rules.allocate_fifo([(batch, batch.remaining) for batch in batches], points)
    for batch, taken in plan:
        batch.remaining -= taken
        batch.save(update_fields=["remaining"])


def _debit(account, kind, source_type, source_id, points, **kwargs):
    if _exists(source_type, source_id, kind):
        return None
    if points > account.available:
        raise LoyaltyError(
            _("Not enough points: %(available)d available, %(points)d needed.")
            % {"available": account.available, "points": points}
        )
    _spend_fifo(account, points)
    return _post(account, kind, source_type, source_id, available=-points, **kwargs)


def rebuild_balance(account):
    """Recompute an account's cached balances from its ledger; returns (old, new) pairs."""
    with transaction.atomic():
        account = _locked(account)
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


# ---------------------------------------------------------------------------
# Earning from orders and counter sales
# ---------------------------------------------------------------------------
def customer_for_order(order):
    """The CRM customer an order belongs to: the buyer's account, or the guest's e-mail/phone
    (None for a guest order with neither)."""
    phone = order.shipping_address.phone_number if order.shipping_address_id else ""
    if order.user_id:
        user = order.user
        return find_or_create_customer(
            user=user,
            email=user.email,
            phone=_clean_phone(getattr(user, "phone", "") or phone),
            name=user.get_full_name(),
        )
    if not order.guest_email and not _clean_phone(phone):
        return None  # nobody to give the points to
    return find_or_create_customer(
        email=order.guest_email,
        phone=_clean_phone(phone),
        name=order.shipping_address.name if order.shipping_address_id else "",
    )


def order_merchandise_total(order):
    """What the buyer paid for the goods: after discounts (points included), shipping excluded."""
    return max(Decimal(order.basket_total_incl_tax), Decimal(0))


def _multiplier(account):
    tier = _tier_of(account)
    return tier.multiplier if tier is not None else Decimal("1")


def _pending_movement(order, account, config):
    """The pending entry's points, amount and note for ``order`` (``account`` locked)."""
    amount = order_merchandise_total(order)
    return {
        "pending": rules.points_for_spend(amount, config.rupiah_per_point_earned, _multiplier(account)),
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
        account = _locked(account)
        return _post(
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
            _email_upgrade(account, upgrade)
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
        pending = _entry(account, EntryKind.PENDING, SourceType.ORDER, order.pk, **movement)
        new.append(pending)
    earn = _entry(
        account,
        EntryKind.EARN,
        SourceType.ORDER,
        order.pk,
        available=pending.pending_delta,
        pending=-pending.pending_delta,
        expires_at=_expiry_from(now, config),
        amount=pending.amount,
        note=pending.note,
    )
    if not _insert(account, [*new, earn]):
        return None, None
    upgrade = _assign_tier(account, now)
    account.save(update_fields=["available", "pending", "tier"])
    return earn, upgrade


def cancel_order_points(order):
    """Remove an order's points and give back the points redeemed on it.

    Safe to call again; returns True when it changed something."""
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
    return changed


def reverse_earning(account, source_type, source_id, share, *, earned=None, pending=None):
    """Take back ``share`` (0–1) of the points a source gave (a cancelled or partly refunded order).

    Pending points are simply removed. Available points come out of the source's own batch
    first, then from the oldest other batches; never below zero (points already spent stay
    spent). One reversal per source.
    """
    with transaction.atomic():
        account = _locked(account)
        if _exists(source_type, source_id, EntryKind.REVERSE):
            return None
        if earned is None:
            if pending is None:
                return None
            points = rules.reversal_points(pending.pending_delta, share)
            return _post(
                account,
                EntryKind.REVERSE,
                source_type,
                source_id,
                pending=-points,
                amount=-(pending.amount or 0) * Decimal(share),
                note=pending.note,
            )
        points = rules.reversal_points(earned.available_delta, share)
        batch = Entry.objects.select_for_update().get(pk=earned.pk)
        from_batch = min(batch.remaining, points)
        batch.remaining -= from_batch
        batch.save(update_fields=["remaining"])
        rest = min(points - from_batch, account.available - from_batch)
        if rest > 0:
            _spend_fifo(account, rest)
        entry = _post(
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
        account = _locked(redeemed.account)
        expires_at = max(now + datetime.timedelta(days=30), _expiry_from(redeemed.created_at, config))
        return _post(
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
    from core.phones import normalise_phone

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
        account = _locked(account)
        points = rules.points_for_spend(amount, config.rupiah_per_point_earned, _multiplier(account))
        entry = _post(
            account,
            EntryKind.EARN,
            SourceType.COUNTER,
            token,
            available=points,
            expires_at=_expiry_from(timezone.now(), config),
            amount=amount,
            note=_("Counter sale"),
            by=by,
        )
    update_tier(account)
    return entry or Entry.objects.get(source_type=SourceType.COUNTER, source_id=str(token))


# ---------------------------------------------------------------------------
# Tiers
# ---------------------------------------------------------------------------
def spend_last_12_months(account, now=None):
    """Paid spend of the last 12 months: released orders and counter sales, less reversals."""
    since = (now or timezone.now()) - relativedelta(months=12)
    total = account.entries.filter(
        kind__in=[EntryKind.EARN, EntryKind.REVERSE],
        source_type__in=[SourceType.ORDER, SourceType.COUNTER],
        created_at__gte=since,
    ).aggregate(total=Sum("amount"))["total"]
    return max(total or Decimal(0), Decimal(0))


def _assign_tier(account, now=None):
    """Put the locked ``account`` in the tier its spend reaches (up or down), without saving.

    Returns the new tier when it is an upgrade (the buyer gets an e-mail), else None."""
    new = rules.tier_for_spend(spend_last_12_months(account, now), tier_levels())
    if (new.pk if new else None) == account.tier_id:
        return None
    old = _tier_of(account)
    account.tier = new
    if new is not None and new.threshold > (old.threshold if old else 0):
        return new
    return None


def _email_upgrade(account, tier):
    _email(
        account,
        _("You are now %(tier)s!") % {"tier": tier.name},
        "loyalty/email/tier_upgrade.txt",
        {"tier": tier},
    )


def update_tier(account, now=None):
    """Put the account in the tier its spend reaches (up or down); e-mail the buyer on an upgrade."""
    with transaction.atomic():
        account = _locked(account)
        tier_id = account.tier_id
        upgrade = _assign_tier(account, now)
        if account.tier_id != tier_id:
            account.save(update_fields=["tier"])
    if upgrade is not None:
        _email_upgrade(account, upgrade)
    return account


# ---------------------------------------------------------------------------
# Redemption at checkout
# ---------------------------------------------------------------------------
def basket_merchandise_total(basket):
    """The basket's goods after other discounts, before the points discount."""
    from storefront.offer.points import points_discount_of

    return Decimal(basket.total_incl_tax) + points_discount_of(basket)


def choose_points(basket, account, points):
    """Record the points a buyer wants to use on a basket (0 removes the choice)."""
    if points == 0:
        BasketRedemption.objects.filter(basket=basket).delete()
        return None
    config = get_settings()
    total = basket_merchandise_total(basket)
    account = Account.objects.get(pk=account.pk)  # the balance as it is now
    rules.check_redemption(
        points,
        total,
        account.available,
        config.point_value,
        config.min_redeem_points,
        config.max_redeem_percent,
    )
    redemption, _created = BasketRedemption.objects.update_or_create(
        basket=basket, defaults={"account": account, "points": points, "merchandise_total": total}
    )
    return redemption


def redemption_discount(basket):
    """The Rupiah the basket's chosen points are worth, or 0 when none are chosen."""
    redemption = BasketRedemption.objects.filter(basket=basket).first()
    if redemption is None:
        return Decimal(0)
    return points_to_rupiah(redemption.points)


def redeem_for_order(order, basket, points_discount):
    """Debit the points chosen on ``basket`` for ``order``, inside the order's transaction.

    ``points_discount`` is the discount the offer machinery actually gave. Refuses (raises
    ``LoyaltyError``) when the basket changed since the points were chosen, when the points
    are below the minimum, above the cap or above the balance: the order is then not placed.
    """
    redemption = BasketRedemption.objects.filter(basket=basket).first()
    if redemption is None:
        return None
    config = get_settings()
    account = _locked(redemption.account)
    total = Decimal(order.basket_total_incl_tax) + points_discount
    if total != redemption.merchandise_total or points_discount != points_to_rupiah(
        redemption.points, config
    ):
        raise LoyaltyError(
            _("Your basket changed after you chose your points. Please check the points again.")
        )
    rules.check_redemption(
        redemption.points,
        total,
        account.available,
        config.point_value,
        config.min_redeem_points,
        config.max_redeem_percent,
    )
    entry = _debit(
        account,
        EntryKind.REDEEM,
        SourceType.ORDER,
        order.pk,
        redemption.points,
        amount=points_discount,
        note=_("Order %(number)s") % {"number": order.number},
    )
    redemption.delete()
    return entry


# ---------------------------------------------------------------------------
# Rewards
# ---------------------------------------------------------------------------
def reward_refusal(reward, account, now=None):
    """Why the account cannot claim the reward now ('' when it can); no locks taken."""
    now = now or timezone.now()
    if not Reward.objects.on_offer(now).filter(pk=reward.pk).exists():
        return _("This reward is not available now.")
    if reward.stock is not None and reward.stock <= 0:
        return _("This reward is sold out.")
    if reward.min_tier_id and (account.tier is None or account.tier.threshold < reward.min_tier.threshold):
        return _("This reward is for %(tier)s members and above.") % {"tier": reward.min_tier.name}
    if reward.limit_per_customer is not None:
        taken = reward.claims.filter(account=account).exclude(status=ClaimStatus.CANCELLED).count()
        if taken >= reward.limit_per_customer:
            return _("You have already claimed this reward as often as allowed.")
    if account.available < reward.points_cost:
        return _("You need %(points)d points for this reward.") % {"points": reward.points_cost}
    return ""


def claim_reward(account, reward, now=None):
    """Claim a reward: debit its points and issue a single-use voucher for this buyer.

    The account and the reward rows are locked, so two parallel claims debit at most once
    each and never beyond the balance or the stock.
    """
    from storefront.offer.points import create_reward_voucher

    now = now or timezone.now()
    with transaction.atomic():
        account = _locked(account)
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        refusal = reward_refusal(reward, account, now)
        if refusal:
            raise LoyaltyError(refusal)
        claim = RewardClaim.objects.create(reward=reward, account=account, points=reward.points_cost)
        _debit(account, EntryKind.REDEEM, SourceType.REWARD, claim.pk, reward.points_cost, note=reward.name)
        if reward.stock is not None:
            reward.stock -= 1
            reward.save(update_fields=["stock"])
        claim.voucher = create_reward_voucher(claim, now)
        claim.save(update_fields=["voucher"])
    return claim


def cancel_claim(claim):
    """Give an unused reward back: its points return and its voucher stops working."""
    with transaction.atomic():
        claim = RewardClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != ClaimStatus.CLAIMED or (claim.voucher and claim.voucher.num_orders):
            raise LoyaltyError(_("Only an unused reward can be cancelled."))
        redeemed = Entry.objects.get(
            source_type=SourceType.REWARD, source_id=str(claim.pk), kind=EntryKind.REDEEM
        )
        refund_redemption(redeemed, note=_("Reward cancelled: %(name)s") % {"name": claim.reward.name})
        claim.status = ClaimStatus.CANCELLED
        claim.save(update_fields=["status"])
        if claim.voucher:
            claim.voucher.end_datetime = timezone.now()
            claim.voucher.save(update_fields=["end_datetime"])
        reward = Reward.objects.select_for_update().get(pk=claim.reward_id)
        if reward.stock is not None:
            reward.stock += 1
            reward.save(update_fields=["stock"])
    return claim


def refresh_claim_statuses(now=None, account=None):
    """Mark claims (of one account, or all) whose voucher was used or ran out; returns (used, expired)."""
    now = now or timezone.now()
    open_claims = RewardClaim.objects.filter(status=ClaimStatus.CLAIMED, voucher__isnull=False)
    if account is not None:
        open_claims = open_claims.filter(account=account)
    used = open_claims.filter(voucher__num_orders__gt=0).update(status=ClaimStatus.USED)
    expired = open_claims.filter(voucher__end_datetime__lt=now).update(status=ClaimStatus.EXPIRED)
    return used, expired


# ---------------------------------------------------------------------------
# Expiry
# ---------------------------------------------------------------------------
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
            if _post(
                account, EntryKind.EXPIRE, SourceType.BATCH, batch.pk, available=-points, note=batch.note
            ):
                total += points
    return total


def warn_expiring_points(now=None):
    """E-mail buyers whose points expire in ``expiry_warning_days`` days (one day's window, so a
    nightly run warns each batch once); returns the number of e-mails sent."""
    now = now or timezone.now()
    config = get_settings()
    day = timezone.localtime(now).date() + datetime.timedelta(days=config.expiry_warning_days)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    rows = (
        Entry.objects.expiring_between(start, end)
        .values("account")
        .annotate(points=Sum("remaining"))
        .order_by("account")
    )
    sent = 0
    for row in rows:
        account = Account.objects.select_related("customer").get(pk=row["account"])
        sent += _email(
            account,
            _("%(points)d points expire on %(date)s") % {"points": row["points"], "date": day},
            "loyalty/email/expiry_warning.txt",
            {"points": row["points"], "date": day, "value": points_to_rupiah(row["points"], config)},
        )
    return sent


# ---------------------------------------------------------------------------
# Bonuses
# ---------------------------------------------------------------------------
def award_bonus(customer, kind, source_id, note=""):
    """Give the bonus ``kind`` to ``customer`` once per ``source_id`` if the owner switched it on."""
    ensure_default_bonus_rules()
    rule = BonusRule.objects.get(kind=kind)
    if not rule.is_active or rule.points <= 0:
        return None
    config = get_settings()
    account = get_account(customer)
    with transaction.atomic():
        account = _locked(account)
        return _post(
            account,
            EntryKind.BONUS,
            kind,
            source_id,
            available=rule.points,
            expires_at=_expiry_from(timezone.now(), config),
            note=note or rule.get_kind_display(),
        )


def award_birthday_bonuses(today=None):
    """Birthday bonus for everyone whose birthday is today (once per person per year)."""
    today = today or timezone.localdate()
    given = 0
    candidates = Customer.objects.filter(birthday__month=today.month)
    for customer in candidates.filter(Q(birthday__day=today.day) | Q(birthday__month=2, birthday__day=29)):
        if rules.birthday_is_today(customer.birthday, today) and award_bonus(
            customer, BonusKind.BIRTHDAY, f"{customer.pk}:{today.year}", _("Happy birthday!")
        ):
            given += 1
    return given


def change_birthday(account, birthday, now=None):
    """Set the customer's birthday, at most once per 30 days (stops birthday-bonus farming)."""
    now = now or timezone.now()
    customer = account.customer
    if customer.birthday == birthday:
        return
    if customer.birthday is not None and not rules.can_change_birthday(account.birthday_changed_at, now):
        raise LoyaltyError(
            _("Your birthday can be changed again after %(date)s.")
            % {
                "date": timezone.localdate(
                    account.birthday_changed_at + datetime.timedelta(days=rules.BIRTHDAY_LOCK_DAYS)
                )
            }
        )
    customer.birthday = birthday
    customer.save(update_fields=["birthday"])
    account.birthday_changed_at = now
    account.save(update_fields=["birthday_changed_at"])


def link_referral(friend_account, code):
    """Record that ``friend_account`` came through ``code``; raises ``LoyaltyError`` on abuse."""
    referrer = (
        Account.objects.select_related("customer").filter(referral_code=(code or "").strip().upper()).first()
    )
    if referrer is None:
        raise LoyaltyError(_("Unknown referral code."))
    friend = friend_account.customer
    completed = Entry.objects.filter(account=friend_account, kind=EntryKind.EARN).exists()
    refusal = rules.referral_refusal(
        {"id": referrer.customer_id, "phone": referrer.customer.phone, "email": referrer.customer.email},
        {
            "id": friend.pk,
            "phone": friend.phone,
            "email": friend.email,
            "completed_orders": int(completed),
            "referred": friend_account.referred_by_id is not None,
        },
    )
    if refusal:
        raise LoyaltyError(refusal)
    friend_account.referred_by = referrer
    friend_account.save(update_fields=["referred_by"])
    return referrer


def pay_referral_bonus(account):
    """After a referred friend's first completed order, both sides get the referral bonus once."""
    if not account.referred_by_id:
        return
    first = (
        not account.entries.filter(kind=EntryKind.EARN, source_type=SourceType.ORDER)
        .exclude(
            pk=account.entries.filter(kind=EntryKind.EARN, source_type=SourceType.ORDER)
            .order_by("pk")
            .values("pk")[:1]
        )
        .exists()
    )
    if not first:
        return
    referrer = account.referred_by
    award_bonus(account.customer, BonusKind.REFERRAL, f"{account.customer_id}:friend", _("Referral welcome"))
    award_bonus(
        referrer.customer,
        BonusKind.REFERRAL,
        f"{account.customer_id}:referrer",
        _("A friend you referred ordered"),
    )


# ---------------------------------------------------------------------------
# Adjustments, summaries, reconciliation
# ---------------------------------------------------------------------------
def adjust_points(account, points, reason, by):
    """A manual correction by staff: a reason is required and the balance never goes negative."""
    reason = (reason or "").strip()
    if not reason:
        raise LoyaltyError(_("A reason is required."))
    if points == 0:
        raise LoyaltyError(_("Enter a number of points other than zero."))
    token = secrets.token_hex(8)
    with transaction.atomic():
        account = _locked(account)
        if points > 0:
            return _post(
                account,
                EntryKind.ADJUST,
                SourceType.STAFF,
                token,
                available=points,
                expires_at=_expiry_from(timezone.now(), get_settings()),
                note=reason,
                by=by,
            )
        return _debit(account, EntryKind.ADJUST, SourceType.STAFF, token, -points, note=reason, by=by)


def book_opening_points(customer):
    """Book the customer's opening points from the shop's old records (CRM import) once.

    Opening points already on the account (booked for a record merged into this one) count as
    booked. The first booking per customer wins: a later import with another number is
    corrected by a manual adjustment, never booked twice."""
    if customer.opening_points <= 0:
        return None
    account = get_account(customer)
    with transaction.atomic():
        account = _locked(account)
        booked = account.entries.filter(source_type=SourceType.OPENING).aggregate(
            total=Sum("available_delta")
        )["total"] or 0
        if customer.opening_points <= booked:
            return None
        return _post(
            account,
            EntryKind.ADJUST,
            SourceType.OPENING,
            customer.pk,
            available=customer.opening_points - booked,
            expires_at=_expiry_from(timezone.now(), get_settings()),
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


@dataclass
class PointsSummary:
    """A customer's points at a glance (for the CRM customer page and the buyer's page)."""

    available: int
    pending: int
    value: Decimal
    tier: str


def points_summary(customer):
    """Available and pending points, their Rupiah value and the tier name of ``customer``."""
    account = Account.objects.select_related("tier").filter(customer=customer).first()
    if account is None:
        return PointsSummary(0, 0, Decimal(0), "")
    return PointsSummary(
        account.available,
        account.pending,
        points_to_rupiah(account.available),
        account.tier.name if account.tier else "",
    )


def release_due_shipped_orders(now=None):
    """Release points of orders shipped at least N days ago (the buyer did not press "received")."""
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=get_settings().release_days_after_shipping)
    shipped = Order.objects.filter(
        status=order_statuses.SHIPPED,
        status_changes__new_status=order_statuses.SHIPPED,
        status_changes__date_created__lte=cutoff,
    ).distinct()
    released = _orders_without(shipped, EntryKind.EARN)
    return [order.pk for order in released if release_order_points(order)]


def _orders_without(orders, kind):
    done = Entry.objects.filter(source_type=SourceType.ORDER, kind=kind).values("source_id")
    return orders.annotate(key=Cast("pk", CharField())).exclude(key__in=done)


def reconcile_orders(since_days=60):
    """Repair orders whose ledger entries are missing (a lost task or crashed worker).

    Completed orders without an earn entry are released, placed orders without a pending entry
    get one, cancelled orders still holding points are reversed. Returns the repaired order
    numbers per kind.
    """
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    since = timezone.now() - datetime.timedelta(days=since_days)
    recent = Order.objects.filter(date_placed__gte=since)
    report = {"released": [], "pending": [], "reversed": []}
    for order in _orders_without(recent.filter(status=order_statuses.COMPLETED), EntryKind.EARN):
        if not _exists(SourceType.ORDER, order.pk, EntryKind.REVERSE) and release_order_points(order):
            report["released"].append(order.number)
    open_statuses = [
        order_statuses.PENDING_PAYMENT,
        order_statuses.PAID,
        order_statuses.PROCESSING,
        order_statuses.SHIPPED,
    ]
    for order in _orders_without(recent.filter(status__in=open_statuses), EntryKind.PENDING):
        if add_pending_for_order(order):
            report["pending"].append(order.number)
    holding = Entry.objects.filter(
        source_type=SourceType.ORDER, kind__in=[EntryKind.PENDING, EntryKind.REDEEM]
    ).values("source_id")
    cancelled = recent.filter(status=order_statuses.CANCELLED).annotate(key=Cast("pk", CharField()))
    for order in cancelled.filter(key__in=holding):
        if cancel_order_points(order):
            report["reversed"].append(order.number)
    if any(report.values()):
        logger.warning("Loyalty reconciliation repaired orders: %s", report)
    return report


def _email(account, subject, template, context):
    """Send a plain e-mail to the account's customer; returns 1 if sent, 0 without an address."""
    email = account.customer.email or (account.customer.user.email if account.customer.user_id else "")
    if not email:
        return 0
    body = render_to_string(
        template,
        {"account": account, "customer": account.customer, "site_url": django_settings.SITE_URL, **context},
    )
    send_mail(subject, body, None, [email])
    return 1


def monthly_report(months=12):
    """Points earned, redeemed and expired per month (for the owner's report)."""
    since = timezone.now() - relativedelta(months=months)
    rows = (
        Entry.objects.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "kind")
        .annotate(points=Sum("available_delta"))
        .order_by("month")
    )
    table = {}
    for row in rows:
        month = table.setdefault(
            row["month"], {"month": row["month"], "earned": 0, "redeemed": 0, "expired": 0}
        )
        if row["kind"] in (EntryKind.EARN, EntryKind.BONUS):
            month["earned"] += row["points"] or 0
        elif row["kind"] == EntryKind.REDEEM:
            month["redeemed"] -= row["points"] or 0
        elif row["kind"] == EntryKind.EXPIRE:
            month["expired"] -= row["points"] or 0
    return list(table.values())


def points_outstanding(config=None):
    """Points the shop owes: available (and their Rupiah value, the liability) and pending."""
    outstanding = Account.objects.aggregate(a=Sum("available"), p=Sum("pending"))
    available = outstanding["a"] or 0
    return {
        "available": available,
        "pending": outstanding["p"] or 0,
        "liability": points_to_rupiah(available, config),
    }


def owner_report(now=None):
    """The owner's headline numbers: liability, redemption rate, expiring soon, rewards."""
    now = now or timezone.now()
    config = get_settings()
    totals = Entry.objects.aggregate(
        earned=Sum(
            "available_delta",
            filter=Q(kind__in=[EntryKind.EARN, EntryKind.BONUS, EntryKind.ADJUST], available_delta__gt=0),
        ),
        redeemed=Sum("available_delta", filter=Q(kind=EntryKind.REDEEM)),
        refunded=Sum("available_delta", filter=Q(kind=EntryKind.REFUND)),
    )
    earned = totals["earned"] or 0
    redeemed = -(totals["redeemed"] or 0) - (totals["refunded"] or 0)
    expiring = (
        Entry.objects.expiring_between(now, now + datetime.timedelta(days=30)).aggregate(
            points=Sum("remaining")
        )["points"]
        or 0
    )
    claims = RewardClaim.objects.values("status").annotate(n=Count("pk"))
    return {
        **points_outstanding(config),
        "earned": earned,
        "redeemed": redeemed,
        "redemption_rate": round(redeemed * 100 / earned, 1) if earned else 0,
        "expiring_30": expiring,
        "expiring_30_value": points_to_rupiah(expiring, config),
        "claims": {row["status"]: row["n"] for row in claims},
        "months": monthly_report(),
    }
