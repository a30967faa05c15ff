"""Paying with points at checkout: the buyer chooses points on the basket, the order debits them.

The discount itself is an Oscar offer (``storefront.offer.points``), recognised here by its slug.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from .. import rules
from ..models import Account, BasketRedemption, EntryKind, SourceType
from ..rules import LoyaltyError
from . import ledger
from .config import get_settings, points_to_rupiah

POINTS_OFFER_SLUG = "penukaran-poin"


def is_points_offer(offer):
    """True for the one "Penukaran poin" offer that turns chosen points into a discount."""
    return offer.slug == POINTS_OFFER_SLUG


def points_discount_of(basket):
    """The points discount the offer machinery gave this basket (0 before offers are applied)."""
    applications = getattr(basket, "offer_applications", None)
    if not applications:
        return Decimal(0)
    return sum(
        (
            Decimal(app["discount"])
            for app in applications.applications.values()
            if is_points_offer(app["offer"])
        ),
        Decimal(0),
    )


def basket_merchandise_total(basket):
    """The basket's goods after other discounts, before the points discount."""
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
    account = ledger.lock(redemption.account)
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
    entry = ledger.debit(
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
