"""Loyalty operations, one module per concern; every movement of points goes through ``ledger``.

- ``config``: the owner's loyalty numbers (``get_settings``), point value, expiry date.
- ``ledger``: the only writer of ledger entries (``post``, ``debit``), idempotent per key.
- ``accounts``: whose points (the customer of a user or an order) and their account.
- ``tiers``: tier levels, the tier multiplier, moving an account between tiers.
- ``earning``: points from orders and counter sales, and reversing them.
- ``redemption``: paying with points at checkout.
- ``rewards``: claiming rewards (delivered as vouchers).
- ``bonuses``: sign-up, birthday, review, survey and referral bonuses.
- ``maintenance``: expiry, staff corrections, opening points, merges, nightly repair.
- ``reports``: read-only numbers for the owner's and buyer's pages.
- ``emails``: what buyers are e-mailed.

Callers use ``from loyalty import services`` and the names below; the rules themselves (how
many points, which tier, FIFO …) are plain functions in ``loyalty.rules`` (docs/design.md).
"""

from ..rules import LoyaltyError
from .accounts import (
    REFERRAL_ALPHABET,
    account_for_user,
    customer_for_order,
    customer_for_user,
    get_account,
)
from .bonuses import (
    DEFAULT_BONUSES,
    award_birthday_bonuses,
    award_bonus,
    change_birthday,
    ensure_default_bonus_rules,
    link_referral,
    pay_referral_bonus,
)
from .config import get_settings, points_to_rupiah
from .earning import (
    add_pending_for_order,
    cancel_order_points,
    order_merchandise_total,
    record_counter_sale,
    refund_redemption,
    release_order_points,
    reverse_earning,
)
from .emails import warn_expiring_points
from .ledger import debit, post
from .maintenance import (
    adjust_points,
    book_opening_points,
    drifted_accounts,
    expire_points,
    merge_accounts,
    orders_missing_entries,
    rebuild_balance,
    reconcile_orders,
    release_due_shipped_orders,
)
from .redemption import (
    POINTS_OFFER_SLUG,
    basket_merchandise_total,
    choose_points,
    is_points_offer,
    points_discount_of,
    redeem_for_order,
    redemption_discount,
)
from .reports import (
    LedgerFigures,
    PointsSummary,
    history_entries,
    ledger_figures,
    monthly_report,
    owner_report,
    points_outstanding,
    points_summary,
)
from .rewards import (
    cancel_claim,
    claim_reward,
    refresh_claim_statuses,
    register_voucher_issuer,
    return_order_rewards,
    reward_refusal,
    rewards_on_offer,
)
from .tiers import (
    DEFAULT_TIERS,
    TIERS_CACHE_KEY,
    ensure_default_tiers,
    spend_last_12_months,
    tier_levels,
    tier_multiplier,
    tier_of,
    update_tier,
)

__all__ = [
    "DEFAULT_BONUSES",
    "DEFAULT_TIERS",
    "POINTS_OFFER_SLUG",
    "REFERRAL_ALPHABET",
    "TIERS_CACHE_KEY",
    "LoyaltyError",
    "LedgerFigures",
    "PointsSummary",
    "account_for_user",
    "add_pending_for_order",
    "adjust_points",
    "award_birthday_bonuses",
    "award_bonus",
    "basket_merchandise_total",
    "book_opening_points",
    "cancel_claim",
    "cancel_order_points",
    "change_birthday",
    "choose_points",
    "claim_reward",
    "customer_for_order",
    "customer_for_user",
    "debit",
    "drifted_accounts",
    "ensure_default_bonus_rules",
    "ensure_default_tiers",
    "expire_points",
    "get_account",
    "get_settings",
    "history_entries",
    "ledger_figures",
    "is_points_offer",
    "link_referral",
    "merge_accounts",
    "monthly_report",
    "order_merchandise_total",
    "orders_missing_entries",
    "owner_report",
    "pay_referral_bonus",
    "points_discount_of",
    "points_outstanding",
    "points_summary",
    "points_to_rupiah",
    "post",
    "rebuild_balance",
    "reconcile_orders",
    "record_counter_sale",
    "redeem_for_order",
    "redemption_discount",
    "refresh_claim_statuses",
    "refund_redemption",
    "register_voucher_issuer",
    "release_due_shipped_orders",
    "release_order_points",
    "return_order_rewards",
    "reverse_earning",
    "reward_refusal",
    "rewards_on_offer",
    "spend_last_12_months",
    "tier_levels",
    "tier_multiplier",
    "tier_of",
    "update_tier",
    "warn_expiring_points",
]
