import oscar.apps.dashboard.users.apps as oscar_apps


class UsersDashboardConfig(oscar_apps.UsersDashboardConfig):
    """Oscar's customer accounts screen; forked only for its table's column titles (tables.py)."""

    name = "storefront.dashboard.users"
