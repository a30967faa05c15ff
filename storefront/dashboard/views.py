"""Dashboard views the shop overrides (picked up by Oscar's get_class)."""

from crm.dashboard.views import TodayView


class IndexView(TodayView):
    """``/dashboard/``: "Hari ini", the owner's whole day on one page, instead of Oscar's
    statistics (whose customer and order counts were not the shop's)."""

    template_name = "storefront/dashboard/today.html"
