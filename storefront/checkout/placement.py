"""One order per basket.

The order number is made from the basket id, so a basket can become an order only once. A
second "place order" for the same basket (a double tap, two tabs, a retry on a slow phone)
must show the order already made instead of failing, and the basket must never go back to
*Open*: an open basket whose number is taken would refuse every later checkout of the buyer.
"""

from django.utils import timezone
from oscar.core.loading import get_model

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


def lock_basket(basket):
    """Take the basket's row lock for the rest of the transaction: parallel submissions of one
    basket queue here, and each one then sees whether the basket has become an order."""
    return Basket.objects.select_for_update().get(pk=basket.pk)


def _settled(order):
    """``order``, with its basket marked submitted if it is still open (left so by an older
    double submission), so that the basket is never placed again."""
    Basket.objects.filter(pk=order.basket_id).exclude(status=Basket.SUBMITTED).update(
        status=Basket.SUBMITTED, date_submitted=timezone.now()
    )
    return order


def order_of_basket(basket):
    """The order made from ``basket``, or None."""
    order = Order.objects.filter(basket_id=basket.pk).first()
    return _settled(order) if order is not None else None


def _posted_basket_id(request):
    try:
        return int(request.POST.get("basket_id", ""))
    except ValueError:
        return None


def already_placed(request):
    """The order a "place order" request was sent for, when it exists already and belongs to
    this visitor: the signed-in buyer's own order, or the guest's order of this session or
    of the basket the guest still holds. None otherwise (the order still has to be placed)."""
    basket_ids = {pk for pk in (_posted_basket_id(request), getattr(request.basket, "pk", None)) if pk}
    order = Order.objects.filter(basket_id__in=basket_ids).first() if basket_ids else None
    if order is None:
        return None
    if order.user_id:
        mine = order.user_id == request.user.pk
    else:
        mine = request.session.get("checkout_order_id") == order.pk or order.basket_id == getattr(
            request.basket, "pk", None
        )
    return _settled(order) if mine else None
