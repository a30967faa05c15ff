"""Forms of the owner's CRM screens."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.phones import normalise_phone
from crm.models import Campaign, Customer, CustomerTag, FeedbackSource, FeedbackStatus
from crm.segments import SEGMENTS


def segment_choices(blank=None):
    choices = [(key, label) for key, (label, _help) in SEGMENTS.items()]
    return [("", blank), *choices] if blank else choices


class CustomerSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, phone or e-mail"), required=False)
    segment = forms.ChoiceField(label=_("Segment"), required=False, choices=())
    tag = forms.ModelChoiceField(label=_("Tag"), required=False, queryset=CustomerTag.objects.all())
    city = forms.CharField(label=_("City"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = segment_choices(blank=_("All segments"))


class CustomerForm(forms.ModelForm):
    tag_names = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separate with commas, e.g. reseller, kantor")
    )

    class Meta:
        model = Customer
        fields = ["name", "phone", "email", "birthday", "city", "notes"]
        widgets = {
            "birthday": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        if self.instance.pk:
            self.fields["tag_names"].initial = ", ".join(t.name for t in self.instance.tags.all())

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if not phone:
            return ""
        phone = normalise_phone(phone)
        if Customer.objects.filter(phone=phone).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another customer has this number. Open that customer and merge."))
        return phone

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def save(self, commit=True):
        customer = super().save(commit=commit)
        names = {n.strip()[:50] for n in self.cleaned_data["tag_names"].split(",") if n.strip()}
        customer.tags.set([CustomerTag.objects.get_or_create(name=name)[0] for name in sorted(names)])
        return customer


class ConsentForm(forms.Form):
    email_consent = forms.BooleanField(label=_("Agrees to e-mail promotions"), required=False)
    whatsapp_consent = forms.BooleanField(label=_("Agrees to WhatsApp promotions"), required=False)
    source = forms.CharField(
        label=_("How did they agree?"),
        max_length=80,
        initial=_("told the owner"),
        help_text=_("e.g. asked at the counter, WhatsApp chat of 3 May"),
    )


class MergeForm(forms.Form):
    other = forms.CharField(label=_("Phone, e-mail or number (#) of the duplicate record"))

    def __init__(self, *args, customer, **kwargs):
        self.customer = customer
        super().__init__(*args, **kwargs)

    def clean_other(self):
        text = self.cleaned_data["other"].strip()
        candidates = Customer.objects.active().exclude(pk=self.customer.pk)
        if text.lstrip("#").isdigit() and len(text.lstrip("#")) < 9:
            found = candidates.filter(pk=int(text.lstrip("#"))).first()
        elif "@" in text:
            found = candidates.filter(email__iexact=text).first()
        else:
            found = candidates.filter(phone=normalise_phone(text)).first()
        if found is None:
            raise ValidationError(_("No other customer found for “%(text)s”."), params={"text": text})
        return found


class FeedbackFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Not resolved")), *FeedbackStatus.choices],
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All")), *FeedbackSource.choices]
    )
    complaints = forms.BooleanField(label=_("Complaints only"), required=False)
    q = forms.CharField(label=_("Search"), required=False)


class ReplyForm(forms.Form):
    message = forms.CharField(
        label=_("Reply to the customer (sent by e-mail)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FeedbackUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FeedbackStatus.choices)
    assignee = forms.ModelChoiceField(label=_("Handled by"), required=False, queryset=None)
    internal_notes = forms.CharField(
        label=_("Internal notes (the customer never sees them)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = get_user_model().objects.filter(is_staff=True)


class CampaignForm(forms.ModelForm):
    voucher_percent = forms.IntegerField(
        label=_("Attach a new voucher: discount in percent"),
        required=False,
        min_value=1,
        max_value=90,
        help_text=_("Leave empty for no voucher."),
    )
    voucher_days = forms.IntegerField(
        label=_("Voucher valid for (days)"), initial=14, min_value=1, max_value=365
    )

    class Meta:
        model = Campaign
        fields = ["name", "segment", "subject", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6}), "segment": forms.Select()}
        help_texts = {"message": _("{nama} is replaced by the customer's name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].widget.choices = segment_choices()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel (.xlsx) file"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > 5 * 1024 * 1024:
            raise ValidationError(_("The file is too big (at most 5 MB)."))
        return uploaded
