from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    """The project package: shared templates, static files, template tags and commands."""

    name = "storefront"
    verbose_name = _("Shop")

    def ready(self):
        from storefront import cache_signals

        cache_signals.connect()
