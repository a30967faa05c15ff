from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox: messages to buyers and staff, written with the change that causes them and
    delivered by Celery (docs/security.md, "Outbox")."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from . import outbox, senders, whatsapp_cloud

        outbox.register_sender(outbox.Channel.EMAIL, senders.send_email)
        outbox.register_sender(outbox.Channel.WHATSAPP, whatsapp_cloud.send_template)
