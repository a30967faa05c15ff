"""Query work on customers, kept in one queryset so views and tasks read as sentences."""

from contextlib import suppress
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import (
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Value,
)
from django.utils import timezone

from core.order_statuses import CANCELLED
from core.phones import normalise_phone

from . import rules

# A customer whose first order is this recent is "new" on the owner's "Hari ini" list.
NEW_CUSTOMER_DAYS = 7
# Buying rhythm: needs this many orders, and "late" means the current gap is over LATE_FACTOR× usual.
RHYTHM_MIN_ORDERS = 3
LATE_FACTOR = 2


class CustomerQuerySet(models.QuerySet):
    def refresh_order_stats(self):
        """Recompute ``order_count``, ``total_spent``, ``first_order`` and ``last_order`` of these
        customers from their Oscar orders (cancelled orders do not count).

        One UPDATE from one grouped pass over the orders of these customers, so that the
        nightly run over every customer reads the orders once instead of running four
        subqueries per customer; only customers whose numbers changed are written (no dead
        rows for the unchanged ones). Returns the number of customers updated."""
        from oscar.core.loading import get_model

        from .models import CustomerOrder

        quote = connections[self.db].ops.quote_name
        customers = quote(self.model._meta.db_table)
        links = quote(CustomerOrder._meta.db_table)
        orders = quote(get_model("order", "Order")._meta.db_table)
        chosen, params = self.order_by().values("pk").query.sql_with_params()
        sql = f"""
            UPDATE {customers} SET
                order_count = fresh.order_count, total_spent = fresh.total_spent,
                first_order = fresh.first_order, last_order = fresh.last_order
            FROM (
                SELECT customer.id AS id,
                    COALESCE(stats.order_count, 0) AS order_count,
                    COALESCE(stats.total_spent, 0) AS total_spent,
                    stats.first_order AS first_order, stats.last_order AS last_order
                FROM {customers} AS customer LEFT JOIN (
                    SELECT link.customer_id AS customer_id, COUNT(*) AS order_count,
                        SUM(placed.total_incl_tax) AS total_spent,
                        MIN(placed.date_placed) AS first_order, MAX(placed.date_placed) AS last_order
                    FROM {links} AS link JOIN {orders} AS placed ON placed.id = link.order_id
                    WHERE placed.status <> %s AND link.customer_id IN ({chosen})
                    GROUP BY link.customer_id
                ) AS stats ON stats.customer_id = customer.id
                WHERE customer.id IN ({chosen})
            ) AS fresh
            WHERE {customers}.id = fresh.id AND (
                {customers}.order_count <> fresh.order_count
                OR {customers}.total_spent <> fresh.total_spent
                OR ({customers}.first_order IS NULL) <> (fresh.first_order IS NULL)
                OR {customers}.first_order <> fresh.first_order
                OR ({customers}.last_order IS NULL) <> (fresh.last_order IS NULL)
                OR {customers}.last_order <> fresh.last_order
            )
        """
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [CANCELLED, *params, *params])
            return cursor.rowcount

    def active(self):
        """Customers whose personal data has not been erased."""
        return self.filter(erased_at__isnull=True)

    def search(self, text):
        """Match a name, e-mail or phone (any common Indonesian phone form) against ``text``."""
        text = (text or "").strip()
        if not text:
            return self
        condition = Q(name__icontains=text) | Q(email__icontains=text) | Q(phone__icontains=text)
        with suppress(ValidationError):  # not a phone number: search the text only
            condition |= Q(phone=normalise_phone(text))
        return self.filter(condition)

    def late_regulars(self, now=None):
        """Customers with ≥ 3 orders whose gap since the last order is over twice their usual gap.

        The usual gap is (last − first) / (orders − 1); the test is rearranged to
        ``(now − last) × (orders − 1) > 2 × (last − first)`` so that SQL never divides.
        Oldest-late first.
        """
        now = now or timezone.now()
        return (
            self.filter(order_count__gte=RHYTHM_MIN_ORDERS)
            .annotate(
                since_last=ExpressionWrapper(Value(now) - F("last_order"), output_field=DurationField()),
                span=ExpressionWrapper(F("last_order") - F("first_order"), output_field=DurationField()),
            )
            .annotate(
                late_margin=ExpressionWrapper(
                    F("since_last") * (F("order_count") - 1) - F("span") * LATE_FACTOR,
                    output_field=DurationField(),
                )
            )
            .filter(late_margin__gt=timedelta(0))
            .order_by("last_order")
        )

    def new_to_thank(self, now=None):
        """Customers whose first order was placed in the last week, newest first."""
        since = (now or timezone.now()) - timedelta(days=NEW_CUSTOMER_DAYS)
        return self.filter(first_order__gte=since).order_by("-first_order")

    def birthdays_on(self, day):
        """Customers who celebrate their birthday on ``day`` (``crm.rules.birthdays_celebrated_on``:
        29 February birthdays on 28 February in other years)."""
        same_date = Q()
        for month, day_of_month in rules.birthdays_celebrated_on(day):
            same_date |= Q(birthday__month=month, birthday__day=day_of_month)
        return self.active().filter(same_date)

    def reachable_by_email(self):
        """Customers who agreed to e-mail promotions and have an address."""
        return self.active().filter(email_consent=True).exclude(email="")
