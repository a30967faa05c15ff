from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class CrmDashboardConfig(OscarDashboardConfig):
    """The owner's customer screens ("Hari ini", customers, feedback) in Oscar's dashboard."""

    label = "crm_dashboard"
    name = "crm.dashboard"
    verbose_name = _("Pelanggan")
    default_permissions = ["is_staff"]

    def ready(self):
        from . import views

        self.today_view = views.TodayView
        self.customer_list_view = views.CustomerListView

    def get_urls(self):
        urls = [
            path("today/", self.today_view.as_view(), name="crm-today"),
            path("customers/", self.customer_list_view.as_view(), name="crm-customer-list"),
        ]
        return self.post_process_urls(urls)
