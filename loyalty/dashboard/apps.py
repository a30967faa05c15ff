from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class LoyaltyDashboardConfig(OscarDashboardConfig):
    """The owner's "Loyalitas" screens inside Oscar's dashboard (staff only)."""

    label = "loyalty_dashboard"
    name = "loyalty.dashboard"
    verbose_name = _("Loyalitas")
    default_permissions = ["is_staff"]

    def ready(self):
        from . import views

        self.index_view = views.LoyaltyOverviewView

    def get_urls(self):
        urls = [path("", self.index_view.as_view(), name="loyalty-index")]
        return self.post_process_urls(urls)
