import io

import pytest

from loyalty import demo, services
from loyalty.models import Reward, Tier
from tests.factories import make_buyer

pytestmark = pytest.mark.django_db


def test_demo_load_is_idempotent_and_gives_the_demo_buyer_points():
    buyer = make_buyer(demo.DEMO_BUYER_EMAIL)
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert list(Tier.objects.values_list("name", flat=True)) == ["Bronze", "Silver", "Gold"]
    assert Reward.objects.count() == 2
    assert services.account_for_user(buyer).available == demo.DEMO_OPENING_POINTS + 30
