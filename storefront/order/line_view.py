"""Oscar's buyer "order line" URL (``/shop/accounts/orders/<number>/<line id>/``) only handles
the re-order POST: its GET had no template (a 500) and an unknown line id raised
``DoesNotExist`` (a 500). Here a GET goes back to the order page and unknown ids are 404."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from oscar.apps.customer.views import OrderLineView as OscarOrderLineView
from oscar.core.loading import get_model

from storefront.order.pages import order_page_path

Order = get_model("order", "Order")


class OrderLineView(OscarOrderLineView):
    def get_object(self, queryset=None):
        order = get_object_or_404(Order, user=self.request.user, number=self.kwargs["order_number"])
        return get_object_or_404(order.lines, id=self.kwargs["line_id"])

    def get(self, request, *args, **kwargs):
        line = self.get_object()  # 404 for another buyer's order or an unknown line
        return redirect(order_page_path(line.order))


order_line_view = login_required(OrderLineView.as_view())
