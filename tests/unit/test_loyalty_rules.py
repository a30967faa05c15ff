"""Every loyalty rule on its own: rounding, multipliers, caps, tiers, FIFO, reversal, birthday, referral."""

import datetime
from decimal import Decimal

import pytest

from crm import rules as crm_rules
from loyalty import rules
from loyalty.rules import LoyaltyError, TierLevel

TIERS = [
    TierLevel("Bronze", Decimal("0"), Decimal("1.00")),
    TierLevel("Silver", Decimal("1000000"), Decimal("1.25")),
    TierLevel("Gold", Decimal("3000000"), Decimal("1.50")),
]


@pytest.mark.parametrize(
    "amount, multiplier, points",
    [
        ("9999", "1", 0),  # below one point
        ("10000", "1", 1),
        ("19999", "1", 1),  # always rounded down
        ("125000", "1.25", 15),  # 12.5 × 1.25 = 15.625 → 15
        ("80000", "1.5", 12),
        ("0", "1.5", 0),
        ("-5000", "1", 0),  # a refund never earns
    ],
)
def test_points_for_spend_rounds_down_and_applies_the_multiplier(amount, multiplier, points):
    assert rules.points_for_spend(Decimal(amount), Decimal("10000"), Decimal(multiplier)) == points


def test_points_to_rupiah_is_the_one_conversion():
    assert rules.points_to_rupiah(250, Decimal("100")) == Decimal("25000")


@pytest.mark.parametrize(
    "total, available, cap",
    [("100000", 1000, 500), ("100000", 300, 300), ("99990", 1000, 499), ("0", 1000, 0)],
)
def test_max_redeemable_is_the_balance_capped_at_half_the_goods(total, available, cap):
    assert rules.max_redeemable_points(Decimal(total), available, Decimal("100"), 50) == cap


@pytest.mark.parametrize(
    "points, available, fails",
    [(49, 1000, True), (50, 1000, False), (500, 1000, False), (501, 1000, True), (300, 299, True)],
)
def test_check_redemption_minimum_cap_and_balance(points, available, fails):
    def check():
        rules.check_redemption(points, Decimal("100000"), available, Decimal("100"), 50, 50)

    if fails:
        with pytest.raises(LoyaltyError):
            check()
    else:
        check()


@pytest.mark.parametrize(
    "spend, tier",
    [
        ("0", "Bronze"),
        ("999999", "Bronze"),
        ("1000000", "Silver"),
        ("2999999", "Silver"),
        ("3000000", "Gold"),
    ],
)
def test_tier_boundaries_are_inclusive_at_the_threshold(spend, tier):
    assert rules.tier_for_spend(Decimal(spend), TIERS).name == tier


def test_next_tier_and_progress():
    upcoming, missing = rules.next_tier(Decimal("2000000"), TIERS)
    assert (upcoming.name, missing) == ("Gold", Decimal("1000000"))
    assert rules.tier_progress_percent(Decimal("2000000"), TIERS[1], upcoming) == 50
    assert rules.next_tier(Decimal("5000000"), TIERS) == (None, Decimal(0))
    assert rules.tier_progress_percent(Decimal("5000000"), TIERS[2], None) == 100


def test_allocate_fifo_takes_the_oldest_batches_first():
    assert rules.allocate_fifo([("old", 30), ("mid", 50), ("new", 100)], 60) == [("old", 30), ("mid", 30)]
    with pytest.raises(LoyaltyError):
        rules.allocate_fifo([("old", 30)], 31)


@pytest.mark.parametrize(
    "earned, share, back", [(100, "0.4", 40), (15, "0.5", 8), (15, "1", 15), (15, "2", 15)]
)
def test_reversal_takes_back_the_matching_share_rounded_up(earned, share, back):
    assert rules.reversal_points(earned, Decimal(share)) == back


def test_birthday_change_is_locked_for_30_days():
    changed = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    assert rules.can_change_birthday(None, changed)
    assert not rules.can_change_birthday(changed, changed + datetime.timedelta(days=29, hours=23))
    assert rules.can_change_birthday(changed, changed + datetime.timedelta(days=30))


def test_birthday_on_29_february_counts_on_28_february_in_other_years():
    leapling = datetime.date(2000, 2, 29)
    assert crm_rules.birthday_is_on(leapling, datetime.date(2027, 2, 28))
    assert not crm_rules.birthday_is_on(leapling, datetime.date(2028, 2, 28))
    assert crm_rules.birthday_is_on(leapling, datetime.date(2028, 2, 29))


@pytest.mark.parametrize(
    "friend, refused",
    [
        ({"id": 1}, True),  # the same customer
        ({"id": 2, "phone": "+6281111"}, True),  # same phone under another record
        ({"id": 2, "email": "a@x.id"}, True),  # same e-mail
        ({"id": 2, "referred": True}, True),
        ({"id": 2, "completed_orders": 1}, True),  # not a new customer
        ({"id": 2, "phone": "+6282222", "email": "b@x.id"}, False),
    ],
)
def test_referral_abuse_is_refused(friend, refused):
    referrer = {"id": 1, "phone": "+6281111", "email": "a@x.id"}
    assert bool(rules.referral_refusal(referrer, friend)) is refused


def test_a_reward_is_on_offer_from_its_start_until_before_its_end():
    from django.utils import timezone

    from loyalty.models import Reward

    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    assert Reward().on_offer_at(now)  # active, no dates
    assert Reward(starts_at=now, ends_at=now + hour).on_offer_at(now)  # the start counts
    assert not Reward(starts_at=now + hour).on_offer_at(now)
    assert not Reward(ends_at=now).on_offer_at(now)  # the end does not
    assert not Reward(is_active=False).on_offer_at(now)
