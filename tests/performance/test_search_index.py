"""Building the search index reads products in bulk: the same queries for 1 and for 11 products,
and the same documents as Oscar's index would write."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from haystack import connections
from oscar.core.loading import get_model

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")


def prepared_documents():
    """What ``update_index`` writes for each product, and how many queries it took."""
    index = connections["default"].get_unified_index().get_index(Product)
    with CaptureQueriesContext(connection) as queries:
        documents = {product.title: index.full_prepare(product) for product in index.index_queryset()}
    return documents, len(queries)


def test_indexing_asks_the_same_queries_for_one_and_for_eleven_products(make_product):
    kopi = make_product(title="Kopi Gayo", price="15000", category="Kopi", stock=7)
    prepared_documents()  # warm-up: the default pricing strategy
    documents, one = prepared_documents()
    for number in range(10):
        make_product(title=f"Teh Melati {number}", price="9000", category="Teh")
    many, eleven = prepared_documents()
    assert len(many) == 11 and eleven == one
    document = documents["Kopi Gayo"]
    assert document["category"] == [kopi.categories.get().pk]
    assert (document["price"], document["num_in_stock"], document["product_class"]) == (
        Decimal("15000"),
        7,
        kopi.product_class.name,
    )
