"""The owner's dashboard shell: the six places of the one menu (``OSCAR_DASHBOARD_NAVIGATION``)
as the bottom bar draws them, and which place the current page belongs to.

Oscar's menu code (``dashboard.menu.get_nodes``) builds the entries and drops the ones the user
may not open; this module only turns them into places with a landing address and tabs.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class

get_nodes = get_class("dashboard.menu", "get_nodes")


# "Panduan": what each place is for and the two things to do there, in plain words, keyed by the
# address name of the place's first entry in OSCAR_DASHBOARD_NAVIGATION.
GUIDES = {
    "dashboard:index": (
        _("Everything that needs you today, oldest first."),
        (
            _(
                "Pack and send the orders under “To ship”: tap “Ship”, choose the courier, "
                "type or scan the tracking number."
            ),
            _("Check payments and answer complaints: one tap opens the order or WhatsApp."),
        ),
    ),
    "dashboard:order-list": (
        _("All orders of the shop, newest first."),
        (
            _("Tap an order to see it and move it on (payment, shipping, completed)."),
            _("Set your bank accounts, QRIS and shipping rates under the tabs above."),
        ),
    ),
    "dashboard:quick-catalogue-list": (
        _("Your products, their prices and stock."),
        (
            _("Change a price or stock and tap “Save”."),
            _("Add a new product with a photo from your phone under “Add product”."),
        ),
    ),
    "dashboard:crm-customer-list": (
        _("Everybody who bought from you, with their orders and points."),
        (
            _("Tap a customer to see their orders and send them a WhatsApp message."),
            _("Read and answer feedback and complaints under “Feedback”."),
        ),
    ),
    "dashboard:loyalty-index": (
        _("Points your customers earn with every order, and the rewards they can claim."),
        (
            _("Record a sale in the shop under “Counter sale” so the customer gets points."),
            _("Choose the rewards and how many points a Rupiah earns under the tabs above."),
        ),
    ),
    "dashboard:shop-pages": (
        _("The pages of your online shop: home page, promotions, questions and shop details."),
        (
            _("Change the pictures and texts of your home page under “Shop pages”."),
            _("Keep your address, WhatsApp number and opening hours right under “Shop details”."),
        ),
    ),
}


@dataclass
class Tab:
    label: str
    url: str
    active: bool = False


@dataclass
class Place:
    """One entry of the bottom bar: ``url`` is where it opens (its first tab)."""

    label: str
    icon: str
    url: str
    tabs: list = field(default_factory=list)
    active: bool = False
    guide: tuple = ()


def _url(node):
    try:
        return node.url
    except NoReverseMatch:  # an app of the menu is not installed in this configuration
        return ""


def places_for(user, path):
    """The places ``user`` may open, the one holding ``path`` marked active with its tab.

    A page belongs to the place whose tab address is the longest start of ``path`` (an order's
    page ``/dashboard/orders/42/`` to "Pesanan" through ``/dashboard/orders/``); "Hari ini"
    (the dashboard's root) only holds itself.
    """
    first_entries = {
        str(item["label"]): item.get("url_name") or item["children"][0]["url_name"]
        for item in settings.OSCAR_DASHBOARD_NAVIGATION
    }
    places = []
    for node in get_nodes(user):
        children = node.children if node.has_children() else [node]
        tabs = [Tab(str(child.label), url) for child in children if (url := _url(child))]
        if tabs:
            label = str(node.label)
            guide = GUIDES.get(first_entries.get(label), ())
            place_tabs = tabs if node.has_children() else []
            places.append(Place(label, node.icon or "", tabs[0].url, place_tabs, guide=guide))
    root = reverse("dashboard:index")
    best, best_length = None, 0
    for place in places:
        for tab in place.tabs or [Tab(place.label, place.url)]:
            holds = path.startswith(tab.url) and (tab.url != root or path == root)
            if holds and len(tab.url) > best_length:
                best, best_length = (place, tab), len(tab.url)
    if best:
        best[0].active = best[1].active = True
    return places
