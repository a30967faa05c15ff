from django.views.generic import ListView, TemplateView

from crm.models import Customer


class TodayView(TemplateView):
    """The owner's start page: what needs attention today."""

    template_name = "crm/dashboard/today.html"


class CustomerListView(ListView):
    """All customers of the shop."""

    model = Customer
    paginate_by = 50
    template_name = "crm/dashboard/customer_list.html"
