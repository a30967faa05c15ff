import oscar.apps.dashboard.catalogue.apps as oscar_apps


class CatalogueDashboardConfig(oscar_apps.CatalogueDashboardConfig):
    """Oscar's product editor; forked only so that its photo form cleans photos (see forms.py)."""

    name = "storefront.dashboard.catalogue"
