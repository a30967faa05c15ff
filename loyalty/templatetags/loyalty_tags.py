"""Template tags for the loyalty hooks on product, basket and checkout pages."""
from decimal import Decimal

from django import template

from core import caching
from loyalty import rules, services
from loyalty.models import Account, BasketRedemption

register = template.Library()


def _buyer(request):
    """(settings, tier multiplier, account) for this request, looked up once per request so that
    a page with many product cards costs the same few queries (the account is never created here)."""
    cached = getattr(request, "_loyalty_buyer", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    account = None
    if user is not None and user.is_authenticated:
        account = Account.objects.select_related("tier").filter(customer__user=user).first()
    multiplier = services.tier_multiplier(account) if account is not None else Decimal(1)
    cached = (services.get_settings(), multiplier, account)
    if request is not None:
        request._loyalty_buyer = cached
    return cached


@register.simple_tag(takes_context=True)
def product_points(context, product):
    """Points the buyer earns with one of ``product`` at its current price (0 when unpriced)."""
    request = context.get("request")
    if request is None or not hasattr(request, "strategy"):
        return 0
    price = request.strategy.fetch_for_product(product).price
    if not price.exists:
        return 0
    config, multiplier, _account = _buyer(request)
    return rules.points_for_spend(price.incl_tax, config.rupiah_per_point_earned, multiplier)


@register.inclusion_tag("loyalty/partials/points_box.html", takes_context=True)
def basket_points_box(context, basket):
    """What the basket earns and, for a signed-in buyer with points, the form to use them."""
    request = context.get("request")
    config, multiplier, account = _buyer(request)
    earn = rules.points_for_spend(basket.total_incl_tax, config.rupiah_per_point_earned, multiplier)
    chosen = None
    usable = 0
    if account:  # only a signed-in buyer with an account can use points
        chosen = BasketRedemption.objects.filter(basket_id=basket.id).first() if basket.id else None
        merchandise = services.basket_merchandise_total(basket)
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


@register.simple_tag
def order_points(order):
    """The points ``order`` earns at the base rate (what a guest would collect by registering)."""
    config = services.get_settings()
    spend = services.order_merchandise_total(order)
    return rules.points_for_spend(spend, config.rupiah_per_point_earned, Decimal(1))


@register.simple_tag
def customer_points(customer):
    """The customer's points at a glance, for the CRM customer page's hook partial."""
    return services.points_summary(customer)


@register.simple_tag
def points_outstanding():
    """The points the shop owes, for the CRM analytics page's hook partial; cached like the
    page's other numbers (a new order or status change shows at once)."""
    return caching.cached(caching.ORDERS, "loyalty-points-outstanding", services.points_outstanding, 10 * 60)
