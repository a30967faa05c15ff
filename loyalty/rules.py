"""The loyalty rules as pure functions: no database, no requests (docs/design.md § 3).

Points are integers, money is ``Decimal`` Rupiah. ``points_to_rupiah`` is the one conversion
from points to money; ``points_for_spend`` the one from money to points earned.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_UP, Decimal

from django.utils.translation import gettext as _

BIRTHDAY_LOCK_DAYS = 30


class LoyaltyError(Exception):
    """A rule refused a movement; the message is for the buyer or the owner."""


def points_to_rupiah(points, point_value):
    """What ``points`` are worth in Rupiah (1 point = ``point_value`` Rupiah)."""
    return Decimal(int(points)) * Decimal(point_value)


def points_for_spend(amount, rupiah_per_point, multiplier=Decimal("1")):
    """Whole points earned on ``amount`` Rupiah: one per ``rupiah_per_point``, times the tier
    multiplier, always rounded down (a buyer never gets a fraction of a point)."""
    amount = Decimal(amount)
    if amount <= 0 or Decimal(rupiah_per_point) <= 0:
        return 0
    raw = amount / Decimal(rupiah_per_point) * Decimal(multiplier)
    return int(raw.to_integral_value(rounding=ROUND_DOWN))


def max_redeemable_points(merchandise_total, available, point_value, max_percent):
    """The most points usable on a basket: the balance, capped at ``max_percent`` of merchandise."""
    if Decimal(point_value) <= 0:
        return 0
    cap_rupiah = Decimal(merchandise_total) * Decimal(max_percent) / Decimal(100)
    cap_points = int((cap_rupiah / Decimal(point_value)).to_integral_value(rounding=ROUND_DOWN))
    return max(0, min(int(available), cap_points))


def check_redemption(points, merchandise_total, available, point_value, min_points, max_percent):
    """Raise ``LoyaltyError`` unless ``points`` may be used on this basket."""
    if points < min_points:
        raise LoyaltyError(_("Use at least %(min)d points.") % {"min": min_points})
    if points > available:
        raise LoyaltyError(_("You have only %(available)d points.") % {"available": available})
    cap = max_redeemable_points(merchandise_total, points, point_value, max_percent)
    if points > cap:
        raise LoyaltyError(
            _("At most %(cap)d points (%(percent)d%% of the goods) can be used on this order.")
            % {"cap": cap, "percent": max_percent}
        )


@dataclass(frozen=True)
class TierLevel:
    """A tier as the rules see it (name, spend threshold, multiplier)."""

    name: str
    threshold: Decimal
    multiplier: Decimal


def tier_for_spend(spend, tiers):
    """The highest tier whose threshold ``spend`` reaches (tiers in any order), or None."""
    reached = [tier for tier in tiers if Decimal(spend) >= tier.threshold]
    return max(reached, key=lambda tier: tier.threshold) if reached else None


def next_tier(spend, tiers):
    """The next tier above ``spend`` and the Rupiah still missing, or (None, 0) at the top."""
    above = [tier for tier in tiers if tier.threshold > Decimal(spend)]
    if not above:
        return None, Decimal(0)
    tier = min(above, key=lambda tier: tier.threshold)
    return tier, tier.threshold - Decimal(spend)


def tier_progress_percent(spend, current, upcoming):
    """How far (0–100) the buyer is from the current tier's threshold to the next one."""
    if upcoming is None:
        return 100
    start = current.threshold if current else Decimal(0)
    span = upcoming.threshold - start
    if span <= 0:
        return 100
    return max(0, min(100, int((Decimal(spend) - start) * 100 / span)))


def can_change_birthday(last_changed_at, now):
    """A birthday may be changed once per ``BIRTHDAY_LOCK_DAYS`` (stops bonus farming)."""
    return last_changed_at is None or now - last_changed_at >= datetime.timedelta(days=BIRTHDAY_LOCK_DAYS)


def allocate_fifo(batches, points):
    """Split ``points`` over ``batches`` ((key, remaining) pairs, oldest first).

    Returns [(key, taken)]; raises ``LoyaltyError`` when the batches hold too few points.
    """
    plan = []
    left = points
    for key, remaining in batches:
        if left <= 0:
            break
        take = min(remaining, left)
        if take > 0:
            plan.append((key, take))
            left -= take
    if left > 0:
        raise LoyaltyError(_("Not enough points."))
    return plan


def reversal_points(earned, share):
    """Points to take back when ``share`` (0–1) of an order is refunded: rounded up, at most
    what was earned, so the buyer never keeps points for money given back."""
    share = min(max(Decimal(share), Decimal(0)), Decimal(1))
    return min(int(earned), int((Decimal(int(earned)) * share).to_integral_value(rounding=ROUND_UP)))


def referral_refusal(referrer, friend):
    """Why ``friend`` may not be credited to ``referrer`` (an empty string when allowed).

    Both are dicts with ``id``, ``phone``, ``email`` and, for the friend, ``completed_orders``
    and ``referred``. Refused: oneself (same record, phone or e-mail), a friend already
    referred, and a friend who already bought before the referral.
    """
    if referrer["id"] == friend["id"]:
        return _("You cannot refer yourself.")
    for field in ("phone", "email"):
        if referrer.get(field) and referrer.get(field) == friend.get(field):
            return _("You cannot refer yourself.")
    if friend.get("referred"):
        return _("This customer was already referred.")
    if friend.get("completed_orders", 0) > 0:
        return _("Referrals are for new customers only.")
    return ""
