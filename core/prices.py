"""The shop's one price format: "Rp 15.000", the same in every language.

Rupiah has no minor unit in practice, so an amount is rounded to whole Rupiah (half to even, as
Babel did), grouped by thousands with dots and written after "Rp" and a no-break space; a
negative amount gets a leading minus ("-Rp 2.500"), an amount that rounds to zero is "Rp 0".

Oscar's ``currency`` filter gave the same text through Babel (``OSCAR_CURRENCY_FORMAT``), but
Babel loads its locale data on the first price a process formats: about 4 MB in every web
worker (docs/performance.md, "Web worker RSS, round 2"). This module is also the template
library that ``{% load currency_filters %}`` loads, in Oscar's templates and ours (the settings'
``TEMPLATES`` ``libraries``), so templates and Python code (messages, notices, payment notes)
format prices here. Another currency than Rupiah, which the shop does not sell in, still goes
to Oscar's filter.
"""

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django import template
from django.conf import settings

RUPIAH = "IDR"

register = template.Library()


@register.filter(name="currency")
def currency(value, currency_code=None):
    """``value`` (a number or its text) as a price in ``currency_code`` (the shop's currency
    when not given): "Rp 15.000"; "" when it is not a finite number."""
    currency_code = currency_code or settings.OSCAR_DEFAULT_CURRENCY
    if currency_code != RUPIAH:
        from oscar.templatetags.currency_filters import currency as babel_currency

        return babel_currency(value, currency_code)
    try:
        amount = Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        return ""
    if not amount.is_finite():
        return ""
    whole = int(amount.to_integral_value(rounding=ROUND_HALF_EVEN))
    grouped = f"{abs(whole):,}".replace(",", ".")
    return f"{'-' if whole < 0 else ''}Rp\u00a0{grouped}"
