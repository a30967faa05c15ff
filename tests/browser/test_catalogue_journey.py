"""The owner, on a 360 px phone, adds a product with a camera photo; buyers see it with a thumbnail."""

import pytest
from oscar.core.loading import get_model

from tests.factories import OWNER_PASSWORD, phone_photo_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_owner_adds_a_product_with_a_photo_at_360px(
    phone, live_server, transactional_db, owner_user, tmp_path
):
    Category.add_root(name="Camilan")
    photo = tmp_path / "IMG_20261130_101500.jpg"
    photo.write_bytes(phone_photo_bytes(size=(1600, 900)))  # stored sideways, with GPS

    phone.goto(f"{live_server.url}/dashboard/login/")
    phone.fill("#id_username", owner_user.email)
    phone.fill("#id_password", OWNER_PASSWORD)
    phone.locator("form:has(#id_password) [type=submit]").click()
    phone.wait_for_url(lambda url: "/dashboard/" in url and "/login/" not in url)  # the owner's start page

    phone.goto(f"{live_server.url}/dashboard/quick-catalogue/add/")
    assert phone.locator("h1").inner_text().strip() == "Tambah produk"
    camera = phone.locator("#id_photo")
    assert camera.get_attribute("capture") == "environment"
    assert camera.get_attribute("accept") == "image/*"
    assert fits_the_screen(phone)

    assert phone.get_by_role("button", name="Pilih foto dari galeri saja").is_visible()
    camera.set_input_files(str(photo))
    phone.locator(".qc-photo-preview").wait_for()  # the owner sees which photo was taken
    phone.fill("#id_title", "Keripik Tempe Pedas")
    phone.fill("#id_price", "12.500")
    phone.fill("#id_num_in_stock", "30")
    phone.fill("#id_weight", "150")
    phone.select_option("#id_category", label="Camilan")
    phone.fill("#id_description", "Renyah, pedas, tanpa pengawet.")
    phone.get_by_role("button", name="Simpan produk").click()

    phone.wait_for_selector(".qc-added")
    assert "sudah ditambahkan" in phone.locator(".alert-success").inner_text()
    assert fits_the_screen(phone)

    phone.goto(f"{live_server.url}/shop/catalogue/")
    card = phone.locator("article.product_pod", has_text="Keripik Tempe")
    card.wait_for()
    assert "12.500" in card.inner_text()
    thumbnail = card.locator("img").first
    assert "/media/cache/" in thumbnail.get_attribute("src")
    # Listing photos load lazily and decode asynchronously: wait until the browser is done with it
    # (a photo that failed is complete too, with no size).
    thumbnail.scroll_into_view_if_needed()
    phone.wait_for_function("img => img.complete", arg=thumbnail.element_handle())
    natural = thumbnail.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]")
    assert natural[0] and 0 < natural[2] <= 155  # a small thumbnail, really served
    assert natural[2] > natural[1]  # portrait: the sideways phone photo was turned upright

    product = Product.objects.get(title="Keripik Tempe Pedas")
    assert product.images.count() == 1
