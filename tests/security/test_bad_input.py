"""Bad input: random text (hypothesis) on the public and owner forms never gives a 500, always
re-shows the form with a message, and saves nothing half-way; hostile uploads are refused;
stored script tags are shown as text on the buyer and dashboard pages."""

import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model
from PIL import Image

from crm.models import Customer, Feedback, FeedbackSource
from crm.services import find_or_create_customer
from crm.survey import make_token
from loyalty import services as loyalty_services
from loyalty.models import Entry
from storefront.uploads import clean_receipt_upload, validate_image_upload
from tests.factories import ADDRESS, make_product, place_with_order_creator, shop_ready

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text as people (and bots) type it: any unicode, digits, signs, markup, very long or empty.
text = st.one_of(
    st.text(max_size=300),
    st.from_regex(r"[0-9+\-() ]{0,25}", fullmatch=True),
    st.sampled_from(["", " ", "<script>alert(1)</script>", "0" * 400, "٠١٢", "\x00", "'; DROP TABLE x;--"]),
)
ShippingAddress = get_model("order", "ShippingAddress")
XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def shown_again(response):
    """The form came back (200) with at least one error message, or the input was accepted."""
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        form = response.context.get("form")
        assert form is not None and form.errors, "a 200 without an error message"
    return response.status_code == 302


def test_address_form_never_500s_and_keeps_nothing_on_error(client):
    shop_ready()
    client.post(reverse("basket:add", kwargs={"pk": make_product().pk}), {"quantity": 1})
    client.post(reverse("checkout:index"), {"username": "siti@example.com", "options": "anonymous"})
    url = reverse("checkout:shipping-address")

    @FUZZ
    @given(name=text, phone=text, line1=text, city=text, postcode=text, state=text)
    def post(name, phone, line1, city, postcode, state):
        data = {**ADDRESS, "first_name": name, "phone_number": phone, "line1": line1, "line4": city}
        data.update(postcode=postcode, state=state)
        shown_again(client.post(url, data))
        assert not ShippingAddress.objects.exists()  # kept in the session until the order is placed

    post()


def test_contact_form_never_500s_and_files_one_feedback_or_none(client):
    from tests.factories import build_site

    url = build_site()["contact"].url

    @FUZZ
    @given(name=text, phone=text, email=text, message=text, rating=text)
    def post(name, phone, email, message, rating):
        cache.clear()  # the hourly limit has its own test (tests/functional/test_cms_contact.py)
        before = Feedback.objects.count()
        data = {"name": name, "phone": phone, "email": email, "message": message, "rating": rating}
        response = client.post(url, data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert response.context["form"].errors
        assert Feedback.objects.count() == before + (response.status_code == 302)

    post()


def test_survey_never_500s_and_stores_one_answer_at_most(client):
    order = place_with_order_creator()
    url = reverse("crm:survey", kwargs={"token": make_token(order)})

    @FUZZ
    @given(nps=text, rating=text, comment=text)
    def post(nps, rating, comment):
        cache.clear()  # the per-IP rate limit is tested on its own
        response = client.post(url, {"nps": nps, "rating": rating, "comment": comment})
        assert response.status_code in (200, 302, 400)
        if response.status_code == 400:  # the survey re-shown with what is missing
            assert response.context["form"].errors
        assert Feedback.objects.filter(order=order, source=FeedbackSource.SURVEY).count() <= 1

    post()


def test_counter_sale_and_manual_adjustment_never_500_and_save_nothing_on_error(client, owner_user):
    client.force_login(owner_user)
    customer = find_or_create_customer(phone="081233334444", name="Budi")
    account = loyalty_services.get_account(customer)
    loyalty_services.adjust_points(account, 100, "saldo awal", by=None)

    @FUZZ
    @given(phone=text, amount=text, name=text, points=text, reason=text)
    def post(phone, amount, name, points, reason):
        before = Entry.objects.count()
        accepted = shown_again(
            client.post(
                reverse("dashboard:loyalty-counter"),
                {"phone": phone, "amount": amount, "name": name, "token": str(uuid.uuid4())},
            )
        )
        assert accepted or Entry.objects.count() == before
        before = Entry.objects.count()
        accepted = shown_again(
            client.post(
                reverse("dashboard:loyalty-account", kwargs={"pk": account.pk}),
                {"points": points, "reason": reason},
            )
        )
        assert accepted or Entry.objects.count() == before
        account.refresh_from_db()
        assert account.available >= 0

    post()


def csv_upload(content, name="data.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.mark.parametrize(
    "url_name,field",
    [("dashboard:crm-customer-import", "file"), ("dashboard:quick-catalogue-import", "spreadsheet")],
)
def test_imports_never_500_on_garbage_files(client, owner_user, url_name, field):
    client.force_login(owner_user)
    Product = get_model("catalogue", "Product")

    @FUZZ
    @given(
        content=st.one_of(
            st.binary(max_size=2000),
            st.lists(st.lists(text, max_size=6), max_size=8).map(
                lambda rows: "\n".join(",".join(row) for row in rows).encode("utf-8", "surrogatepass")
            ),
        ),
        name=st.sampled_from(["data.csv", "data.xlsx", "data.exe", "data"]),
    )
    def post(content, name):
        customers, products = Customer.objects.count(), Product.objects.count()
        response = client.post(reverse(url_name), {field: csv_upload(content, name)})
        assert response.status_code in (200, 302, 400)  # 400: the form again with the reason
        # An upload alone never writes: both imports show a preview to confirm first.
        assert (Customer.objects.count(), Product.objects.count()) == (customers, products)

    post()


# ---------------------------------------------------------------------------
# Uploads
# ---------------------------------------------------------------------------
def image_bytes(size=(40, 30), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, fmt)
    return buffer.getvalue()


def bomb_png():
    """A PNG claiming 30000×30000 pixels (900 MP) that compresses to a few hundred KB."""
    buffer = io.BytesIO()
    Image.new("1", (30000, 30000)).save(buffer, "PNG")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HOSTILE = {
    "svg with script": ("bukti.svg", SVG, "image/svg+xml"),
    "html as jpeg": ("bukti.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
    "executable": ("bukti.jpg", b"MZ\x90\x00" + b"\x00" * 500, "image/jpeg"),
    "gif": ("bukti.gif", image_bytes(fmt="GIF"), "image/gif"),
    "truncated png": ("bukti.png", image_bytes()[:60], "image/png"),
    "huge": ("bukti.jpg", b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024 + 1), "image/jpeg"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_uploads_are_refused_by_both_validators(kind):
    name, content, content_type = HOSTILE[kind]
    for validate in (validate_image_upload, clean_receipt_upload):
        with pytest.raises(ValidationError) as refused:
            validate(SimpleUploadedFile(name, content, content_type=content_type))
        assert refused.value.messages[0]  # a message for the person, in Indonesian


def test_decompression_bomb_is_refused_before_decoding():
    with pytest.raises(ValidationError) as refused:
        validate_image_upload(SimpleUploadedFile("bom.png", bomb_png(), content_type="image/png"))
    assert refused.value.code in ("bomb", "invalid")


@pytest.mark.parametrize("kind", ["svg with script", "html as jpeg", "huge"])
def test_hostile_receipt_upload_through_the_order_page_is_refused(client, kind):
    from storefront.payment.models import PaymentReceipt

    order = place_with_order_creator()
    session = client.session
    session["anon_order_email"] = order.guest_email
    session.save()
    name, content, content_type = HOSTILE[kind]
    url = reverse(
        "checkout:receipt-upload", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )
    response = client.post(url, {"receipt": SimpleUploadedFile(name, content, content_type=content_type)})
    assert response.status_code == 302
    assert not PaymentReceipt.objects.exists()


# ---------------------------------------------------------------------------
# Stored XSS
# ---------------------------------------------------------------------------
def assert_escaped(response, url=""):
    body = response.content.decode()
    assert response.status_code == 200
    for raw in ('<script>alert("xss")', "<img src=x onerror"):
        assert raw not in body, body[max(body.find(raw) - 300, 0) : body.find(raw) + 100]
    assert "&lt;script&gt;alert" in body, f"{url} does not show the text at all"


def test_script_in_names_and_comments_is_escaped_for_buyer_and_owner(client, owner_user):
    buyer = get_user_model().objects.create_user(email="ani@example.com", password="x", first_name=XSS)
    customer = find_or_create_customer(email=buyer.email, name=XSS, user=buyer)
    feedback = Feedback.objects.create(
        customer=customer, source=FeedbackSource.CONTACT, comment=XSS, name=XSS, rating=1
    )

    client.force_login(buyer)
    assert_escaped(client.get(reverse("crm_account:feedback-detail", kwargs={"pk": feedback.pk})))
    assert_escaped(client.get(reverse("crm_account:feedback-list")))

    client.force_login(owner_user)
    for url in (
        reverse("dashboard:crm-customer-detail", kwargs={"pk": customer.pk}),
        reverse("dashboard:crm-customer-list"),
        reverse("dashboard:crm-feedback-detail", kwargs={"pk": feedback.pk}),
        reverse("dashboard:crm-feedback-list"),
        reverse("dashboard:index"),
        reverse("dashboard:loyalty-account", kwargs={"pk": loyalty_services.get_account(customer).pk}),
    ):
        assert_escaped(client.get(url), url)


def test_script_in_a_review_and_a_product_title_is_escaped(client, owner_user):
    ProductReview = get_model("reviews", "ProductReview")
    product = make_product(title=XSS)
    buyer = get_user_model().objects.create_user(email="ani@example.com", password="x")
    ProductReview.objects.create(
        product=product, user=buyer, title=XSS, body=XSS, score=5, status=ProductReview.APPROVED
    )
    assert_escaped(client.get(product.get_absolute_url()))
    client.force_login(owner_user)
    assert_escaped(client.get(reverse("dashboard:reviews-list")))
    assert_escaped(client.get(reverse("dashboard:quick-catalogue-list")))
