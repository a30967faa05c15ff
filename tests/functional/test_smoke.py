import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_served_by_wagtail(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "id"


def test_catalogue_answers_in_indonesian(client):
    response = client.get("/shop/catalogue/")
    assert response.status_code == 200
    assert response["Content-Language"] == "id"


def test_dashboard_is_staff_only(client):
    response = client.get("/dashboard/loyalty/")
    assert response.status_code == 302
    assert "/dashboard/login/" in response["Location"]
