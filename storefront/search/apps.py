import oscar.apps.search.apps as apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app (label ``search``), forked so that its result list loads the page's
    products in one go (see ``facets.base_sqs``)."""

    name = "storefront.search"
