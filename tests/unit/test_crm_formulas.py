"""The owner's numbers against fixtures computed by hand."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F

from core.order_statuses import CANCELLED
from crm import metrics, segments
from crm.models import Customer, Feedback
from crm.services import find_or_create_customer
from tests.factories import make_order_row

JKT = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=JKT)


# --- pure formulas -----------------------------------------------------------------------------
def test_nps_is_percent_promoters_minus_percent_detractors():
    # 10 answers: 5 promoters (9–10), 2 passives, 3 detractors (0–6) → 50 % − 30 % = 20
    assert metrics.nps(promoters=5, detractors=3, answers=10) == Decimal("20.0")
    assert metrics.nps(promoters=0, detractors=3, answers=3) == Decimal("-100.0")
    assert metrics.nps(0, 0, 0) is None
    # 2 promoters, 1 detractor of 3: (2 − 1) / 3 = 33.3, not 66.7 − 33.3 = 33.4
    assert metrics.nps(promoters=2, detractors=1, answers=3) == Decimal("33.3")


def test_csat_is_share_of_four_and_five():
    assert metrics.csat(satisfied=2, rated=3) == Decimal("66.7")
    assert metrics.csat(0, 0) is None


@pytest.mark.parametrize(
    ("scores", "segment"),
    [
        ((5, 5, 5), segments.CHAMPIONS),
        ((4, 4, 3), segments.CHAMPIONS),  # FM = ceil(3.5) = 4
        ((5, 1, 1), segments.NEW),
        ((5, 2, 3), segments.POTENTIAL),
        ((3, 3, 3), segments.LOYAL),
        ((3, 1, 2), segments.NEED_ATTENTION),
        ((2, 4, 3), segments.AT_RISK),
        ((1, 5, 5), segments.CANT_LOSE),
        ((2, 1, 2), segments.HIBERNATING),
        ((1, 1, 1), segments.LOST),
    ],
)
def test_segment_grid(scores, segment):
    assert segments.segment_for(*scores) == segment


def test_every_segment_has_an_indonesian_name():
    names = {str(label) for label, _ in segments.SEGMENTS.values()}
    assert names == {
        "Juara",
        "Setia",
        "Berpotensi",
        "Baru",
        "Perlu perhatian",
        "Berisiko",
        "Jangan sampai hilang",
        "Tertidur",
        "Hilang",
    }


# --- RFM in SQL --------------------------------------------------------------------------------
def _buyer(phone, orders):
    """orders = [(days_ago, total, status?)]"""
    for spec in orders:
        days_ago, total, *status = spec
        make_order_row(
            phone=phone, total=total, days_ago=days_ago, now=NOW, **({"status": status[0]} if status else {})
        )
    return Customer.objects.get(phone=find_or_create_customer(phone=phone).phone)


@pytest.mark.django_db
def test_fixed_cut_points_below_100_customers():
    # Champion: 6 orders, last 10 days ago, Rp 1.2 jt → R5 F5 M5
    champion = _buyer("081200000001", [(10 + 20 * i, "200000") for i in range(6)])
    # New: one order 5 days ago of Rp 50rb → R5 F1 M1
    new = _buyer("081200000002", [(5, "50000")])
    # At risk: 4 orders, last 120 days ago, Rp 600rb → R2 F4 M4 → AT_RISK (FM 4)
    at_risk = _buyer("081200000003", [(120, "150000"), (150, "150000"), (170, "150000"), (200, "150000")])
    # Lost in period: one order 300 days ago → R1 F1 M1 (the cancelled one does not count)
    lost = _buyer("081200000004", [(300, "80000"), (3, "500000", CANCELLED)])
    # Bought only 400 days ago → outside the 12 months → Hilang without scores
    old = _buyer("081200000005", [(400, "80000")])
    never = find_or_create_customer(phone="081200000006")

    counts = segments.refresh_segments(NOW)

    def scores(c):
        c.refresh_from_db()
        return (c.rfm_recency, c.rfm_frequency, c.rfm_monetary, c.segment)

    assert scores(champion) == (5, 5, 5, segments.CHAMPIONS)
    assert scores(new) == (5, 1, 1, segments.NEW)
    assert scores(at_risk) == (2, 4, 4, segments.AT_RISK)
    assert scores(lost) == (1, 1, 1, segments.LOST)
    assert scores(old) == (None, None, None, segments.LOST)
    assert scores(never) == (None, None, None, "")
    assert counts[segments.LOST] == 2 and counts[segments.CHAMPIONS] == 1 and counts[segments.LOYAL] == 0


@pytest.mark.django_db
def test_quintiles_from_100_customers(settings):
    # 100 customers: customer i (0..99) ordered i+1 times ... keep it cheap: one order each,
    # customer i ordered (100 - i) days ago for Rp (i+1)*1000. Recency and money rise with i.
    for i in range(100):
        make_order_row(phone=f"0812{i:08d}", total=str((i + 1) * 1000), days_ago=100 - i, now=NOW)
    phones = dict(Customer.objects.values_list("pk", "phone"))
    rows = {phones[row["customer"]]: row for row in segments.rfm_scores(NOW)}
    assert len(rows) == 100
    # NTILE(5) over 100 rows: 20 per score, ordered ascending → the newest/biggest 20 score 5.
    newest, oldest = rows["+6281200000099"], rows["+6281200000000"]
    assert (newest["recency"], newest["monetary"]) == (5, 5)
    assert (oldest["recency"], oldest["monetary"]) == (1, 1)
    by_score = [sum(1 for r in rows.values() if r["recency"] == s) for s in range(1, 6)]
    assert by_score == [20, 20, 20, 20, 20]


# --- rhythm ------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_late_regulars_are_over_twice_their_usual_gap():
    # Every 10 days, last 25 days ago: usual gap 10, current 25 > 20 → late
    late = _buyer("081200000011", [(25, "1"), (35, "1"), (45, "1")])
    # Every 10 days, last 15 days ago: 15 ≤ 20 → on time
    _buyer("081200000012", [(15, "1"), (25, "1"), (35, "1")])
    # Only two orders: no rhythm yet
    _buyer("081200000013", [(100, "1"), (110, "1")])
    # Every 30 days, last 61 days ago: 61 > 60 → late; cancelled orders do not count
    late2 = _buyer("081200000014", [(61, "1"), (91, "1"), (121, "1"), (1, "1", CANCELLED)])
    assert list(Customer.objects.late_regulars(NOW)) == [late2, late]


# --- analytics ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_repeat_rate_new_returning_and_aov():
    start, end = NOW - timedelta(days=30), NOW
    _buyer("081200000021", [(5, "100000"), (10, "200000")])  # repeat, new in period
    _buyer("081200000022", [(5, "300000"), (60, "100000")])  # returning (first order before period)
    _buyer("081200000023", [(2, "50000", CANCELLED)])  # cancelled only: not a buyer
    _buyer("081200000024", [(40, "10000")])  # ordered before the period only
    counts = metrics.customer_counts(start, end)
    assert (counts.buyers, counts.repeat_buyers, counts.new, counts.returning) == (2, 1, 1, 1)
    assert counts.repeat_rate == Decimal("50.0")
    # AOV in period: (100 000 + 200 000 + 300 000) / 3
    assert metrics.average_order_value(metrics.orders_by_month(start, end)) == Decimal("200000")


@pytest.mark.django_db
def test_cohort_table():
    now = datetime(2026, 3, 20, 12, 0, tzinfo=JKT)
    jan = (now - datetime(2026, 1, 10, 12, 0, tzinfo=JKT)).days
    feb = (now - datetime(2026, 2, 10, 12, 0, tzinfo=JKT)).days
    mar = (now - datetime(2026, 3, 10, 12, 0, tzinfo=JKT)).days
    # January cohort: 4 customers; 2 come back in February, 1 in March.
    for i, months in enumerate([(jan, feb), (jan, feb, mar), (jan,), (jan,)]):
        for days_ago in months:
            make_order_row(phone=f"08120000010{i}", days_ago=days_ago, now=now)
    # February cohort: 2 customers, 1 comes back in March.
    make_order_row(phone="081200000201", days_ago=feb, now=now)
    make_order_row(phone="081200000201", days_ago=mar, now=now)
    make_order_row(phone="081200000202", days_ago=feb, now=now)
    table = metrics.cohort_table(datetime(2026, 1, 1, tzinfo=JKT), now)
    assert [(row["month"].month, row["size"], row["retention"]) for row in table] == [
        (1, 4, [Decimal("100.0"), Decimal("50.0"), Decimal("25.0")]),
        (2, 2, [Decimal("100.0"), Decimal("50.0")]),
    ]


@pytest.mark.django_db
def test_nps_and_csat_by_month():
    for nps, rating in [(10, 5), (9, 4), (7, 3), (3, 1), (None, 5)]:
        Feedback.objects.create(source="survey", nps=nps, rating=rating)
    # Two answered: after 1 h and after 5 h → average 3 h; unanswered ones do not count.
    for pk, hours in zip(
        Feedback.objects.order_by("pk").values_list("pk", flat=True)[:2], (1, 5), strict=True
    ):
        Feedback.objects.filter(pk=pk).update(first_response_at=F("created_at") + timedelta(hours=hours))
    rows = metrics.feedback_by_month(NOW - timedelta(days=400), NOW + timedelta(days=400))
    assert len(rows) == 1
    row = rows[0]
    # NPS: 4 answers, 2 promoters, 1 detractor → 50 − 25 = 25; CSAT: 3 of 5 ratings ≥ 4 → 60 %
    assert (row["answers"], row["nps"], row["rated"], row["csat"]) == (4, Decimal("25.0"), 5, Decimal("60.0"))
    assert row["first_response"] == timedelta(hours=3)
