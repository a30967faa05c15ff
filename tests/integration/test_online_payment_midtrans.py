"""Online payment through Midtrans, against its documented messages (tests/fixtures/midtrans/)
mocked at the HTTP boundary with ``responses``: the real views, order pipeline, loyalty
receivers and Celery tasks (eager) run; only Midtrans' servers are replaced."""

import json
from datetime import timedelta

import pytest
import requests
import responses
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from core import order_statuses
from storefront.order import services as order_services
from storefront.payment import online
from storefront.payment.models import GatewayNotification, GatewayPayment, GatewayRefund, PaymentMethod
from storefront.payment.services import available_methods
from storefront.payment.tasks import check_pending_online_payments
from tests.factories import (
    checkout_over_http,
    make_product,
    place_with_order_creator,
    tap_place_order,
)
from tests.midtrans import (
    API_BASE_URL,
    SNAP_BASE_URL,
    fixture,
    message,
    status_url,
    switch_on,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ready_shop")]
Order = get_model("order", "Order")
NOTIFICATION_URL = "/shop/payment/midtrans/notification/"


@pytest.fixture
def midtrans(settings):
    return switch_on(settings)


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def online_order(**kwargs):
    """A placed online order whose buyer has opened the Snap page."""
    order = unpaid_online_order(**kwargs)
    GatewayPayment.objects.create(
        payment=order.payment_info, provider="midtrans", redirect_url="https://x.test/"
    )
    return order


def unpaid_online_order(**kwargs):
    order = place_with_order_creator(payment_method=PaymentMethod.ONLINE, **kwargs)
    order.refresh_from_db()  # the number as stored (a string)
    return order


def amount(order):
    return f"{order.payment_info.amount_due}.00"


def notify(client, body, capture):
    with capture(execute=True):
        return client.post(NOTIFICATION_URL, data=json.dumps(body), content_type="application/json")


def status_is(mocked, order, status="settlement", gross=None, **changes):
    """Midtrans' status API answers ``status`` for ``order`` from now on."""
    body = message("status_qris_settlement", order.number, gross or amount(order), status, **changes)
    mocked.upsert(responses.GET, status_url(order.number), json=body)
    return body


def status_calls(mocked, order):
    return [call for call in mocked.calls if call.request.url == status_url(order.number)]


# --- switching on --------------------------------------------------------------------------


def test_without_keys_buyers_see_only_the_manual_methods(settings):
    settings.MIDTRANS_SERVER_KEY = settings.MIDTRANS_CLIENT_KEY = ""
    assert PaymentMethod.ONLINE not in available_methods("Jawa Barat")


def test_with_keys_the_buyer_can_pay_online(midtrans):
    assert PaymentMethod.ONLINE in available_methods("Jawa Barat")


def test_notification_url_is_404_while_midtrans_is_not_configured(client, settings):
    settings.MIDTRANS_SERVER_KEY = ""
    response = client.post(NOTIFICATION_URL, data="{}", content_type="application/json")
    assert response.status_code == 404


def test_notification_url_accepts_post_only(client, midtrans):
    assert client.get(NOTIFICATION_URL).status_code == 405


# --- checkout → Snap -----------------------------------------------------------------------


def test_placing_an_online_order_sends_the_buyer_to_the_snap_page(client, midtrans, mocked):
    created = fixture("snap_create_response")
    mocked.add(responses.POST, f"{SNAP_BASE_URL}/transactions", json=created, status=201)
    product = make_product(price="50000")
    checkout_over_http(client, product, method=PaymentMethod.ONLINE, place=False)

    response = tap_place_order(client)
    order = Order.objects.get()
    pay_url = reverse(
        "checkout:pay-online", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )
    assert response.status_code == 302 and response["Location"] == pay_url
    response = client.get(pay_url)
    assert response.status_code == 302 and response["Location"] == created["redirect_url"]

    sent = json.loads(mocked.calls[0].request.body)
    assert sent["transaction_details"] == {
        "order_id": order.number,
        "gross_amount": int(order.payment_info.amount_due),
    }
    assert "other_qris" in sent["enabled_payments"] and "bca_va" in sent["enabled_payments"]
    assert sent["callbacks"]["finish"].endswith(
        f"/shop/accounts/order-status/{order.number}/{order.verification_hash()}/"
    )
    assert sent["expiry"]["unit"] == "minute" and sent["expiry"]["start_time"].endswith("+0700")
    assert mocked.calls[0].request.headers["Authorization"].startswith("Basic ")
    # A second visit reuses the same page: Midtrans refuses a second transaction for the order.
    assert client.get(pay_url)["Location"] == created["redirect_url"]
    assert len(mocked.calls) == 1
    assert order.payment_info.gateway.state == GatewayPayment.State.STARTED


def test_when_snap_is_down_the_order_stays_and_the_buyer_can_try_again(client, midtrans, mocked):
    mocked.add(responses.POST, f"{SNAP_BASE_URL}/transactions", body=requests.ConnectTimeout("slow"))
    order = unpaid_online_order()
    session = client.session
    session["anon_order_email"] = order.guest_email
    session.save()
    pay_url = reverse(
        "checkout:pay-online", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )

    response = client.get(pay_url, follow=True)
    assert "tidak dapat dihubungi" in response.content.decode()
    assert response.redirect_chain[-1][0].startswith(f"/shop/accounts/order-status/{order.number}/")
    assert not GatewayPayment.objects.exists()

    created = fixture("snap_create_response")
    mocked.replace(responses.POST, f"{SNAP_BASE_URL}/transactions", json=created, status=201)
    assert client.get(pay_url)["Location"] == created["redirect_url"]


# --- notifications -------------------------------------------------------------------------


def test_signed_settlement_marks_the_order_paid_through_the_pipeline(
    client, midtrans, mocked, django_capture_on_commit_callbacks
):
    order = online_order()
    status_is(mocked, order, "settlement")
    body = message("notification_qris_settlement", order.number, amount(order), "settlement")

    response = notify(client, body, django_capture_on_commit_callbacks)

    assert response.status_code == 200 and response.json() == {"result": "paid"}
    order.refresh_from_db()
    assert order.status == order_statuses.PAID
    assert len(status_calls(mocked, order)) == 1  # read again before trusting the notification
    payment = order.payment_info
    assert payment.confirmed_at is not None
    online_payment = payment.gateway
    assert (online_payment.state, online_payment.provider_status, online_payment.payment_type) == (
        "paid",
        "settlement",
        "qris",
    )
    assert online_payment.transaction_id == body["transaction_id"]
    assert order.payment_events.get().amount == payment.amount_due
    assert body["transaction_id"] in " ".join(order.notes.values_list("message", flat=True))
    # The buyer is told as for a manual confirmation.
    assert any(
        str(order_statuses.status_label(order_statuses.PAID)) in m.subject or order.number in m.subject
        for m in mail.outbox
    )


def test_forged_signature_is_refused_and_changes_nothing(
    client, midtrans, mocked, django_capture_on_commit_callbacks
):
    order = online_order()
    forged = message(
        "notification_qris_settlement", order.number, amount(order), "settlement", key="not-the-key"
    )

    response = notify(client, forged, django_capture_on_commit_callbacks)

    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == order_statuses.PENDING_PAYMENT
    assert not mocked.calls and not GatewayNotification.objects.exists()


def test_a_signed_body_with_a_changed_amount_is_refused(
    client, midtrans, mocked, django_capture_on_commit_callbacks
):
    order = online_order()
    body = message("notification_qris_settlement", order.number, amount(order), "settlement")
    body["gross_amount"] = "1000.00"  # tampered after signing
    assert notify(client, body, django_capture_on_commit_callbacks).status_code == 403


def test_replayed_notification_is_handled_once(client, midtrans, mocked, django_capture_on_commit_callbacks):
    order = online_order()
    status_is(mocked, order, "settlement")
    body = message("notification_qris_settlement", order.number, amount(order), "settlement")

    first = notify(client, body, django_capture_on_commit_callbacks)
    second = notify(client, body, django_capture_on_commit_callbacks)

    assert first.json() == {"result": "paid"} and second.json() == {"result": "duplicate"}
    assert second.status_code == 200  # Midtrans stops resending on 2xx
    assert GatewayNotification.objects.count() == 1
    assert len(status_calls(mocked, order)) == 1
    assert order.status_changes.filter(new_status=order_statuses.PAID).count() == 1
    assert order.payment_events.count() == 1


def test_out_of_order_pending_after_settlement_keeps_the_order_paid(
    client, midtrans, mocked, django_capture_on_commit_callbacks
):
    order = online_order()
    status_is(mocked, order, "settlement")
    settled = message("notification_qris_settlement", order.number, amount(order), "settlement")
    late_pending = message(
        "notification_bank_transfer_pending",
        order.number,
        amount(order),
        "pending",
        transaction_id=settled["transaction_id"],
    )

    assert notify(client, settled, django_capture_on_commit_callbacks).json() == {"result": "paid"}
    assert notify(client, late_pending, django_capture_on_commit_callbacks).json() == {
        "result": "already paid"
    }

    order.refresh_from_db()
    assert order.status == order_statuses.PAID
    assert order.payment_info.gateway.provider_status == "settlement"


def test_settlement_notification_is_not_trusted_when_the_status_api_says_pending(
    client, midtrans, mocked, django_capture_on_commit_callbacks
):
    order = online_order()
    status_is(mocked, order, "pending")
    body = message("notification_qris_settlement", order.number, amount(order), "settlement")

    assert notify(client, body, django_capture_on_commit_callbacks).json() == {"result": "pending"}
    order.refresh_from_db()
    assert order.status == order_statuses.PENDING_PAYMENT


def test_expired_payment_cancels_the_order_and_releases_stock(
    client, midtrans, mocked, django_capture_on_commit_callbacks
):
    order = online_order(stock=5, quantity=2)
    status_is(mocked, order, "expire")
    body = message("notification_bank_transfer_pending", order.number, amount(order), "expire")

    assert notify(client, body, django_capture_on_commit_callbacks).json() == {"result": "cancelled"}
    order.refresh_from_db()
    assert order.status == order_statuses.CANCELLED
    assert order.lines.get().stockrecord.num_allocated == 0
    assert "kedaluwarsa" in order.notes.last().message or "expired" in order.notes.last().message
    # A settlement that Midtrans reports later for the same order is refunded, never lost.
    assert order.payment_info.gateway.state == GatewayPayment.State.FAILED


def test_wrong_amount_is_refused_and_reported_to_the_owner(
    client, midtrans, mocked, django_capture_on_commit_callbacks, owner_user
):
    order = online_order()
    status_is(mocked, order, "settlement", gross="1000.00")
    body = message("notification_qris_settlement", order.number, "1000.00", "settlement")

    response = notify(client, body, django_capture_on_commit_callbacks)

    assert response.json() == {"result": "wrong amount"}
    order.refresh_from_db()
    assert order.status == order_statuses.PENDING_PAYMENT
    problem = order.payment_info.gateway.problem
    assert "1.000" in problem and "100.000" in problem
    owner_mail = [m for m in mail.outbox if m.to == ["pemilik@example.com"]]
    assert len(owner_mail) == 1 and order.number in owner_mail[0].subject


def test_status_api_down_answers_503_and_the_retry_is_handled(
    client, midtrans, mocked, django_capture_on_commit_callbacks
):
    order = online_order()
    mocked.add(responses.GET, status_url(order.number), body=requests.ConnectionError("down"))
    body = message("notification_qris_settlement", order.number, amount(order), "settlement")

    assert notify(client, body, django_capture_on_commit_callbacks).status_code == 503
    assert not GatewayNotification.objects.exists()  # so Midtrans' retry is not taken as a duplicate

    mocked.upsert(
        responses.GET,
        status_url(order.number),
        json=message("status_qris_settlement", order.number, amount(order), "settlement"),
    )
    assert notify(client, body, django_capture_on_commit_callbacks).json() == {"result": "paid"}


# --- the beat task ---------------------------------------------------------------------------


def test_check_task_pays_an_order_whose_notification_never_came(
    midtrans, mocked, django_capture_on_commit_callbacks
):
    order = online_order()
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - timedelta(minutes=20))
    status_is(mocked, order, "settlement")

    with django_capture_on_commit_callbacks(execute=True):
        results = check_pending_online_payments.delay().get()

    assert results == {order.number: "paid"}
    order.refresh_from_db()
    assert order.status == order_statuses.PAID
    # Checked just now: the next run leaves it alone.
    assert online.check_pending_payments() == {}


def test_check_task_cancels_an_unopened_payment_after_the_deadline(midtrans, mocked):
    order = unpaid_online_order()
    payment = order.payment_info
    payment.deadline = timezone.now() - timedelta(hours=1)
    payment.save()
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - timedelta(hours=25))

    assert online.check_pending_payments() == {order.number: "cancelled"}
    order.refresh_from_db()
    assert order.status == order_statuses.CANCELLED


def test_check_task_waits_while_midtrans_has_no_transaction_before_the_deadline(midtrans, mocked):
    order = online_order()
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - timedelta(minutes=20))
    mocked.add(responses.GET, status_url(order.number), json=fixture("status_not_found"), status=404)

    assert online.check_pending_payments() == {order.number: "no transaction"}
    order.refresh_from_db()
    assert order.status == order_statuses.PENDING_PAYMENT


def test_overdue_transfer_cancellation_leaves_online_orders_to_the_gateway(midtrans):
    unpaid_online_order()
    assert order_services.cancel_overdue_orders(now=timezone.now() + timedelta(days=3)) == []


# --- refunds --------------------------------------------------------------------------------


def paid_online_order(mocked, payment_type="qris"):
    order = online_order()
    status_is(mocked, order, "settlement", payment_type=payment_type)
    online.apply_status(
        online.get_gateway("midtrans"),
        order.number,
        online.get_gateway("midtrans").fetch_status(order.number),
    )
    order.refresh_from_db()
    assert order.status == order_statuses.PAID
    return order


def test_cancelling_a_paid_qris_order_requests_the_refund_once(
    midtrans, mocked, django_capture_on_commit_callbacks
):
    order = paid_online_order(mocked)
    refund_url = f"{API_BASE_URL}/v2/{order.number}/refund"
    mocked.add(responses.POST, refund_url, json=message("refund_response", order.number, amount(order)))

    with django_capture_on_commit_callbacks(execute=True):
        order_services.cancel(order.pk, "stok habis")
    online.refund_cancelled_order(order.pk)  # a second run (retried task) asks nothing more

    refund = GatewayRefund.objects.get()
    assert refund.state == GatewayRefund.State.REQUESTED and refund.amount == order.payment_info.amount_due
    calls = [call for call in mocked.calls if call.request.url == refund_url]
    assert len(calls) == 1
    assert json.loads(calls[0].request.body) == {
        "refund_key": f"{order.number}-refund",
        "amount": int(order.payment_info.amount_due),
        "reason": refund.reason,
    }


def test_cancelling_a_paid_virtual_account_order_leaves_the_refund_to_the_owner(
    midtrans, mocked, django_capture_on_commit_callbacks, owner_user
):
    order = paid_online_order(mocked, payment_type="bank_transfer")

    with django_capture_on_commit_callbacks(execute=True):
        order_services.cancel(order.pk, "pembeli minta batal")

    assert GatewayRefund.objects.get().state == GatewayRefund.State.MANUAL
    assert not [call for call in mocked.calls if "refund" in call.request.url]
    assert any(m.to == ["pemilik@example.com"] for m in mail.outbox)


def test_settlement_after_cancellation_is_refunded(
    client, midtrans, mocked, django_capture_on_commit_callbacks
):
    order = online_order()
    order_services.cancel(order.pk, "tidak dibayar")
    status_is(mocked, order, "settlement")
    mocked.add(
        responses.POST,
        f"{API_BASE_URL}/v2/{order.number}/refund",
        json=message("refund_response", order.number, amount(order)),
    )
    body = message("notification_qris_settlement", order.number, amount(order), "settlement")

    assert notify(client, body, django_capture_on_commit_callbacks).json() == {
        "result": "paid after cancellation"
    }
    assert GatewayRefund.objects.get().state == GatewayRefund.State.REQUESTED


# --- the owner's order page ------------------------------------------------------------------


def test_owner_sees_the_transaction_and_can_check_it_now(
    client, midtrans, mocked, owner_user, django_capture_on_commit_callbacks
):
    order = online_order()
    status_is(mocked, order, "settlement")
    client.force_login(owner_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "dashboard:order-pipeline-action", kwargs={"number": order.number, "action": "check-online"}
            )
        )
    page = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).content.decode()

    assert fixture("status_qris_settlement")["transaction_id"] in page
    assert 'id="online-status">settlement<' in page
    assert 'id="action-confirm"' not in page  # the gateway confirms, not the owner
