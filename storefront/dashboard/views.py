"""Dashboard views the shop overrides (picked up by Oscar's get_class)."""

from django.utils import timezone
from django.views.generic import TemplateView

from crm.dashboard.views import TodayView
from storefront.dashboard import today
from storefront.dashboard.firststeps import steps as first_steps


class IndexView(TodayView):
    """``/dashboard/``: "Hari ini", the owner's whole day on one page, instead of Oscar's
    statistics (whose customer and order counts were not the shop's): the customer lists of
    CRM plus orders to ship, parcels on the road too long, low stock, reviews and rewards."""

    template_name = "storefront/dashboard/today.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            to_ship=today.listing(today.orders_to_ship()),
            shipped_long_ago=today.listing(today.shipped_not_completed(timezone.now())),
            low_stock=today.listing(today.low_stock()),
            reviews=today.listing(today.reviews_waiting()),
            rewards=today.listing(today.rewards_not_used(timezone.now())),
            first_steps=first_steps.summary(),
            **kwargs,
        )


class ShopPagesView(TemplateView):
    """"Halaman": where the owner's shop pages are edited (in Wagtail's editor) and the shop's
    details kept; the place's tabs lead there, the page says which is for what."""

    template_name = "storefront/dashboard/shop_pages.html"
