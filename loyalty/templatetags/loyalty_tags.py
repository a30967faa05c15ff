"""Template tags for the loyalty hooks on product, basket and checkout pages."""
from decimal import Decimal

from django import template

from loyalty import rules, services
from loyalty.models import Account, BasketRedemption

register = template.Library()


def _multiplier(request):
    """The signed-in buyer's tier multiplier and account (looked up, never created here)."""
    user = getattr(request, "user", None)
    account = None
    if user is not None and user.is_authenticated:
        account = Account.objects.select_related("tier").filter(customer__user=user).first()
    if account is None or not account.tier_id:
        return Decimal(1), account
    return account.tier.multiplier, account


@register.simple_tag(takes_context=True)
def product_points(context, product):
    """Points the buyer earns with one of ``product`` at its current price (0 when unpriced)."""
    request = context.get("request")
    if request is None or not hasattr(request, "strategy"):
        return 0
    price = request.strategy.fetch_for_product(product).price
    if not price.exists:
        return 0
    multiplier, config = _earning_terms(request)
    return rules.points_for_spend(price.incl_tax, config.rupiah_per_point_earned, multiplier)


def _earning_terms(request):
    """The buyer's multiplier and the loyalty settings, looked up once per request: a home or
    category page shows "dapat N poin" on many products and must not query once per product."""
    terms = getattr(request, "_loyalty_earning_terms", None)
    if terms is None:
        multiplier, _account = _multiplier(request)
        terms = request._loyalty_earning_terms = (multiplier, services.get_settings())
    return terms


@register.inclusion_tag("loyalty/partials/points_box.html", takes_context=True)
def basket_points_box(context, basket):
    """What the basket earns and, for a signed-in buyer with points, the form to use them."""
    request = context.get("request")
    config = services.get_settings()
    multiplier, account = _multiplier(request)
    earn = rules.points_for_spend(basket.total_incl_tax, config.rupiah_per_point_earned, multiplier)
    chosen = BasketRedemption.objects.filter(basket_id=basket.id).first() if basket.id else None
    merchandise = services.basket_merchandise_total(basket)
    usable = 0
    if account:
        usable = rules.max_redeemable_points(
            merchandise, account.available, config.point_value, config.max_redeem_percent
        )
    return {
        "request": request,
        "signed_in": bool(request is not None and request.user.is_authenticated),
        "basket": basket,
        "earn": earn,
        "account": account,
        "config": config,
        "chosen": chosen,
        "usable": usable,
        "can_redeem": account is not None and (usable >= config.min_redeem_points or chosen),
        "available_value": services.points_to_rupiah(account.available, config) if account else 0,
    }
