"""A realistic shop at scale, written with bulk inserts (``manage.py generate_scale_data``).

Products with prices, stock and categories; CRM customers (some with a user account); orders
with lines through Oscar's own models (``bulk_create``, not ``OrderCreator``: the point is
volume); each order linked to its customer; the loyalty ledger the order flow would have left
(a pending entry per placed order, an earn entry per completed one, balances to match) and
survey answers and complaints on some orders. Everything comes from one seeded random
generator, so two runs with the same numbers make the same shop.
"""

import datetime
import random
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from oscar.core.loading import get_model

from bench.models import ScaleDataRun
from crm import segments
from crm.models import Customer, CustomerOrder, Feedback, FeedbackSource, FeedbackStatus
from loyalty import rules
from loyalty.models import Account, Entry, EntryKind, SourceType
from loyalty.services import get_settings
from storefront import caching
from storefront.order import statuses

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

BATCH = 2000
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
    (statuses.COMPLETED, 80),
    (statuses.SHIPPED, 5),
    (statuses.PROCESSING, 3),
    (statuses.PAID, 3),
    (statuses.PENDING_PAYMENT, 4),
    (statuses.CANCELLED, 5),
]
HISTORY_DAYS = 730
SHIPPING = Decimal(15000)  # one flat rate: the merchandise total is the order total minus this


class Progress:
    """One line per step and a running count, written to ``out`` (a command's stdout)."""

    def __init__(self, out):
        self.out, self.started = out, time.monotonic()

    def __call__(self, step, done, total):
        rate = done / max(time.monotonic() - self.started, 1e-6)
        self.out.write(f"\r{step}: {done}/{total} ({rate:,.0f} rows/s overall)   ", ending="")
        if done >= total:
            self.out.write("")


def _batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield start, items[start : start + size]


def _bulk(model, rows, step, progress):
    """Insert ``rows`` in batches; returns them (with primary keys on PostgreSQL and SQLite)."""
    made = []
    for start, batch in _batches(rows):
        made.extend(model.objects.bulk_create(batch))
        progress(step, start + len(batch), len(rows))
    return made


def generate(*, customers, orders, products, out, seed=7, user_share=0.1):
    """Fill the database; returns the ``ScaleDataRun`` marker row."""
    rng = random.Random(seed)
    progress = Progress(out)
    started = time.monotonic()
    now = timezone.now()
    with transaction.atomic():
        catalogue = _catalogue(rng, products, progress)
        people = _customers(rng, customers, user_share, progress)
        placed, line_count = _orders(rng, orders, people, catalogue, now, progress)
        _loyalty(placed, now, progress)
        _feedback(rng, placed, now, progress)
        # The CRM's stored order history and RFM segments, as its nightly job leaves them.
        Customer.objects.all().refresh_order_stats()
        segments.refresh_segments(now)
        run = ScaleDataRun.objects.create(
            customers=customers,
            orders=len(placed),
            order_lines=line_count,
            products=products,
            seconds=round(time.monotonic() - started, 1),
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, or the planner guesses from empty tables
    # Bulk inserts send no signals: retire every cached page and number by hand.
    caching.bump(caching.CATALOGUE, caching.ORDERS, caching.PAGES, caching.SETTINGS)
    return run


def _catalogue(rng, count, progress):
    partner, _ = Partner.objects.get_or_create(code="toko", defaults={"name": "Toko"})
    product_class, _ = ProductClass.objects.get_or_create(
        slug="produk", defaults={"name": "Produk", "requires_shipping": True, "track_stock": True}
    )
    categories = []
    for name in CATEGORIES:
        category = Category.objects.filter(name=name, depth=1).first() or Category.add_root(name=name)
        categories.append(category)
    start = Product.objects.count()
    rows = [
        Product(
            title=f"{rng.choice(CATEGORIES)} {number:05d}",
            slug=slugify(f"produk-skala-{start + number}"),
            structure=Product.STANDALONE,
            product_class=product_class,
            is_public=True,
            upc=f"SKALA{start + number:07d}",
            description="Produk contoh untuk uji skala.",
        )
        for number in range(count)
    ]
    made = _bulk(Product, rows, "products", progress)
    prices = [Decimal(rng.randrange(10, 500) * 1000) for _product in made]
    _bulk(
        StockRecord,
        [
            StockRecord(
                product=product,
                partner=partner,
                partner_sku=product.upc,
                price=price,
                price_currency="IDR",
                num_in_stock=rng.randrange(0, 200),
            )
            for product, price in zip(made, prices, strict=True)
        ],
        "stock records",
        progress,
    )
    _bulk(
        ProductCategory,
        [ProductCategory(product=product, category=rng.choice(categories)) for product in made],
        "product categories",
        progress,
    )
    return {"partner": partner, "products": list(zip(made, prices, strict=True))}


def _customers(rng, count, user_share, progress):
    User = get_user_model()
    start = Customer.objects.count()
    people = []
    for number in range(start, start + count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        people.append(
            Customer(
                name=name,
                phone=f"+62812{number:08d}",
                email=f"pembeli{number}@skala.test",
                city=rng.choice(CITIES),
                email_consent=rng.random() < 0.3,
                whatsapp_consent=rng.random() < 0.5,
            )
        )
    with_user = [person for person in people if rng.random() < user_share]
    users = _bulk(
        User,
        [User(email=person.email, password="!", first_name=person.name) for person in with_user],
        "users",
        progress,
    )
    for person, user in zip(with_user, users, strict=True):
        person.user = user
    return _bulk(Customer, people, "customers", progress)


def _orders(rng, count, people, catalogue, now, progress):
    """Orders spread over two years (regulars buy often, most customers once or twice)."""
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="ID",
        defaults={"name": "Indonesia", "printable_name": "Indonesia", "is_shipping_country": True},
    )
    partner, products = catalogue["partner"], catalogue["products"]
    statuses_, weights = zip(*STATUS_WEIGHTS, strict=True)
    first_number = Order.objects.count() + 100000
    plans = []
    regulars = max(1, len(people) // 10)
    for index in range(count):
        # A tenth of the customers are regulars and place 40 % of the orders.
        customer = people[rng.randrange(regulars) if rng.random() < 0.4 else rng.randrange(len(people))]
        picked = [(rng.choice(products), rng.randint(1, 3)) for _line in range(rng.randint(1, 5))]
        placed = now - datetime.timedelta(days=rng.random() * HISTORY_DAYS)
        plans.append((index, customer, picked, placed, rng.choices(statuses_, weights)[0]))
    addresses = _bulk(
        ShippingAddress,
        [
            ShippingAddress(
                first_name=customer.name.split()[0],
                last_name=customer.name.split()[-1],
                line1="Jl. Merdeka 1",
                line4=customer.city,
                postcode="40111",
                country=country,
                phone_number=customer.phone,
                search_text=customer.name,
            )
            for _index, customer, _picked, _placed, _status in plans
        ],
        "addresses",
        progress,
    )
    order_rows = []
    for (index, customer, picked, placed, status), address in zip(plans, addresses, strict=True):
        total = sum(price * quantity for (_product, price), quantity in picked)
        order_rows.append(
            Order(
                number=str(first_number + index),
                site_id=1,
                currency="IDR",
                user_id=customer.user_id,
                guest_email="" if customer.user_id else customer.email,
                shipping_address=address,
                shipping_incl_tax=SHIPPING,
                shipping_excl_tax=SHIPPING,
                total_incl_tax=total + SHIPPING,
                total_excl_tax=total + SHIPPING,
                status=status,
                date_placed=placed,
                shipping_method="Kurir",
                shipping_code="province-flat-rate",
            )
        )
    made = _bulk(Order, order_rows, "orders", progress)
    lines = []
    for order, (_index, _customer, picked, _placed, _status) in zip(made, plans, strict=True):
        for (product, price), quantity in picked:
            lines.append(
                Line(
                    order=order,
                    partner=partner,
                    partner_name=partner.name,
                    partner_sku=product.upc,
                    stockrecord_id=None,
                    product=product,
                    title=product.title,
                    upc=product.upc,
                    quantity=quantity,
                    line_price_incl_tax=price * quantity,
                    line_price_excl_tax=price * quantity,
                    line_price_before_discounts_incl_tax=price * quantity,
                    line_price_before_discounts_excl_tax=price * quantity,
                    unit_price_incl_tax=price,
                    unit_price_excl_tax=price,
                    num_allocated=0,
                    status=order.status,
                )
            )
    _bulk(Line, lines, "order lines", progress)
    _bulk(
        CustomerOrder,
        [CustomerOrder(order=order, customer=plan[1]) for order, plan in zip(made, plans, strict=True)],
        "customer links",
        progress,
    )
    return [(order, plan[1]) for order, plan in zip(made, plans, strict=True)], len(lines)


def _loyalty(placed, now, progress):
    """The ledger the order flow leaves: pending per placed order, earn once it completed."""
    config = get_settings()
    accounts, entries = {}, []
    for order, customer in placed:
        if order.status == statuses.CANCELLED:
            continue
        account = accounts.setdefault(
            customer.pk, {"customer": customer, "available": 0, "pending": 0, "rows": []}
        )
        amount = order.total_incl_tax - SHIPPING  # Oscar's basket_total_* query the surcharges
        points = rules.points_for_spend(amount, config.rupiah_per_point_earned)
        note = f"Pesanan {order.number}"
        account["rows"].append(
            {
                "kind": EntryKind.PENDING,
                "source_id": str(order.pk),
                "pending_delta": points,
                "amount": amount,
                "note": note,
            }
        )
        if order.status == statuses.COMPLETED:
            account["rows"].append(
                {
                    "kind": EntryKind.EARN,
                    "source_id": str(order.pk),
                    "available_delta": points,
                    "pending_delta": -points,
                    "remaining": points,
                    "amount": amount,
                    "note": note,
                    "expires_at": order.date_placed + datetime.timedelta(days=365),
                }
            )
            account["available"] += points
        else:
            account["pending"] += points
    made = _bulk(
        Account,
        [
            Account(
                customer=data["customer"],
                available=data["available"],
                pending=data["pending"],
                referral_code=f"S{data['customer'].pk:010d}",
            )
            for data in accounts.values()
        ],
        "loyalty accounts",
        progress,
    )
    for account, data in zip(made, accounts.values(), strict=True):
        entries.extend(Entry(account=account, source_type=SourceType.ORDER, **row) for row in data["rows"])
    _bulk(Entry, entries, "ledger entries", progress)


def _feedback(rng, placed, now, progress):
    """Survey answers on about one completed order in eight; a few are complaints."""
    rows = []
    for order, customer in placed:
        if order.status != statuses.COMPLETED or rng.random() > 0.125:
            continue
        rating = rng.choices([1, 2, 3, 4, 5], [3, 4, 10, 35, 48])[0]
        complaint = rating <= 2
        rows.append(
            Feedback(
                customer=customer,
                source=FeedbackSource.SURVEY,
                order=order,
                rating=rating,
                nps=min(10, rating * 2 + rng.randint(-1, 0)),
                comment="Pengiriman lama" if complaint else "Mantap",
                name=customer.name,
                email=customer.email,
                phone=customer.phone,
                is_complaint=complaint,
                status=FeedbackStatus.NEW if complaint and rng.random() < 0.3 else FeedbackStatus.RESOLVED,
            )
        )
    _bulk(Feedback, rows, "feedback", progress)
