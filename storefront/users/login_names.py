"""Which account a login or password-reset attempt is about, for the throttles.

django-axes locks a (name, IP address) pair after too many wrong passwords, and the
password-reset throttle counts requests per address. Both used to count the text as typed,
but the login finds the account without regard to letter case (Oscar's ``EmailBackend``:
``email__iexact``, which on PostgreSQL compares ``UPPER()`` and so also treats ``ı`` as ``i``
and ``ſ`` as ``s``): ``B1@shop.test`` reached the account that ``b1@shop.test`` had locked.
So both throttles count against the account the text reaches, found exactly as the login
finds it; text that reaches no single account is counted in a case-folded form.
"""

import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from oscar.apps.customer.utils import normalise_email


def login_name(typed):
    """The name an attempt with the e-mail address ``typed`` is counted under: the e-mail of
    the one account the login would check (lower-case), else ``typed`` NFKC-case-folded."""
    clean = normalise_email(typed or "")
    if "@" in clean:
        accounts = get_user_model().objects.filter(email__iexact=clean).order_by("pk")
        matches = list(accounts.values_list("email", flat=True)[:2])
        if len(matches) == 1:
            return matches[0].lower()
    return unicodedata.normalize("NFKC", clean).casefold()


def axes_username(request, credentials):
    """``AXES_USERNAME_CALLABLE``: the typed username (from the credentials, else the posted
    form field, as axes itself reads it) as ``login_name``."""
    if credentials:
        typed = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        typed = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return login_name(typed) if typed else typed
