from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Wagtail page types, blocks and site settings of the shop (DESIGN §6)."""

    name = "cms"
    verbose_name = _("Shop pages")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)
