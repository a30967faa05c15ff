from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    """Customers, feedback, surveys, segments, analytics and campaigns (docs/design.md § 4–6)."""

    name = "crm"
    verbose_name = _("Customers")

    def ready(self):
        from notifications import outbox

        from . import feedback, receivers  # noqa: F401  (connects the signal receivers)

        outbox.register_composer(feedback.REPLY_EMAIL, feedback.reply_email)
