"""Forms of the owner's order screens: pipeline actions and payment/shipping settings."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import forms as oscar_forms

from core.order_statuses import LABELS
from core.phones import normalise_phone
from storefront.order import chat
from storefront.order.models import Courier
from storefront.payment.models import BankAccount, PaymentSettings
from storefront.shipping.models import ProvinceRate, ShippingSettings
from storefront.uploads import clean_image


class OrderSearchForm(oscar_forms.OrderSearchForm):
    """Oscar's order search, its status choices named in the owner's language (the stored
    value stays the English key)."""

    status_choices = (("", "---------"), *LABELS.items())
    status = forms.ChoiceField(choices=status_choices, label=_("Status"), required=False)


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


class ChatOrderForm(forms.Form):
    """"Pesanan dari WhatsApp": the buyer's phone first, then products with quantities (one
    ``qty_<product id>`` field each), shipping and payment. Builds a ``ChatOrder``."""

    phone = forms.CharField(
        label=_("Buyer's phone (WhatsApp)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off", "placeholder": "0812…"}),
    )
    name = forms.CharField(label=_("Name (optional)"), max_length=150, required=False)
    address = forms.CharField(
        label=_("Address (optional)"),
        max_length=255,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    city = forms.CharField(label=_("City (optional)"), max_length=255, required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    shipping = forms.ChoiceField(
        label=_("Shipping"),
        widget=forms.RadioSelect,
        initial=chat.SHIP_PROVINCE,
        choices=[
            (chat.SHIP_PROVINCE, _("Courier, province rate")),
            (chat.SHIP_PICKUP, _("Pick up at the shop")),
            (chat.SHIP_TYPED, _("Agreed fee")),
        ],
    )
    shipping_fee = forms.DecimalField(
        label=_("Shipping fee (Rp)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    payment = forms.ChoiceField(
        label=_("Payment"),
        widget=forms.RadioSelect,
        initial=chat.WAITING,
        choices=[
            (chat.PAID_TRANSFER, _("Paid by transfer")),
            (chat.PAID_QRIS, _("Paid by QRIS")),
            (chat.COD, _("Cash on delivery")),
            (chat.WAITING, _("Not paid yet (transfer)")),
        ],
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)

    def __init__(self, *args, products=(), provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.products = list(products)
        self.fields["province"].choices = [("", "—")] + [(name, name) for name in provinces]
        for product in self.products:
            self.fields[f"qty_{product.pk}"] = forms.IntegerField(
                label=product.get_title(), min_value=0, max_value=999, required=False
            )

    def quantity_fields(self):
        """``(product, bound field)`` per product, for the template."""
        return [(product, self[f"qty_{product.pk}"]) for product in self.products]

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        data["lines"] = [
            (product, data[f"qty_{product.pk}"]) for product in self.products if data.get(f"qty_{product.pk}")
        ]
        if not data["lines"]:
            self.add_error(None, _("Type how many of each product the buyer wants."))
        if data.get("shipping") == chat.SHIP_PROVINCE and not data.get("province"):
            self.add_error("province", _("Choose the buyer's province for the courier rate."))
        if data.get("shipping") == chat.SHIP_TYPED and data.get("shipping_fee") is None:
            self.add_error("shipping_fee", _("Type the shipping fee you agreed with the buyer."))
        return data

    def chat_order(self):
        """The valid form as a ``ChatOrder``."""
        data = self.cleaned_data
        return chat.ChatOrder(
            phone=data["phone"],
            lines=data["lines"],
            shipping=data["shipping"],
            payment=data["payment"],
            name=data["name"].strip(),
            address=data["address"].strip(),
            city=data["city"].strip(),
            province=data["province"],
            shipping_fee=data.get("shipping_fee") or 0,
            note=data["note"].strip(),
        )
