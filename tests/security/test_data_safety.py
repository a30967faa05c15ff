"""Data safety: a customer's personal-data export round-trips, and the nightly drift check
e-mails the staff. The backup/restore procedure is in docs/backup.md."""

import csv
import datetime
import io
import json

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from crm.models import ConsentChannel, CustomerTag, Feedback, FeedbackSource
from crm.services import customer_data, find_or_create_customer, record_consent
from loyalty import services as loyalty_services
from loyalty import tasks as loyalty_tasks
from loyalty.models import Account

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(db):
    person = find_or_create_customer(
        phone="0812-1111-2222", email="sari@example.com", name="Sari <b>Dewi</b>"
    )
    person.birthday = datetime.date(1990, 8, 17)
    person.city = "Yogyakarta"
    person.notes = 'Suka kopi "robusta", kirim pagi; bukan, sore'
    person.save()
    person.tags.add(CustomerTag.objects.create(name="langganan"))
    record_consent(person, ConsentChannel.WHATSAPP, True, "formulir toko")
    person.refresh_from_db()  # as the export view reads it (stored decimals, not defaults)
    Feedback.objects.create(
        customer=person, source=FeedbackSource.CONTACT, comment="Baris satu\nbaris dua, dengan koma", rating=5
    )
    return person


def test_personal_data_export_as_json_round_trips(client, owner_user, customer):
    client.force_login(owner_user)
    response = client.get(reverse("dashboard:crm-customer-data", kwargs={"pk": customer.pk, "fmt": "json"}))
    assert response.status_code == 200
    exported = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    expected = json.loads(json.dumps(customer_data(customer), default=str))
    assert exported == expected
    person = exported["customer"]
    assert (person["name"], person["phone"], person["email"]) == (
        "Sari <b>Dewi</b>",
        "+6281211112222",
        customer.email,
    )
    assert (person["birthday"], person["city"], person["notes"]) == (
        "1990-08-17",
        "Yogyakarta",
        customer.notes,
    )
    assert person["tags"] == ["langganan"]
    assert exported["consent"][0]["channel"] == ConsentChannel.WHATSAPP and exported["consent"][0]["granted"]
    assert exported["feedback"][0]["comment"] == "Baris satu\nbaris dua, dengan koma"


def test_personal_data_export_as_csv_round_trips(client, owner_user, customer):
    client.force_login(owner_user)
    response = client.get(reverse("dashboard:crm-customer-data", kwargs={"pk": customer.pk, "fmt": "csv"}))
    assert response.status_code == 200
    text = (b"".join(response.streaming_content) if response.streaming else response.content).decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["bagian", "isi", "nilai"]
    parsed = {}
    for section, field, value in rows[1:]:
        parsed.setdefault(section, {})[field] = value
    data = customer_data(customer)
    for field, value in data["customer"].items():
        assert parsed["pelanggan"][field] == ("" if value is None else str(value)), field
    assert parsed["feedback 1"]["comment"] == "Baris satu\nbaris dua, dengan koma"
    assert parsed["consent 1"]["channel"] == ConsentChannel.WHATSAPP


def test_drift_check_runs_nightly_from_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["loyalty-balance-drift"]
    assert entry["task"] == loyalty_tasks.nightly_check_balance_drift.name
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {30}
    assert loyalty_tasks.nightly_check_balance_drift.acks_late


def test_drift_check_emails_the_staff_only_when_balances_drift(owner_user, customer):
    account = loyalty_services.get_account(customer)
    loyalty_services.adjust_points(account, 200, "saldo awal", by=None)
    get_user_model().objects.create_user(email="pembeli@example.com", password="x")  # not staff

    assert loyalty_tasks.nightly_check_balance_drift.apply().get() == 0
    assert mail.outbox == []

    Account.objects.filter(pk=account.pk).update(available=999)  # a bad manual edit
    assert loyalty_tasks.nightly_check_balance_drift.apply().get() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner_user.email]
    assert "Pemeriksaan poin" in message.subject
    assert "999/0" in message.body and "200/0" in message.body
    assert "loyalty_rebuild_balances" in message.body
    account.refresh_from_db()
    assert account.available == 999  # reported, not silently changed
