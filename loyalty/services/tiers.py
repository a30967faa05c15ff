"""Tiers: the levels reached by paid spend in the last 12 months, and their points multiplier."""

from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from .. import rules
from ..models import EntryKind, SourceType, Tier
from . import ledger
from .emails import email_tier_upgrade

DEFAULT_TIERS = (
    ("Bronze", Decimal("0"), Decimal("1.00")),
    ("Silver", Decimal("1000000"), Decimal("1.25")),
    ("Gold", Decimal("3000000"), Decimal("1.50")),
)

TIERS_CACHE_KEY = "loyalty:tiers"


def ensure_default_tiers():
    """Create Bronze / Silver / Gold when the shop has no tiers yet (idempotent)."""
    if not Tier.objects.exists():
        for name, threshold, multiplier in DEFAULT_TIERS:
            Tier.objects.get_or_create(threshold=threshold, defaults={"name": name, "multiplier": multiplier})


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


def tier_of(account):
    """The account's tier, from the cached tiers (no query unless the cache misses it), or None."""
    if account.tier_id is None:
        return None
    return next((tier for tier in tier_levels() if tier.pk == account.tier_id), None) or account.tier


def tier_multiplier(account):
    """How many times the base points the account's tier earns (1 without a tier)."""
    tier = tier_of(account)
    return tier.multiplier if tier is not None else Decimal("1")


def spend_entries(now=None):
    """The entries whose amounts are the paid spend of the 12 months before ``now``: released
    orders and counter sales, and their reversals."""
    since = (now or timezone.now()) - relativedelta(months=12)
    return Q(
        kind__in=[EntryKind.EARN, EntryKind.REVERSE],
        source_type__in=[SourceType.ORDER, SourceType.COUNTER],
        created_at__gte=since,
    )


def spend_of(total):
    """The spend from the sum of ``spend_entries``' amounts (None when there are none)."""
    return max(total or Decimal(0), Decimal(0))


def spend_last_12_months(account, now=None):
    """Paid spend of the last 12 months: released orders and counter sales, less reversals."""
    return spend_of(account.entries.filter(spend_entries(now)).aggregate(total=Sum("amount"))["total"])


def assign_tier(account, now=None):
    """Put the locked ``account`` in the tier its spend reaches (up or down), without saving.

    Returns the new tier when it is an upgrade (the buyer gets an e-mail), else None."""
    new = rules.tier_for_spend(spend_last_12_months(account, now), tier_levels())
    if (new.pk if new else None) == account.tier_id:
        return None
    old = tier_of(account)
    account.tier = new
    if new is not None and new.threshold > (old.threshold if old else 0):
        return new
    return None


def update_tier(account, now=None):
    """Put the account in the tier its spend reaches (up or down); e-mail the buyer on an upgrade."""
    with transaction.atomic():
        account = ledger.lock(account)
        tier_id = account.tier_id
        upgrade = assign_tier(account, now)
        if account.tier_id != tier_id:
            account.save(update_fields=["tier"])
    if upgrade is not None:
        email_tier_upgrade(account, upgrade)
    return account
