from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig


class CmsConfig(AppConfig):
    """Wagtail page types, blocks and site settings of the shop (docs/cms.md)."""

    name = "cms"
    verbose_name = _("Shop pages")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)


class RedirectsConfig(WagtailRedirectsAppConfig):
    """Wagtail's redirects app without its v3 JSON API router.

    Wagtail's ``ready`` adds the redirects to its ninja API (``wagtail.api.v3``), which imports
    django-ninja, pydantic, Django REST framework and requests into every process (≈ 40 MB
    resident). The shop mounts no Wagtail API, so nothing would ever answer there; the rest
    (permissions, redirects made when a page moves or its slug changes) is Wagtail's.
    """

    def ready(self):
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.contrib.redirects.signal_handlers import (
            autocreate_redirects_on_page_move,
            autocreate_redirects_on_slug_change,
        )
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_slug_changed, post_page_move

        register_permission_policy(Redirect)
        post_page_move.connect(autocreate_redirects_on_page_move)
        page_slug_changed.connect(autocreate_redirects_on_slug_change)
