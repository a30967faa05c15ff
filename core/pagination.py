"""Pagination shared by the shop's pages."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator given its count, which the page took together with other numbers in one
    query (a listing with its price band counts, the buyer's points history with the spend
    of the year), or from the cache; Django's own counts in a query of its own."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count
