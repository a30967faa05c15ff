"""Order placement: debits the points chosen on the basket inside the order's transaction."""

from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.apps.order.utils import OrderCreator as CoreOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator  # noqa: F401 (the fork keeps the module whole)


class OrderCreator(CoreOrderCreator):
    def create_order_model(self, user, basket, *args, **kwargs):
        """Create the order, then debit its points under the account's row lock.

        Runs inside ``place_order``'s atomic block: a refused redemption (changed basket,
        below the minimum, above the cap or the balance) raises ``UnableToPlaceOrder``, which
        rolls the order back and shows the message on the checkout preview.
        """
        from loyalty.rules import LoyaltyError
        from loyalty.services import redeem_for_order
        from storefront.offer.points import points_discount_of

        order = super().create_order_model(user, basket, *args, **kwargs)
        try:
            redeem_for_order(order, basket, points_discount_of(basket))
        except LoyaltyError as exc:
            raise UnableToPlaceOrder(str(exc)) from exc
        return order
