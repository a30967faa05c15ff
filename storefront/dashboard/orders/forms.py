"""Forms of the owner's order screens: pipeline actions and payment/shipping settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from storefront.order.models import Courier
from storefront.payment.models import BankAccount, PaymentSettings
from storefront.shipping.models import ProvinceRate, ShippingSettings
from storefront.uploads import clean_image


class ReasonForm(forms.Form):
    """Why a receipt is rejected or an order cancelled (told to the buyer)."""

    reason = forms.CharField(
        label=_("Reason (sent to the buyer)"),
        max_length=255,
        error_messages={"required": _("Please write a reason.")},
    )


class ShipForm(forms.Form):
    courier = forms.ChoiceField(label=_("Courier"), choices=Courier.choices)
    courier_name = forms.CharField(label=_("Courier name (if other)"), max_length=64, required=False)
    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=64,
        error_messages={"required": _("Please type the tracking number.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("courier") == Courier.OTHER and not data.get("courier_name", "").strip():
            self.add_error("courier_name", _("Write the courier's name."))
        return data


class PaymentSettingsForm(forms.ModelForm):
    class Meta:
        model = PaymentSettings
        fields = [
            "unique_code_enabled",
            "payment_window_hours",
            "qris_enabled",
            "qris_image",
            "cod_enabled",
            "cod_limited_to_provinces",
        ]

    def clean_qris_image(self):
        image = self.cleaned_data.get("qris_image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return clean_image(image, "qris").file  # checked, re-encoded, no metadata
        return image


BankAccountFormSet = forms.modelformset_factory(
    BankAccount,
    fields=["bank_name", "account_number", "account_holder", "is_active", "position"],
    extra=1,
    can_delete=True,
)


class ShippingSettingsForm(forms.ModelForm):
    class Meta:
        model = ShippingSettings
        fields = ["free_shipping_threshold", "pickup_enabled", "pickup_address", "origin_postcode"]
        widgets = {"pickup_address": forms.Textarea(attrs={"rows": 2})}


ProvinceRateFormSet = forms.modelformset_factory(
    ProvinceRate,
    fields=["rate", "cod_available"],
    extra=0,
    widgets={"rate": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 500})},
)
