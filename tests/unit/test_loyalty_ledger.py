"""The ledger: FIFO spending, expiry, partial reversal, unique keys, balance rebuild and drift."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from crm.models import Customer
from loyalty import services
from loyalty.models import Account, BonusKind, BonusRule, Entry, EntryKind, SourceType
from loyalty.rules import LoyaltyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return services.get_account(
        Customer.objects.create(name="Dewi", email="dewi@example.com", phone="+6281234567890")
    )


def _batch(account, points, expires_in_days, key):
    with_lock = Account.objects.select_for_update().get(pk=account.pk)
    return services.post(
        with_lock,
        EntryKind.BONUS,
        SourceType.SIGNUP,
        key,
        available=points,
        expires_at=timezone.now() + datetime.timedelta(days=expires_in_days),
    )


def test_spending_takes_the_batch_that_expires_first(account):
    late = _batch(account, 100, 300, "late")
    early = _batch(account, 50, 10, "early")
    services.adjust_points(account, -70, "tukar di toko", by=None)
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.remaining, late.remaining) == (0, 80)


def test_expiry_removes_what_is_left_of_expired_batches_once(account):
    old = _batch(account, 100, 10, "old")
    _batch(account, 40, 400, "new")
    services.adjust_points(account, -30, "koreksi", by=None)
    later = timezone.now() + datetime.timedelta(days=11)
    assert services.expire_points(later) == 70
    assert services.expire_points(later) == 0
    account.refresh_from_db()
    old.refresh_from_db()
    assert (account.available, old.remaining) == (40, 0)


def test_expiry_warning_is_sent_seven_days_before(account):
    _batch(account, 60, 7, "soon")
    _batch(account, 60, 20, "later")
    assert services.warn_expiring_points() == 1
    assert "60" in mail.outbox[0].subject and mail.outbox[0].to == ["dewi@example.com"]


def test_partial_reversal_takes_the_share_from_the_orders_own_batch_first(account):
    with_lock = Account.objects.select_for_update().get(pk=account.pk)
    earned = services.post(
        with_lock,
        EntryKind.EARN,
        SourceType.COUNTER,
        "sale-1",
        available=100,
        expires_at=timezone.now() + datetime.timedelta(days=365),
        amount=Decimal("1000000"),
    )
    services.reverse_earning(account, SourceType.COUNTER, "sale-1", Decimal("0.4"), earned=earned)
    account.refresh_from_db()
    earned.refresh_from_db()
    assert (account.available, earned.remaining) == (60, 60)
    assert (
        services.reverse_earning(account, SourceType.COUNTER, "sale-1", Decimal("0.4"), earned=earned) is None
    )


def test_reversal_never_makes_the_balance_negative(account):
    with_lock = Account.objects.select_for_update().get(pk=account.pk)
    earned = services.post(
        with_lock,
        EntryKind.EARN,
        SourceType.COUNTER,
        "sale-2",
        available=100,
        expires_at=timezone.now() + datetime.timedelta(days=365),
        amount=Decimal("1000000"),
    )
    services.adjust_points(account, -90, "tukar", by=None)
    services.reverse_earning(account, SourceType.COUNTER, "sale-2", 1, earned=earned)
    account.refresh_from_db()
    assert account.available == 0


def test_the_same_movement_is_written_once(account):
    assert _batch(account, 10, 30, "same") is not None
    assert _batch(account, 10, 30, "same") is None
    account.refresh_from_db()
    assert account.available == 10


def test_adjustment_needs_a_reason_and_cannot_overdraw(account):
    with pytest.raises(LoyaltyError):
        services.adjust_points(account, 10, " ", by=None)
    with pytest.raises(LoyaltyError):
        services.adjust_points(account, -1, "koreksi", by=None)


def test_rebuild_finds_and_repairs_drift(account):
    _batch(account, 25, 30, "a")
    Account.objects.filter(pk=account.pk).update(available=999)
    assert list(services.drifted_accounts()) == [account]
    with pytest.raises(SystemExit):  # non-zero exit so that a cron job or CI notices
        call_command("loyalty_rebuild_balances", "--check")
    account.refresh_from_db()
    assert account.available == 999  # --check only reports
    call_command("loyalty_rebuild_balances")
    account.refresh_from_db()
    assert account.available == 25
    assert not services.drifted_accounts().exists()


def test_bonus_rules_are_switched_on_and_sized_by_the_owner(account):
    services.ensure_default_bonus_rules()
    BonusRule.objects.filter(kind=BonusKind.SURVEY).update(points=15)
    assert services.award_bonus(account.customer, BonusKind.SURVEY, 7).available_delta == 15
    assert services.award_bonus(account.customer, BonusKind.SURVEY, 7) is None
    BonusRule.objects.filter(kind=BonusKind.REVIEW).update(is_active=False)
    assert services.award_bonus(account.customer, BonusKind.REVIEW, 8) is None


def test_birthday_bonus_once_a_year(account):
    account.customer.birthday = datetime.date(1995, 3, 14)
    account.customer.save()
    assert services.award_birthday_bonuses(datetime.date(2026, 3, 14)) == 1
    assert services.award_birthday_bonuses(datetime.date(2026, 3, 14)) == 0
    assert services.award_birthday_bonuses(datetime.date(2027, 3, 14)) == 1


def test_survey_answer_earns_the_bonus_whatever_the_score(account, django_capture_on_commit_callbacks):
    from crm.models import Feedback, FeedbackSource
    from crm.signals import survey_answered

    feedback = Feedback.objects.create(customer=account.customer, source=FeedbackSource.SURVEY, rating=1)
    with django_capture_on_commit_callbacks(execute=True):
        survey_answered.send(sender=None, feedback=feedback)
    assert Entry.objects.filter(source_type=BonusKind.SURVEY, source_id=str(feedback.pk)).count() == 1


def test_tier_goes_up_with_spend_and_down_when_it_leaves_the_window(account):
    token = "sale-big"
    services.record_counter_sale(phone=account.customer.phone, amount=Decimal("1200000"), token=token)
    account.refresh_from_db()
    assert account.tier.name == "Silver"
    assert "Silver" in mail.outbox[-1].subject
    services.update_tier(account, now=timezone.now() + datetime.timedelta(days=370))
    account.refresh_from_db()
    assert account.tier.name == "Bronze"


def test_points_summary_for_the_crm(account):
    _batch(account, 30, 30, "x")
    summary = services.points_summary(account.customer)
    assert (summary.available, summary.pending, summary.value) == (30, 0, Decimal("3000"))
    assert services.points_summary(Customer.objects.create(name="Baru")).available == 0


def test_imported_opening_points_are_booked_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        customer = Customer.objects.create(name="Pak Harjo", phone="+6281311112222", opening_points=75)
    with django_capture_on_commit_callbacks(execute=True):
        customer.name = "Pak Harjo S."
        customer.save()
    assert services.points_summary(customer).available == 75
    assert Entry.objects.filter(source_type=SourceType.OPENING).count() == 1


def test_merging_customers_moves_points_history_and_rewards(django_capture_on_commit_callbacks):
    from crm.services import merge_customers

    with django_capture_on_commit_callbacks(execute=True):
        duplicate = Customer.objects.create(name="Dewi (toko)", phone="+6281355556666", opening_points=40)
        kept = Customer.objects.create(name="Dewi", email="dewi@example.com")
    services.adjust_points(services.get_account(kept), 10, "koreksi", by=None)
    with django_capture_on_commit_callbacks(execute=True):
        merge_customers(source=duplicate, target=kept)
    summary = services.points_summary(kept)
    assert summary.available == 50
    assert Account.objects.count() == 1
    assert Entry.objects.filter(account__customer=kept).count() == 2
    assert not services.drifted_accounts().exists()


def test_the_buyer_pages_figures_are_the_spend_and_the_history_it_shows(account):
    """``ledger_figures`` (one query) counts what ``spend_last_12_months`` and
    ``history_entries`` read: a settled order's pending entry is not a row of the history,
    an entry older than 12 months is not spend."""
    locked = Account.objects.select_for_update().get(pk=account.pk)
    order, counter = SourceType.ORDER, SourceType.COUNTER
    services.post(locked, EntryKind.PENDING, order, "100001", pending=10, amount=Decimal("100000"))
    services.post(locked, EntryKind.EARN, order, "100001", available=10, amount=Decimal("100000"))
    services.post(locked, EntryKind.REVERSE, order, "100001", available=-2, amount=Decimal("-20000"))
    services.post(locked, EntryKind.PENDING, order, "100002", pending=5, amount=Decimal("50000"))
    services.post(locked, EntryKind.EARN, counter, "kasir-1", available=3, amount=Decimal("30000"))
    old = services.post(locked, EntryKind.EARN, counter, "kasir-0", available=1, amount=Decimal("9000"))
    Entry.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))

    figures = services.ledger_figures(account, timezone.now())

    assert figures.spend == services.spend_last_12_months(account) == Decimal("110000")
    assert figures.history_size == services.history_entries(account).count() == 5


def test_an_entrys_kind_reads_in_the_buyers_language(account):
    from django.utils import translation

    entry = _batch(account, 10, 30, "signup")
    with translation.override("id"):
        assert str(entry.get_kind_display()) == "Bonus"
    entry.kind = EntryKind.EARN
    with translation.override("id"):
        assert str(entry.get_kind_display()) == "Didapat"
    with translation.override("en"):
        assert str(entry) == "Earned +10"


def test_an_entry_of_a_kind_no_longer_known_reads_as_its_code(account):
    entry = _batch(account, 10, 30, "signup")
    entry.kind = "hadiah-lama"

    assert entry.get_kind_display() == "hadiah-lama"
