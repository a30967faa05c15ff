"""A buyer whose order the owner took in a WhatsApp chat registers later and adds it to their
account from the order page link the shop sent them: it shows among their orders and its points
are theirs. The link is the proof; an order or a record of someone else is never handed over."""

import pytest
from django.test import Client
from django.urls import reverse

from crm.models import Customer
from loyalty.models import Entry
from storefront.order import services
from tests.factories import make_product, shop_ready
from tests.functional.test_owner_chat_order import chat_order as enter_chat_order

pytestmark = pytest.mark.django_db(transaction=True)  # points and CRM links run on commit

CHAT_PHONE = "+6281322223333"


@pytest.fixture
def chat_order(client, django_user_model):
    """An order the owner entered from a chat: COD, for the phone 0813 2222 3333."""
    owner = django_user_model.objects.create_user(email="pemilik@example.com", password="x")
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client.force_login(owner)
    shop_ready()
    assert enter_chat_order(client, make_product(price="50000", stock=5)).status_code == 302
    return Customer.objects.get(phone=CHAT_PHONE).order_links.get().order


def prove_contact(browser, order, contact="0813-2222-3333"):
    """Open the order's link as the WhatsApp message gives it, and type the order's phone."""
    form = browser.get(order_link(order))
    assert form.status_code == 302
    return browser.post(form["Location"], {"contact": contact}, follow=True)


def order_link(order):
    return reverse(
        "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )


def claim_link(order, hash=None):
    return reverse(
        "shop-order-claim", kwargs={"order_number": order.number, "hash": hash or order.verification_hash()}
    )


def signed_in(django_user_model, email):
    buyer = django_user_model.objects.create_user(email=email, password="pw-ani-12345")
    browser = Client()
    browser.force_login(buyer)
    return buyer, browser


def test_registered_buyer_adds_the_chat_order_and_its_points_to_the_account(chat_order, django_user_model):
    buyer, browser = signed_in(django_user_model, "ani@example.com")
    page = prove_contact(browser, chat_order).content.decode()
    assert 'id="claim-order-submit"' in page
    chat_order.refresh_from_db()
    assert chat_order.user_id is None  # looking is not taking

    response = browser.post(claim_link(chat_order), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "customer:order", kwargs={"order_number": chat_order.number}
    )
    assert "Pesanan ini sudah ada di akun Anda" in response.content.decode()
    chat_order.refresh_from_db()
    assert chat_order.user == buyer
    assert chat_order.number in browser.get(reverse("customer:order-list")).content.decode()
    record = Customer.objects.get(user=buyer)
    assert record.phone == CHAT_PHONE and Customer.objects.count() == 1  # the chat record joined the account

    services.pack_and_ship(chat_order.pk, "jne", "JNE1")
    services.complete(chat_order.pk)
    assert Entry.objects.filter(account__customer=record, source_id=str(chat_order.pk)).exists()
    second_tap = browser.post(claim_link(chat_order))
    assert second_tap["Location"] == reverse("customer:order", kwargs={"order_number": chat_order.number})
    assert Customer.objects.count() == 1


def test_a_guest_is_asked_to_log_in_and_nothing_is_taken(client, chat_order):
    client.logout()
    page = prove_contact(client, chat_order, contact="+62 813 2222 3333").content.decode()
    assert chat_order.number in page and 'id="order-status"' in page  # the order's page, by its phone
    assert f"{reverse('customer:login')}?next=" in page and 'id="claim-order-submit"' not in page
    response = client.post(claim_link(chat_order))
    assert response.status_code == 302 and response["Location"].startswith(reverse("customer:login"))
    chat_order.refresh_from_db()
    assert chat_order.user_id is None


def test_a_wrong_link_or_contact_shows_nothing(chat_order, django_user_model):
    _, browser = signed_in(django_user_model, "ani@example.com")
    page = prove_contact(browser, chat_order, contact="0813 9999 0000").content.decode()
    assert "Ini bukan e-mail atau nomor pesanan ini." in page and 'id="claim-order"' not in page
    assert browser.post(claim_link(chat_order)).status_code == 404  # no contact proven
    prove_contact(browser, chat_order)
    assert browser.post(claim_link(chat_order, hash="bukan-tautan-yang-benar")).status_code == 404
    chat_order.refresh_from_db()
    assert chat_order.user_id is None


def test_an_order_already_in_another_account_stays_there(chat_order, django_user_model):
    first, browser = signed_in(django_user_model, "ani@example.com")
    prove_contact(browser, chat_order)
    browser.post(claim_link(chat_order))
    _, other = signed_in(django_user_model, "orang.lain@example.com")
    prove_contact(other, chat_order)
    assert other.post(claim_link(chat_order)).status_code == 404
    chat_order.refresh_from_db()
    assert chat_order.user == first and Customer.objects.get(phone=CHAT_PHONE).user == first


def test_a_record_with_another_e_mail_is_not_handed_over(chat_order, django_user_model):
    Customer.objects.filter(phone=CHAT_PHONE).update(email="ani@example.com")
    _, browser = signed_in(django_user_model, "bukan.ani@example.com")
    prove_contact(browser, chat_order)
    response = browser.post(claim_link(chat_order), follow=True)
    assert "e-mail lain" in response.content.decode()
    chat_order.refresh_from_db()
    assert chat_order.user_id is None and Customer.objects.get(phone=CHAT_PHONE).user_id is None
