"""Query counts per page stay fixed: the same number with 1 item on the page as with 50.

Each test builds a page with one item, counts its queries, grows it to 50 items and counts
again; both counts must be equal and within the page's budget (DESIGN §7, issue #7). A
request is counted after a warm-up request, as a running shop serves it: per-process caches
(content types, sites) and the shop's own caches (settings, menu) are already filled.
``PERF_SHOW_QUERIES=1 pytest -s tests/performance`` prints the queries of every request.
"""

import pytest
from django.urls import reverse

from tests.performance.conftest import count_queries

pytestmark = pytest.mark.django_db

HOME_BUDGET = 20  # two product blocks (featured products, a category), each a fixed prefetch
CATALOGUE_BUDGET = 20  # issue #7: at most 20 for a catalogue page of 20 products
CATEGORY_BUDGET = 20
SEARCH_BUDGET = 20
PRODUCT_BUDGET = 20
BASKET_BUDGET = 30
LOYALTY_BUDGET = 25
DASHBOARD_BUDGET = 30


def grows_flat(measure, grow):
    """Counts before and after ``grow()`` (1 → 50 items); they must be equal."""
    with_one = measure()
    grow()
    with_fifty = measure()
    assert with_fifty == with_one, f"{with_one} queries with 1 item, {with_fifty} with 50"
    return with_fifty


def test_catalogue_page(client, shop_products):
    shop_products(1)
    count = grows_flat(lambda: count_queries(client, reverse("catalogue:index")), lambda: shop_products(50))
    assert count <= CATALOGUE_BUDGET


def test_category_page(client, shop_products):
    category = shop_products(1)[0].get_categories().first()
    count = grows_flat(lambda: count_queries(client, category.get_absolute_url()), lambda: shop_products(50))
    assert count <= CATEGORY_BUDGET


def test_search_page(client, shop_products):
    shop_products(1)
    url = reverse("search:search") + "?q=kopi"
    count = grows_flat(lambda: count_queries(client, url), lambda: shop_products(50))
    assert count <= SEARCH_BUDGET


def test_product_page(client, shop_products):
    """A product page does not grow with the number of products in its category (the
    recommendations and the menu)."""
    product = shop_products(1)[0]
    count = grows_flat(lambda: count_queries(client, product.get_absolute_url()), lambda: shop_products(50))
    assert count <= PRODUCT_BUDGET


def test_home_page_with_featured_products(client, shop_products):
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    from cms.site import ensure_home_page

    def publish(products):
        home = ensure_home_page()
        home.body = [
            ("featured_products", {"heading": "Pilihan", "products": products}),
            ("featured_category", {"category": create_from_breadcrumbs("Kopi"), "heading": "", "limit": 8}),
        ]
        home.save_revision().publish()

    publish(shop_products(1))
    count = grows_flat(lambda: count_queries(client, "/"), lambda: publish(shop_products(50)))
    assert count <= HOME_BUDGET


def test_basket_page(client, shop_products):
    def fill(products):
        for product in products:
            client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    fill(shop_products(1))
    count = grows_flat(lambda: count_queries(client, reverse("basket:summary")),
                       lambda: fill(shop_products(50)[1:]))
    assert count <= BASKET_BUDGET
