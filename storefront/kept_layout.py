"""The buyer's layout around every page (header, footer), drawn once and kept.

The header and footer show the shop's name, menu and details, the language switcher and the
account links: the same for every visitor of one kind (anonymous, signed-in buyer, staff) on one
site, in one language, on the same menu item. So a part is kept under what it is drawn from:
the ``site_parts`` cache version (the menu and the shop details, ``cms.navigation``; the
offered languages are shop details too), the language, the kind of visitor, the host, which
menu item is the current page (``aria-current``) and the year of the copyright line.

What is the visitor's own is not drawn but written in: the basket count, the search box's
words, the language switcher's CSRF token and the address it sends the buyer back to. While a
part is drawn, the template's ``visitor`` values (and ``csrf_token``) are slots, ``\\0name\\0``;
the kept part is the drawn HTML cut at its slots, and every page fills them with its own,
escaped, values. Django's form fields refuse a NUL character and PostgreSQL text cannot hold
one, so nothing an owner typed (a menu title, the shop's details) can look like a slot.
"""

import re

from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cms.templatetags.cms_tags import site_menu
from core import caching
from storefront import basket

# The visitor's own values (``{{ visitor.name }}``), escaped; ``csrf_token`` is Django's own.
VISITOR_VALUES = {
    "basket_count": lambda request: str(basket.item_count(request)),
    "q": lambda request: escape(request.GET.get("q", "")),
    "next": lambda request: escape(request.get_full_path()),
    "csrf_token": get_token,
}
SLOT = re.compile(f"\x00({'|'.join(VISITOR_VALUES)})\x00")  # only these names are slots


def visitor_kind(user):
    """What of the visitor the layout shows: ``staff`` (a "Manage shop" link), ``buyer``
    (signed in) or ``anonymous``."""
    if user is None or not user.is_authenticated:
        return "anonymous"
    return "staff" if user.is_staff else "buyer"


def kept_key(context, name):
    """The cache key of layout part ``name`` for this page (see the module docstring)."""
    request = context["request"]
    menu = site_menu(context)
    current = "".join("1" if item["active"] else "0" for items in menu.values() for item in items)
    kind = visitor_kind(getattr(request, "user", None))
    where = f"{request.get_host()}:{int(request.path == '/')}{current}"
    year = timezone.localtime().year
    return caching.key(caching.SITE_PARTS, f"layout:{name}:{get_language()}:{kind}:{where}:{year}")


def _drawn(context, draw):
    """``draw()``'s HTML cut at its slots: text, slot name, text, … (``SLOT.split``)."""
    slots = {name: f"\x00{name}\x00" for name in VISITOR_VALUES}
    with context.push(visitor=slots, csrf_token=slots["csrf_token"]):
        return tuple(SLOT.split(str(draw(context))))


def kept(context, name, draw):
    """Layout part ``name``, drawn by ``draw(context)`` once for every page like this one and
    kept, with this visitor's own values written in."""
    request = context.get("request")
    if request is None:  # nobody to key it by or to fill it for: drawn as it is
        with context.push(visitor={"basket_count": 0}):
            return draw(context)
    parts = list(caching.keep(kept_key(context, name), lambda: _drawn(context, draw)))
    for index in range(1, len(parts), 2):
        parts[index] = VISITOR_VALUES[parts[index]](request)
    return mark_safe("".join(parts))
