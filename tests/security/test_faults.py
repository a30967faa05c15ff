"""Faults: Redis down while an order is placed, a worker dying mid-task, a dead mail server.

Each fault must cost the buyer nothing visible: the order is placed, the confirmation shows,
and the lost work is repaired later (loyalty's nightly reconciliation, the outbox's beat)."""

import logging
import time

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from core import order_statuses
from core.tasking import enqueue, send_task
from loyalty import services as loyalty_services
from loyalty import tasks as loyalty_tasks
from loyalty.models import Account, Entry, EntryKind
from loyalty.services import ledger
from notifications.models import Notification, Status
from notifications.tasks import deliver_due_notifications, deliver_notification
from tests.concurrency import in_parallel
from tests.factories import (
    checkout_over_http,
    make_buyer,
    make_product,
    place_with_order_creator,
    shop_ready,
)
from tests.security.conftest import celery_broker

Order = get_model("order", "Order")


@pytest.mark.django_db(transaction=True)
def test_order_is_placed_and_confirmed_while_the_broker_is_down(client, broker_down, caplog):
    shop_ready()
    user = make_buyer()
    client.force_login(user)
    with caplog.at_level(logging.ERROR, logger="core.tasking"):
        response = checkout_over_http(client, make_product(price="120000"))

    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get(user=user)
    thank_you = client.get(response["Location"])
    assert thank_you.status_code == 200
    assert order.number in thank_you.content.decode()
    # The queued work was lost, and said so in the log, instead of breaking the request.
    lost = {record.getMessage().split("(")[0] for record in caplog.records}
    assert any("loyalty.tasks.add_pending_points" in line for line in lost), lost
    assert any("notifications.tasks.deliver_notification" in line for line in lost), lost
    assert not Entry.objects.filter(source_id=str(order.pk)).exists()
    # The "order received" e-mail committed with the order, into the outbox.
    assert not mail.outbox
    row = Notification.objects.get(key=f"order-{order.pk}-placed")
    assert row.status == Status.PENDING

    # Redis is back: the nightly reconciliation (eager here) gives the buyer their points.
    report = loyalty_tasks.nightly_reconcile.apply().get()
    assert report["pending"] == [order.number]
    entry = Entry.objects.get(source_id=str(order.pk), kind=EntryKind.PENDING)
    assert entry.pending_delta > 0
    assert loyalty_services.drifted_accounts().count() == 0
    # Two minutes later the outbox's beat (eager here) sends the e-mail, once.
    Notification.objects.update(next_attempt_at=timezone.now())
    # The buyer's e-mail is sent; the owner's "new order" alert finds no owner account here.
    assert deliver_due_notifications.apply().get() == {Status.SENT: 1, Status.SKIPPED: 1}
    assert deliver_due_notifications.apply().get() == {}
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert order.number in mail.outbox[0].subject


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_after_the_outage_a_real_worker_on_redis_runs_the_reconciliation(settings, broker_down, monkeypatch):
    from celery.contrib.testing.worker import start_worker

    order = order_with_award_still_queued(monkeypatch)
    with transaction.atomic():
        enqueue(loyalty_tasks.add_pending_points, order.pk)  # broker down: logged, not raised
    assert not Entry.objects.filter(source_id=str(order.pk)).exists()

    with (
        celery_broker(settings.REDIS_URL) as app,
        start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=20),
    ):
        loyalty_tasks.nightly_reconcile.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not Entry.objects.filter(source_id=str(order.pk)).exists():
            time.sleep(0.2)
    assert Entry.objects.filter(source_id=str(order.pk), kind=EntryKind.PENDING).count() == 1


def order_with_award_still_queued(monkeypatch):
    """A placed guest order whose ``add_pending_points`` message has not been delivered yet."""
    with monkeypatch.context() as patch:
        patch.setattr("loyalty.receivers.enqueue", lambda task, *args: None)
        order = place_with_order_creator(stock=3, quantity=2)
    assert not Entry.objects.filter(source_id=str(order.pk)).exists()
    return order


def test_award_tasks_are_redelivered_when_a_worker_dies():
    """``acks_late`` + ``reject_on_worker_lost``: the message is acknowledged only after the
    task finished, so a killed worker's task goes back to the queue."""
    from django.conf import settings

    from storefront.celery import app

    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert app.conf.task_reject_on_worker_lost is True
    for task in (
        loyalty_tasks.add_pending_points,
        loyalty_tasks.release_points,
        loyalty_tasks.cancel_points,
        loyalty_tasks.award_signup_bonus,
        loyalty_tasks.award_review_bonus,
        loyalty_tasks.award_survey_bonus,
        loyalty_tasks.nightly_reconcile,
    ):
        assert task.acks_late, task.name


class WorkerKilled(Exception):
    """Stands for SIGKILL: the process dies between writing the entry and committing."""


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_award_crashing_mid_transaction_then_redelivered_twice_leaves_one_entry(monkeypatch):
    """The first delivery dies inside its transaction (nothing commits); the broker then
    redelivers the message, even twice at once: the unique ledger key keeps one entry."""
    order = order_with_award_still_queued(monkeypatch)
    original_post = ledger.post

    def post_then_die(*args, **kwargs):
        original_post(*args, **kwargs)
        raise WorkerKilled

    monkeypatch.setattr(ledger, "post", post_then_die)
    with pytest.raises(WorkerKilled):
        loyalty_tasks.add_pending_points.run(order.pk)
    assert not Entry.objects.filter(source_id=str(order.pk)).exists()  # rolled back
    monkeypatch.setattr(ledger, "post", original_post)

    results = in_parallel(lambda i: loyalty_tasks.add_pending_points.run(order.pk), 4)
    assert not [r for r in results if isinstance(r, Exception)], results
    loyalty_tasks.add_pending_points.run(order.pk)

    assert Entry.objects.filter(source_id=str(order.pk), kind=EntryKind.PENDING).count() == 1
    entry = Entry.objects.get(source_id=str(order.pk))
    assert Account.objects.get(pk=entry.account_id).pending == entry.pending_delta > 0
    assert loyalty_services.drifted_accounts().count() == 0


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_mail_queued_while_the_broker_was_down_is_sent_once_by_a_real_worker(
    client, settings, broker_down, caplog
):
    """The real path: a checkout over HTTP while Redis is unreachable writes the e-mail to the
    outbox; when Redis is back a real worker runs the beat task and sends it; the per-row task
    redelivered in parallel (PostgreSQL row locks) sends nothing more."""
    from celery.contrib.testing.worker import start_worker

    shop_ready()
    user = make_buyer()
    client.force_login(user)
    with caplog.at_level(logging.ERROR, logger="core.tasking"):
        checkout_over_http(client, make_product(price="120000"))
    order = Order.objects.get(user=user)
    row = Notification.objects.get(key=f"order-{order.pk}-placed")
    assert row.status == Status.PENDING and not mail.outbox

    Notification.objects.update(next_attempt_at=timezone.now())
    with (
        celery_broker(settings.REDIS_URL) as app,
        start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=20),
    ):
        deliver_due_notifications.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not Notification.objects.filter(status=Status.SENT).exists():
            time.sleep(0.2)
    assert Notification.objects.get(pk=row.pk).status == Status.SENT

    results = in_parallel(lambda i: deliver_notification.run(row.pk), 4)
    assert results == [None] * 4, results
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parallel_deliveries_of_one_pending_row_send_one_mail():
    """The commit-time task and the beat pick the same row at once: the row lock lets one send."""
    from notifications import outbox

    order = place_with_order_creator()
    row = outbox.queue(
        "order-buyer-email", f"order-{order.pk}-placed", {"order_id": order.pk, "key": "placed"}
    )
    mail.outbox.clear()  # eager on_commit already delivered it in this transactional test
    Notification.objects.filter(pk=row.pk).update(status=Status.PENDING, sent_at=None)

    results = in_parallel(lambda i: deliver_notification.run(row.pk) if i % 2 else outbox.deliver_due(), 6)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_smtp_failure_keeps_the_mail_in_the_outbox_and_a_later_run_sends_once(monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    from notifications import outbox

    real_send = EmailMultiAlternatives.send

    def smtp_down(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server down")

    order = place_with_order_creator()
    row = outbox.queue(
        "order-buyer-email", f"order-{order.pk}-placed", {"order_id": order.pk, "key": "placed"}
    )
    monkeypatch.setattr(EmailMultiAlternatives, "send", smtp_down)
    assert deliver_notification.apply(args=(row.pk,), throw=True).get() == Status.PENDING
    row.refresh_from_db()
    assert row.attempts == 1 and "SMTP server down" in row.last_error
    order.refresh_from_db()
    assert order.status == order_statuses.PENDING_PAYMENT  # the order itself is untouched

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    Notification.objects.update(next_attempt_at=timezone.now())
    deliver_due_notifications.apply(throw=True)
    deliver_due_notifications.apply(throw=True)  # run again: no second mail
    deliver_notification.apply(args=(row.pk,), throw=True)  # a late redelivery: none either
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_send_task_does_not_hide_bugs_in_the_task_itself():
    from celery import shared_task

    @shared_task
    def broken():
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        send_task(broken)
