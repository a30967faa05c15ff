"""The owner's CRM screens through real HTTP: who may open them, what they show, query budgets."""

import io
import json

import pytest
import tablib
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crm.feedback import record_contact_message, record_order_complaint
from crm.models import Campaign, CampaignSend, Customer, Feedback, FeedbackStatus
from crm.segments import CHAMPIONS, refresh_segments
from crm.services import find_or_create_customer, record_consent
from tests.factories import OWNER_PASSWORD, make_order_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop_data():
    """Three customers with orders, a complaint, a contact message."""
    for i in range(3):
        for days in (5, 40, 80):
            make_order_row(
                phone=f"08121111000{i}", email=f"c{i}@example.com", days_ago=days + i, name=f"Pelanggan {i}"
            )
    order = make_order_row(phone="081211110000", days_ago=1)
    record_order_complaint(order, message="Paket <b>rusak</b>")
    record_contact_message(name="Tamu", message="Jam buka?", email="tamu@example.com")
    refresh_segments()


def dashboard_urls():
    customer = Customer.objects.first()
    feedback = Feedback.objects.first()
    return [
        reverse("dashboard:index"),
        reverse("dashboard:crm-customer-list"),
        reverse("dashboard:crm-customer-create"),
        reverse("dashboard:crm-customer-import"),
        reverse("dashboard:crm-customer-export", args=["csv"]),
        reverse("dashboard:crm-customer-detail", args=[customer.pk]),
        reverse("dashboard:crm-customer-update", args=[customer.pk]),
        reverse("dashboard:crm-customer-erase", args=[customer.pk]),
        reverse("dashboard:crm-customer-data", args=[customer.pk, "json"]),
        reverse("dashboard:crm-feedback-list"),
        reverse("dashboard:crm-feedback-export", args=["xlsx"]),
        reverse("dashboard:crm-feedback-detail", args=[feedback.pk]),
        reverse("dashboard:crm-segment-list"),
        reverse("dashboard:crm-segment-detail", args=[CHAMPIONS]),
        reverse("dashboard:crm-analytics"),
        reverse("dashboard:crm-campaign-list"),
        reverse("dashboard:crm-campaign-create"),
    ]


def test_every_screen_opens_for_staff(owner, shop_data):
    for url in dashboard_urls():
        response = owner.get(url)
        assert response.status_code == 200, url


def test_anonymous_and_buyers_are_sent_to_login(client, django_user_model, shop_data):
    buyer = django_user_model.objects.create_user(email="buyer@example.com", password="x")
    for who in (None, buyer):
        if who:
            client.force_login(who)
        for url in dashboard_urls():
            response = client.get(url)
            assert response.status_code in (302, 403), url
            if response.status_code == 302:
                assert "/login/" in response["Location"]
        feedback = Feedback.objects.first()
        response = client.post(reverse("dashboard:crm-feedback-resolve", args=[feedback.pk]))
        assert response.status_code in (302, 403)
        feedback.refresh_from_db()
        assert feedback.status == FeedbackStatus.NEW


def test_today_lists_open_complaints_escaped(owner, shop_data):
    response = owner.get(reverse("dashboard:index"))
    html = response.content.decode()
    assert "Paket &lt;b&gt;rusak&lt;/b&gt;" in html
    assert "<b>rusak</b>" not in html
    assert "https://wa.me/6281211110000?text=" in html


def test_dashboard_lists_keep_a_query_budget(owner, shop_data, django_assert_max_num_queries):
    for i in range(20):  # more rows must not mean more queries
        order = make_order_row(phone=f"08139999{i:04d}", days_ago=i)
        record_order_complaint(order, message="x")
    # "Hari ini" of a shop still in its first steps also checks what is filled in (five small
    # queries, none once the owner has finished them).
    for name, budget in (
        ("index", 30),
        ("crm-customer-list", 25),
        ("crm-feedback-list", 25),
        ("crm-segment-list", 25),
        ("crm-analytics", 25),
        ("crm-campaign-list", 25),
    ):
        with django_assert_max_num_queries(budget):
            assert owner.get(reverse(f"dashboard:{name}")).status_code == 200
    with django_assert_max_num_queries(20):
        assert owner.get(reverse("dashboard:crm-segment-detail", args=[CHAMPIONS])).status_code == 200


def test_customer_360_shows_stats_and_consent(owner, shop_data):
    customer = Customer.objects.get(phone="+6281211110000")
    record_consent(customer, "email", True, "survey form")
    response = owner.get(reverse("dashboard:crm-customer-detail", args=[customer.pk]))
    html = response.content.decode()
    assert response.context["customer"].order_count == 4
    assert "survey form" in html
    assert 'id="customer-points"' in html
    assert "https://wa.me/6281211110000" in html


def test_search_by_any_phone_spelling(owner, shop_data):
    response = owner.get(reverse("dashboard:crm-customer-list"), {"q": "0812-1111-0001"})
    assert [c.phone for c in response.context["customers"]] == ["+6281211110001"]


def test_reply_is_emailed_and_resolve(owner, shop_data, django_capture_on_commit_callbacks):
    feedback = Feedback.objects.get(source="order")
    feedback.customer.email = "c0@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(
            reverse("dashboard:crm-feedback-reply", args=[feedback.pk]),
            {"message": "Maaf, kami kirim ulang."},
        )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.IN_PROGRESS and feedback.first_response_at
    assert len(mail.outbox) == 1 and "kami kirim ulang" in mail.outbox[0].body
    assert mail.outbox[0].to == ["c0@example.com"]
    assert feedback.replies.get().emailed_at is not None
    owner.post(reverse("dashboard:crm-feedback-resolve", args=[feedback.pk]))
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RESOLVED and feedback.resolved_at


def test_empty_reply_is_refused_with_message(owner, shop_data):
    feedback = Feedback.objects.first()
    response = owner.post(reverse("dashboard:crm-feedback-reply", args=[feedback.pk]), {"message": ""})
    assert response.status_code == 400
    assert feedback.replies.count() == 0


def _upload(rows, name="pelanggan.csv"):
    dataset = tablib.Dataset(headers=["Nama", "HP", "Email", "Kota", "Tanggal lahir", "Poin awal"])
    for row in rows:
        dataset.append(row)
    content = dataset.export("xlsx") if name.endswith("xlsx") else dataset.export("csv").encode()
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("name", ["pelanggan.csv", "pelanggan.xlsx"])
def test_import_with_bad_rows_previews_then_imports_only_good_rows(owner, name):
    find_or_create_customer(phone="081277770000", name="Lama")
    url = reverse("dashboard:crm-customer-import")
    rows = [
        ("Ani", "0812-7777-0000", "ani@example.com", "Bogor", "1990-05-01", "120"),  # updates "Lama"
        ("Beni", "081277770001", "", "", "02/03/1985", ""),
        ("", "081277770002", "", "", "", ""),  # no name
        ("Caca", "12345", "", "", "", ""),  # bad phone
        ("Dodi", "081277770001", "", "", "", ""),  # same phone as Beni
        ("Eka", "081277770003", "bukan-email", "", "", "-5"),  # bad e-mail, negative points
    ]
    response = owner.post(url, {"file": _upload(rows, name)})
    assert response.status_code == 200
    assert (response.context["good"], response.context["bad"]) == (2, 4)
    assert Customer.objects.count() == 1  # the preview stores nothing
    html = response.content.decode()
    assert "Nomor HP tidak valid" in html and "baris 3" in html.lower()

    response = owner.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert Customer.objects.count() == 2
    updated = Customer.objects.get(phone="+6281277770000")
    assert (updated.name, updated.city, updated.opening_points) == ("Lama", "Bogor", 120)
    assert str(Customer.objects.get(phone="+6281277770001").birthday) == "1985-03-02"


def test_import_refuses_unreadable_file(owner):
    response = owner.post(
        reverse("dashboard:crm-customer-import"), {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 400
    assert Customer.objects.count() == 0


def test_campaign_goes_only_to_consenting_customers(owner, shop_data, django_capture_on_commit_callbacks):
    customers = list(Customer.objects.filter(phone__startswith="+62812111100").order_by("phone"))
    for customer in customers:
        customer.segment = CHAMPIONS
        customer.save()
    record_consent(customers[0], "email", True, "checkout")
    record_consent(customers[1], "email", False, "checkout")
    record_consent(customers[2], "whatsapp", True, "counter")
    response = owner.post(
        reverse("dashboard:crm-campaign-create"),
        {
            "name": "Lebaran",
            "segment": CHAMPIONS,
            "subject": "Promo",
            "message": "Halo {nama}!",
            "voucher_percent": "10",
            "voucher_days": "7",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and campaign.voucher is not None
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(reverse("dashboard:crm-campaign-detail", args=[campaign.pk]))
    assert [m.to for m in mail.outbox] == [[customers[0].email]]
    body = mail.outbox[0].body
    assert (
        f"Halo {customers[0].name}!" in body and campaign.voucher.code in body and "/survey/berhenti/" in body
    )
    assert CampaignSend.objects.count() == 1
    # Sending again is a no-op for people already sent to.
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(reverse("dashboard:crm-campaign-detail", args=[campaign.pk]))
    assert len(mail.outbox) == 1
    # WhatsApp list: only the WhatsApp-consenting customer.
    response = owner.get(reverse("dashboard:crm-campaign-whatsapp", args=[campaign.pk]))
    rows = tablib.Dataset().load(response.content.decode(), format="csv")
    assert [row[1] for row in rows] == [customers[2].phone]
    assert rows[0][2].startswith("https://wa.me/62")


def test_unsubscribe_link_withdraws_email_consent(client, shop_data):
    from crm.campaigns import unsubscribe_token

    customer = Customer.objects.get(phone="+6281211110000")
    record_consent(customer, "email", True, "checkout")
    url = reverse("crm:unsubscribe", args=[unsubscribe_token(customer)])
    assert client.get(url).status_code == 200
    client.post(url)
    customer.refresh_from_db()
    assert customer.email_consent is False
    assert customer.consent_records.first().source == "unsubscribe link"
    assert client.get(reverse("crm:unsubscribe", args=["forged"])).status_code == 404


def test_personal_data_export_and_erase(owner, shop_data):
    customer = Customer.objects.get(phone="+6281211110000")
    data = json.loads(owner.get(reverse("dashboard:crm-customer-data", args=[customer.pk, "json"])).content)
    assert data["customer"]["phone"] == "+6281211110000" and len(data["orders"]) == 4
    csv_text = owner.get(reverse("dashboard:crm-customer-data", args=[customer.pk, "csv"])).content.decode()
    assert "+6281211110000" in csv_text
    totals_before = sorted(link.order.total_incl_tax for link in customer.order_links.all())

    owner.post(reverse("dashboard:crm-customer-erase", args=[customer.pk]))

    customer.refresh_from_db()
    assert customer.erased_at and customer.phone == "" and customer.name == "" and customer.email == ""
    assert sorted(link.order.total_incl_tax for link in customer.order_links.all()) == totals_before
    for link in customer.order_links.select_related("order__shipping_address"):
        assert link.order.shipping_address.first_name == ""
        assert not link.order.shipping_address.phone_number
    assert Feedback.objects.filter(customer=customer).exclude(comment="").count() == 0


def test_review_appears_in_the_inbox(owner, django_user_model):
    from oscar.core.loading import get_model
    from oscar.test.factories import create_product

    ProductReview = get_model("reviews", "ProductReview")
    user = django_user_model.objects.create_user(email="ulas@example.com", password="x")
    product = create_product(title="Kopi Gayo")
    ProductReview.objects.create(product=product, user=user, score=2, title="Pahit", body="Terlalu pahit")
    feedback = Feedback.objects.get(source="review")
    assert feedback.is_complaint and feedback.rating == 2 and feedback.customer.user == user
    response = owner.get(reverse("dashboard:crm-feedback-list"), {"source": "review"})
    assert "Kopi Gayo" in response.content.decode()


def test_staff_login_lands_on_hari_ini(client, owner_user):
    response = client.post(
        reverse("dashboard:login"), {"username": owner_user.email, "password": OWNER_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:index")


def test_export_customers_xlsx(owner, shop_data):
    response = owner.get(reverse("dashboard:crm-customer-export", args=["xlsx"]))
    dataset = tablib.Dataset().load(io.BytesIO(response.content).read(), format="xlsx")
    assert "+6281211110000" in dataset["hp"]


def test_detail_pages_keep_a_query_budget(owner, shop_data, django_assert_max_num_queries):
    from crm.feedback import reply

    customer = Customer.objects.get(phone="+6281211110000")
    for i in range(10):
        order = make_order_row(phone="081211110000", days_ago=100 + i)
        feedback = record_order_complaint(order, message=f"keluhan {i}")
        reply(feedback, author=None, message="maaf")
    with django_assert_max_num_queries(25):
        assert owner.get(reverse("dashboard:crm-customer-detail", args=[customer.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert owner.get(reverse("dashboard:crm-feedback-detail", args=[feedback.pk])).status_code == 200


def test_owner_edits_customer_and_bad_phone_is_kept_with_message(owner, shop_data):
    customer = Customer.objects.get(phone="+6281211110000")
    url = reverse("dashboard:crm-customer-update", args=[customer.pk])
    response = owner.post(url, {"name": "Ibu Sari", "phone": "12", "email": "", "tag_names": "reseller"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nomor HP tidak valid" in html and 'value="Ibu Sari"' in html
    response = owner.post(
        url, {"name": "Ibu Sari", "phone": "0812 1111 0000", "email": "", "tag_names": "reseller, kantor"}
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.name == "Ibu Sari"
    assert sorted(t.name for t in customer.tags.all()) == ["kantor", "reseller"]


def test_merge_from_the_customer_page(owner, shop_data):
    kept = Customer.objects.get(phone="+6281211110000")
    duplicate = find_or_create_customer(email="dobel@example.com", name="Dobel")
    url = reverse("dashboard:crm-customer-merge", args=[kept.pk])
    assert owner.get(url, {"other": "tidak-ada@example.com"}).status_code == 400
    page = owner.get(url, {"other": "dobel@example.com"})
    assert page.status_code == 200 and "Dobel" in page.content.decode()
    owner.post(url, {"other": f"#{duplicate.pk}"})
    assert not Customer.objects.filter(pk=duplicate.pk).exists()
    kept.refresh_from_db()
    assert kept.email == "c0@example.com"  # kept its own e-mail


def test_analytics_shows_numbers_and_charts(owner, shop_data):
    from crm.feedback import reply

    reply(Feedback.objects.get(source="order"), author=None, message="maaf")
    response = owner.get(reverse("dashboard:crm-analytics"))
    html = response.content.decode()
    # 3 customers with 3 orders each and one with a 4th: all repeat buyers in the 12 months.
    assert response.context["counts"].repeat_rate == 100
    assert response.context["customers_total"] == Customer.objects.count()
    assert 'id="cohort-table"' in html and "<svg" in html
