"""Oscar's order models, plus the shop's shipment record and the courier district of the
delivery address."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractShippingAddress


class ShippingAddress(AbstractShippingAddress):
    """Oscar's delivery address plus the district the buyer chose from the courier provider's
    list (``line3`` holds its name): the rates then go to that district, not the postal code."""

    courier_area_id = models.CharField(_("Courier district id"), max_length=64, blank=True)


from oscar.apps.order.models import *  # noqa: E402,F401,F403


class Courier(models.TextChoices):
    JNE = "jne", "JNE"
    JNT = "jnt", "J&T"
    SICEPAT = "sicepat", "SiCepat"
    POS = "pos", "Pos Indonesia"
    OTHER = "other", _("Other")


class Shipment(models.Model):
    """Who carries an order and its tracking number (one per order)."""

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="shipment", verbose_name=_("Order")
    )
    courier = models.CharField(_("Courier"), max_length=16, choices=Courier.choices)
    courier_name = models.CharField(_("Courier name"), max_length=64, blank=True)
    tracking_number = models.CharField(_("Tracking number"), max_length=64, blank=True)
    shipped_at = models.DateTimeField(_("Shipped at"), auto_now_add=True)
    # Filled by the tracking task (storefront.shipping.tracking), never on page view.
    tracking_status = models.CharField(_("Tracking status"), max_length=32, blank=True)
    tracking_history = models.JSONField(_("Tracking history"), default=list, blank=True)
    tracked_at = models.DateTimeField(_("Last tracked"), null=True, blank=True)

    class Meta:
        verbose_name = _("Shipment")
        verbose_name_plural = _("Shipments")

    def __str__(self):
        return f"{self.carrier} {self.tracking_number}".strip()

    @property
    def carrier(self):
        """The courier's name as the buyer knows it ("J&T", or what the owner typed)."""
        if self.courier == Courier.OTHER and self.courier_name:
            return self.courier_name
        return self.get_courier_display()
