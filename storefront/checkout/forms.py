"""Checkout forms: who the buyer is, the Indonesian delivery address and the choice of payment
method."""

import re

from django import forms
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import GatewayForm as OscarGatewayForm
from oscar.core.loading import get_model

from core.phones import normalise_phone
from storefront.payment.models import PaymentMethod
from storefront.shipping import couriers
from storefront.shipping.regions import PROVINCE_CHOICES, ensure_indonesia
from storefront.uploads import clean_receipt_upload

ShippingAddress = get_model("order", "ShippingAddress")
AREA_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class GatewayForm(OscarGatewayForm):
    """Oscar's "who are you?" step. The password field sits inside the returning-customer choice
    with no label of its own, so it carries its name for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs["aria-label"] = self.fields["password"].label


class ShippingAddressForm(forms.ModelForm):
    """Name, phone, street, kelurahan, kecamatan, city/regency, province and postal code; the
    country is always Indonesia. The phone is stored as +62….

    The kecamatan is optional. With a courier provider, typing it offers the provider's
    districts (courier_areas.js asks ``checkout:courier-areas``); the chosen one's id goes in
    ``courier_area_id`` so the rates go to that district. Without a choice, without JavaScript
    or without the provider, the rates use the postal code."""

    first_name = forms.CharField(label=_("Recipient name"), max_length=255)
    phone_number = forms.CharField(
        label=_("Mobile/WhatsApp number"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "08…"}),
    )
    line1 = forms.CharField(
        label=_("Street, house number, RT/RW"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    line2 = forms.CharField(label=_("Village (kelurahan)"), max_length=255)
    line3 = forms.CharField(
        label=_("District (kecamatan)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    courier_area_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    line4 = forms.CharField(label=_("City / regency"), max_length=255)
    state = forms.ChoiceField(label=_("Province"), choices=(("", _("Choose a province")),) + PROVINCE_CHOICES)
    postcode = forms.CharField(
        label=_("Postal code"),
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("A postal code has 5 digits."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    notes = forms.CharField(
        label=_("Notes for the courier (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = ShippingAddress
        fields = [
            "first_name",
            "phone_number",
            "line1",
            "line2",
            "line3",
            "courier_area_id",
            "line4",
            "state",
            "postcode",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.country = ensure_indonesia()
        if couriers.provider() is None:
            del self.fields["courier_area_id"]
        else:
            self.fields["line3"].widget.attrs["data-area-search"] = reverse("checkout:courier-areas")
            self.fields["line3"].help_text = _("Type at least 3 letters, then choose your district.")

    def clean_courier_area_id(self):
        """The provider's id of the chosen district, or "" for anything that does not look like
        one: the rates then use the postal code instead of failing the order."""
        area_id = self.cleaned_data["courier_area_id"].strip()
        return area_id if AREA_ID.match(area_id) else ""

    def clean_phone_number(self):
        return normalise_phone(self.cleaned_data["phone_number"])


class PaymentMethodForm(forms.Form):
    """The buyer picks one of the methods available for their address."""

    method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)
    # The buyer's own WhatsApp consent (UU PDP), recorded with the order (crm.services).
    whatsapp_updates = forms.BooleanField(
        label=_("Send me news of my orders and the shop's offers on WhatsApp"),
        help_text=_("To the phone number of the delivery address. Tell the shop any time to stop."),
        required=False,
    )

    def __init__(self, methods, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(m, PaymentMethod(m).label) for m in methods]
        self.fields["method"].error_messages["invalid_choice"] = _("Choose one of the payment methods shown.")


class ReceiptUploadForm(forms.Form):
    """A photo (JPEG/PNG/WebP) or PDF of the transfer, at most 5 MB."""

    receipt = forms.FileField(
        label=_("Photo or PDF of your transfer receipt"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
        error_messages={"required": _("Choose a photo or PDF of your transfer receipt.")},
    )

    def clean_receipt(self):
        """The checked receipt: a real PDF, or the photo re-encoded without its metadata."""
        receipt = clean_receipt_upload(self.cleaned_data["receipt"])
        self.file_format = receipt.format
        return receipt.file
