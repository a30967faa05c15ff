"""The shop's shipping rules: a flat rate per province, free shipping above a threshold and
pick-up at the shop. Oscar's own shipping models are re-exported unchanged."""

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.models import *  # noqa: F401,F403

from core.models import SettingsRow
from storefront.shipping.regions import PROVINCE_CHOICES


class ProvinceRate(models.Model):
    """Flat shipping charge to one province, and whether cash on delivery is offered there."""

    province = models.CharField(_("Province"), max_length=64, unique=True, choices=PROVINCE_CHOICES)
    rate = models.DecimalField(
        _("Shipping rate (Rp)"), max_digits=12, decimal_places=0, validators=[MinValueValidator(0)]
    )
    cod_available = models.BooleanField(_("Cash on delivery available"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Province shipping rate")
        verbose_name_plural = _("Province shipping rates")

    def __str__(self):
        return self.province


class ShippingSettings(SettingsRow):
    """The owner's shipping choices (one row, read with ``ShippingSettings.load()``)."""

    free_shipping_threshold = models.DecimalField(
        _("Free shipping from (Rp)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("Leave empty for no free shipping."),
    )
    pickup_enabled = models.BooleanField(_("Buyers may pick up at the shop"), default=True)
    pickup_address = models.TextField(_("Shop address for pick-up"), blank=True)
    origin_postcode = models.CharField(
        _("Postal code parcels are sent from"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A postal code has 5 digits."))],
        help_text=_("Needed for courier rates by destination and weight (when Biteship is switched on)."),
    )

    class Meta:
        verbose_name = _("Shipping settings")
        verbose_name_plural = _("Shipping settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    def gives_free_shipping(self, merchandise_total):
        """True when ``merchandise_total`` (Decimal Rupiah) reaches the free-shipping threshold."""
        threshold = self.free_shipping_threshold
        return threshold is not None and threshold > Decimal("0") and merchandise_total >= threshold
