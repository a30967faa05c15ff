"""Who did what among the owner's actions (the audit log), and the roles' permissions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OwnerActionKind(models.TextChoices):
    PAYMENT_CONFIRMED = "payment_confirmed", _("Payment confirmed")
    PAYMENT_REJECTED = "payment_rejected", _("Receipt rejected")
    ORDER_PROCESSING = "order_processing", _("Order being prepared")
    ORDER_SHIPPED = "order_shipped", _("Order shipped")
    ORDER_COMPLETED = "order_completed", _("Order completed")
    ORDER_CANCELLED = "order_cancelled", _("Order cancelled")
    POINTS_ADJUSTED = "points_adjusted", _("Points adjusted")
    CUSTOMER_ERASED = "customer_erased", _("Customer's personal data erased")
    EXPORT_DOWNLOADED = "export_downloaded", _("Export downloaded")
    STAFF_ADDED = "staff_added", _("Staff account added")
    STAFF_REMOVED = "staff_removed", _("Staff account removed")
    SETTINGS_CHANGED = "settings_changed", _("Settings changed")


class OwnerAction(models.Model):
    """One action of the owner or a helper on the dashboard. Written by
    ``staff.audit.record_owner_action`` and never changed afterwards. ``by_email`` keeps the
    name when the account is removed later; ``subject`` names the thing acted on without
    personal data (an order number, "customer #12")."""

    created_at = models.DateTimeField(_("When"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Who"),
    )
    by_email = models.EmailField(_("Who (e-mail)"), blank=True)
    kind = models.CharField(_("What"), max_length=32, choices=OwnerActionKind.choices)
    subject = models.CharField(_("On"), max_length=200, blank=True)
    detail = models.CharField(_("Details"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("owner action")
        verbose_name_plural = _("owner actions")
        # The roles are built from these (staff/roles.py); the data migration gives them to the
        # groups "Pemilik" (all) and "Staf toko" (the three daily ones).
        permissions = [
            ("run_shop", "Can use the whole dashboard (owner)"),
            ("handle_orders", "Can confirm payments, ship and complete orders"),
            ("reply_feedback", "Can read and reply to feedback"),
            ("sell_at_counter", "Can record counter sales and chat orders"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.by_email} {self.kind} {self.subject}"


class AlertPreference(models.Model):
    """A staff account's choice to get the owner's alerts (new order, uploaded receipt, new
    complaint) too: by WhatsApp to ``whatsapp_number`` when the shop has WhatsApp, else by
    e-mail to the account's address (storefront/owner_alerts.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference"
    )
    wants_alerts = models.BooleanField(_("Send me the shop's alerts"), default=False)
    whatsapp_number = models.CharField(_("My WhatsApp number"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("alert preference")
        verbose_name_plural = _("alert preferences")

    def __str__(self):
        return f"{self.user} {self.wants_alerts}"
