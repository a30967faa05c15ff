"""One short form per first step; each ``save()`` writes where the shop's own settings screens
write, so a step filled here and a setting changed later are the same thing."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from cms.models import validate_whatsapp_number
from loyalty.models import LoyaltySettings
from storefront.dashboard.quickcatalogue import services as quick_catalogue
from storefront.dashboard.quickcatalogue.forms import QuickProductForm
from storefront.payment.models import BankAccount
from storefront.payment.services import payment_settings
from storefront.shipping.models import ShippingSettings
from storefront.shipping.rates import ensure_province_rates
from storefront.uploads import clean_image

from .steps import shop_details

IMAGE_INPUT = forms.FileInput(attrs={"accept": "image/*"})


class ShopStepForm(forms.Form):
    shop_name = forms.CharField(label=_("Shop name"), max_length=100)
    whatsapp_number = forms.CharField(
        label=_("WhatsApp number"),
        max_length=20,
        validators=[validate_whatsapp_number],
        help_text=_("For example 0812-3456-7890"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    logo = forms.FileField(label=_("Logo (optional)"), required=False, widget=IMAGE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shop = shop_details()
        if shop is not None:
            self.fields["shop_name"].initial = shop.shop_name
            self.fields["whatsapp_number"].initial = shop.whatsapp_number

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return clean_image(upload, "logo", max_side=600).file if upload else None

    def clean(self):
        data = super().clean()
        if shop_details() is None:
            raise ValidationError(_("The shop has no site yet: run the set-up again (make run)."))
        return data

    def save(self):
        shop = shop_details()
        shop.shop_name = self.cleaned_data["shop_name"]
        shop.whatsapp_number = self.cleaned_data["whatsapp_number"]
        if self.cleaned_data["logo"]:
            shop.logo = get_image_model().objects.create(title=shop.shop_name, file=self.cleaned_data["logo"])
        shop.save()


class PaymentStepForm(forms.Form):
    bank_name = forms.CharField(label=_("Bank"), max_length=64, required=False)
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    account_holder = forms.CharField(label=_("Account holder"), max_length=128, required=False)
    qris_image = forms.FileField(label=_("QRIS image (optional)"), required=False, widget=IMAGE_INPUT)

    BANK_FIELDS = ("bank_name", "account_number", "account_holder")

    def clean_qris_image(self):
        upload = self.cleaned_data.get("qris_image")
        return clean_image(upload, "qris").file if upload else None

    def clean(self):
        data = super().clean()
        bank = {name: data.get(name, "").strip() for name in self.BANK_FIELDS}
        if any(bank.values()):
            for name, value in bank.items():
                if not value:
                    self.add_error(name, _("Fill in the bank, the account number and the account holder."))
        elif not data.get("qris_image") and not self.errors:
            raise ValidationError(_("Add a bank account or a QRIS image, so buyers know where to pay."))
        return data

    def save(self):
        if self.cleaned_data["bank_name"]:
            BankAccount.objects.create(**{name: self.cleaned_data[name].strip() for name in self.BANK_FIELDS})
        if self.cleaned_data["qris_image"]:
            settings = payment_settings()
            settings.qris_enabled = True
            settings.qris_image = self.cleaned_data["qris_image"]
            settings.save()


class ShippingStepForm(forms.ModelForm):
    class Meta:
        model = ShippingSettings
        fields = ["origin_postcode", "pickup_enabled", "pickup_address"]
        widgets = {
            "origin_postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "pickup_address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, instance=ShippingSettings.load(), **kwargs)

    def save(self):
        ensure_province_rates()  # every province starts with its default rate
        return super().save()


class PointsStepForm(forms.ModelForm):
    class Meta:
        model = LoyaltySettings
        fields = ["rupiah_per_point_earned", "point_value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, instance=LoyaltySettings.load(), **kwargs)


class ProductStepForm(QuickProductForm):
    def save(self):
        return quick_catalogue.add_product(**self.cleaned_data)


STEP_FORMS = {
    "shop": ShopStepForm,
    "payment": PaymentStepForm,
    "shipping": ShippingStepForm,
    "points": PointsStepForm,
    "products": ProductStepForm,
}
