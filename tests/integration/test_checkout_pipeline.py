"""The order pipeline through the real services, signals and Celery tasks (eager)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from core import order_statuses
from notifications import outbox
from notifications.models import Notification, Status
from notifications.tasks import deliver_due_notifications, deliver_notification
from storefront.order import services
from storefront.order.notifications import enqueue_buyer_email
from storefront.order.tasks import cancel_overdue_orders
from storefront.payment.models import OrderPayment, PaymentReceipt
from tests.factories import place_with_order_creator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ready_shop")]
Order = get_model("order", "Order")


def stock_of(order):
    line = order.lines.get()
    record = line.stockrecord
    record.refresh_from_db()
    return record.num_in_stock, record.num_allocated


def test_transfer_order_goes_through_the_whole_pipeline_with_notes_and_emails(
    django_capture_on_commit_callbacks,
):
    order = place_with_order_creator(stock=5, quantity=2)
    assert stock_of(order) == (5, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_payment(order.pk)
        services.mark_processing(order.pk)
        services.ship(order.pk, "jnt", "JT0001")
        services.complete(order.pk)
    order.refresh_from_db()
    assert order.status == order_statuses.COMPLETED
    assert [c.new_status for c in order.status_changes.order_by("id")] == [
        order_statuses.PAID,
        order_statuses.PROCESSING,
        order_statuses.SHIPPED,
        order_statuses.COMPLETED,
    ]
    assert order.notes.count() == 4
    assert order.payment_events.get().event_type.name == "Paid"
    assert order.payment_info.confirmed_at is not None
    assert order.payment_info.open_amount is None
    assert stock_of(order) == (3, 0)  # shipped: allocation consumed
    assert order.shipment.carrier == "J&T"
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 4
    assert any("Dikirim" in s for s in subjects)
    shipped_mail = next(m for m in mail.outbox if "Dikirim" in m.subject)
    assert "JT0001" in shipped_mail.body


def test_confirming_twice_or_a_cancelled_order_is_refused():
    order = place_with_order_creator()
    services.confirm_payment(order.pk)
    with pytest.raises(services.OrderActionRefused, match="sudah|already"):
        services.confirm_payment(order.pk)
    other = place_with_order_creator()
    services.cancel(other.pk, "pembeli batal")
    with pytest.raises(services.OrderActionRefused):
        services.confirm_payment(other.pk)
    assert Order.objects.get(pk=other.pk).status == order_statuses.CANCELLED


def test_transfer_order_cannot_be_processed_before_payment_but_cod_can():
    transfer = place_with_order_creator()
    with pytest.raises(services.OrderActionRefused):
        services.mark_processing(transfer.pk)
    cod = place_with_order_creator(payment_method="cod")
    with pytest.raises(services.OrderActionRefused):
        services.confirm_payment(cod.pk)
    assert cod.status == order_statuses.PROCESSING  # placed ready to prepare: nothing to wait for
    services.ship(cod.pk, "other", "", courier_name="Kurir toko")
    services.complete(cod.pk)
    cod.refresh_from_db()
    assert cod.status == order_statuses.COMPLETED
    assert cod.payment_info.confirmed_at is not None  # cash came in on delivery
    assert cod.shipment.carrier == "Kurir toko"


def test_shipping_needs_a_courier_and_cannot_skip_steps():
    order = place_with_order_creator(payment_method="cod")
    with pytest.raises(services.OrderActionRefused):
        services.ship(order.pk, "dhl-express", "X1")
    with pytest.raises(services.OrderActionRefused):
        services.ship(order.pk, "other", "X1")
    with pytest.raises(services.OrderActionRefused):
        services.complete(order.pk)
    services.ship(order.pk, "sicepat", "SC1")
    with pytest.raises(services.OrderActionRefused):
        services.cancel(order.pk, "terlambat")  # already with the courier


def test_cancel_releases_stock_and_needs_a_reason():
    order = place_with_order_creator(stock=5, quantity=3)
    with pytest.raises(services.OrderActionRefused):
        services.cancel(order.pk, "  ")
    services.cancel(order.pk, "stok rusak")
    order.refresh_from_db()
    assert order.status == order_statuses.CANCELLED
    assert stock_of(order) == (5, 0)
    assert "stok rusak" in services.latest_note(order).message


def test_rejected_receipt_is_told_to_the_buyer_who_may_upload_again(django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    order = place_with_order_creator()
    payment = order.payment_info
    OrderPayment.objects.filter(pk=payment.pk).update(deadline=timezone.now() - timedelta(hours=1))
    PaymentReceipt.objects.create(payment=payment, file=ContentFile(b"%PDF-1.4", name="a.pdf"), is_pdf=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_receipt(order.pk, "Nominal tidak sesuai")
    receipt = payment.receipts.get()
    assert receipt.status == PaymentReceipt.Status.REJECTED
    assert len(mail.outbox) == 1 and "Nominal tidak sesuai" in mail.outbox[0].body
    with pytest.raises(services.OrderActionRefused):
        services.reject_receipt(order.pk, "lagi")  # nothing waiting any more
    order.refresh_from_db()
    assert order.status == order_statuses.PENDING_PAYMENT
    assert "confirm" in services.owner_actions(order)
    assert order.payment_info.deadline > timezone.now() + timedelta(hours=23)  # time to upload again
    assert cancel_overdue_orders.delay().get() == []


def test_auto_cancel_task_cancels_overdue_orders_releases_stock_and_tells_the_buyer(
    django_capture_on_commit_callbacks,
):
    overdue = place_with_order_creator(stock=4, quantity=2, guest_email="telat@example.com")
    fresh = place_with_order_creator(stock=4, quantity=1, guest_email="baru@example.com")
    with_receipt = place_with_order_creator(stock=4, quantity=1)
    cod = place_with_order_creator(payment_method="cod", stock=4, quantity=1)
    past = timezone.now() - timedelta(minutes=1)
    OrderPayment.objects.filter(order__in=[overdue, with_receipt]).update(deadline=past)
    PaymentReceipt.objects.create(payment=with_receipt.payment_info, file="receipts/x.jpg")

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = cancel_overdue_orders.delay().get()
    assert cancelled == [overdue.pk]
    statuses_now = dict(Order.objects.values_list("pk", "status"))
    assert statuses_now[overdue.pk] == order_statuses.CANCELLED
    assert statuses_now[fresh.pk] == order_statuses.PENDING_PAYMENT
    assert statuses_now[with_receipt.pk] == order_statuses.PENDING_PAYMENT  # owner must look first
    assert statuses_now[cod.pk] == order_statuses.PROCESSING  # never cancelled for being unpaid
    assert stock_of(overdue) == (4, 0)
    assert [m.to for m in mail.outbox] == [["telat@example.com"]]
    assert "Dibatalkan" in mail.outbox[0].subject

    assert cancel_overdue_orders.delay().get() == []  # second run: nothing left to do


def test_buyer_email_is_queued_once_per_order_and_key_and_sent_once():
    order = place_with_order_creator()
    enqueue_buyer_email(order.pk, "placed")
    enqueue_buyer_email(order.pk, "placed")  # the same event again: still one row
    row = Notification.objects.get()
    assert (row.channel, row.key, row.status) == ("email", f"order-{order.pk}-placed", Status.PENDING)

    assert deliver_notification.delay(row.pk).get() == Status.SENT
    assert deliver_notification.delay(row.pk).get() is None  # redelivered: nothing more
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [order.email]
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<outbox-{row.pk}@{mail.DNS_NAME}>"


def test_failed_send_stays_in_the_outbox_and_the_beat_sends_it_later(monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    order = place_with_order_creator()
    row = outbox.queue(
        "order-buyer-email", f"order-{order.pk}-placed", {"order_id": order.pk, "key": "placed"}
    )
    original = EmailMultiAlternatives.send
    monkeypatch.setattr(EmailMultiAlternatives, "send", lambda self, fail_silently=False: 1 / 0)
    assert deliver_notification.delay(row.pk).get() == Status.PENDING
    row.refresh_from_db()
    assert row.attempts == 1 and "ZeroDivisionError" in row.last_error
    assert row.next_attempt_at > timezone.now() + timedelta(minutes=3)  # pauses grow
    assert deliver_due_notifications.delay().get() == {}  # not due yet

    monkeypatch.setattr(EmailMultiAlternatives, "send", original)
    Notification.objects.update(next_attempt_at=timezone.now())  # the pause is over
    assert deliver_due_notifications.delay().get() == {Status.SENT: 1}
    assert deliver_due_notifications.delay().get() == {}
    assert len(mail.outbox) == 1


def test_a_row_that_keeps_failing_is_given_up_and_logged(monkeypatch, caplog):
    from django.core.mail import EmailMultiAlternatives

    order = place_with_order_creator()
    row = outbox.queue(
        "order-buyer-email", f"order-{order.pk}-placed", {"order_id": order.pk, "key": "placed"}
    )
    monkeypatch.setattr(EmailMultiAlternatives, "send", lambda self, fail_silently=False: 1 / 0)
    for _attempt in range(outbox.MAX_ATTEMPTS):
        Notification.objects.update(next_attempt_at=timezone.now())
        deliver_due_notifications.delay().get()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, outbox.MAX_ATTEMPTS)
    assert "giving up" in caplog.text


def test_an_order_without_an_email_address_is_skipped():
    order = place_with_order_creator()
    Order.objects.filter(pk=order.pk).update(guest_email="", user=None)
    row = outbox.queue(
        "order-buyer-email", f"order-{order.pk}-placed", {"order_id": order.pk, "key": "placed"}
    )
    assert deliver_notification.delay(row.pk).get() == Status.SKIPPED
    assert not mail.outbox


def test_orders_awaiting_confirmation_lists_orders_with_a_waiting_receipt():
    from storefront.payment.services import orders_awaiting_confirmation

    waiting = place_with_order_creator()
    place_with_order_creator()  # no receipt yet
    PaymentReceipt.objects.create(payment=waiting.payment_info, file="receipts/y.jpg")
    assert list(orders_awaiting_confirmation()) == [waiting]
    services.confirm_payment(waiting.pk)
    assert not orders_awaiting_confirmation().exists()


def test_unique_codes_differ_between_open_transfers_of_the_same_total():
    orders = [place_with_order_creator(quantity=1) for _ in range(5)]
    amounts = {o.payment_info.amount_due for o in orders}
    assert len(amounts) == 5
    assert all(o.payment_info.open_amount == o.payment_info.amount_due for o in orders)
