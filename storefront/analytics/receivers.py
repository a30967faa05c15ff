"""Oscar's popularity counters (views, basket additions, purchases), safe under concurrency.

Oscar's receivers update a counter row and create it when the update found none. When two
requests both find none — the first two views of a product arriving together, two first
purchases — the second insert violates the unique key. Inside a request's transaction
(``ATOMIC_REQUESTS``) PostgreSQL then refuses every further statement, so Oscar's fallback
update fails too and the visitor gets an error page (seen in the load test). Here the insert
runs in a savepoint: the request that loses the race rolls back only the insert and counts
with an update of the row the other one made.

A product page view is the only write of its request, and its commit waited for PostgreSQL to
flush the write-ahead log to disk — while holding the product's counter row, so every other
view of the same product waited too (the product page's slowest requests under load). A view
count is not worth that wait: the view's transaction commits without it
(``synchronous_commit`` off for that transaction only; a database crash may lose the last
fraction of a second of view counts, never an order or a payment).
"""

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from oscar.apps.analytics import receivers as oscar_receivers
from oscar.apps.basket.signals import basket_addition
from oscar.apps.catalogue.signals import product_viewed
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

ProductRecord = get_model("analytics", "ProductRecord")
UserProductView = get_model("analytics", "UserProductView")
UserRecord = get_model("analytics", "UserRecord")


def add_to_counters(model, lookup, increments, values=None):
    """Add ``increments`` (field → amount) to the ``model`` row matching ``lookup`` and set
    ``values`` on it; create the row (with the increments as its counts) when there is none —
    also when another transaction creates it at the same moment."""
    values = values or {}
    rows = model._default_manager.filter(**lookup)
    changes = {**{field: F(field) + amount for field, amount in increments.items()}, **values}
    if rows.update(**changes):
        return
    try:
        with transaction.atomic():
            model._default_manager.create(**lookup, **increments, **values)
    except IntegrityError:  # created by a concurrent transaction since our update
        rows.update(**changes)


def commit_without_waiting_for_disk():
    """The current transaction's commit returns before its log is on disk (PostgreSQL only;
    nothing outside a transaction)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def count_view_without_waiting_for_disk(product):
    """Count a view of ``product`` and let the transaction commit without waiting for the disk,
    in one statement (``set_config(…, true)`` is ``SET LOCAL``): one round trip fewer on every
    product page. False, and nothing done, when the product has no counter row yet or outside
    PostgreSQL's transactions."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ProductRecord._meta.db_table} SET num_views = num_views + 1"
            " FROM (SELECT set_config('synchronous_commit', 'off', true)) AS setting WHERE product_id = %s",
            [product.pk],
        )
        return cursor.rowcount == 1


def receive_product_view(sender, product, user, **kwargs):
    if kwargs.get("raw", False):
        return
    if not count_view_without_waiting_for_disk(product):
        commit_without_waiting_for_disk()
        add_to_counters(ProductRecord, {"product": product}, {"num_views": 1})
    if user and user.is_authenticated:
        add_to_counters(UserRecord, {"user": user}, {"num_product_views": 1})
        UserProductView.objects.create(product=product, user=user)


def receive_basket_addition(sender, product, user, **kwargs):
    if kwargs.get("raw", False):
        return
    add_to_counters(ProductRecord, {"product": product}, {"num_basket_additions": 1})
    if user and user.is_authenticated:
        add_to_counters(UserRecord, {"user": user}, {"num_basket_additions": 1})


def receive_order_placed(sender, order, user, **kwargs):
    if kwargs.get("raw", False):
        return
    for line in order.lines.all():
        add_to_counters(ProductRecord, {"product_id": line.product_id}, {"num_purchases": line.quantity})
    if user and user.is_authenticated:
        add_to_counters(
            UserRecord,
            {"user": user},
            {
                "num_orders": 1,
                "num_order_lines": order.num_lines,
                "num_order_items": order.num_items,
                "total_spent": order.total_incl_tax,
            },
            values={"date_last_order": order.date_placed},
        )


REPLACED = (
    (product_viewed, oscar_receivers.receive_product_view, receive_product_view),
    (basket_addition, oscar_receivers.receive_basket_addition, receive_basket_addition),
    (order_placed, oscar_receivers.receive_order_placed, receive_order_placed),
)


def replace_oscar_counters():
    """Disconnect Oscar's counting receivers and connect the ones above (its search receiver,
    a plain insert, stays)."""
    for signal, oscar_receiver, receiver in REPLACED:
        signal.disconnect(oscar_receiver)
        signal.connect(receiver, dispatch_uid=f"storefront.analytics.{receiver.__name__}")
