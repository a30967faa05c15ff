"""Haystack finds indexes in each installed app's ``search_indexes``: keep Oscar's product index."""
from oscar.apps.search.search_indexes import ProductIndex  # noqa: F401
