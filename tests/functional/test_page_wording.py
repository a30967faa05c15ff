"""Every page a buyer or the owner sees, in every language, read for its wording.

The demo shop is loaded (real products, orders in every status, loyalty, CRM, CMS pages), and
each page is rendered for a guest, the demo buyer and the owner, in Indonesian and English:
the URL map is walked (every page without arguments, and the pages of real objects), a guest
walks the checkout from the basket to the thank-you page. A page fails on raw template syntax,
an Oscar or shop source string left untranslated in Indonesian, an English sentence on an
Indonesian page, a known machine-made translation, and an Indonesian glossary word in English
mode outside the shop's own content (tests/page_text.py).
"""

import html
import io
import json
import re
from collections import defaultdict

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from oscar.core.loading import get_class, get_model

from crm.survey import make_token
from storefront.dashboard.firststeps.steps import STEPS as FIRST_STEPS
from storefront.demo import BUYER_EMAIL, OWNER_EMAIL
from tests.factories import ADDRESS, shop_ready
from tests.page_text import ShopContent, accessibility_problems, wording_problems
from tests.url_map import STAFF_PREFIXES, walk

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
UserAddress = get_model("address", "UserAddress")

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Buyer-side names never opened with GET: they act (log out, switch language) or only answer POST.
ACTIONS = (
    "logout",
    "set_language",
    "basket:add",
    "vouchers-",
    "alerts-cancel",
    "alerts-confirm",
    "unsubscribe",
)
WAGTAIL_ADMIN = "/cms/"
NEVER_SIGNED_IN = "baru@example.com"


def arguments_of(pattern):
    return set(pattern.pattern.regex.groupindex)


@pytest.fixture
def shop(db):
    """The demo shop, a saved address, a product review and a line saved for later, so object
    pages have content."""
    shop_ready()
    call_command("seed_demo", stdout=io.StringIO())
    User = get_user_model()
    buyer = User.objects.get(email=BUYER_EMAIL)
    owner = User.objects.get(email=OWNER_EMAIL)
    address = UserAddress.objects.create(
        user=buyer,
        first_name="Dewi",
        line1=ADDRESS["line1"],
        line4=ADDRESS["line4"],
        state=ADDRESS["state"],
        postcode=ADDRESS["postcode"],
        country_id="ID",
    )
    product = Product.objects.filter(is_public=True).order_by("pk").first()
    product.reviews.create(title="Mantap", body="Wangi dan segar.", score=5, user=buyer, status=1)
    # A line saved for later, so the basket shows its "Items to buy later" form too.
    saved, _created = Basket.saved.get_or_create(owner=buyer)
    saved.strategy = Selector().strategy(user=buyer)
    saved.add_product(product)
    _oscar_dashboard_objects(product)
    return {"buyer": buyer, "owner": owner, "address": address, "product": product}


def _oscar_dashboard_objects(product):
    """One of each thing Oscar's other dashboard screens manage (the demo shop has none), so
    their edit pages are crawled with real content."""
    from django.contrib.flatpages.models import FlatPage

    Range = get_model("offer", "Range")
    CommunicationEventType = get_model("communication", "CommunicationEventType")
    WeightBased = get_model("shipping", "WeightBased")
    Option = get_model("catalogue", "Option")
    AttributeOptionGroup = get_model("catalogue", "AttributeOptionGroup")
    Range.objects.create(name="Promo Lebaran").add_product(product)
    CommunicationEventType.objects.create(
        code="ORDER_PLACED",
        name="Pesanan dibuat",
        email_subject_template="Pesanan {{ order.number }}",
        email_body_template="Terima kasih.",
    )
    WeightBased.objects.create(name="Kurir berat", code="kurir-berat").bands.create(
        upper_limit=1, charge=10000
    )
    FlatPage.objects.create(url="/info/", title="Info toko", content="Buka setiap hari.")
    Option.objects.create(name="Ukiran nama", code="ukiran")
    AttributeOptionGroup.objects.create(name="Ukuran").options.create(option="Besar")
    # An account made without signing in (as the demo seed makes the buyer's): never logged in.
    get_user_model().objects.create(email=NEVER_SIGNED_IN)


def object_pages(shop):
    """(role, url) of pages about real objects, which the URL walk cannot guess."""
    buyer, product = shop["buyer"], shop["product"]
    category = product.categories.first()
    orders = list(Order.objects.filter(user=buyer).order_by("number"))
    Feedback = get_model("crm", "Feedback")
    Customer = get_model("crm", "Customer")
    Account = get_model("loyalty", "Account")
    Reward = get_model("loyalty", "Reward")
    Voucher = get_model("voucher", "Voucher")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    review = product.reviews.first()
    guest = [
        reverse("catalogue:detail", kwargs={"product_slug": product.slug, "pk": product.pk}),
        reverse("catalogue:category", kwargs={"category_slug": category.slug, "pk": category.pk}),
        reverse("catalogue:reviews-list", kwargs={"product_slug": product.slug, "product_pk": product.pk}),
        reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk}),
        reverse(
            "catalogue:reviews-detail",
            kwargs={"product_slug": product.slug, "product_pk": product.pk, "pk": review.pk},
        ),
        reverse(
            "customer:anon-order-form",
            kwargs={"order_number": orders[0].number, "hash": orders[0].verification_hash()},
        ),
        reverse("search:search") + "?q=kopi",
        reverse("search:search") + "?q=tidakada",
        reverse("catalogue:index") + "?sort_by=price-asc",
        reverse("crm:survey", kwargs={"token": make_token(orders[-1])}),
        reverse(
            "password-reset-confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(buyer.pk)),
                "token": default_token_generator.make_token(buyer),
            },
        ),
        "/tentang-kami/",
    ]
    mine = [reverse("customer:order", kwargs={"order_number": order.number}) for order in orders]
    mine += [
        reverse(
            "checkout:invoice",
            kwargs={"order_number": orders[0].number, "hash": orders[0].verification_hash()},
        ),
        reverse("customer:address-detail", kwargs={"pk": shop["address"].pk}),
        reverse("customer:address-delete", kwargs={"pk": shop["address"].pk}),
    ]
    mine += [
        reverse("crm_account:feedback-detail", kwargs={"pk": feedback.pk})
        for feedback in Feedback.objects.filter(customer__user=buyer)[:2]
    ]
    owner = [reverse("dashboard:order-detail", kwargs={"number": order.number}) for order in orders]
    owner += [
        reverse(
            "dashboard:order-line-detail",
            kwargs={"number": orders[0].number, "line_id": orders[0].lines.first().pk},
        ),
        reverse("dashboard:order-shipping-address", kwargs={"number": orders[0].number}),
        reverse("dashboard:order-list") + "?order_status=Paid",
        reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}),
        reverse("dashboard:catalogue-category-update", kwargs={"pk": category.pk}),
        reverse("dashboard:user-detail", kwargs={"pk": buyer.pk}),
        reverse("dashboard:reviews-update", kwargs={"pk": review.pk}),
        reverse("dashboard:loyalty-account", kwargs={"pk": Account.objects.get(customer__user=buyer).pk}),
        reverse("dashboard:loyalty-reward-update", kwargs={"pk": Reward.objects.first().pk}),
        reverse("dashboard:crm-segment-detail", kwargs={"key": "champions"}),
        "/cms/",
        "/cms/pages/",
        reverse("dashboard:first-steps"),
    ]
    owner += [reverse("dashboard:first-step", kwargs={"slug": step.slug}) for step in FIRST_STEPS]
    owner += oscar_dashboard_pages(product)
    # An account that never signed in: its empty fields are shown too.
    never_signed_in = get_user_model().objects.get(email=NEVER_SIGNED_IN)
    owner.append(reverse("dashboard:user-detail", kwargs={"pk": never_signed_in.pk}))
    owner += [
        reverse(name, kwargs={"pk": customer.pk})
        for customer in Customer.objects.order_by("pk")[:2]
        for name in ("dashboard:crm-customer-detail", "dashboard:crm-customer-update")
    ]
    owner += [
        reverse("dashboard:crm-feedback-detail", kwargs={"pk": feedback.pk})
        for feedback in Feedback.objects.order_by("pk")[:4]
    ]
    for voucher in Voucher.objects.order_by("pk")[:1]:
        owner += [
            reverse(n, kwargs={"pk": voucher.pk})
            for n in ("dashboard:voucher-update", "dashboard:voucher-stats")
        ]
    for offer in ConditionalOffer.objects.order_by("pk")[:1]:
        owner += [
            reverse(n, kwargs={"pk": offer.pk})
            for n in ("dashboard:offer-detail", "dashboard:offer-metadata")
        ]
    return (
        [("guest", url) for url in guest]
        + [("buyer", url) for url in mine]
        + [("owner", url) for url in owner]
    )


def oscar_dashboard_pages(product):
    """Oscar's dashboard screens about one object: product types, options, partners, ranges,
    e-mail templates, weight-based shipping and flat pages."""
    from django.contrib.flatpages.models import FlatPage

    Range = get_model("offer", "Range")
    Partner = get_model("partner", "Partner")
    WeightBased = get_model("shipping", "WeightBased")
    Option = get_model("catalogue", "Option")
    AttributeOptionGroup = get_model("catalogue", "AttributeOptionGroup")
    CommunicationEventType = get_model("communication", "CommunicationEventType")
    by_pk = {
        product.product_class: ("dashboard:catalogue-class-update", "dashboard:catalogue-class-delete"),
        Partner.objects.first(): ("dashboard:partner-manage", "dashboard:partner-delete"),
        Range.objects.first(): (
            "dashboard:range-update",
            "dashboard:range-products",
            "dashboard:range-delete",
        ),
        WeightBased.objects.first(): (
            "dashboard:shipping-method-detail",
            "dashboard:shipping-method-edit",
            "dashboard:shipping-method-delete",
        ),
        FlatPage.objects.first(): ("dashboard:page-update", "dashboard:page-delete"),
        Option.objects.first(): ("dashboard:catalogue-option-update", "dashboard:catalogue-option-delete"),
        AttributeOptionGroup.objects.first(): (
            "dashboard:catalogue-attribute-option-group-update",
            "dashboard:catalogue-attribute-option-group-delete",
        ),
    }
    pages = [reverse(name, kwargs={"pk": obj.pk}) for obj, names in by_pk.items() for name in names]
    partner = Partner.objects.first()
    pages += [
        reverse("dashboard:partner-user-select", kwargs={"partner_pk": partner.pk}),
        reverse("dashboard:partner-user-create", kwargs={"partner_pk": partner.pk}),
        reverse(
            "dashboard:catalogue-product-create", kwargs={"product_class_slug": product.product_class.slug}
        ),
        reverse(
            "dashboard:catalogue-category-create-child", kwargs={"parent": product.categories.first().pk}
        ),
        reverse("dashboard:comms-update", kwargs={"slug": CommunicationEventType.objects.first().code}),
    ]
    method = WeightBased.objects.first()
    pages += [
        reverse(name, kwargs={"method_pk": method.pk, "pk": method.bands.first().pk})
        for name in ("dashboard:shipping-method-band-edit", "dashboard:shipping-method-band-delete")
    ]
    return pages


def walked_pages():
    """(role, url) of every page of the URL map that needs no argument."""
    pages = []
    for route, name, pattern in walk():
        if arguments_of(pattern) or "<" in route or "^" in route or any(a in name for a in ACTIONS):
            continue
        url = "/" + route
        if route.startswith("dashboard/"):
            # Every dashboard screen the owner can open, in the menu or only by its URL.
            pages.append(("owner", url))
        elif not route.startswith(STAFF_PREFIXES):
            pages += [("guest", url), ("buyer", url)]
    return pages


# Stored codes (statuses, keys, slugs …) are the shop's vocabulary, not content: shown, they
# must be translated.
CODE_FIELDS = re.compile(r"status|code|key|slug|currency|kind|type|source|channel|segment")


def written_lines(value):
    """The lines of text in a stored value: plain, HTML, JSON or a StreamField's blocks."""
    from django.utils.html import strip_tags

    value = getattr(value, "raw_data", value)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)) or type(value).__name__ == "RawDataView":
        return [line for item in value for line in written_lines(item)]
    if not isinstance(value, str) or not value.strip():
        return []
    if value.lstrip()[:1] in "[{":
        try:
            return written_lines(json.loads(value))
        except ValueError:
            pass
    return [line for line in html.unescape(strip_tags(value)).splitlines() if line.strip()]


CONTENT_APPS = (
    "catalogue",
    "cms",
    "wagtailcore",
    "crm",
    "loyalty",
    "offer",
    "voucher",
    "address",
    "reviews",
    "partner",
    "communication",
    "shipping",
    "flatpages",
    "auth",  # the staff groups' names ("Staf toko"), which the staff page names in every language
)


def shop_content():
    """Everything the owner or a buyer wrote (it may be in any language)."""
    from django.apps import apps

    texts = [settings.OSCAR_SHOP_NAME, ADDRESS["line1"], ADDRESS["line2"]]
    for label in CONTENT_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if not model._meta.managed:
                continue
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if f.get_internal_type() in ("CharField", "TextField", "JSONField")
                and not f.choices
                and not CODE_FIELDS.search(f.name)
            ]
            for row in model.objects.values_list(*fields)[:500] if fields else []:
                for value in row:
                    texts += written_lines(value)
    return ShopContent(texts)


def guest_checkout_pages(client, product):
    """A guest from the basket to the thank-you page: (url, html) of each step."""
    seen = []

    def get(url):
        response = client.get(url)
        seen.append((url, response))
        return response

    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2})
    get(reverse("basket:summary"))
    get(reverse("checkout:index"))
    client.post(reverse("checkout:index"), {"username": "tamu@example.com", "options": "anonymous"})
    get(reverse("checkout:shipping-address"))
    client.post(reverse("checkout:shipping-address"), ADDRESS)
    get(reverse("checkout:shipping-method"))
    client.post(reverse("checkout:shipping-method"), {"method_code": "courier"})
    get(reverse("checkout:payment-method"))
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    get(reverse("checkout:preview"))
    client.post(reverse("checkout:preview"), {"action": "place_order"})
    get(reverse("checkout:thank-you"))
    return seen


def test_every_page_reads_well_in_every_language(shop):
    content = shop_content()
    pages = walked_pages() + object_pages(shop)
    users = {"buyer": shop["buyer"], "owner": shop["owner"]}
    problems = defaultdict(set)
    barriers = defaultdict(set)
    rendered = 0
    for language in LANGUAGES:
        clients = {}
        for role in ("guest", "buyer", "owner"):
            clients[role] = Client()
            clients[role].cookies[settings.LANGUAGE_COOKIE_NAME] = language
            if role in users:
                clients[role].force_login(users[role])
        # Basa Sunda is a language of the buyer's pages only (the owner's stay id/en).
        asked = [(role, url) for role, url in pages if language != "su" or role != "owner"]
        responses = [(role, url, clients[role].get(url)) for role, url in asked]
        responses += [("guest", url, r) for url, r in guest_checkout_pages(clients["guest"], shop["product"])]
        for role, url, response in responses:
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            rendered += 1
            if language != "id" and url.startswith(WAGTAIL_ADMIN):
                continue  # Wagtail's admin speaks the language of the owner's account settings
            html = response.content.decode()
            if language == "id" and not url.startswith(WAGTAIL_ADMIN):
                for kind, detail in accessibility_problems(html):
                    barriers[(kind, detail)].add(f"{role} {url}")
            for kind, text in wording_problems(html, language, content):
                problems[(language, kind, text[:160])].add(f"{role} {url}")
    assert rendered > 150, rendered
    report = [
        f"[{language}] {kind}: {text!r}  on {', '.join(sorted(where)[:3])}"
        for (language, kind, text), where in sorted(problems.items())
    ]
    assert not report, f"{len(report)} wording problems:\n" + "\n".join(report)
    report = [
        f"{kind}: {detail}  on {', '.join(sorted(where)[:3])}"
        for (kind, detail), where in sorted(barriers.items())
    ]
    assert not report, f"{len(report)} accessibility problems:\n" + "\n".join(report)


def test_category_form_places_a_category_in_indonesian():
    # django-treebeard builds the form's position fields and has no Indonesian catalogue, so
    # its English words never show up as untranslated msgids in the crawl above.
    from django.utils import translation

    CategoryForm = get_class("dashboard.catalogue.forms", "CategoryForm")
    with translation.override("id"):
        form = CategoryForm()
        position = form.fields["treebeard_position"]
        words = [str(position.label), str(form.fields["treebeard_ref_node"].label)]
        words += [str(label) for _code, label in position.choices]

    assert words == ["Posisi", "Terhadap kategori", "Subkategori pertama dari", "Sebelum", "Sesudah"]
