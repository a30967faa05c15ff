"""RFM segments (docs/design.md § 4–6): who are the shop's champions, who is slipping away.

R = how recently, F = how often, M = how much (net of cancellations) a customer bought in
the last 12 months, each scored 1–5. With 100 customers or more the scores are quintiles
(``NTILE(5)`` window functions, R reversed so that recent buyers score 5); below that
quintiles mean little, so fixed cut-points are used. Both are computed by the database.
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, Count, Exists, F, IntegerField, Max, OuterRef, Q, Sum, Value, When, Window
from django.db.models.functions import Ntile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.order_statuses import CANCELLED

from .models import Customer, CustomerOrder

PERIOD_DAYS = 365
QUINTILE_MIN_CUSTOMERS = 100

# Fixed cut-points for small shops: (lower bound, score), highest score first.
RECENCY_DAYS_CUTS = ((30, 5), (60, 4), (90, 3), (180, 2))  # at most N days ago → score; else 1
FREQUENCY_CUTS = ((6, 5), (4, 4), (3, 3), (2, 2))  # at least N orders → score; else 1
MONETARY_CUTS = ((Decimal(1_000_000), 5), (Decimal(500_000), 4), (Decimal(250_000), 3), (Decimal(100_000), 2))

CHAMPIONS = "champions"
LOYAL = "loyal"
POTENTIAL = "potential"
NEW = "new"
NEED_ATTENTION = "attention"
AT_RISK = "at_risk"
CANT_LOSE = "cant_lose"
HIBERNATING = "hibernating"
LOST = "lost"

SEGMENTS = {
    CHAMPIONS: (_("Champions"), _("Recent, frequent and big buyers: thank them, ask for reviews.")),
    LOYAL: (_("Loyal"), _("Buy regularly: offer them the next tier or a bundle.")),
    POTENTIAL: (_("Potential"), _("Recent buyers with a second or third order: invite them back.")),
    NEW: (_("New"), _("First order recently: welcome them and ask how it went.")),
    NEED_ATTENTION: (_("Needs attention"), _("Not so recent, not so frequent: a friendly reminder.")),
    AT_RISK: (_("At risk"), _("Used to buy often, but not lately: reach out personally.")),
    CANT_LOSE: (_("Can't lose them"), _("Your best buyers of the past have gone quiet: call them.")),
    HIBERNATING: (_("Hibernating"), _("Few orders, long ago: a special offer may wake them.")),
    LOST: (_("Lost"), _("No order for a long time: a last try, or let go.")),
}

# Segment by recency score (rows, 5 → 1) and frequency-monetary score (columns, 1 → 5).
GRID = {
    5: (NEW, POTENTIAL, POTENTIAL, CHAMPIONS, CHAMPIONS),
    4: (NEW, POTENTIAL, LOYAL, CHAMPIONS, CHAMPIONS),
    3: (NEED_ATTENTION, NEED_ATTENTION, LOYAL, LOYAL, LOYAL),
    2: (HIBERNATING, HIBERNATING, AT_RISK, AT_RISK, CANT_LOSE),
    1: (LOST, LOST, AT_RISK, AT_RISK, CANT_LOSE),
}


def segment_for(recency, frequency, monetary):
    """The segment key for RFM scores (each 1–5). F and M are averaged, rounding up."""
    frequency_monetary = (frequency + monetary + 1) // 2
    return GRID[recency][frequency_monetary - 1]


def segment_label(key):
    """The Indonesian name of a segment key ("" → "")."""
    return SEGMENTS[key][0] if key in SEGMENTS else ""


def _fixed_score(field, cuts, lookup):
    whens = [When(**{f"{field}__{lookup}": bound, "then": Value(score)}) for bound, score in cuts]
    return Case(*whens, default=Value(1), output_field=IntegerField())


def rfm_scores(now=None):
    """One row per customer who ordered in the last 12 months: ``customer`` (id), ``latest``
    (last order in the period), ``orders``, ``spent`` and the ``recency``, ``frequency`` and
    ``monetary`` scores (1–5), all in SQL.

    The rows are grouped from the period's order links alone (narrow rows for the three
    window sorts); whether there are enough buyers for quintiles is counted from the stored
    ``Customer.last_order`` (kept by ``refresh_order_stats``) instead of a second grouping.
    """
    now = now or timezone.now()
    since = now - timedelta(days=PERIOD_DAYS)
    base = (
        CustomerOrder.objects.filter(order__date_placed__gte=since)
        .exclude(order__status=CANCELLED)
        # NOT IN the few erased customers: cheaper than joining every customer to check.
        .exclude(customer__in=Customer.objects.exclude(erased_at=None).values("pk"))
        .values("customer")
        .annotate(latest=Max("order__date_placed"), orders=Count("pk"), spent=Sum("order__total_incl_tax"))
        .order_by()
    )
    if Customer.objects.active().filter(last_order__gte=since).count() >= QUINTILE_MIN_CUSTOMERS:
        return base.annotate(
            recency=Window(Ntile(5), order_by=F("latest").asc()),
            frequency=Window(Ntile(5), order_by=F("orders").asc()),
            monetary=Window(Ntile(5), order_by=F("spent").asc()),
        )
    recency_whens = [
        When(latest__gte=now - timedelta(days=days), then=Value(score)) for days, score in RECENCY_DAYS_CUTS
    ]
    return base.annotate(
        recency=Case(*recency_whens, default=Value(1), output_field=IntegerField()),
        frequency=_fixed_score("orders", FREQUENCY_CUTS, "gte"),
        monetary=_fixed_score("spent", MONETARY_CUTS, "gte"),
    )


def refresh_segments(now=None):
    """Recompute every customer's RFM scores and segment and store them.

    Customers who bought before but not in the last 12 months are "Hilang"; customers who
    never bought have no segment (order stats must be current: see refresh_order_stats).
    Only customers whose scores or segment change are written: rewriting every row each night
    would leave the table full of dead rows that every later scan reads until it is vacuumed.
    Returns {segment: count}. Safe to run at any time.
    """
    now = now or timezone.now()
    # Group customers by their three scores (at most 125 groups) so that storing the result
    # is a handful of UPDATEs rather than one per customer.
    groups = defaultdict(list)
    for pk, recency, frequency, monetary in rfm_scores(now).values_list(
        "customer", "recency", "frequency", "monetary"
    ):
        groups[(recency, frequency, monetary)].append(pk)
    bought_in_period = CustomerOrder.objects.filter(
        customer=OuterRef("pk"), order__date_placed__gte=now - timedelta(days=PERIOD_DAYS)
    ).exclude(order__status=CANCELLED)
    unscored = Customer.objects.filter(~Exists(bought_in_period) | Q(erased_at__isnull=False))
    no_scores = {"rfm_recency": None, "rfm_frequency": None, "rfm_monetary": None}
    with transaction.atomic():
        for customers, segment in (
            (unscored.filter(order_count__gt=0), LOST),
            (unscored.filter(order_count=0), ""),
        ):
            customers.exclude(segment=segment, rfm_recency=None).update(segment=segment, **no_scores)
        for (recency, frequency, monetary), ids in groups.items():
            scores = {"rfm_recency": recency, "rfm_frequency": frequency, "rfm_monetary": monetary}
            scores["segment"] = segment_for(recency, frequency, monetary)
            for start in range(0, len(ids), 10_000):
                Customer.objects.filter(pk__in=ids[start : start + 10_000]).exclude(**scores).update(**scores)
    return segment_counts()


def segment_counts():
    """{segment key: number of customers}, for every segment (zeros included)."""
    counts = dict.fromkeys(SEGMENTS, 0)
    for row in Customer.objects.active().exclude(segment="").values("segment").annotate(n=Count("pk")):
        counts[row["segment"]] = row["n"]
    return counts
