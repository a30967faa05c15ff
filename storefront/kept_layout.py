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

A page whose own part its view keeps (the basket page) can be kept whole around it
(``kept_page``): the ``<head>`` with its share tags, the breadcrumbs and the header and footer,
with the same slots, the flash messages and the page's own part written in.
"""

import re

from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cms.templatetags.cms_tags import site_menu
from core import caching
from storefront import basket
from storefront.product_cards import visitor_token


def alert_messages(request):
    """The visitor's flash messages as Oscar's layout shows them (and so marked as seen)."""
    return render_to_string("oscar/partials/alert_messages.html", {"messages": get_messages(request)})


# The visitor's own values (``{{ visitor.name }}``), escaped; ``csrf_token`` is Django's own.
VISITOR_VALUES = {
    "basket_count": lambda request: str(basket.item_count(request)),
    "q": lambda request: escape(request.GET.get("q", "")),
    "next": lambda request: escape(request.get_full_path()),
    "csrf_token": visitor_token,
    "messages": alert_messages,
}
SLOT = re.compile(f"\x00({'|'.join(VISITOR_VALUES)})\x00")  # only these names are slots
CONTENT = "\x00content\x00"  # where a kept page's own part goes
PAGE_SLOT = re.compile(f"\x00({'|'.join([*VISITOR_VALUES, 'content'])})\x00")


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
    parts = caching.keep(kept_key(context, name), lambda: _drawn(context, draw))
    if context.get("drawing_page"):  # the whole page is kept (kept_page): its slots stay slots
        return mark_safe("".join(f"\x00{part}\x00" if i % 2 else part for i, part in enumerate(parts)))
    return mark_safe(_written_in(parts, request))


def _written_in(parts, request, content=None):
    """Kept ``parts`` (text, slot name, text, …) as HTML with this visitor's values, and a kept
    page's own part ``content``, in their slots."""
    filled = list(parts)
    for index in range(1, len(filled), 2):
        name = filled[index]
        filled[index] = content if name == "content" else VISITOR_VALUES[name](request)
    return "".join(filled)


def page_key(request, template_name):
    """The cache key of page ``template_name`` kept around its own part: what the layout's
    parts are kept under, and the shop's settings and pages (the description, the share
    tags), at this address. Not its query string: the page draws only the path (the canonical
    address), the rest is written in, and any words after a ``?`` would each make a copy."""
    spaces = (caching.SITE_PARTS, caching.SETTINGS, caching.PAGES)
    versions = ".".join(str(caching.version(space)) for space in spaces)
    kind = visitor_kind(getattr(request, "user", None))
    where = request.build_absolute_uri(request.path)
    return f"page:{versions}:{template_name}:{get_language()}:{kind}:{timezone.localtime().year}:{where}"


def kept_page(request, template_name, context, content):
    """Page ``template_name`` drawn once with ``context`` and kept, with ``content`` (the
    page's own part, already HTML, where the context's ``CONTENT`` is drawn) and the visitor's
    own values and messages written in."""

    def draw():
        slots = {name: f"\x00{name}\x00" for name in VISITOR_VALUES}
        page_context = {**context, "visitor": slots, "csrf_token": slots["csrf_token"], "drawing_page": True}
        return tuple(PAGE_SLOT.split(render_to_string(template_name, page_context, request=request)))

    return _written_in(caching.keep(page_key(request, template_name), draw), request, content)
