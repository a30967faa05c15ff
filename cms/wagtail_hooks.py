"""Wagtail admin additions: the catalogue choosers and the way back to the Oscar dashboard."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .choosers import category_chooser_viewset, product_chooser_viewset


@hooks.register("register_admin_viewset")
def register_catalogue_choosers():
    return [product_chooser_viewset, category_chooser_viewset]


class DashboardMenuItem(MenuItem):
    """Shown to staff only: the Oscar dashboard is staff-only too."""

    def is_shown(self, request):
        return request.user.is_staff


@hooks.register("register_admin_menu_item")
def register_dashboard_link():
    # Orders, catalogue, loyalty and customers are in Oscar's dashboard; one tap takes the owner back.
    return DashboardMenuItem(
        _("Shop dashboard"), reverse("dashboard:index"), name="shop-dashboard", icon_name="home", order=50
    )
