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
``bulk_create``.
"""

import datetime
import itertools
import random
import time
from contextlib import contextmanager
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from oscar.core.loading import get_model

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

BATCH = 2000  # rows per bulk_create (the SQLite path)
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


class Progress:
    """Progress per step on a command's stdout.

    While a step runs on a terminal, a bar with rows done, rate and time left is redrawn in
    place; when it ends, one line with its rows, seconds and rate stays (the only output when
    stdout is a file or a test's buffer).
    """

    def __init__(self, out):
        self.out, self.live = out, out.isatty()

    @contextmanager
    def step(self, name, total=None):
        """Time the block; rows passed through the yielded step's ``counted`` show on the bar."""
        step = Step(self, name, total)
        yield step
        elapsed = time.monotonic() - step.started
        rows = f"{step.done:,} rows in " if total is not None else ""
        rate = f" ({step.done / max(elapsed, 1e-6):,.0f} rows/s)" if total else ""
        line = f"{name:<20} {rows}{elapsed:.1f} s{rate}"
        self.out.write(f"\r{line}\033[K" if self.live else line)


class Step:
    """One running step of a ``Progress``: counts rows and redraws its bar now and then."""

    WIDTH = 24
    EVERY_ROWS = 5000
    REDRAW_SECONDS = 0.25

    def __init__(self, progress, name, total):
        self.progress, self.name, self.total, self.done = progress, name, total, 0
        self.started = self.drawn = time.monotonic()

    def counted(self, rows):
        """Yield ``rows``, counting them."""
        for row in rows:
            self.done += 1
            if not self.done % self.EVERY_ROWS:
                self._draw()
            yield row

    def _draw(self):
        now = time.monotonic()
        if not self.progress.live or now - self.drawn < self.REDRAW_SECONDS:
            return
        self.drawn = now
        rate = self.done / max(now - self.started, 1e-6)
        share = min(self.done / self.total, 1) if self.total else 0
        filled = int(share * self.WIDTH)
        left = f"{max(self.total - self.done, 0) / rate:,.0f} s left" if self.total else ""
        self.progress.out.write(
            f"\r{self.name:<20} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {share:4.0%} "
            f"{self.done:,}/{self.total:,} rows  {rate:,.0f} rows/s  {left}\033[K",
            ending="",
        )


class Writer:
    """Writes generated rows into a model's table: PostgreSQL ``COPY``, else ``bulk_create``.

    Rows are tuples of values for ``columns`` (attribute names, so ``order_id`` takes an id);
    ``fixed`` values go on every row, and every other column gets its field's default (the
    time of the run for ``auto_now`` fields), as ``Model.save`` would have given it.
    """

    def __init__(self, progress):
        self.progress, self.now, self.numbered = progress, timezone.now(), []
        self.copy = connection.vendor == "postgresql"
        self.unchecked = {}  # table → its foreign keys [(name, definition)], dropped for the load

    def first_id(self, model):
        """The first free primary key of ``model``: ids from here on are this run's."""
        self.numbered.append(model)
        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def write(self, model, columns, rows, *, total, step, fixed=None):
        """Write ``rows`` (about ``total`` of them) under a progress ``step``; returns the count."""
        fixed = dict(fixed or {})
        with self.progress.step(step, total) as running:
            if self.copy:
                self._copy(model, columns, running.counted(rows), fixed)
            else:
                self._bulk_create(model, columns, running.counted(rows), fixed)
        return running.done

    def _copy(self, model, columns, rows, fixed):
        meta = model._meta
        if meta.db_table not in self.unchecked:
            self._drop_foreign_keys(meta.db_table)
        for field in meta.concrete_fields:
            if field.attname in columns or field.attname in fixed or field.primary_key:
                continue  # an id left out is the table's own
            stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            fixed[field.attname] = self.now if stamped else field.get_default()
        names = [*columns, *fixed]
        tail = tuple(
            meta.get_field(name).get_db_prep_save(value, connection) for name, value in fixed.items()
        )
        quote = connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(
            quote(meta.db_table), ", ".join(quote(meta.get_field(name).column) for name in names)
        )
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row + tail)

    def _bulk_create(self, model, columns, rows, fixed):
        made = (model(**dict(zip(columns, row, strict=True)), **fixed) for row in rows)
        while batch := list(itertools.islice(made, BATCH)):
            model.objects.bulk_create(batch)

    def _drop_foreign_keys(self, table):
        # PostgreSQL checks a foreign key row by row (for Django's deferred keys, all at commit:
        # about 40 % of the whole load). Added back afterwards, each key checks every row in
        # one query instead: PostgreSQL's own advice for populating a database. A table with
        # checks still pending cannot be altered: they are made due at once, and from here on
        # at the end of each statement.
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if not self.unchecked:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid = %s::regclass",
                [quote(table)],
            )
            self.unchecked[table] = cursor.fetchall()
            for name, _definition in self.unchecked[table]:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")

    def finish(self):
        """Add the foreign keys back (which checks every row written), move the id sequences
        past the ids handed out and refresh the planner's statistics (the CRM's set-based
        refresh that follows is planned for empty tables otherwise)."""
        quote = connection.ops.quote_name
        with self.progress.step("foreign keys"), connection.cursor() as cursor:
            for table, keys in self.unchecked.items():
                for name, definition in keys:
                    cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        with self.progress.step("sequences, ANALYZE"), connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), self.numbered):
                cursor.execute(statement)
            if self.copy:
                cursor.execute("ANALYZE")


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
