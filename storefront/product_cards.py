"""The product cards of the catalogue, category and search pages, drawn once and kept; and
the parts of a product's page that are the same for every visitor (``kept``).

A listing page draws twenty cards (photo, title, price, stock, "add to basket"), about half of
its time, and each card looks the same for every buyer until its product changes. So a card is
kept under the ``catalogue`` cache version (bumped when a product, price, stock record, photo,
class or review is saved) and under what it shows of its stock records — price, stock and
allocation — because Oscar allocates and consumes stock with ``queryset.update``, which sends
no signal. All cards of a page are read in one cache round trip.

Not kept: a parent's card (priced from its variants' stock records) and a card whose "add to
basket" form comes back with errors for this buyer (Oscar keeps them in the session). The
visitor's own CSRF token is written into a kept card's form, as the page cache does.
"""

import re

from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from oscar.templatetags.product_tags import render_product

from core import caching
from core.products import drawn_key, drawn_key_prefix

CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')
FORM_WITH_ERRORS = "add_to_basket_form_post_data_%s"  # Oscar's session key (basket_tags.basket_form)


def keepable(request, product):
    """Whether HTML drawn from ``product`` is the same for every visitor: not a parent's
    (priced from its variants), not with this buyer's "add to basket" form errors."""
    return not product.is_parent and FORM_WITH_ERRORS % product.pk not in request.session


def visitor_token(request):
    """The visitor's CSRF token for this response. Django masks it anew on every call (~0.1 ms
    of random numbers); like its own ``{% csrf_token %}`` within one template, every kept part
    of a page can post the same one."""
    if not hasattr(request, "_visitor_csrf_token"):
        request._visitor_csrf_token = get_token(request)
    return request._visitor_csrf_token


def with_token(html, request):
    """Kept HTML with the visitor's own CSRF token written into its forms."""
    return mark_safe(CSRF_VALUE.sub(rf"\g<1>{visitor_token(request)}\g<2>", html))


def draw(context, products, heading):
    """The cards of ``products`` (loaded with ``core.products.with_purchase_info``) as HTML, in
    order, their titles as ``heading`` (``h2`` under a page's ``h1``)."""
    request = context["request"]
    prefix = drawn_key_prefix(request, f"card:{heading}")
    keys = {product.pk: drawn_key(prefix, product) for product in products if keepable(request, product)}
    kept = cache.get_many(list(keys.values())) if keys else {}
    # The listing leaves the photos out (most cards are kept); load those of the cards drawn.
    prefetch_related_objects([product for product in products if keys.get(product.pk) not in kept], "images")
    cards, drawn = [], {}
    for product in products:
        key = keys.get(product.pk)
        if key in kept:
            cards.append(with_token(kept[key], request))
            continue
        with context.push(card_heading=heading):
            card = render_product(context, product)
        cards.append(card)
        if key is not None:
            drawn[key] = str(card)
    if drawn:
        cache.set_many(drawn, caching.DEFAULT_TIMEOUT)
    return cards


def kept(request, product, name, draw):
    """HTML drawn from ``product`` by ``draw()`` that is the same for every visitor (a part of
    its page), kept as the cards are and with the visitor's own CSRF token; drawn anew when
    ``product`` is not ``keepable``."""
    if not keepable(request, product):
        return draw()
    html = caching.keep(drawn_key(drawn_key_prefix(request, name), product), lambda: str(draw()))
    return with_token(html, request) if CSRF_VALUE.search(html) else mark_safe(html)
