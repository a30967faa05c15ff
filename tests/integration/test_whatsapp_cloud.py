"""WhatsApp Cloud API (docs/providers.md): template notices to buyers who agreed to WhatsApp,
the owner's alerts, and the signed delivery-status webhook. Meta's Graph API is mocked with
``respx`` using its documented request and response bodies; delivery runs the outbox's real
Celery task path on the real database."""

import hashlib
import hmac
import json

import httpx
import pytest
import respx
from django.core import mail
from django.urls import reverse

from crm.customers import customer_for_order
from crm.feedback import record_order_complaint
from crm.models import ConsentChannel
from crm.services import record_consent
from notifications.models import Channel, DeliveryStatus, Notification, Status
from storefront import owner_alerts
from storefront.order import services
from storefront.order.whatsapp_notices import enqueue_buyer_whatsapp
from tests.factories import place_with_order_creator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ready_shop")]

BASE_URL, PHONE_NUMBER_ID, APP_SECRET = "https://graph.standin.test", "106540352242922", "test-app-secret"
MESSAGES_URL = f"{BASE_URL}/v21.0/{PHONE_NUMBER_ID}/messages"
WEBHOOK = "/shop/whatsapp/webhook/"


@pytest.fixture
def whatsapp_on(settings):
    settings.WHATSAPP_TOKEN = "EAAtest"
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_NUMBER_ID
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = "verify-me"
    settings.WHATSAPP_API_BASE_URL = BASE_URL
    settings.WHATSAPP_API_VERSION = "v21.0"
    settings.WHATSAPP_OWNER_NUMBER = "+6281100000000"
    return settings


@pytest.fixture
def graph_api():
    """Meta's answer to "send message" (documented body), one wamid per message."""
    sent = []

    def answer(request):
        body = json.loads(request.content)
        sent.append(body)
        return httpx.Response(
            200,
            json={
                "messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                "messages": [{"id": f"wamid.TEST{len(sent)}"}],
            },
        )

    with respx.mock(assert_all_called=False) as mock:
        mock.post(MESSAGES_URL).mock(side_effect=answer)
        yield sent


def consenting_order(consent=True):
    order = place_with_order_creator()
    customer = customer_for_order(order)
    record_consent(customer, ConsentChannel.WHATSAPP, consent, "checkout")
    return order


def signed_post(client, payload, secret=APP_SECRET):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(WEBHOOK, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature)


def status_update(wamid, status, timestamp):
    """A status webhook as Meta documents it."""
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "15550783881",
                                "phone_number_id": PHONE_NUMBER_ID,
                            },
                            "statuses": [
                                {
                                    "id": wamid,
                                    "status": status,
                                    "timestamp": str(timestamp),
                                    "recipient_id": "6281234567890",
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }


def test_a_consenting_buyer_gets_each_notice_once_as_a_template_beside_the_email(
    whatsapp_on, graph_api, django_capture_on_commit_callbacks
):
    order = consenting_order()
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_buyer_whatsapp(order.pk, "placed")
        enqueue_buyer_whatsapp(order.pk, "placed")  # the same event twice: one message
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_payment(order.pk)
        services.mark_processing(order.pk)
        services.ship(order.pk, "jnt", "JT0001")
        services.complete(order.pk)

    assert [body["template"]["name"] for body in graph_api] == [
        "order_placed",
        "order_paid",
        "order_shipped",
        "order_completed",
    ]
    assert {body["to"] for body in graph_api} == {"6281234567890"}
    assert {body["template"]["language"]["code"] for body in graph_api} == {"id"}
    texts = [[p["text"] for p in body["template"]["components"][0]["parameters"]] for body in graph_api]
    assert texts[0][0] == str(order.number) and "Rp" in texts[0][1]
    assert all("\n" not in text for text in texts[0])  # Meta refuses line breaks in parameters
    assert texts[2][1:3] == ["J&T", "JT0001"]
    assert "/survey/" in texts[3][1]
    rows = Notification.objects.filter(channel=Channel.WHATSAPP).order_by("pk")
    assert [(row.status, row.provider_message_id) for row in rows] == [
        (Status.SENT, f"wamid.TEST{n}") for n in range(1, 5)
    ]
    assert len(mail.outbox) == 4  # the status e-mails still go


def test_english_buyer_gets_the_english_template(whatsapp_on, graph_api, django_capture_on_commit_callbacks):
    order = consenting_order()
    customer = customer_for_order(order)
    customer.language = "en"
    customer.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_buyer_whatsapp(order.pk, "placed")
    assert graph_api[0]["template"]["language"]["code"] == "en"


def test_without_consent_no_whatsapp_message_is_sent(
    whatsapp_on, graph_api, django_capture_on_commit_callbacks
):
    order = consenting_order(consent=False)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_buyer_whatsapp(order.pk, "placed")
    assert graph_api == []
    assert Notification.objects.get(channel=Channel.WHATSAPP).status == Status.SKIPPED


def test_without_keys_nothing_is_queued_for_whatsapp(settings, django_capture_on_commit_callbacks):
    settings.WHATSAPP_TOKEN = ""
    order = consenting_order()
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_buyer_whatsapp(order.pk, "placed")
        services.confirm_payment(order.pk)
    assert not Notification.objects.filter(channel=Channel.WHATSAPP).exists()
    assert len(mail.outbox) == 1  # the "paid" e-mail as before


def test_meta_down_keeps_the_notice_in_the_outbox(whatsapp_on, django_capture_on_commit_callbacks):
    order = consenting_order()
    with respx.mock() as mock:
        mock.post(MESSAGES_URL).mock(
            return_value=httpx.Response(
                500, json={"error": {"message": "Service temporarily unavailable", "code": 2}}
            )
        )
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_buyer_whatsapp(order.pk, "placed")
    row = Notification.objects.get(channel=Channel.WHATSAPP)
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert "temporarily unavailable" in row.last_error


def sent_notice(whatsapp_on, graph_api, capture):
    order = consenting_order()
    with capture(execute=True):
        enqueue_buyer_whatsapp(order.pk, "placed")
    return order, Notification.objects.get(channel=Channel.WHATSAPP)


def test_signed_status_webhooks_update_the_notice_once_and_never_backwards(
    client, whatsapp_on, graph_api, django_capture_on_commit_callbacks, owner_user
):
    order, row = sent_notice(whatsapp_on, graph_api, django_capture_on_commit_callbacks)
    assert signed_post(client, status_update(row.provider_message_id, "delivered", 1765100000)).json() == {
        "updated": 1
    }
    assert signed_post(client, status_update(row.provider_message_id, "delivered", 1765100000)).json() == {
        "updated": 0  # replayed: nothing changes
    }
    assert signed_post(client, status_update(row.provider_message_id, "read", 1765100300)).json() == {
        "updated": 1
    }
    # A late "sent" or "delivered" after "read" (out of order) leaves it read.
    signed_post(client, status_update(row.provider_message_id, "delivered", 1765100100))
    signed_post(client, status_update(row.provider_message_id, "sent", 1765099990))
    row.refresh_from_db()
    assert row.delivery_status == DeliveryStatus.READ
    assert row.delivery_status_at.timestamp() == 1765100300

    client.force_login(owner_user)
    page = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).content.decode()
    assert 'id="whatsapp-notices"' in page
    assert "Pesanan diterima" in page and "Dibaca" in page


def test_a_forged_webhook_is_refused(client, whatsapp_on, graph_api, django_capture_on_commit_callbacks):
    _order, row = sent_notice(whatsapp_on, graph_api, django_capture_on_commit_callbacks)
    payload = status_update(row.provider_message_id, "read", 1765100300)
    assert signed_post(client, payload, secret="not-the-app-secret").status_code == 403
    unsigned = client.post(WEBHOOK, json.dumps(payload), content_type="application/json")
    assert unsigned.status_code == 403
    row.refresh_from_db()
    assert row.delivery_status == DeliveryStatus.NONE


def test_the_webhook_handshake_needs_the_verify_token(client, whatsapp_on):
    query = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
    assert client.get(WEBHOOK, {**query, "hub.verify_token": "verify-me"}).content == b"1158201444"
    assert client.get(WEBHOOK, {**query, "hub.verify_token": "guess"}).status_code == 403


def test_the_webhook_is_not_there_without_keys(client, settings):
    settings.WHATSAPP_TOKEN = ""
    assert client.get(WEBHOOK).status_code == 404
    assert client.post(WEBHOOK, "{}", content_type="application/json").status_code == 404


def test_owner_gets_whatsapp_alerts_for_a_new_receipt_and_complaint(
    whatsapp_on, graph_api, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from storefront.payment.services import add_receipt

    order = place_with_order_creator()
    with django_capture_on_commit_callbacks(execute=True):
        add_receipt(order, SimpleUploadedFile("bukti.jpg", b"jpeg"), "JPEG")
        record_order_complaint(order, message="Barang rusak saat tiba")
    assert [body["template"]["name"] for body in graph_api] == ["owner_alert", "owner_alert"]
    assert {body["to"] for body in graph_api} == {"6281100000000"}
    receipt_text, link = (p["text"] for p in graph_api[0]["template"]["components"][0]["parameters"])
    assert str(order.number) in receipt_text and link.endswith(f"/dashboard/orders/{order.number}/")
    assert "Barang rusak" in graph_api[1]["template"]["components"][0]["parameters"][0]["text"]


def test_without_whatsapp_the_owner_is_emailed_about_a_new_order(
    client, settings, owner_user, django_capture_on_commit_callbacks
):
    from tests.factories import checkout_over_http, make_product

    settings.WHATSAPP_TOKEN = ""
    with django_capture_on_commit_callbacks(execute=True):
        checkout_over_http(client, make_product())
    to_owner = [message for message in mail.outbox if message.to == [owner_user.email]]
    assert len(to_owner) == 1
    assert "Pesanan baru" in to_owner[0].subject
    assert Notification.objects.get(kind=owner_alerts.OWNER_ALERT_EMAIL).status == Status.SENT


def test_whatsapp_is_on_the_provider_screen_and_its_token_tested(client, owner_user, whatsapp_on):
    client.force_login(owner_user)
    page = client.get("/dashboard/orders/settings/providers/").content.decode()
    assert 'id="provider-whatsapp"' in page
    assert f"{whatsapp_on.SITE_URL.rstrip('/')}{WEBHOOK}" in page
    with respx.mock() as mock:
        mock.get(f"{BASE_URL}/v21.0/{PHONE_NUMBER_ID}").mock(
            return_value=httpx.Response(
                200, json={"display_phone_number": "15550783881", "id": PHONE_NUMBER_ID}
            )
        )
        response = client.post(reverse("dashboard:provider-test", kwargs={"name": "whatsapp"}), follow=True)
    assert "WhatsApp Cloud API menerima kunci toko." in response.content.decode()


def staff_account(django_user_model, email):
    from staff import roles

    user = django_user_model.objects.create_user(email=email, password="rahasia-123")
    roles.give_role(user, roles.HELPER_GROUP)
    return user


def test_helpers_who_opt_in_get_the_alerts_on_their_own_phone(
    client, whatsapp_on, graph_api, django_user_model, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from storefront.payment.services import add_receipt

    rina = staff_account(django_user_model, "rina@toko.test")
    staff_account(django_user_model, "dodi@toko.test")  # did not ask for them
    client.force_login(rina)
    saved = client.post(
        reverse("dashboard:my-alerts"), {"wants_alerts": "on", "whatsapp_number": "0812 5555 1234"}
    )
    assert saved.status_code == 302
    order = place_with_order_creator()
    with django_capture_on_commit_callbacks(execute=True):
        add_receipt(order, SimpleUploadedFile("bukti.jpg", b"jpeg"), "JPEG")
    assert sorted(body["to"] for body in graph_api) == ["6281100000000", "6281255551234"]
    assert {body["template"]["name"] for body in graph_api} == {"owner_alert"}


def test_with_whatsapp_a_helper_who_opts_in_without_a_number_is_emailed(
    client, whatsapp_on, graph_api, django_user_model, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from storefront.payment.services import add_receipt

    rina = staff_account(django_user_model, "rina@toko.test")
    client.force_login(rina)
    assert client.post(reverse("dashboard:my-alerts"), {"wants_alerts": "on"}).status_code == 302
    order = place_with_order_creator()
    with django_capture_on_commit_callbacks(execute=True):
        add_receipt(order, SimpleUploadedFile("bukti.jpg", b"jpeg"), "JPEG")
    assert [body["to"] for body in graph_api] == ["6281100000000"]  # the owner, by WhatsApp
    [alert] = [message for message in mail.outbox if message.to == ["rina@toko.test"]]
    assert alert.subject.startswith("[")


def test_without_whatsapp_helpers_who_opt_in_are_emailed_with_the_owner(
    client, settings, owner_user, django_user_model, django_capture_on_commit_callbacks
):
    from django.test import Client

    from tests.factories import checkout_over_http, make_product

    settings.WHATSAPP_TOKEN = ""
    rina = staff_account(django_user_model, "rina@toko.test")
    staff_account(django_user_model, "dodi@toko.test")
    client.force_login(rina)
    assert client.post(reverse("dashboard:my-alerts"), {"wants_alerts": "on"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        checkout_over_http(Client(), make_product())
    [alert] = [message for message in mail.outbox if "Pesanan baru" in message.subject]
    assert sorted(alert.to) == sorted([owner_user.email, "rina@toko.test"])


def test_my_alerts_refuses_a_bad_number_and_stays_staff_only(client, django_user_model):
    from staff.models import AlertPreference

    rina = staff_account(django_user_model, "rina@toko.test")
    client.force_login(rina)
    page = client.post(reverse("dashboard:my-alerts"), {"wants_alerts": "on", "whatsapp_number": "12ab"})
    assert page.status_code == 200 and 'value="12ab"' in page.content.decode()
    assert not AlertPreference.objects.exists()
    buyer = django_user_model.objects.create_user(email="budi@example.com", password="rahasia-123")
    client.force_login(buyer)
    response = client.get(reverse("dashboard:my-alerts"))
    assert response.status_code in (302, 403) and not AlertPreference.objects.exists()
