"""The basket page's own part — lines, forms, totals, "spend more" messages, the shipping
estimate — drawn once and kept for an anonymous visitor's basket (issue #19).

Drawing it costs most of a basket request: the lines with their products and stock records,
the offers applied to them, shipping and totals, then Oscar's partials and form widgets. What
it shows depends only on what is read into its key (``kept_key``), so a kept copy is never
stale:

- the basket's state, read in one statement (``basket_state``): each line's quantity,
  product, stock record and the price it was added at (Oscar's "price changed" warning),
  every stock record of its products (price, stock, allocation: Oscar allocates with
  ``queryset.update``, which sends no signal; the product's own changes are saves, which bump
  the ``catalogue`` version), and the basket's vouchers with whether each is within its dates
  *now*;
- the site offers within their dates *now* (their dates kept under the ``offers`` version),
  and the ``offers`` version itself (offers, conditions, benefits, ranges, vouchers and their
  usage: ``storefront.cache_signals``);
- the ``catalogue`` version, language and pricing strategy (``core.products.drawn_key_prefix``)
  and the ``settings`` version (currency, shipping, points).

A signed-in buyer's page (saved lines, points, their own offers and address), an empty
basket and a cookie without an open basket behind it (Oscar's loading deletes it) are always
drawn. The visitor's own CSRF token is written into the kept forms
(``product_cards.with_token``); posting them goes to Oscar's views as before, and checkout
never reads this HTML. The page around the part is kept as well (``kept_layout.kept_page``):
a kept basket page reads the basket's state and nothing else, not even the basket itself.
"""

import hashlib

from django.db import connection, transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.decorators import method_decorator
from oscar.core.loading import get_class, get_model

from core import caching
from core.products import drawn_key_prefix
from storefront import kept_layout
from storefront.basket import cookie_basket_id
from storefront.product_cards import with_token

Basket = get_model("basket", "Basket")
BASKETS = Basket._meta.db_table
ConditionalOffer = get_model("offer", "ConditionalOffer")
Line = get_model("basket", "Line")
StockRecord = get_model("partner", "StockRecord")
Voucher = get_model("voucher", "Voucher")
OscarBasketView = get_class("basket.views", "BasketView")

LINES, STOCK, VOUCHERS = (model._meta.db_table for model in (Line, StockRecord, Voucher))
BASKET_VOUCHERS = Basket.vouchers.through._meta.db_table
STATE_SQL = f"""
    SELECT 'basket', id, NULL, NULL, NULL, NULL, NULL
      FROM {BASKETS} WHERE id = %(basket)s AND owner_id IS NULL AND status = '{Basket.OPEN}'
    UNION ALL
    SELECT 'line', id, quantity, CAST(price_excl_tax AS TEXT), CAST(price_incl_tax AS TEXT),
           stockrecord_id, product_id
      FROM {LINES} WHERE basket_id = %(basket)s
    UNION ALL
    SELECT 'stock', id, num_in_stock, CAST(price AS TEXT), CAST(num_allocated AS TEXT), NULL, product_id
      FROM {STOCK} WHERE product_id IN (SELECT product_id FROM {LINES} WHERE basket_id = %(basket)s)
    UNION ALL
    SELECT 'voucher', voucher_id, NULL,
           CAST((start_datetime <= %(now)s AND %(now)s <= end_datetime) AS TEXT), NULL, NULL, NULL
      FROM {BASKET_VOUCHERS} JOIN {VOUCHERS} ON {VOUCHERS}.id = voucher_id WHERE basket_id = %(basket)s
    ORDER BY 1, 2
"""


def within_dates(start, end, now):
    """Whether ``now`` falls within an offer's or voucher's dates (Oscar's own test: both ends
    included, either may be open)."""
    return (start is None or start <= now) and (end is None or now <= end)


def site_offer_dates():
    """The open site offers' ids and dates, kept under the ``offers`` version: which of them
    apply depends on the time, which the key reads each request."""
    return caching.cached(
        caching.OFFERS,
        "site-offer-dates",
        lambda: list(
            ConditionalOffer.objects.filter(
                offer_type=ConditionalOffer.SITE, status=ConditionalOffer.OPEN
            ).values_list("pk", "start_datetime", "end_datetime")
        ),
    )


def basket_state(basket_id):
    """What the basket page shows of basket ``basket_id`` (see the module's docstring), as
    text, and its number of items, or ``None`` when it is not an open anonymous basket: its
    lines, its products' stock records and its vouchers (whether each is within its dates now)
    in one statement of four plain reads (the ORM's queries cost three times as much; one
    joined query took PostgreSQL longer to plan than to run)."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL, {"basket": basket_id, "now": connection.ops.adapt_datetimefield_value(now)})
        rows = cursor.fetchall()
    if not rows or rows[0][0] != "basket":
        return None
    offers = [pk for pk, start, end in site_offer_dates() if within_dates(start, end, now)]
    state = ";".join(",".join(map(str, row)) for row in rows) + "|" + ",".join(map(str, offers))
    return state, sum(row[2] for row in rows if row[0] == "line")


def kept_key(request, basket_id):
    """The cache key of the drawn page part of the visitor's basket ``basket_id`` (from the
    cookie) for this request, or ``None`` when it is drawn anew: a signed-in buyer, no open
    basket behind the cookie, an empty one. Counts the basket's items for the header on the
    way (``request.basket_num_items``)."""
    if request.user.is_authenticated or basket_id is None:
        return None
    found = basket_state(basket_id)
    if found is None or not found[1]:
        return None
    state, request.basket_num_items = found
    digest = hashlib.sha256(state.encode()).hexdigest()
    versions = f"{caching.version(caching.SETTINGS)}:{caching.version(caching.OFFERS)}"
    return f"{drawn_key_prefix(request, 'basket')}:{versions}:{basket_id}:{digest}"


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class BasketView(OscarBasketView):
    """Oscar's basket page with its own part kept (``kept_key``); the page around it (the
    layout) is drawn as on every page, and posts go to Oscar's views unchanged. A kept page
    only reads, each statement on its own as in the request's transaction (read committed):
    it is served without one (two round trips fewer); everything else runs in a transaction
    as ``ATOMIC_REQUESTS`` would."""

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().post(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        basket_id = None if request.user.is_authenticated else cookie_basket_id(request)
        key = kept_key(request, basket_id)
        if key is None:
            # A buyer's basket may be merged (written) as it loads: not outside a transaction.
            with transaction.atomic():
                return super().get(request, *args, **kwargs)
        # Kept only if the basket still reads the same after drawing (a change meanwhile, e.g.
        # a sale allocating its stock, would otherwise be drawn under the older key).
        html = caching.keep(key, self.draw_content, still_current=lambda: kept_key(request, basket_id) == key)
        kept = with_token(html, request)
        # request.basket stays lazy (loaded, with its offers, only if the page is drawn)
        context = {"kept_basket": kept_layout.CONTENT, "basket": request.basket}
        return HttpResponse(kept_layout.kept_page(request, self.template_name, context, kept))

    def draw_content(self):
        """The basket's own part as Oscar's AJAX answer draws it (the partial, with the basket)."""
        self.object_list = self.get_queryset()  # as the formset view's own get() sets it
        context = self.get_context_data(formset=self.construct_formset(), basket=self.request.basket)
        return render_to_string("oscar/basket/partials/basket_content.html", context, request=self.request)
