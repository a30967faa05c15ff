"""The contact page files messages as CRM feedback; bad input is explained in Indonesian."""

import pytest

from cms.contact import MESSAGES_PER_HOUR
from crm.models import Customer, Feedback, FeedbackSource
from tests.factories import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_url():
    return build_site()["contact"].url


GOOD = {
    "name": "Rina Kusuma",
    "phone": "0812-3456-7891",
    "email": "rina@example.com",
    "message": "Apakah kopi bubuknya bisa digiling lebih halus untuk tubruk?",
    "rating": "5",
    "may_quote": "on",
}


def test_message_becomes_crm_feedback(client, contact_url):
    response = client.post(contact_url, GOOD)

    assert response.status_code == 302
    assert response["Location"] == f"{contact_url}?terkirim=1"
    feedback = Feedback.objects.get()
    assert feedback.source == FeedbackSource.CONTACT
    assert feedback.comment == GOOD["message"]
    assert feedback.rating == 5
    assert feedback.may_quote is True
    assert feedback.phone == "+6281234567891"
    assert feedback.customer == Customer.objects.get(phone="+6281234567891")
    assert feedback.customer.email == "rina@example.com"

    thanks = client.get(response["Location"]).content.decode()
    assert "Terima kasih, pesan Anda sudah terkirim." in thanks


def test_errors_are_in_indonesian_and_typed_text_is_kept(client, contact_url):
    response = client.post(contact_url, {**GOOD, "name": "", "phone": "12345", "email": "bukan-email"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nama wajib diisi." in html
    assert "Nomor HP tidak valid: 12345" in html
    assert "Alamat e-mail tidak valid" in html
    assert GOOD["message"] in html  # the message is not lost
    assert 'value="12345"' in html
    assert Feedback.objects.count() == 0


def test_length_limits(client, contact_url):
    response = client.post(contact_url, {**GOOD, "message": "x" * 2001, "name": "N" * 101})

    html = response.content.decode()
    assert "Pesan terlalu panjang (maksimal 2000 karakter, sekarang 2001)." in html
    assert "Nama terlalu panjang (maksimal 100 karakter)." in html
    assert "Pesan terlalu pendek" in client.post(contact_url, {**GOOD, "message": "halo"}).content.decode()
    assert Feedback.objects.count() == 0


def test_quote_consent_needs_a_rating(client, contact_url):
    response = client.post(contact_url, {**GOOD, "rating": ""})

    assert "Beri nilai jika kata-kata Anda boleh kami tampilkan." in response.content.decode()
    assert client.post(contact_url, {**GOOD, "rating": "", "may_quote": ""}).status_code == 302
    assert Feedback.objects.get().rating is None


def test_low_rating_from_contact_page_is_a_complaint(client, contact_url):
    client.post(contact_url, {**GOOD, "rating": "2", "may_quote": ""})

    assert Feedback.objects.get().is_complaint is True


def test_too_many_messages_from_one_address_are_refused(client, contact_url):
    for _ in range(MESSAGES_PER_HOUR):
        assert client.post(contact_url, GOOD).status_code == 302

    response = client.post(contact_url, GOOD)

    assert response.status_code == 200
    assert "Anda sudah mengirim banyak pesan dalam waktu singkat." in response.content.decode()
    assert Feedback.objects.count() == MESSAGES_PER_HOUR
    # Another visitor is not affected.
    assert client.post(contact_url, GOOD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_signed_in_buyer_finds_the_form_filled_in(client, contact_url, django_user_model):
    buyer = django_user_model.objects.create_user(
        email="dewi@example.com", password="rahasia-123", first_name="Dewi", last_name="Lestari"
    )
    client.force_login(buyer)

    html = client.get(contact_url).content.decode()

    assert 'value="Dewi Lestari"' in html
    assert 'value="dewi@example.com"' in html
