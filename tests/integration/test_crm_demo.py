import io

import pytest

from crm import demo
from crm.models import Customer, Feedback

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_without_duplicates():
    demo.load(io.StringIO())
    counts = (Customer.objects.count(), Feedback.objects.count())
    demo.load(io.StringIO())
    assert (Customer.objects.count(), Feedback.objects.count()) == counts
    assert Feedback.objects.open_complaints().count() == 1
    assert Customer.objects.filter(whatsapp_consent=True).count() == 4
