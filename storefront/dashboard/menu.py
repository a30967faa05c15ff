"""The owner's one menu, ``OSCAR_DASHBOARD_NAVIGATION``: plain data (the settings import it,
so nothing here imports models).

Six places, each opening on its first entry; the entries are the place's tabs
(``storefront/dashboard/shell.py`` draws the places as the bottom bar at 360 px). Oscar's menu
code filters every entry by the user's permissions. An app that owns a place's entries keeps
them beside its views (``loyalty/dashboard/menu.py``, ``cms/dashboard.py``); this module puts
the places together."""

from django.utils.translation import gettext_lazy as _

from cms import dashboard as cms_dashboard
from loyalty.dashboard import menu as loyalty_menu

NAVIGATION = [
    {"label": _("Today"), "icon": "fas fa-sun", "url_name": "dashboard:index"},
    {
        "label": _("Orders"),
        "icon": "fas fa-shopping-cart",
        "children": [
            {"label": _("Orders"), "url_name": "dashboard:order-list"},
            {"label": _("Statistics"), "url_name": "dashboard:order-stats"},
            {"label": _("Payment settings"), "url_name": "dashboard:payment-settings"},
            {"label": _("Shipping settings"), "url_name": "dashboard:shipping-settings"},
            {"label": _("Providers"), "url_name": "dashboard:provider-settings"},
            {"label": _("Offers"), "url_name": "dashboard:offer-list"},
            {"label": _("Vouchers"), "url_name": "dashboard:voucher-list"},
            {"label": _("Reports"), "url_name": "dashboard:reports-index"},
        ],
    },
    {
        "label": _("Products"),
        "icon": "fas fa-box",
        "children": [
            {"label": _("Prices & stock"), "url_name": "dashboard:quick-catalogue-list"},
            {"label": _("Add product"), "url_name": "dashboard:quick-catalogue-add"},
            {"label": _("Import products"), "url_name": "dashboard:quick-catalogue-import"},
            {"label": _("Products"), "url_name": "dashboard:catalogue-product-list"},
            {"label": _("Categories"), "url_name": "dashboard:catalogue-category-list"},
            {"label": _("Low stock alerts"), "url_name": "dashboard:stock-alert-list"},
            {"label": _("Reviews"), "url_name": "dashboard:reviews-list"},
            {"label": _("Product Types"), "url_name": "dashboard:catalogue-class-list"},
        ],
    },
    {
        "label": _("Customers"),
        "icon": "fas fa-users",
        "children": [
            {"label": _("Customers"), "url_name": "dashboard:crm-customer-list"},
            {"label": _("Feedback"), "url_name": "dashboard:crm-feedback-list"},
            {"label": _("Segments"), "url_name": "dashboard:crm-segment-list"},
            {"label": _("Analytics"), "url_name": "dashboard:crm-analytics"},
            {"label": _("Campaigns"), "url_name": "dashboard:crm-campaign-list"},
            {"label": _("Import customers"), "url_name": "dashboard:crm-customer-import"},
            {"label": _("Customer accounts"), "url_name": "dashboard:users-index"},
            {"label": _("Email templates"), "url_name": "dashboard:comms-list"},
        ],
    },
    {
        "label": _("Loyalty"),
        "icon": "fas fa-star",
        "children": loyalty_menu.CHILDREN,
    },
    {
        "label": _("Pages"),
        "icon": "fas fa-store",
        "children": [
            {"label": _("Your shop online"), "url_name": "dashboard:shop-pages"},
            {"label": _("First steps"), "url_name": "dashboard:first-steps"},
            cms_dashboard.PAGES_MENU_ITEM,
            cms_dashboard.SHOP_DETAILS_MENU_ITEM,
            {"label": _("Staff"), "url_name": "dashboard:staff"},
            {"label": _("Who did what"), "url_name": "dashboard:staff-log"},
            {"label": _("My alerts"), "url_name": "dashboard:my-alerts"},
        ],
    },
]
