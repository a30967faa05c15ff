"""The outbox table: one row per message to send, written in the transaction of the change
that causes it (see ``notifications.outbox``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Nothing to send")
    FAILED = "failed", _("Failed")


class DeliveryStatus(models.TextChoices):
    """What WhatsApp reports about a sent message (its webhook); e-mail has none."""

    NONE = "", _("Not reported")
    SENT = "sent", _("Sent to WhatsApp")
    DELIVERED = "delivered", _("Delivered")
    READ = "read", _("Read")
    FAILED = "failed", _("Not delivered")


class Notification(models.Model):
    """A message in the outbox. ``kind`` names the registered composer that builds it from
    ``payload`` at delivery time; (``channel``, ``key``) is unique, so queueing the same
    event twice keeps one row and the buyer gets one message."""

    channel = models.CharField(_("Channel"), max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(_("Kind"), max_length=64)
    key = models.CharField(_("Key"), max_length=200)
    payload = models.JSONField(_("Payload"), default=dict)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("Attempts"), default=0)
    last_error = models.TextField(_("Last error"), blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("Next attempt"))
    sent_at = models.DateTimeField(_("Sent"), null=True, blank=True)
    # WhatsApp: Meta's id of the sent message, and the latest status its webhook reported.
    provider_message_id = models.CharField(_("Message id at the provider"), max_length=128, blank=True)
    delivery_status = models.CharField(
        _("Delivery"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.NONE, blank=True
    )
    delivery_status_at = models.DateTimeField(_("Delivery reported"), null=True, blank=True)

    class Meta:
        verbose_name = _("Notification")
        verbose_name_plural = _("Notifications")
        constraints = [models.UniqueConstraint(fields=["channel", "key"], name="notification_once_per_key")]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="notification_due",
            ),
            models.Index(
                fields=["provider_message_id"],
                condition=~models.Q(provider_message_id=""),
                name="notification_provider_id",
            ),
        ]

    def __str__(self):
        return f"{self.channel}: {self.key} ({self.status})"
