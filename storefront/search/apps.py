import oscar.apps.search.apps as apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app (label ``search``), forked so that browsing the catalogue and its
    categories is answered by the database (``views.base``, ``browse``) and a search result
    list loads the page's products in one go (``facets.base_sqs``)."""

    name = "storefront.search"
