"""The owner's numbers (docs/design.md § 4–6): formulas as small pure functions, data gathered in SQL.

- NPS = % promoters (9–10) − % detractors (0–6), of all NPS answers.
- CSAT = % of ratings that are 4 or 5.
- Repeat purchase rate = customers with ≥ 2 orders ÷ customers with ≥ 1 order, in the period.
- Average order value = order total ÷ number of orders, in the period.
- First-response time = average time from feedback received to the shop's first reply.
- Cohort retention: customers grouped by the month of their first order; for each later
  month, the share of the cohort that ordered in it.
Cancelled orders never count.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from oscar.core.loading import get_model

from core.order_statuses import CANCELLED

from .models import Customer, CustomerOrder, Feedback

PROMOTER_MIN = 9
DETRACTOR_MAX = 6
SATISFIED_MIN_RATING = 4


def percent(part, whole):
    """``part`` as a percentage of ``whole``, to one decimal; None when there is no ``whole``."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def nps(promoters, detractors, answers):
    """Net Promoter Score from counts: % promoters − % detractors (−100…100), None without answers."""
    # One rounding of the difference: rounding both shares first can be 0.1 off (66.7 − 33.3).
    return percent(promoters - detractors, answers)


def hours(duration):
    """A timedelta as hours with one decimal (None stays None)."""
    if duration is None:
        return None
    return Decimal(duration.total_seconds() / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def csat(satisfied, rated):
    """Customer satisfaction: % of ratings that are 4 or 5; None without ratings."""
    return percent(satisfied, rated)


def _counted_orders(start, end):
    Order = get_model("order", "Order")
    return Order.objects.exclude(status=CANCELLED).filter(date_placed__gte=start, date_placed__lt=end)


def average_order_value(months):
    """Average order value over all of ``months`` (rows of ``orders_by_month``), as Rupiah
    (None without orders): the period's revenue ÷ its orders, without another pass over them."""
    orders = sum(row["orders"] for row in months)
    if not orders:
        return None
    revenue = sum(row["revenue"] for row in months)
    return (Decimal(revenue) / orders).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@dataclass
class CustomerCounts:
    buyers: int  # customers with at least one order in the period
    repeat_buyers: int  # … with two or more
    new: int  # whose first order ever is in the period
    returning: int  # who ordered in the period and had ordered before it

    @property
    def repeat_rate(self):
        return percent(self.repeat_buyers, self.buyers)


def customer_counts(start, end):
    """Buyers, repeat buyers, new and returning customers for orders in [start, end).

    Buyers and repeat buyers: one grouped query over the period's order links. "New" uses the
    customers' stored first order (``Customer.first_order``, kept by ``refresh_order_stats``):
    a first order in the period is an order in the period, so it is an indexed count.
    """
    in_period = Q(order__date_placed__gte=start, order__date_placed__lt=end) & ~Q(order__status=CANCELLED)
    per_customer = CustomerOrder.objects.filter(in_period).values("customer").annotate(orders=Count("pk"))
    totals = per_customer.aggregate(
        buyers=Count("customer"), repeat_buyers=Count("customer", filter=Q(orders__gte=2))
    )
    new = Customer.objects.filter(first_order__gte=start, first_order__lt=end).count()
    return CustomerCounts(
        buyers=totals["buyers"],
        repeat_buyers=totals["repeat_buyers"],
        new=new,
        returning=totals["buyers"] - new,
    )


def cohort_table(start, end):
    """Monthly cohorts of customers whose first order falls in [start, end).

    Returns a list of rows ``{"month": date, "size": n, "retention": [%, %, …]}`` where
    retention[k] is the share of the cohort that ordered k months after their first month
    (retention[0] is always 100). One grouped query over the period's orders.
    """
    rows = (
        CustomerOrder.objects.exclude(order__status=CANCELLED)
        .filter(
            order__date_placed__gte=start, customer__first_order__gte=start, customer__first_order__lt=end
        )
        .annotate(cohort=TruncMonth("customer__first_order"), month=TruncMonth("order__date_placed"))
        .values("cohort", "month")
        .annotate(customers=Count("customer", distinct=True))
        .order_by("cohort", "month")
    )
    cohorts = {}
    for row in rows:
        cohort, month = _as_date(row["cohort"]), _as_date(row["month"])
        cohorts.setdefault(cohort, {})[_months_between(cohort, month)] = row["customers"]
    table = []
    for cohort in sorted(cohorts):
        by_offset = cohorts[cohort]
        size = by_offset.get(0, 0)
        width = max(by_offset) + 1
        table.append(
            {
                "month": cohort,
                "size": size,
                "retention": [percent(by_offset.get(k, 0), size) for k in range(width)],
            }
        )
    return table


def _as_date(value):
    """A truncated month as a local date (aware or naive local datetime, or a date)."""
    if not isinstance(value, datetime):
        return value
    return (timezone.localtime(value) if timezone.is_aware(value) else value).date()


def _months_between(first, later):
    return (later.year - first.year) * 12 + later.month - first.month


def feedback_by_month(start, end):
    """Per month of [start, end): NPS answers, NPS, ratings, CSAT and the average time to the
    shop's first reply (of the answered feedback), from one SQL query."""
    rows = (
        Feedback.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            answers=Count("nps"),
            promoters=Count("pk", filter=Q(nps__gte=PROMOTER_MIN)),
            detractors=Count("pk", filter=Q(nps__lte=DETRACTOR_MAX)),
            rated=Count("rating"),
            satisfied=Count("pk", filter=Q(rating__gte=SATISFIED_MIN_RATING)),
            first_response=Avg(
                ExpressionWrapper(F("first_response_at") - F("created_at"), output_field=DurationField())
            ),
        )
        .order_by("month")
    )
    return [
        {
            "month": _as_date(row["month"]),
            "answers": row["answers"],
            "nps": nps(row["promoters"], row["detractors"], row["answers"]),
            "rated": row["rated"],
            "csat": csat(row["satisfied"], row["rated"]),
            "first_response": row["first_response"],
            "first_response_hours": hours(row["first_response"]),
        }
        for row in rows
    ]


def orders_by_month(start, end):
    """Per month of [start, end): number of orders, revenue and average order value."""
    rows = (
        _counted_orders(start, end)
        .annotate(month=TruncMonth("date_placed"))
        .values("month")
        .annotate(orders=Count("pk"), revenue=Sum("total_incl_tax"))
        .order_by("month")
    )
    return [
        {
            "month": _as_date(row["month"]),
            "orders": row["orders"],
            "revenue": row["revenue"],
            "aov": (row["revenue"] / row["orders"]).quantize(Decimal("1")) if row["orders"] else None,
        }
        for row in rows
    ]


def month_start(day):
    """The first day of ``day``'s month."""
    return date(day.year, day.month, 1)
