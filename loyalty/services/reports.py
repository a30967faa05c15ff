"""Read-only numbers about points for the owner's and the buyer's pages (no writes here)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ..models import Account, Entry, EntryKind, RewardClaim, SourceType
from . import tiers
from .config import get_settings, points_to_rupiah


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


def _in_history(account):
    """The entries of ``account`` the buyer reads: one row per order — its pending entry while
    the order runs, then only the entry that settled it (earned or cancelled), so that an order
    never reads like points given twice."""
    settled = Entry.objects.filter(
        account=account, source_type=SourceType.ORDER, kind__in=[EntryKind.EARN, EntryKind.REVERSE]
    ).values("source_id")
    return ~Q(kind=EntryKind.PENDING, source_id__in=settled)


def history_entries(account):
    """The account's ledger as the buyer reads it (``_in_history``), newest first."""
    return account.entries.filter(_in_history(account)).order_by("-created_at", "-pk")


@dataclass
class LedgerFigures:
    """What the buyer's page counts in the account's ledger, in one query."""

    spend: Decimal  # paid spend of the last 12 months (``tiers.spend_last_12_months``)
    history_size: int  # the rows of ``history_entries`` (its paginator's count)


def ledger_figures(account, now):
    """The spend of the last 12 months and the size of the history: one query, not two."""
    figures = account.entries.aggregate(
        spend=Sum("amount", filter=tiers.spend_entries(now)),
        history_size=Count("pk", filter=_in_history(account)),
    )
    return LedgerFigures(tiers.spend_of(figures["spend"]), figures["history_size"])


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
        elif row["kind"] in (EntryKind.REDEEM, EntryKind.REFUND):  # a refund undoes a redemption
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
    claims = RewardClaim.objects.as_of(now).values("status_now").annotate(n=Count("pk"))
    return {
        **points_outstanding(config),
        "earned": earned,
        "redeemed": redeemed,
        "redemption_rate": round(redeemed * 100 / earned, 1) if earned else 0,
        "expiring_30": expiring,
        "expiring_30_value": points_to_rupiah(expiring, config),
        "claims": {row["status_now"]: row["n"] for row in claims},
        "months": monthly_report(),
    }
