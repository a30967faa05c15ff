"""The base search of Oscar's search views, asked only when Solr answers search words
(``storefront.search.browse.answers``): Oscar's, loading products in bulk."""

from oscar.apps.search.facets import *  # noqa: F401,F403 (get_class falls back per name)
from oscar.apps.search.facets import base_sqs as oscar_base_sqs


def base_sqs():
    """Oscar's faceted ``SearchQuerySet``, told to load the products of the page it shows in
    one bulk query (plus a fixed set of prefetches: stock records, images, options) instead of
    one query per search result — Oscar's default costs about six queries per product."""
    return oscar_base_sqs().load_all()
