from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    """Customers, feedback, surveys, segments, analytics and campaigns (DESIGN §5)."""

    name = "crm"
    verbose_name = _("Pelanggan")

    def ready(self):
        from notifications import outbox

        from . import feedback, receivers  # noqa: F401  (connects the signal receivers)

        outbox.register_composer(feedback.REPLY_EMAIL, feedback.reply_email)
