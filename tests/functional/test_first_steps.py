""" "Langkah pertama": a new shop's owner is led through shop details, payment, shipping, points
and the first product on the phone; each step saves where the settings screens save, bad input
comes back with messages, and the owner can leave and carry on where they stopped."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Site

from cms.models import ShopSettings
from loyalty.models import LoyaltySettings
from staff import roles
from storefront.payment.models import BankAccount
from storefront.shipping.models import ShippingSettings
from tests.factories import png_bytes

pytestmark = pytest.mark.usefixtures("home_page")  # the steps save to the Wagtail site's settings

Product = get_model("catalogue", "Product")


def step_url(slug):
    return reverse("dashboard:first-step", kwargs={"slug": slug})


def shop():
    return ShopSettings.for_site(Site.objects.get(is_default_site=True))


def test_a_new_shop_is_led_step_by_step_and_can_carry_on_later(owner):
    today = owner.get(reverse("dashboard:index")).content.decode()
    assert 'id="today-first-steps"' in today and "0 dari 5 langkah pertama selesai" in today
    assert f'href="{step_url("shop")}"' in today

    logo = SimpleUploadedFile("logo.png", png_bytes((300, 300), color="orange"), content_type="image/png")
    response = owner.post(
        step_url("shop"), {"shop_name": "Kopi Bu Sri", "whatsapp_number": "0812 3456 7890", "logo": logo}
    )
    assert response["Location"] == step_url("payment")
    assert (shop().shop_name, shop().whatsapp_number) == ("Kopi Bu Sri", "+6281234567890")
    assert shop().logo.width == 300

    data = {"bank_name": "BCA", "account_number": "1234567890", "account_holder": "Sri Rahayu"}
    assert owner.post(step_url("payment"), data)["Location"] == step_url("shipping")
    assert BankAccount.objects.get().account_holder == "Sri Rahayu"

    assert owner.post(step_url("shipping"), {"skip": "1"})["Location"] == step_url("points")
    assert not ShippingSettings.objects.exists()  # skipped: still open

    response = owner.post(step_url("points"), {"rupiah_per_point_earned": "5000", "point_value": "100"})
    assert response["Location"] == step_url("products")
    assert LoyaltySettings.load().rupiah_per_point_earned == 5000

    product = {"title": "Kopi Gayo 250 g", "price": "65.000", "num_in_stock": "12", "weight": "300"}
    assert owner.post(step_url("products"), product)["Location"] == step_url("shipping")  # the one left
    assert Product.objects.get().title == "Kopi Gayo 250 g"

    # The owner leaves; "Hari ini" offers the step still open.
    today = owner.get(reverse("dashboard:index")).content.decode()
    assert "4 dari 5 langkah pertama selesai" in today and f'href="{step_url("shipping")}"' in today

    response = owner.post(step_url("shipping"), {"origin_postcode": "55153", "pickup_enabled": "on"})
    assert response["Location"] == reverse("dashboard:first-steps")
    assert ShippingSettings.load().origin_postcode == "55153"
    assert 'id="today-first-steps"' not in owner.get(reverse("dashboard:index")).content.decode()


def test_bad_input_comes_back_with_messages_and_keeps_what_was_typed(owner):
    response = owner.post(step_url("shop"), {"shop_name": "Kopi Bu Sri", "whatsapp_number": "12ab"})
    html = response.content.decode()
    assert response.status_code == 200 and 'value="Kopi Bu Sri"' in html
    assert not shop().shop_name

    response = owner.post(step_url("payment"), {"bank_name": "BCA"})
    assert "Isi nama bank, nomor rekening, dan nama pemilik rekening." in response.content.decode()
    response = owner.post(step_url("payment"), {})
    assert "Tambahkan rekening bank atau gambar QRIS" in response.content.decode()
    broken = SimpleUploadedFile("qris.png", b"\x89PNG bukan gambar", content_type="image/png")
    response = owner.post(step_url("payment"), {"qris_image": broken})
    assert response.status_code == 200 and not BankAccount.objects.exists()

    response = owner.post(
        step_url("products"), {"title": "Kopi", "price": "lima ribu", "num_in_stock": "3", "weight": "250"}
    )
    assert response.status_code == 200 and 'value="Kopi"' in response.content.decode()
    assert not Product.objects.exists()
    assert owner.get(step_url("tidak-ada")).status_code == 404


def test_the_rest_later_hides_the_steps_from_hari_ini(owner):
    assert owner.post(reverse("dashboard:first-steps-finish"))["Location"] == reverse("dashboard:index")
    assert 'id="today-first-steps"' not in owner.get(reverse("dashboard:index")).content.decode()
    assert shop().first_steps_finished_at is not None
    # Still there to come back to from the list.
    assert "0 dari 5 langkah selesai" in owner.get(reverse("dashboard:first-steps")).content.decode()


def test_the_demo_shop_starts_with_the_steps_finished(owner):
    from cms.demo import load_settings

    load_settings()
    assert 'id="today-first-steps"' not in owner.get(reverse("dashboard:index")).content.decode()


def test_a_helper_neither_sees_nor_opens_the_first_steps(client, django_user_model, home_page):
    helper = django_user_model.objects.create_user(email="staf@example.com", password="x")
    roles.give_role(helper, roles.HELPER_GROUP)
    client.force_login(helper)
    assert 'id="today-first-steps"' not in client.get(reverse("dashboard:index")).content.decode()
    assert client.get(step_url("shop")).status_code == 403
    assert client.post(reverse("dashboard:first-steps-finish")).status_code == 403
