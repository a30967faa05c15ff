"""Buyer-side forms: points to use on a basket, birthday."""
from django import forms
from django.utils.translation import gettext_lazy as _


class RedeemForm(forms.Form):
    """How many points to use on the basket (0 removes them)."""

    points = forms.IntegerField(label=_("Points to use"), min_value=0)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class BirthdayForm(forms.Form):
    birthday = forms.DateField(label=_("Birthday"), widget=forms.DateInput(attrs={"type": "date"}))
