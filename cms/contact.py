"""The contact page's form: checks what the buyer typed and files it as CRM feedback."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.phones import normalise_phone
from crm import ratelimit
from crm.feedback import record_contact_message

# A person writes a few messages an hour at most; more from one address is a script.
MESSAGES_PER_HOUR = 5
RATE_WINDOW_SECONDS = 60 * 60

RATING_CHOICES = [
    ("", _("No rating")),
    ("5", _("5 – very happy")),
    ("4", _("4 – happy")),
    ("3", _("3 – so-so")),
    ("2", _("2 – disappointed")),
    ("1", _("1 – very disappointed")),
]


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=100,
        error_messages={
            "required": _("Please fill in your name."),
            "max_length": _("The name is too long (at most %(limit_value)d characters)."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("WhatsApp number"), max_length=20,
        help_text=_("We reply via WhatsApp. Example: 0812-3456-7890"),
        error_messages={
            "required": _("Please fill in your WhatsApp number so we can reply."),
            "max_length": _("The number is too long (at most %(limit_value)d characters)."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"), required=False, max_length=254,
        error_messages={"invalid": _("The e-mail address is not valid, for example nama@gmail.com.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=_("Message"), min_length=10, max_length=2000,
        error_messages={
            "required": _("Please write your message."),
            "min_length": _("The message is too short (at least %(limit_value)d characters)."),
            "max_length": _("The message is too long (at most %(limit_value)d characters, "
                            "now %(show_value)d)."),
        },
        # Narrow by default so the form fits a phone even before the stylesheet arrives.
        widget=forms.Textarea(attrs={"rows": 5, "cols": 24}),
    )
    rating = forms.TypedChoiceField(
        label=_("How was your experience with us?"), choices=RATING_CHOICES, coerce=int,
        empty_value=None, required=False,
        error_messages={"invalid_choice": _("Choose a rating from 1 to 5.")},
    )
    may_quote = forms.BooleanField(
        label=_("You may show my words on the website (first name and city only)"), required=False
    )

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("may_quote") and not cleaned.get("rating"):
            # A quote needs stars to be shown as a testimonial; asking is kinder than dropping it.
            self.add_error("rating", ValidationError(_("Give a rating if we may quote you.")))
        return cleaned


def initial_for(user):
    """What a signed-in buyer need not type again: name, WhatsApp number, e-mail."""
    if not user.is_authenticated:
        return {}
    return {"name": user.get_full_name(), "email": user.email, "phone": getattr(user, "phone", "")}


def send_contact_message(form, request):
    """File a valid contact form as CRM feedback; returns the Feedback.

    Returns ``None`` and puts an error on the form when the sender is over the hourly limit.
    """
    if not ratelimit.allow(request, "contact", limit=MESSAGES_PER_HOUR, window=RATE_WINDOW_SECONDS):
        form.add_error(None, _("You have sent many messages in a short time. Please try again in an "
                               "hour, or chat with us on WhatsApp."))
        return None
    data = form.cleaned_data
    return record_contact_message(
        name=data["name"],
        message=data["message"],
        email=data["email"],
        phone=data["phone"],
        rating=data["rating"],
        may_quote=data["may_quote"],
    )
