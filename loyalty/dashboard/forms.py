"""The owner's loyalty forms."""

import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.phones import normalise_phone
from loyalty.models import BonusRule, LoyaltySettings, Reward, RewardKind, Tier


class SettingsForm(forms.ModelForm):
    class Meta:
        model = LoyaltySettings
        fields = [
            "rupiah_per_point_earned",
            "point_value",
            "min_redeem_points",
            "max_redeem_percent",
            "release_days_after_shipping",
            "expiry_months",
            "expiry_warning_days",
        ]

    def clean_max_redeem_percent(self):
        value = self.cleaned_data["max_redeem_percent"]
        if value > 100:
            raise forms.ValidationError(_("At most 100%."))
        return value

    def clean_rupiah_per_point_earned(self):
        value = self.cleaned_data["rupiah_per_point_earned"]
        if value <= 0:
            raise forms.ValidationError(_("Must be more than zero."))
        return value


TierFormSet = forms.modelformset_factory(
    Tier, fields=["name", "threshold", "multiplier"], extra=1, can_delete=True
)
BonusRuleFormSet = forms.modelformset_factory(BonusRule, fields=["points", "is_active"], extra=0)


class RewardForm(forms.ModelForm):
    class Meta:
        model = Reward
        fields = [
            "name",
            "kind",
            "points_cost",
            "value",
            "product",
            "category",
            "stock",
            "limit_per_customer",
            "min_tier",
            "starts_at",
            "ends_at",
            "voucher_days",
            "is_active",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == RewardKind.FREE_PRODUCT and not data.get("product"):
            self.add_error("product", _("Choose the free product."))
        if kind == RewardKind.CATEGORY_PERCENT:
            if not data.get("category"):
                self.add_error("category", _("Choose the category."))
            if not Decimal(0) < (data.get("value") or 0) <= 100:
                self.add_error("value", _("Enter a percentage between 1 and 100."))
        if kind == RewardKind.RUPIAH and (data.get("value") or 0) <= 0:
            self.add_error("value", _("Enter the discount in Rupiah."))
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        if data.get("points_cost") == 0:
            self.add_error("points_cost", _("Must be more than zero."))
        return data


class AdjustForm(forms.Form):
    points = forms.IntegerField(label=_("Points (+ add, − take away)"))
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def clean_points(self):
        if self.cleaned_data["points"] == 0:
            raise forms.ValidationError(_("Enter a number of points other than zero."))
        return self.cleaned_data["points"]


class CounterSaleForm(forms.Form):
    phone = forms.CharField(
        label=_("Customer's phone (WhatsApp)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off", "placeholder": "0812…"}),
    )
    amount = forms.DecimalField(
        label=_("Amount (Rp)"),
        max_digits=14,
        decimal_places=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    name = forms.CharField(label=_("Name (optional)"), max_length=150, required=False)
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError(_("The amount must be more than zero."))
        return amount


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, phone or e-mail"), required=False)
