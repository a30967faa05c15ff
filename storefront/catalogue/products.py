"""Loading products with what the shop's pages read from them, in a fixed number of queries.

Django runs one query per prefetched relation, and each costs about as much Python as drawing a
product card, so the pages ask for what they show and no more: Oscar's ``base_queryset`` also
prefetches option lists (which only the product page's form of a product with options reads,
through a query of its own) and every child (which Oscar's strategy does not read: it prices a
parent from its *public* children, queried again per parent unless loaded as below).
"""
from django.db.models import Prefetch, prefetch_related_objects
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


def with_purchase_info(products):
    """``products`` (a queryset) with product class, "has options" flags (Oscar's
    ``base_queryset``), stock records and photos: a price, stock, photo and "add to basket"
    button without further queries. Parents need ``load_public_children`` too."""
    return products.base_queryset().prefetch_related(None).prefetch_related("stockrecords", "images")


def load_public_children(products):
    """Give the parent products among ``products`` their public children with stock records,
    where Oscar's strategy and product page read them (``get_public_children``); two queries
    when there is a parent, none otherwise."""
    parents = [product for product in products if product.is_parent]
    public_children = Product.objects.public().prefetch_related("stockrecords")
    prefetch_related_objects(
        parents, Prefetch("children", queryset=public_children, to_attr="_prefetched_public_children")
    )
