import oscar.apps.dashboard.apps as oscar_apps
from django.apps import apps
from django.urls import include, path


class DashboardConfig(oscar_apps.DashboardConfig):
    """Oscar's dashboard plus the shop's own sections: loyalty, CRM, the quick catalogue and staff."""

    name = "storefront.dashboard"

    def configure_permissions(self):
        super().configure_permissions()
        # "Hari ini" shows every order and customer: the shop's staff only (Oscar also let
        # partner users in to its statistics page).
        for name in ("index", "shop-pages", "first-steps", "first-steps-finish", "first-step", "my-alerts"):
            self.permissions_map[name] = ["is_staff"]

    def ready(self):
        super().ready()
        self.loyalty_app = apps.get_app_config("loyalty_dashboard")
        self.crm_app = apps.get_app_config("crm_dashboard")
        self.quick_catalogue_app = apps.get_app_config("quick_catalogue_dashboard")

    def get_urls(self):
        from storefront.dashboard.firststeps import views as first_steps
        from storefront.dashboard.my_alerts import MyAlertsView
        from storefront.dashboard.views import ShopPagesView

        urls = super().get_urls()
        urls += self.post_process_urls(
            [
                path("loyalty/", include(self.loyalty_app.urls[0])),
                path("crm/", include(self.crm_app.urls[0])),
                path("quick-catalogue/", include(self.quick_catalogue_app.urls[0])),
                path("halaman/", ShopPagesView.as_view(), name="shop-pages"),
                path("staff/", include("staff.urls")),
                path("first-steps/", first_steps.FirstStepsView.as_view(), name="first-steps"),
                path(
                    "first-steps/finish/",
                    first_steps.FinishFirstStepsView.as_view(),
                    name="first-steps-finish",
                ),
                path("first-steps/<slug:slug>/", first_steps.FirstStepView.as_view(), name="first-step"),
                path("my-alerts/", MyAlertsView.as_view(), name="my-alerts"),
            ]
        )
        return urls
