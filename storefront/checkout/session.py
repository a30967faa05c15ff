"""Checks shared by every checkout step (Oscar's ``CheckoutSessionMixin``)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.checkout import exceptions, session


class CheckoutSessionMixin(session.CheckoutSessionMixin):
    def check_basket_is_valid(self, request):
        """Stock may run out between the basket and placing the order: send the buyer back to
        the basket (which is kept as it was) with a plain message per product."""
        problems = []
        for line in request.basket.all_lines():
            # purchase_info is fetched once per request when the basket loads its lines.
            availability = line.purchase_info.availability
            permitted, reason = availability.is_purchase_permitted(line.quantity)
            if not permitted:
                problems.append(
                    _(
                        "Sorry, “%(title)s” is no longer available in the quantity you chose "
                        "(%(reason)s). Your basket is kept: change it to continue."
                    )
                    % {"title": line.product.get_title(), "reason": reason}
                )
        if problems:
            raise exceptions.FailedPreCondition(url=reverse("basket:summary"), messages=problems)
