from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoyaltyConfig(AppConfig):
    """Points ledger, tiers, rewards and redemption (docs/design.md § 3)."""

    name = "loyalty"
    verbose_name = _("Loyalty")

    def ready(self):
        from . import receivers  # noqa: F401 (connects the signal receivers)
