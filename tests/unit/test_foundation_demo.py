"""The demo shop loads completely, and loading it again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from oscar.core.loading import get_model
from PIL import Image

from cms.models import HomePage, StandardPage
from core import order_statuses

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
ProductImage = get_model("catalogue", "ProductImage")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
Order = get_model("order", "Order")
OrderStatusChange = get_model("order", "OrderStatusChange")

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "products": Product.objects.count(),
        "categories": Category.objects.count(),
        "stock": StockRecord.objects.count(),
        "images": ProductImage.objects.count(),
        "orders": Order.objects.count(),
        "status changes": OrderStatusChange.objects.count(),
        "users": get_user_model().objects.count(),
        "pages": StandardPage.objects.count() + HomePage.objects.count(),
        "weights": ProductAttributeValue.objects.filter(attribute__code="weight").count(),
    }


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())
    return _counts()


def test_seed_demo_builds_a_believable_shop(seeded):
    assert seeded["products"] >= 24
    assert seeded["categories"] >= 3
    assert seeded["stock"] == seeded["products"] == seeded["images"]
    assert StockRecord.objects.filter(price__gt=0, num_in_stock__gt=0, price_currency="IDR").count() >= 24
    weights = ProductAttributeValue.objects.filter(attribute__code="weight", value_integer__gt=0)
    assert weights.count() == seeded["products"]  # each product has a weight for the courier rates
    assert Product.objects.get(upc="KOP-006").attr.weight == 550
    assert StandardPage.objects.filter(slug="tentang-kami", live=True).exists()
    assert HomePage.objects.get().live


def test_seed_demo_twice_changes_nothing(seeded):
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == seeded


def _log_in(email, password):
    client = Client()
    response = client.post(
        "/shop/accounts/login/", {"login-username": email, "login-password": password, "login_submit": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_demo_accounts_can_log_in(seeded):
    owner = get_user_model().objects.get(email="pemilik@langganan.test")
    assert owner.is_staff and owner.is_superuser
    assert get_user_model().objects.get(email="pembeli@langganan.test").phone == "+6281234567890"
    assert _log_in("pemilik@langganan.test", "demo-pemilik-123").get("/dashboard/").status_code == 200
    buyer_client = _log_in("pembeli@langganan.test", "demo-pembeli-123")
    assert buyer_client.get("/shop/accounts/profile/").status_code == 200


def test_past_orders_moved_along_the_pipeline(seeded):
    buyer_orders = Order.objects.filter(user__email="pembeli@langganan.test")
    assert buyer_orders.count() >= 5
    assert buyer_orders.filter(status=order_statuses.COMPLETED).exists()
    assert buyer_orders.filter(status=order_statuses.CANCELLED).exists()
    assert buyer_orders.filter(status=order_statuses.PENDING_PAYMENT).exists()
    completed = buyer_orders.filter(status=order_statuses.COMPLETED).first()
    assert list(completed.status_changes.order_by("date_created").values_list("new_status", flat=True))[
        -1
    ] == (order_statuses.COMPLETED)
    assert all(order.total_incl_tax > 0 and order.lines.exists() for order in buyer_orders)


def test_product_pictures_are_drawn_not_blank(seeded):
    pictures = {}
    for image in ProductImage.objects.all()[:6]:
        with Image.open(image.original.path) as picture:
            colours = picture.convert("RGB").getcolors(maxcolors=1_000_000)
            assert len(colours) > 50  # a drawing, not a flat square
            pictures[image.pk] = picture.convert("L").resize((16, 16)).tobytes()
    assert len(set(pictures.values())) == len(pictures)  # and no two alike


def test_all_products_page_lists_the_demo_catalogue(client, seeded):
    response = client.get("/shop/catalogue/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<strong>{seeded['products']}</strong> hasil" in page
    assert "Kopi Arabika Gayo 250 g" in page
    assert "Rp\xa095.000" in page
