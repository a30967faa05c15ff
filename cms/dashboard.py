"""The way from the Oscar dashboard into the Wagtail page editor (``OSCAR_DASHBOARD_NAVIGATION``).

Imported by the settings, so it must not import models.
"""
from django.utils.translation import gettext_lazy as _


def can_edit_pages(user, url_name=None, url_args=None, url_kwargs=None):
    """Oscar's menu asks this before showing the link: staff with access to Wagtail's admin."""
    return user.is_staff and user.has_perm("wagtailadmin.access_admin")


PAGES_MENU_ITEM = {
    "label": _("Shop pages (home, promos, FAQ)"),
    "url_name": "wagtailadmin_explore_root",
    "access_fn": can_edit_pages,
}
SHOP_DETAILS_MENU_ITEM = {
    "label": _("Shop details (address, WhatsApp, links)"),
    "url_name": "wagtailsettings:edit",
    "url_args": ["cms", "shopsettings"],
    "access_fn": can_edit_pages,
}
