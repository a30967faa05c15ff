from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class LoyaltyDashboardConfig(OscarDashboardConfig):
    """The owner's "Loyalty" screens inside Oscar's dashboard (staff only)."""

    label = "loyalty_dashboard"
    name = "loyalty.dashboard"
    verbose_name = _("Loyalty")
    default_permissions = ["is_staff"]

    def ready(self):
        from . import views

        self.views = views
        self.index_view = views.LoyaltyOverviewView

    def get_urls(self):
        v = self.views
        urls = [
            path("", self.index_view.as_view(), name="loyalty-index"),
            path("settings/", v.SettingsUpdateView.as_view(), name="loyalty-settings"),
            path("tiers/", v.TierListView.as_view(), name="loyalty-tiers"),
            path("bonuses/", v.BonusRuleListView.as_view(), name="loyalty-bonuses"),
            path("rewards/", v.RewardListView.as_view(), name="loyalty-rewards"),
            path("rewards/new/", v.RewardCreateView.as_view(), name="loyalty-reward-create"),
            path("rewards/<int:pk>/", v.RewardUpdateView.as_view(), name="loyalty-reward-update"),
            path("customers/", v.AccountListView.as_view(), name="loyalty-accounts"),
            path("customers/<int:pk>/", v.AccountDetailView.as_view(), name="loyalty-account"),
            path("counter/", v.CounterSaleView.as_view(), name="loyalty-counter"),
            path("counter/<int:pk>/", v.CounterReceiptView.as_view(), name="loyalty-counter-receipt"),
        ]
        return self.post_process_urls(urls)
