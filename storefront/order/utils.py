"""Order placement: debits the points chosen on the basket inside the order's transaction,
and never sells more units than are in stock."""

from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.apps.order.utils import OrderCreator as CoreOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator  # noqa: F401 (the fork keeps the module whole)
from oscar.core.loading import get_model

StockRecord = get_model("partner", "StockRecord")


class OrderCreator(CoreOrderCreator):
    def create_order_model(self, user, basket, *args, **kwargs):
        """Create the order, then debit its points under the account's row lock.

        Runs inside ``place_order``'s atomic block: a refused redemption (changed basket,
        below the minimum, above the cap or the balance) raises ``UnableToPlaceOrder``, which
        rolls the order back and shows the message on the checkout preview.
        """
        from loyalty.rules import LoyaltyError
        from loyalty.services import points_discount_of, redeem_for_order

        order = super().create_order_model(user, basket, *args, **kwargs)
        try:
            redeem_for_order(order, basket, points_discount_of(basket))
        except LoyaltyError as exc:
            raise UnableToPlaceOrder(str(exc)) from exc
        return order

    def update_stock_records(self, line):
        """Allocate the line's stock under the stock record's row lock, refusing when fewer units
        are left than ordered.

        Oscar checks availability when the basket is shown and then only adds to
        ``num_allocated``: thirty buyers paying for the last ten units at once would all get
        them. With the row lock the buyers queue on the stock record; the ones who come too late
        get ``UnableToPlaceOrder`` (the order is rolled back and the preview shows the message).
        Oscar takes the locks in stock-record order, so two baskets cannot deadlock.
        """
        record = line.stockrecord
        if record is not None and line.product.get_product_class().track_stock:
            locked = StockRecord.objects.select_for_update().get(pk=record.pk)
            if locked.net_stock_level < line.quantity:
                raise UnableToPlaceOrder(
                    _(
                        "Sorry, only %(available)s of “%(title)s” left. "
                        "Please change the quantity in your basket."
                    )
                    % {"available": max(locked.net_stock_level, 0), "title": line.product.get_title()}
                )
        super().update_stock_records(line)
