"""The request's basket, loaded with what its pages read for every line.

Oscar's ``Basket.all_lines`` selects each line's product and stock record but not the
product's class or its stock records, and Oscar's strategy prices a line from
``product.stockrecords`` (``fetch_for_line`` ignores the line's own stock record): the basket
page and every checkout step then cost about three queries per line. The middleware below
loads the lines once with those rows prefetched; Oscar resets the list itself whenever lines
change (``basket._lines = None``) and then reloads it its own way.

Before applying the offers Oscar counted the lines (one more query, on every page of a visitor
with a basket, whose header then loads the lines anyway) and the basket page read the basket's
vouchers twice (once to apply the offers, once for its "spend more" messages).

The header's item count (``request.basket_num_items``) is had without applying the offers:
a page that shows nothing else of the basket no longer loads its lines, and the kept basket
page (``storefront.basket_page``) counts them with its own key.
"""

from functools import partial

from django.db.models import Sum, prefetch_related_objects
from django.utils.functional import SimpleLazyObject, empty
from oscar.apps.basket.middleware import BasketMiddleware as OscarBasketMiddleware
from oscar.core.loading import get_class

Applicator = get_class("offer.applicator", "Applicator")


def lines_with_products(basket):
    """The basket's lines with product, class, stock records and photos in a fixed number
    of queries."""
    return (
        basket.lines.select_related("product__product_class", "product__parent__product_class", "stockrecord")
        .prefetch_related("attributes", "product__images", "product__stockrecords")
        .order_by("pk")
    )


class BasketMiddleware(OscarBasketMiddleware):
    """Oscar's basket middleware whose basket lists its lines with ``lines_with_products``;
    the request also has ``open_basket()`` (the basket without its offers applied, lines not
    loaded) and ``basket_num_items``."""

    def __call__(self, request):
        request.open_basket = partial(self.get_basket, request)
        request.basket_num_items = SimpleLazyObject(partial(self.count_items, request))
        return super().__call__(request)

    def count_items(self, request):
        """The number of items in the visitor's basket: from its lines when the page loaded
        them, else summed by the database (no offers applied)."""
        basket = request.basket  # a view may have put a loaded basket there
        if not isinstance(basket, SimpleLazyObject) or basket._wrapped is not empty:
            return basket.num_items
        basket = self.get_basket(request)
        if basket.id is None:
            return 0  # no basket yet: no query
        return basket.lines.aggregate(items=Sum("quantity"))["items"] or 0

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
