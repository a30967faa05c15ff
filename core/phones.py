"""Indonesian phone numbers: one canonical form (+628…) so one person is one customer."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalise_phone(raw):
    """Return ``raw`` as an E.164 Indonesian number (``0812-3456-7890`` → ``+6281234567890``).

    Accepts ``08…``, ``628…``, ``+62 8…`` with spaces, dots or dashes. Raises ``ValidationError``
    with an Indonesian message for anything that is not a valid phone number.
    """
    text = (raw or "").strip()
    if text.startswith("62") and not text.startswith("+"):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Nomor HP tidak valid: %(value)s"), params={"value": raw}) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Nomor HP tidak valid: %(value)s"), params={"value": raw})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def whatsapp_number(phone):
    """The digits wa.me expects (``+62812…`` → ``62812…``)."""
    return (phone or "").lstrip("+")
