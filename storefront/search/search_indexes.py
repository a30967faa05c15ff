"""Haystack finds indexes in each installed app's ``search_indexes``: Oscar's product index,
reading its products in bulk.

Only the module is imported from Oscar, not its class, or Haystack would find two indexes
for the product model here.
"""

from oscar.apps.search import search_indexes as oscar_indexes


class ProductIndex(oscar_indexes.ProductIndex):
    """Oscar's product index with each batch of products read together with its product class,
    stock records and categories: without that, indexing asks six queries per product
    (5 000 products: 30 000 queries)."""

    def index_queryset(self, using=None):
        return (
            super()
            .index_queryset(using)
            .select_related("product_class")
            .prefetch_related("stockrecords")
            .prefetch_browsable_categories()
        )

    def prepare_category(self, obj):
        # get_categories() is the prefetched list here (Oscar's version asks for a queryset).
        return [category.pk for category in obj.get_categories()]
