"""Forms of the buyer-facing CRM pages (survey, order complaint, unsubscribe)."""

from django import forms
from django.utils.translation import gettext_lazy as _

NPS_CHOICES = [(n, str(n)) for n in range(11)]
RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class SurveyForm(forms.Form):
    nps = forms.TypedChoiceField(
        label=_("How likely are you to recommend us to a friend? (0 = not at all, 10 = very likely)"),
        choices=NPS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a number from 0 to 10.")},
    )
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with this order? (1 = very unhappy, 5 = very happy)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose 1 to 5 stars.")},
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    may_quote = forms.BooleanField(label=_("The shop may quote my comment as a testimonial"), required=False)


class ComplaintForm(forms.Form):
    message = forms.CharField(
        label=_("What went wrong with this order?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please tell us what went wrong.")},
    )
