from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Customer(models.Model):
    """One real person who buys from the shop, however they bought (DESIGN §5).

    Matched by normalised phone (``+628…``) or e-mail; links the user account, guest orders
    and counter sales. Loyalty points hang on the customer, not on the user account, so that
    points from guest orders and counter sales are there when the person registers.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer",
    )
    name = models.CharField(_("Nama"), max_length=150, blank=True)
    phone = models.CharField(_("Nomor WhatsApp"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("E-mail"), blank=True, db_index=True)
    birthday = models.DateField(_("Tanggal lahir"), null=True, blank=True)
    city = models.CharField(_("Kota"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("Dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("Pelanggan")
        verbose_name_plural = _("Pelanggan")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="crm_customer_unique_phone"
            ),
        ]

    def __str__(self):
        return self.name or self.phone or self.email or f"#{self.pk}"
