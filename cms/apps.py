from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig


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


# Wagtail's snippets, documents and images apps, each without its v3 JSON API router (the same
# reason as ``RedirectsConfig``: ninja and pydantic in every web worker for an API the shop
# never mounts; Wagtail's admin does not use it). Each ``ready`` is Wagtail 8.0's, without the
# last lines that register the API; re-check them when Wagtail is upgraded.


class SnippetsConfig(WagtailSnippetsAppConfig):
    """Wagtail's snippets app without its v3 JSON API router."""

    def ready(self):
        from django.db.models.signals import post_migrate
        from wagtail.snippets.models import create_extra_permissions, register_deferred_snippets

        register_deferred_snippets()
        post_migrate.connect(create_extra_permissions, sender=self)


class DocumentsConfig(WagtailDocsAppConfig):
    """Wagtail's documents app without its v3 JSON API router."""

    def ready(self):
        from django.db.models import ForeignKey
        from wagtail.admin.ui.fields import register_display_class
        from wagtail.documents import get_document_model, get_permission_policy
        from wagtail.documents.components import DocumentDisplay
        from wagtail.documents.signal_handlers import register_signal_handlers
        from wagtail.models.reference_index import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        document = get_document_model()
        register_permission_policy(document, get_permission_policy())
        register_signal_handlers()
        register_display_class(ForeignKey, to=document, display_class=DocumentDisplay)
        ReferenceIndex.register_model(document)


class ImagesConfig(WagtailImagesAppConfig):
    """Wagtail's images app without its v3 JSON API router."""

    def ready(self):
        from django.db.models import ForeignKey
        from wagtail.admin.compare import register_comparison_class
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.admin.ui.fields import register_display_class
        from wagtail.images import get_image_model, get_permission_policy
        from wagtail.images.components import ImageDisplay
        from wagtail.images.edit_handlers import ImageFieldComparison
        from wagtail.images.signal_handlers import register_signal_handlers
        from wagtail.images.widgets import AdminImageChooser
        from wagtail.models.reference_index import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        image = get_image_model()
        register_permission_policy(image, get_permission_policy())
        register_signal_handlers()
        register_form_field_override(ForeignKey, to=image, override={"widget": AdminImageChooser})
        register_comparison_class(ForeignKey, to=image, comparison_class=ImageFieldComparison)
        register_display_class(ForeignKey, to=image, display_class=ImageDisplay)
        ReferenceIndex.register_model(image)
