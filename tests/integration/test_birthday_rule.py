"""One birthday rule: the owner's "Hari ini" list and the loyalty birthday bonus name the same
people on every day, 29 February birthdays included (28 February in a year without one)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.models import Customer
from crm.services import find_or_create_customer
from loyalty import services
from loyalty.models import BonusKind

pytestmark = pytest.mark.django_db

BIRTHDAYS = {
    "Lala (29 Feb)": datetime.date(2000, 2, 29),
    "Fitri (28 Feb)": datetime.date(1990, 2, 28),
    "Maret (1 Mar)": datetime.date(1985, 3, 1),
}


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2027, 2, 28), {"Lala (29 Feb)", "Fitri (28 Feb)"}),
        (datetime.date(2027, 3, 1), {"Maret (1 Mar)"}),
        (datetime.date(2028, 2, 28), {"Fitri (28 Feb)"}),
        (datetime.date(2028, 2, 29), {"Lala (29 Feb)"}),
    ],
)
def test_today_page_and_birthday_bonus_name_the_same_people(client, owner_user, monkeypatch, day, expected):
    for index, (name, birthday) in enumerate(BIRTHDAYS.items()):
        customer = find_or_create_customer(phone=f"0812555500{index:02d}", name=name)
        customer.birthday = birthday
        customer.save(update_fields=["birthday"])
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(timezone, "now", lambda: noon)  # "today" is ``day`` in Jakarta
    client.force_login(owner_user)  # after the clock moves: an earlier session has expired by then

    page = client.get(reverse("dashboard:index"))
    assert page.status_code == 200, page
    on_the_page = {customer.name for customer in page.context["birthdays"]}
    services.award_birthday_bonuses(today=day)
    given = set(
        Customer.objects.filter(loyalty_account__entries__source_type=BonusKind.BIRTHDAY).values_list(
            "name", flat=True
        )
    )

    assert on_the_page == given == expected
