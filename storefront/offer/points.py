"""Loyalty discounts through Oscar's offer machinery (docs/design.md § 3).

- Points chosen on a basket become a discount by one "Penukaran poin" user offer, whose
  custom condition/benefit read the basket's ``loyalty.BasketRedemption``. Oscar then shows it
  on the basket, checkout, order and invoice like any other discount, and records it as an
  ``OrderDiscount``.
- A claimed reward is a single-use Oscar voucher whose condition also checks that the basket
  belongs to the buyer who claimed it.
"""

import datetime
import secrets
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.offer import benefits, conditions, results
from oscar.core.loading import get_model

from loyalty.services.redemption import POINTS_OFFER_SLUG

ALL_PRODUCTS_RANGE = "Semua produk"


class PointsChosenCondition(conditions.Condition):
    """Satisfied when the buyer chose points to use on this basket."""

    name = description = _("Points chosen for this basket")

    class Meta:
        app_label = "offer"
        proxy = True

    def is_satisfied(self, offer, basket):
        from loyalty.models import BasketRedemption

        return bool(basket.id) and BasketRedemption.objects.filter(basket_id=basket.id, points__gt=0).exists()


class PointsDiscountBenefit(benefits.AbsoluteDiscountBenefit):
    """A Rupiah discount worth the points chosen on the basket (1 point = the shop's point value)."""

    name = description = _("Points redemption")

    class Meta:
        app_label = "offer"
        proxy = True

    def apply(self, basket, condition, offer, **kwargs):
        from loyalty.services import redemption_discount

        discount = redemption_discount(basket)
        if discount <= 0:
            return results.ZERO_DISCOUNT
        return super().apply(basket, condition, offer, discount_amount=discount)


class RewardCondition(conditions.CountCondition):
    """A reward voucher's condition: the usual item count, and the basket is the claimer's."""

    class Meta:
        app_label = "offer"
        proxy = True

    def is_satisfied(self, offer, basket):
        voucher = getattr(offer, "_voucher", None) or offer.vouchers.first()
        claim = getattr(voucher, "reward_claim", None) if voucher else None
        if claim is None or basket.owner_id is None:
            return False
        if claim.account.customer.user_id != basket.owner_id:
            return False
        return super().is_satisfied(offer, basket)


def _all_products_range():
    Range = get_model("offer", "Range")
    product_range, _created = Range.objects.get_or_create(
        name=ALL_PRODUCTS_RANGE, defaults={"includes_all_products": True}
    )
    return product_range


def ensure_points_offer():
    """The one "Penukaran poin" user offer (created on first use, idempotent)."""
    from oscar.apps.offer.custom import _class_path

    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Condition = get_model("offer", "Condition")
    Benefit = get_model("offer", "Benefit")
    offer = ConditionalOffer.objects.filter(slug=POINTS_OFFER_SLUG).first()
    if offer:
        return offer
    condition = Condition.objects.create(proxy_class=_class_path(PointsChosenCondition))
    benefit = Benefit.objects.create(
        proxy_class=_class_path(PointsDiscountBenefit), range=_all_products_range(), value=Decimal(0)
    )
    return ConditionalOffer.objects.create(
        name="Penukaran poin",
        slug=POINTS_OFFER_SLUG,
        offer_type=ConditionalOffer.USER,
        condition=condition,
        benefit=benefit,
        exclusive=False,
        priority=-100,
        max_basket_applications=1,
    )


def _reward_range(reward):
    """The products a reward's voucher applies to."""
    from loyalty.models import RewardKind

    if reward.kind in (RewardKind.RUPIAH, RewardKind.FREE_SHIPPING):
        return _all_products_range()
    Range = get_model("offer", "Range")
    product_range, created = Range.objects.get_or_create(name=f"Hadiah #{reward.pk}")
    if created:
        if reward.kind == RewardKind.FREE_PRODUCT:
            product_range.add_product(reward.product)
        else:
            product_range.included_categories.add(reward.category)
    return product_range


def _reward_benefit(reward, product_range):
    from loyalty.models import RewardKind

    Benefit = get_model("offer", "Benefit")
    if reward.kind == RewardKind.RUPIAH:
        return Benefit.objects.create(type=Benefit.FIXED, range=product_range, value=reward.value)
    if reward.kind == RewardKind.FREE_SHIPPING:
        return Benefit.objects.create(type=Benefit.SHIPPING_PERCENTAGE, value=Decimal(100))
    if reward.kind == RewardKind.FREE_PRODUCT:
        return Benefit.objects.create(type=Benefit.MULTIBUY, range=product_range)
    return Benefit.objects.create(type=Benefit.PERCENTAGE, range=product_range, value=reward.value)


def create_reward_voucher(claim, now):
    """Issue the single-use voucher that delivers a claimed reward to its buyer only
    (registered with ``loyalty.services.register_voucher_issuer`` by ``OfferConfig.ready``)."""
    from oscar.apps.offer.custom import _class_path

    Voucher = get_model("voucher", "Voucher")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Condition = get_model("offer", "Condition")
    reward = claim.reward
    product_range = _reward_range(reward)
    condition = Condition.objects.create(
        proxy_class=_class_path(RewardCondition), type=Condition.COUNT, range=product_range, value=1
    )
    code = f"POIN-{secrets.token_hex(4).upper()}"
    offer = ConditionalOffer.objects.create(
        name=f"{reward.name} ({code})",
        offer_type=ConditionalOffer.VOUCHER,
        condition=condition,
        benefit=_reward_benefit(reward, product_range),
        exclusive=False,
        max_basket_applications=1,
    )
    voucher = Voucher.objects.create(
        name=f"{reward.name} ({code})",
        code=code,
        usage=Voucher.SINGLE_USE,
        start_datetime=now,
        end_datetime=now + datetime.timedelta(days=reward.voucher_days),
    )
    voucher.offers.add(offer)
    return voucher
