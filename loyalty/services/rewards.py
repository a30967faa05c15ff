"""Rewards the buyer claims with points; each is delivered as a single-use voucher.

The voucher is Oscar offer work, done by the storefront's offer app: it registers its
``issue(claim, now) -> Voucher`` function at start-up (``register_voucher_issuer``), so loyalty
never imports the storefront.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import caching

from ..models import ClaimStatus, Entry, EntryKind, Reward, RewardClaim, SourceType
from ..rules import LoyaltyError
from . import ledger
from .earning import refund_redemption

_voucher_issuer = []


def register_voucher_issuer(issue):
    """Use ``issue(claim, now)`` to create the voucher of every claimed reward (the last
    registered wins; the storefront's offer app registers it in ``ready()``)."""
    _voucher_issuer[:] = [issue]


def _issue_voucher(claim, now):
    if not _voucher_issuer:
        raise RuntimeError("No reward voucher issuer registered (storefront.offer registers one).")
    return _voucher_issuer[0](claim, now)


def rewards_on_offer(now):
    """The rewards buyers can claim at ``now``, with their tiers, cheapest first. The same for
    every buyer, so the active ones are kept under the ``offers`` cache version (saving or
    deleting a reward or a tier bumps it, and so does a claim or its cancelling, which save the
    reward's stock) and their dates are checked at ``now``."""
    active = caching.cached(
        caching.OFFERS,
        "loyalty-rewards",
        lambda: list(Reward.objects.filter(is_active=True).select_related("min_tier")),
    )
    return [reward for reward in active if reward.on_offer_at(now)]


def reward_refusal(reward, account, now=None):
    """Why the account cannot claim the reward now ('' when it can); no locks taken."""
    now = now or timezone.now()
    if not reward.on_offer_at(now):
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
    now = now or timezone.now()
    with transaction.atomic():
        account = ledger.lock(account)
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        refusal = reward_refusal(reward, account, now)
        if refusal:
            raise LoyaltyError(refusal)
        claim = RewardClaim.objects.create(reward=reward, account=account, points=reward.points_cost)
        ledger.debit(
            account, EntryKind.REDEEM, SourceType.REWARD, claim.pk, reward.points_cost, note=reward.name
        )
        if reward.stock is not None:
            reward.stock -= 1
            reward.save(update_fields=["stock"])
        claim.voucher = _issue_voucher(claim, now)
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
    """Store the status of claims (of one account, or all) whose voucher was used or ran out,
    as ``RewardClaim.objects.as_of`` reads it; returns (used, expired). Run nightly."""
    now = now or timezone.now()
    claims = RewardClaim.objects.filter(status=ClaimStatus.CLAIMED)
    if account is not None:
        claims = claims.filter(account=account)
    changed = claims.as_of(now)
    used = claims.filter(pk__in=changed.filter(status_now=ClaimStatus.USED).values("pk"))
    expired = claims.filter(pk__in=changed.filter(status_now=ClaimStatus.EXPIRED).values("pk"))
    return used.update(status=ClaimStatus.USED), expired.update(status=ClaimStatus.EXPIRED)


def return_order_rewards(order, now=None):
    """Give back the reward vouchers a cancelled order used: each becomes usable again while
    it runs, or its points are refunded when it expired meanwhile.

    Once per order and voucher, also when cancellations run in parallel: the claim row is
    locked and the voucher's use by this order is removed only once. Returns True when a
    reward came back."""
    from oscar.core.loading import get_model

    VoucherApplication = get_model("voucher", "VoucherApplication")
    Voucher = get_model("voucher", "Voucher")
    now = now or timezone.now()
    returned = False
    used = RewardClaim.objects.filter(voucher__applications__order=order).values_list("pk", flat=True)
    for claim_id in list(used):
        with transaction.atomic():
            claim = RewardClaim.objects.select_for_update().select_related("reward").get(pk=claim_id)
            uses = VoucherApplication.objects.filter(voucher_id=claim.voucher_id, order=order)
            removed, _rows = uses.delete()
            if not removed:
                continue  # given back by a parallel cancellation
            voucher = Voucher.objects.select_for_update().get(pk=claim.voucher_id)
            discount = order.discounts.filter(voucher_id=voucher.pk).aggregate(total=Sum("amount"))["total"]
            voucher.num_orders = max(voucher.num_orders - removed, 0)
            voucher.total_discount = max(voucher.total_discount - (discount or 0), Decimal(0))
            voucher.save(update_fields=["num_orders", "total_discount"])
            if voucher.end_datetime > now:
                claim.status = ClaimStatus.CLAIMED
            else:
                redeemed = Entry.objects.get(
                    source_type=SourceType.REWARD, source_id=str(claim.pk), kind=EntryKind.REDEEM
                )
                refund_redemption(
                    redeemed,
                    note=_("Reward of cancelled order %(number)s: %(name)s")
                    % {"number": order.number, "name": claim.reward.name},
                )
                claim.status = ClaimStatus.CANCELLED
            claim.save(update_fields=["status"])
            returned = True
    return returned
