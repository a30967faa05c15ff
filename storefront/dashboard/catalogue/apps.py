import oscar.apps.dashboard.catalogue.apps as oscar_apps


class CatalogueDashboardConfig(oscar_apps.CatalogueDashboardConfig):
    """Oscar's product editor; forked so that its photo form cleans photos (forms.py) and its
    category table titles every column (tables.py)."""

    name = "storefront.dashboard.catalogue"
