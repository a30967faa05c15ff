""""Notifikasi saya": a staff account (a helper, or the owner's own account) asks for the shop's
alerts on their own phone (storefront/owner_alerts.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic

from core.phones import normalise_phone
from staff.models import AlertPreference


class AlertPreferenceForm(forms.ModelForm):
    class Meta:
        model = AlertPreference
        fields = ["wants_alerts", "whatsapp_number"]
        widgets = {"whatsapp_number": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})}

    def clean_whatsapp_number(self):
        number = self.cleaned_data["whatsapp_number"].strip()
        return normalise_phone(number) if number else ""

    def clean(self):
        data = super().clean()
        if data.get("wants_alerts") and not data.get("whatsapp_number") and not self.instance.user.email:
            raise ValidationError(_("Give a WhatsApp number: your account has no e-mail address."))
        return data


class MyAlertsView(generic.UpdateView):
    """The signed-in staff account's own alert preference."""

    form_class = AlertPreferenceForm
    template_name = "storefront/dashboard/my_alerts.html"

    def get_object(self, queryset=None):
        return AlertPreference.objects.filter(user=self.request.user).first() or AlertPreference(
            user=self.request.user
        )

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your alert settings are saved."))
        return redirect("dashboard:my-alerts")
