"""The bench's loyalty steps: the database time of one award (in process) and awards by a
real Celery worker on Redis, each task sent twice."""

import datetime
import time

from bench import memory
from bench.common import SERVER_BIN, started


def fresh_orders(count, status):
    """``count`` new orders of existing customers (bulk, no signals) for the loyalty runs."""
    from oscar.core.loading import get_model

    from crm.models import Customer, CustomerOrder

    Order = get_model("order", "Order")
    pool = list(Customer.objects.filter(loyalty_account__isnull=False).order_by("?")[:count])
    # A small shop has fewer customers than orders asked for: the regulars order again.
    customers = [pool[index % len(pool)] for index in range(count)]
    stamp = int(time.time() * 1000)
    orders = Order.objects.bulk_create(
        [
            Order(
                number=f"B{stamp}{index:05d}",
                site_id=1,
                currency="IDR",
                guest_email=customer.email,
                total_incl_tax=115000,
                total_excl_tax=115000,
                shipping_incl_tax=15000,
                shipping_excl_tax=15000,
                status=status,
                date_placed=datetime.datetime.now(datetime.UTC),
            )
            for index, customer in enumerate(customers)
        ]
    )
    CustomerOrder.objects.bulk_create(
        [
            CustomerOrder(order=order, customer=customer)
            for order, customer in zip(orders, customers, strict=True)
        ]
    )
    return orders


def award_db_time(count):
    """Database time of awarding one completed order (pending + earn + tier), in ms."""
    from django.db import connection

    from core import order_statuses
    from loyalty import services
    spent = []

    def clock(execute, sql, params, many, context):
        started_at = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[-1] += time.perf_counter() - started_at

    orders = fresh_orders(count, order_statuses.COMPLETED)
    with connection.execute_wrapper(clock):
        for order in orders:
            spent.append(0.0)
            services.release_order_points(order)
    spent_ms = sorted(x * 1000 for x in spent)
    return {
        "orders": len(spent_ms),
        "median_ms": round(spent_ms[len(spent_ms) // 2], 2),
        "p95_ms": round(spent_ms[int(len(spent_ms) * 0.95) - 1], 2),
        "max_ms": round(spent_ms[-1], 2),
    }


def celery_awards(count, env):
    """``count`` completed orders awarded by a real Celery worker on Redis, each task sent twice
    (a redelivery); then the ledger must hold exactly one earn entry per order."""
    from django.db.models import Count

    from core import order_statuses
    from loyalty import tasks
    from loyalty.models import Entry, EntryKind, SourceType
    orders = fresh_orders(count, order_statuses.COMPLETED)
    ids = [str(order.pk) for order in orders]
    command = [
        str(SERVER_BIN / "celery"),
        "-A",
        "storefront",
        "worker",
        "-c",
        "2",
        "--loglevel",
        "WARNING",
        "-Q",
        "celery",
        "--without-gossip",
        "--without-mingle",
        "-n",
        "bench@%h",
    ]
    with started(command, "celery.log", env=env) as worker:
        started_at = time.monotonic()
        for order in orders:
            tasks.release_points.delay(order.pk)
            tasks.release_points.delay(order.pk)
        earned = Entry.objects.filter(kind=EntryKind.EARN, source_type=SourceType.ORDER, source_id__in=ids)
        deadline = time.monotonic() + max(300, count)  # a second per order is far too slow already
        while earned.count() < len(ids) and time.monotonic() < deadline:
            time.sleep(0.5)
        seconds = time.monotonic() - started_at
        time.sleep(2)  # let the duplicates land too
        per_order = dict(earned.values("source_id").annotate(n=Count("id")).values_list("source_id", "n"))
        rss = memory.processes(memory.tree(worker.pid))
    return {
        "orders": len(ids),
        "tasks_sent": 2 * len(ids),
        "seconds": round(seconds, 2),
        "orders_per_second": round(len(ids) / seconds, 1),
        "missing_awards": sum(1 for pk in ids if pk not in per_order),
        "double_awards": sum(1 for n in per_order.values() if n > 1),
        "celery_memory_mb": rss,
    }
