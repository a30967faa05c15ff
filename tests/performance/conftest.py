"""Builders for the query-budget tests: a shop with N products, orders, customers, ledger lines."""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, method="get", data=None, status=(200,)):
    """Number of SQL queries of one request to ``url`` (after warm-up requests for the
    per-process caches: content types, sites, the shop's settings rows).
    ``PERF_SHOW_QUERIES=1`` prints them."""
    call = getattr(client, method)
    for _warm_up in range(2):  # a fresh shop's first request creates its settings rows
        call(url, data) if data is not None else call(url)
    with CaptureQueriesContext(connection) as queries:
        response = call(url, data) if data is not None else call(url)
    assert response.status_code in status, (url, response.status_code)
    if os.environ.get("PERF_SHOW_QUERIES"):
        print(f"\n--- {url}: {len(queries)} queries")
        for query in queries.captured_queries:
            print("   ", query["sql"][:220])
    return len(queries)


@pytest.fixture
def shop_products(make_product):
    """``shop_products(n)``: n products in category "Kopi", each with a photo."""
    from oscar.test.factories import create_product_image

    from tests.factories import jpeg_file

    made = []

    def build(n):
        for index in range(len(made), n):
            product = make_product(title=f"Kopi Gayo {index:03d}", price=str(15000 + index), category="Kopi")
            create_product_image(product=product, original=jpeg_file(f"kopi-{index}", (40, 40)))
            made.append(product)
        return made

    return build

