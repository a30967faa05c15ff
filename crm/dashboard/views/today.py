"""The owner's start page, "Hari ini": what needs attention today."""

from django.utils import timezone
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from core.order_statuses import PENDING_PAYMENT
from crm.models import Customer, Feedback, PhoneConflict

Order = get_model("order", "Order")
TODAY_LIST_SIZE = 20


class TodayView(TemplateView):
    """The customer side of the owner's start page "Hari ini" (complaints, payments, late
    regulars, new customers, birthdays), each with a one-tap action; the shop's start page
    (``storefront.dashboard.views.IndexView``) adds the orders, stock and rewards."""

    template_name = "crm/dashboard/today.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        customers = Customer.objects.active()
        return super().get_context_data(
            complaints=Feedback.objects.open_complaints()[:TODAY_LIST_SIZE],
            late_customers=customers.late_regulars(now)[:TODAY_LIST_SIZE],
            new_customers=customers.new_to_thank(now)[:TODAY_LIST_SIZE],
            birthdays=customers.birthdays_on(timezone.localdate())[:TODAY_LIST_SIZE],
            phone_conflicts=PhoneConflict.objects.select_related("customer", "holder")[:TODAY_LIST_SIZE],
            waiting_orders=Order.objects.filter(status=PENDING_PAYMENT)
            .select_related("shipping_address", "user", "payment_info")
            .order_by("date_placed")[:TODAY_LIST_SIZE],
            **kwargs,
        )
