import pytest
from django.core.exceptions import ValidationError

from core.phones import normalise_phone
from crm.feedback import record_contact_message
from crm.models import ConsentRecord, Customer, CustomerOrder, Feedback
from crm.services import find_or_create_customer, link_order, merge_customers, record_consent
from tests.factories import make_order_row


@pytest.mark.parametrize(
    "raw",
    [
        "081234567890",
        "0812-3456-7890",
        "+62 812 3456 7890",
        "6281234567890",
        "0812.3456.7890",
        " +6281234567890 ",
    ],
)
def test_common_indonesian_forms_become_one_number(raw):
    assert normalise_phone(raw) == "+6281234567890"


@pytest.mark.parametrize("raw", ["12", "abc", "0812", "+1 202", ""])
def test_nonsense_numbers_are_refused_in_indonesian(raw):
    with pytest.raises(ValidationError) as exc:
        normalise_phone(raw)
    assert "Nomor HP tidak valid" in str(exc.value.messages[0])


@pytest.mark.django_db
def test_one_customer_per_phone_whatever_the_spelling():
    first = find_or_create_customer(phone="0812-3456-7890", name="Sari")
    again = find_or_create_customer(phone="+62 812 3456 7890", email="SARI@example.com")
    assert first.pk == again.pk
    again.refresh_from_db()
    assert again.email == "sari@example.com"
    assert again.name == "Sari"  # never overwritten


@pytest.mark.django_db
def test_guest_order_and_contact_message_land_on_the_same_customer():
    order = make_order_row(phone="081298765432", email="dewi@example.com", name="Dewi Lestari")
    feedback = record_contact_message(name="Dewi", message="Halo", phone="+6281298765432")
    assert feedback.customer == order.crm_link.customer
    assert Customer.objects.count() == 1
    assert link_order(order) == feedback.customer  # idempotent
    assert CustomerOrder.objects.count() == 1


@pytest.mark.django_db
def test_merge_moves_orders_feedback_consent_and_fills_gaps(django_user_model):
    user = django_user_model.objects.create_user(email="andi@example.com", password="x")
    kept = find_or_create_customer(email="andi@example.com", name="Andi", user=user)
    duplicate = find_or_create_customer(phone="081211112222", name="Andi W")
    duplicate.city = "Surabaya"
    duplicate.opening_points = 50
    duplicate.save()
    order = make_order_row(phone="081211112222", email="", name="Andi W")
    assert order.crm_link.customer == duplicate
    record_contact_message(name="Andi", message="Pesanan telat", phone="081211112222")
    record_consent(duplicate, "whatsapp", True, "counter")

    merged = merge_customers(source=duplicate, target=kept)

    assert not Customer.objects.filter(pk=duplicate.pk).exists()
    assert merged.phone == "+6281211112222" and merged.city == "Surabaya" and merged.user == user
    assert merged.opening_points == 50 and merged.whatsapp_consent
    assert CustomerOrder.objects.get(order=order).customer == merged
    assert Feedback.objects.get().customer == merged
    assert ConsentRecord.objects.get().customer == merged
    assert merged.order_count == 1


@pytest.mark.django_db
def test_merge_sends_signal_for_other_apps():
    from crm.signals import customers_merged

    a = find_or_create_customer(phone="081200000001")
    b = find_or_create_customer(phone="081200000002")
    seen = []

    def listener(sender, source, target, **kwargs):
        seen.append((source.pk, target.pk))

    customers_merged.connect(listener)
    try:
        merge_customers(source=a, target=b)
    finally:
        customers_merged.disconnect(listener)
    assert seen == [(a.pk, b.pk)]


def test_merge_into_itself_is_refused(db):
    a = find_or_create_customer(phone="081200000001")
    with pytest.raises(ValueError):
        merge_customers(source=a, target=a)
