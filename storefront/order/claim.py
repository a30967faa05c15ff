"""A signed-in buyer adds a guest order to their account from its page (an order the owner took
in a WhatsApp chat, or one placed before registering). The proof is the one the page itself
asks: its link and the order's e-mail or phone (``storefront.order.guest_pages``);
``crm.services.claim_order`` has the rule of whose it may become."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from crm.services import OrderClaimRefused, claim_order
from storefront.order.guest_pages import guest_order_for

Order = get_model("order", "Order")


@require_POST
@login_required
def claim_order_view(request, order_number, hash):
    """Add the guest order of this page to the signed-in buyer's orders."""
    if Order.objects.filter(number=order_number, user=request.user).exists():  # a second tap
        return redirect("customer:order", order_number=order_number)
    order = guest_order_for(request, order_number, hash)
    if order is None:
        raise Http404
    try:
        claim_order(request.user, order)
    except OrderClaimRefused as refused:
        messages.error(request, str(refused))
        return redirect("customer:anon-order", order_number=order.number, hash=hash)
    messages.success(request, _("The order is in your account now, with its points."))
    return redirect("customer:order", order_number=order.number)
