"""A realistic shop at scale, written in bulk (``manage.py generate_scale_data``).

Products with prices, stock and categories; CRM customers (some with a user account); orders
with lines in Oscar's own tables (written directly, not through ``OrderCreator``: the point is
volume); each order linked to its customer; the loyalty ledger the order flow would have left
(a pending entry per placed order, an earn entry per completed one, balances to match) and
survey answers and complaints on some orders. Everything comes from one seeded random
generator, so two runs with the same numbers make the same shop.

Primary keys are handed out here (from the tables' current maximum; the sequences are moved
past them at the end), so child rows are written without reading anything back. On PostgreSQL
the rows go in with ``COPY``; elsewhere (SQLite, the default test database) with
``bulk_create`` (``bench/bulk.py``).
"""

import datetime
import random
import time
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from oscar.core.loading import get_model

from bench.bulk import Progress, Writer
from bench.models import ScaleDataRun
from core import caching, order_statuses
from crm import rules as crm_rules
from crm import segments
from crm.models import Customer, CustomerOrder, Feedback, FeedbackSource, FeedbackStatus
from loyalty import rules
from loyalty.models import Account, Entry, EntryKind, SourceType
from loyalty.services import get_settings

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")

CATEGORIES = [
    "Kopi",
    "Teh",
    "Camilan",
    "Sambal",
    "Kue Kering",
    "Batik",
    "Tenun",
    "Madu",
    "Rempah",
    "Kerajinan",
]
CITIES = [
    "Jakarta",
    "Bandung",
    "Surabaya",
    "Medan",
    "Yogyakarta",
    "Semarang",
    "Makassar",
    "Denpasar",
    "Malang",
]
FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rina", "Andi", "Wati", "Joko", "Sri", "Putri", "Eko", "Ayu"]
LAST = ["Santoso", "Wijaya", "Lestari", "Saputra", "Hidayat", "Kusuma", "Pratama", "Nugroho"]
# Most orders are done; a few are still moving or were cancelled.
STATUS_WEIGHTS = [
    (order_statuses.COMPLETED, 80),
    (order_statuses.SHIPPED, 5),
    (order_statuses.PROCESSING, 3),
    (order_statuses.PAID, 3),
    (order_statuses.PENDING_PAYMENT, 4),
    (order_statuses.CANCELLED, 5),
]
HISTORY_DAYS = 730
SHIPPING = Decimal(15000)  # one flat rate: the merchandise total is the order total minus this
ORDER_NUMBER_OFFSET = 100000


class Person(NamedTuple):
    pk: int
    name: str
    phone: str
    email: str
    city: str
    user_id: int | None


class Plan(NamedTuple):
    """One generated order: ``lines`` are ((product id, title, upc, price), quantity) pairs."""

    pk: int
    number: str
    customer: Person
    status: str
    placed: datetime.datetime
    total: Decimal
    lines: list


def generate(*, customers, orders, products, out, seed=7, user_share=0.1):
    """Fill the database; returns the ``ScaleDataRun`` marker row.

    Everything is one transaction. On PostgreSQL, ``VACUUM ANALYZE`` follows when it can (not
    inside an outer transaction), so that benchmarks do not meet autovacuum and hint-bit writes.
    """
    rng = random.Random(seed)
    progress = Progress(out)
    writer = Writer(progress)
    started = time.monotonic()
    with transaction.atomic():
        catalogue = _catalogue(rng, products, writer)
        people = _customers(rng, customers, user_share, writer)
        placed, line_count = _orders(rng, orders, people, catalogue, writer)
        _loyalty(placed, writer)
        _feedback(rng, placed, writer)
        writer.finish()
        # The CRM's stored order history and RFM segments, as its nightly job leaves them.
        with progress.step("CRM order stats"):
            Customer.objects.all().refresh_order_stats()
        with progress.step("RFM segments"):
            segments.refresh_segments(writer.now)
        run = ScaleDataRun.objects.create(
            customers=customers,
            orders=len(placed),
            order_lines=line_count,
            products=products,
            seconds=round(time.monotonic() - started, 1),
        )
    if writer.copy:
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with progress.step(statement), connection.cursor() as cursor:
            cursor.execute(statement)
    # Bulk inserts send no signals: retire every cached page and number by hand.
    caching.bump(caching.CATALOGUE, caching.ORDERS, caching.PAGES, caching.SETTINGS)
    return run


def _catalogue(rng, count, writer):
    """Products (id, title, upc, price) with a stock record and a category each."""
    partner, _ = Partner.objects.get_or_create(code="toko", defaults={"name": "Toko"})
    product_class, _ = ProductClass.objects.get_or_create(
        slug="produk", defaults={"name": "Produk", "requires_shipping": True, "track_stock": True}
    )
    categories = []
    for name in CATEGORIES:
        category = Category.objects.filter(name=name, depth=1).first() or Category.add_root(name=name)
        categories.append(category.pk)
    first = writer.first_id(Product)
    made = [
        (
            pk,
            f"{rng.choice(CATEGORIES)} {number:05d}",
            f"SKALA{pk:07d}",
            Decimal(rng.randrange(10, 500) * 1000),
        )
        for number, pk in enumerate(range(first, first + count))
    ]
    writer.write(
        Product,
        ["id", "title", "slug", "upc"],
        ((pk, title, f"produk-skala-{pk}", upc) for pk, title, upc, _price in made),
        total=count,
        step="products",
        fixed={
            "structure": Product.STANDALONE,
            "product_class_id": product_class.pk,
            "is_public": True,
            "description": "Produk contoh untuk uji skala.",
        },
    )
    writer.write(
        StockRecord,
        ["product_id", "partner_sku", "price", "num_in_stock"],
        ((pk, upc, price, rng.randrange(0, 200)) for pk, _title, upc, price in made),
        total=count,
        step="stock records",
        fixed={"partner_id": partner.pk, "price_currency": "IDR"},
    )
    writer.write(
        ProductCategory,
        ["product_id", "category_id"],
        ((pk, rng.choice(categories)) for pk, *_rest in made),
        total=count,
        step="product categories",
    )
    return {"partner": partner, "products": made}


def _customers(rng, count, user_share, writer):
    """Customers (and a user account for ``user_share`` of them); returns the ``Person`` list."""
    User = get_user_model()
    first_customer, first_user = writer.first_id(Customer), writer.first_id(User)
    people, accounts = [], []
    for pk in range(first_customer, first_customer + count):
        name, email = f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"pembeli{pk}@skala.test"
        user_id = None
        if rng.random() < user_share:
            user_id = first_user + len(accounts)
            accounts.append((user_id, email, name))
        people.append(
            (
                pk,
                name,
                f"+62812{pk:08d}",
                email,
                rng.choice(CITIES),
                user_id,
                rng.random() < 0.3,
                rng.random() < 0.5,
            )
        )
    writer.write(
        User,
        ["id", "email", "first_name"],
        accounts,
        total=len(accounts),
        step="users",
        fixed={"password": "!"},
    )
    writer.write(
        Customer,
        ["id", "name", "phone", "email", "city", "user_id", "email_consent", "whatsapp_consent"],
        people,
        total=count,
        step="customers",
    )
    return [Person(*person[:6]) for person in people]


def _orders(rng, count, people, catalogue, writer):
    """Orders spread over two years (regulars buy often, most customers once or twice).

    Returns (the ``Plan`` of each order, the number of lines).
    """
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="ID",
        defaults={"name": "Indonesia", "printable_name": "Indonesia", "is_shipping_country": True},
    )
    partner, products = catalogue["partner"], catalogue["products"]
    statuses_, weights = zip(*STATUS_WEIGHTS, strict=True)
    first_order, first_address = writer.first_id(Order), writer.first_id(ShippingAddress)
    plans = []
    regulars = max(1, len(people) // 10)
    with writer.progress.step("planning orders", count) as running:
        for pk in running.counted(range(first_order, first_order + count)):
            # A tenth of the customers are regulars and place 40 % of the orders.
            customer = people[rng.randrange(regulars) if rng.random() < 0.4 else rng.randrange(len(people))]
            picked = [(rng.choice(products), rng.randint(1, 3)) for _line in range(rng.randint(1, 5))]
            placed = writer.now - datetime.timedelta(days=rng.random() * HISTORY_DAYS)
            total = sum(product[3] * quantity for product, quantity in picked) + SHIPPING
            status = rng.choices(statuses_, weights)[0]
            plans.append(Plan(pk, str(ORDER_NUMBER_OFFSET + pk), customer, status, placed, total, picked))
    address_of = first_address - first_order  # each order has its own address: pk + address_of
    writer.write(
        ShippingAddress,
        ["id", "first_name", "last_name", "line4", "phone_number", "search_text"],
        (
            (plan.pk + address_of, *plan.customer.name.split(" ", 1), plan.customer.city, plan.customer.phone)
            + (plan.customer.name,)
            for plan in plans
        ),
        total=count,
        step="addresses",
        fixed={"line1": "Jl. Merdeka 1", "postcode": "40111", "country_id": country.pk},
    )
    writer.write(
        Order,
        ["id", "number", "user_id", "guest_email", "shipping_address_id", "total_incl_tax", "total_excl_tax"]
        + ["status", "date_placed"],
        (
            (
                plan.pk,
                plan.number,
                plan.customer.user_id,
                "" if plan.customer.user_id else plan.customer.email,
            )
            + (plan.pk + address_of, plan.total, plan.total, plan.status, plan.placed)
            for plan in plans
        ),
        total=count,
        step="orders",
        fixed={
            "site_id": 1,
            "currency": "IDR",
            "shipping_incl_tax": SHIPPING,
            "shipping_excl_tax": SHIPPING,
            "shipping_method": "Kurir",
            "shipping_code": "province-flat-rate",
        },
    )
    line_count = writer.write(
        Line,
        ["order_id", "product_id", "partner_sku", "title", "upc", "quantity", "status"]
        + ["line_price_incl_tax", "line_price_excl_tax", "unit_price_incl_tax", "unit_price_excl_tax"]
        + ["line_price_before_discounts_incl_tax", "line_price_before_discounts_excl_tax"],
        (
            (plan.pk, product_pk, upc, title, upc, quantity, plan.status)
            + (price * quantity, price * quantity, price, price, price * quantity, price * quantity)
            for plan in plans
            for (product_pk, title, upc, price), quantity in plan.lines
        ),
        total=count * 3,  # 1–5 lines, 3 on average: close enough for the time left
        step="order lines",
        fixed={"partner_id": partner.pk, "partner_name": partner.name, "num_allocated": 0},
    )
    writer.write(
        CustomerOrder,
        ["order_id", "customer_id"],
        ((plan.pk, plan.customer.pk) for plan in plans),
        total=count,
        step="customer links",
    )
    return plans, line_count


def _loyalty(placed, writer):
    """The ledger the order flow leaves: pending per placed order, earn once it completed."""
    config = get_settings()
    first_account = writer.first_id(Account)
    accounts, entries = {}, []  # customer id → [account id, available, pending]
    for plan in placed:
        if plan.status == order_statuses.CANCELLED:
            continue
        account = accounts.setdefault(plan.customer.pk, [first_account + len(accounts), 0, 0])
        amount = plan.total - SHIPPING  # Oscar's basket_total_* query the surcharges
        points = rules.points_for_spend(amount, config.rupiah_per_point_earned)
        note, source = f"Pesanan {plan.number}", str(plan.pk)
        # account, kind, source, available change, pending change, remaining, amount, note, expiry
        entries.append((account[0], EntryKind.PENDING, source, 0, points, 0, amount, note, None))
        if plan.status == order_statuses.COMPLETED:
            expires = plan.placed + datetime.timedelta(days=365)
            entries.append(
                (account[0], EntryKind.EARN, source, points, -points, points, amount, note, expires)
            )
            account[1] += points
        else:
            account[2] += points
    writer.write(
        Account,
        ["id", "customer_id", "available", "pending", "referral_code"],
        (
            (pk, customer, available, pending, f"S{customer:010d}")
            for customer, (pk, available, pending) in accounts.items()
        ),
        total=len(accounts),
        step="loyalty accounts",
    )
    writer.write(
        Entry,
        ["account_id", "kind", "source_id", "available_delta", "pending_delta", "remaining", "amount", "note"]
        + ["expires_at"],
        entries,
        total=len(entries),
        step="ledger entries",
        fixed={"source_type": SourceType.ORDER},
    )


def _feedback(rng, placed, writer):
    """Survey answers on about one completed order in eight; a few are complaints."""
    rows = []
    for plan in placed:
        if plan.status != order_statuses.COMPLETED or rng.random() > 0.125:
            continue
        rating = rng.choices([1, 2, 3, 4, 5], [3, 4, 10, 35, 48])[0]
        nps = min(10, rating * 2 + rng.randint(-1, 0))
        complaint = crm_rules.is_complaint(rating=rating, nps=nps)  # bulk insert: save() is not called
        customer = plan.customer
        rows.append(
            (
                customer.pk,
                plan.pk,
                rating,
                nps,
                "Pengiriman lama" if complaint else "Mantap",
                customer.name,
                customer.email,
                customer.phone,
                complaint,
                FeedbackStatus.NEW if complaint and rng.random() < 0.3 else FeedbackStatus.RESOLVED,
            )
        )
    writer.write(
        Feedback,
        ["customer_id", "order_id", "rating", "nps", "comment", "name", "email", "phone", "is_complaint"]
        + ["status"],
        rows,
        total=len(rows),
        step="feedback",
        fixed={"source": FeedbackSource.SURVEY},
    )
