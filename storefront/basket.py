"""The request's basket, loaded with what its pages read for every line.

Oscar's ``Basket.all_lines`` selects each line's product and stock record but not the
product's class or its stock records, and Oscar's strategy prices a line from
``product.stockrecords`` (``fetch_for_line`` ignores the line's own stock record): the basket
page and every checkout step then cost about three queries per line. The middleware below
loads the lines once with those rows prefetched; Oscar resets the list itself whenever lines
change (``basket._lines = None``) and then reloads it its own way.

Before applying the offers Oscar counted the lines (one more query, on every page of a visitor
with a basket, whose header then loads the lines anyway) and the basket page read the basket's
vouchers twice (once to apply the offers, once for its "spend more" messages). The header's
count (``item_count``) is one query where the page itself does not need the basket, and never
applies the offers (where it must load the basket: ``request.open_basket()``); the kept basket
page (``storefront.basket_page``) does not load the basket at all and counts its items with its
own key.
"""

from functools import partial

from django.conf import settings
from django.core.signing import BadSignature, Signer
from django.db.models import Sum, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from oscar.apps.basket.middleware import BasketMiddleware as OscarBasketMiddleware
from oscar.core.loading import get_class, get_model

Applicator = get_class("offer.applicator", "Applicator")
Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")


def lines_with_products(basket):
    """The basket's lines with product, class, stock records and photos in a fixed number
    of queries."""
    return (
        basket.lines.select_related("product__product_class", "product__parent__product_class", "stockrecord")
        .prefetch_related("attributes", "product__images", "product__stockrecords")
        .order_by("pk")
    )


def item_count(request):
    """How many items the visitor's basket holds (Oscar's ``Basket.num_items``), as the header
    shows on every page, without loading the basket unless this request already has: loading
    it applies the shop's offers to every line, most of a page's time for a visitor with a
    basket, only to print a number. One query instead: the signed-in buyer's open baskets, or
    the open basket of the visitor's basket cookie. The basket itself is loaded where Oscar's
    loading does more than count: a buyer who signs in with a cookie basket (Oscar merges the
    two) and a cookie without an open basket behind it (Oscar deletes the cookie)."""
    counted = getattr(request, "basket_num_items", None)  # the kept basket page counted them
    if counted is not None:
        return counted
    basket = getattr(request, "_basket_cache", None)
    user = getattr(request, "user", None)
    cookie = request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN)
    signed_in = user is not None and user.is_authenticated
    if basket is None and signed_in and cookie is None:
        lines = Line.objects.filter(basket__owner=user, basket__status=Basket.OPEN)
        return lines.aggregate(items=Coalesce(Sum("quantity"), Value(0)))["items"]
    if basket is None and not signed_in:
        if cookie is None:
            return 0
        count = _cookie_basket_count(request)
        if count is not None:
            return count
    if basket is None:
        open_basket = getattr(request, "open_basket", None)
        if open_basket is None:  # before the basket middleware (an early error page)
            return 0
        basket = open_basket()  # Oscar's loading (merge, cookie), without the offers
    return basket.num_items if basket.id else 0


def cookie_basket_id(request):
    """The basket id the visitor's basket cookie names (signed by Oscar's middleware), or None
    when there is no cookie or it is not ours. Whether that basket is still open is not read."""
    cookie = request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN)
    if cookie is None:
        return None
    try:
        return int(Signer().unsign(cookie))
    except (BadSignature, ValueError):
        return None


def _cookie_basket_count(request):
    """The items in the open, ownerless basket the visitor's basket cookie names; None when
    there is none (or the cookie is not ours)."""
    basket_id = cookie_basket_id(request)
    if basket_id is None:
        return None
    baskets = Basket.objects.filter(pk=basket_id, owner=None, status=Basket.OPEN)
    counted = baskets.annotate(items=Coalesce(Sum("lines__quantity"), Value(0)))
    return counted.values_list("items", flat=True).first()


class BasketMiddleware(OscarBasketMiddleware):
    """Oscar's basket middleware whose basket lists its lines with ``lines_with_products``;
    the request also has ``open_basket()``: the basket without its offers applied."""

    def __call__(self, request):
        request.open_basket = partial(self.get_basket, request)
        return super().__call__(request)

    def get_basket(self, request):
        basket = super().get_basket(request)
        if basket.id is not None and basket._lines is None:
            basket._lines = lines_with_products(basket)  # Oscar's own cache of the line list
        return basket

    def apply_offers_to_basket(self, request, basket):
        """Oscar's, with the lines loaded instead of counted and the vouchers (with their
        offers) read once for the request (adding or removing a voucher reads them again)."""
        if basket.id is not None and basket.all_lines():
            prefetch_related_objects([basket], "vouchers__offers")
            Applicator().apply(basket, request.user, request)
