"""The demo shop: "Toko Langganan", a family business selling batik, coffee and snacks.

``load(stdout)`` builds it and is idempotent: every object is looked up by a stable key (UPC,
slug, e-mail, order number) before it is created, so running ``seed_demo`` again changes
nothing. Past orders go through Oscar's ``OrderCreator`` and ``Order.set_status`` so that
``order_placed`` and ``order_status_changed`` fire as they do for a real order (the loyalty and
CRM apps build their demo history from these signals).
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_class, get_model

from core import order_statuses
from staff import roles
from storefront import demo_images
from storefront.dashboard.quickcatalogue.services import default_product_class, set_weight, shop_partner
from storefront.shipping.couriers import WEIGHT_ATTRIBUTE
from storefront.shipping.regions import ensure_indonesia

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Selector = get_class("partner.strategy", "Selector")
FixedPrice = get_class("shipping.methods", "FixedPrice")
is_solr_supported = get_class("search.features", "is_solr_supported")

OWNER_EMAIL, OWNER_PASSWORD = "pemilik@langganan.test", "demo-pemilik-123"
BUYER_EMAIL, BUYER_PASSWORD = "pembeli@langganan.test", "demo-pembeli-123"
HELPER_EMAIL, HELPER_PASSWORD = "staf@langganan.test", "demo-staf-123"
BUYER_PHONE = "+6281234567890"

BATIK, COFFEE, SNACKS = "Batik", "Kopi", "Camilan"

# (UPC, title, price, stock, description, picture) — picture is (drawer, arguments).
PRODUCTS = [
    (
        "BTK-001",
        "Kemeja Batik Parang Klasik",
        275_000,
        18,
        "Kemeja lengan panjang katun primisima, motif parang warna sogan. Ukuran M–XXL.",
        ("batik", ("Parang", "parang", ("#e9d8b4", "#6b3a1f", "#2e1a0e"))),
    ),
    (
        "BTK-002",
        "Kain Batik Tulis Kawung",
        450_000,
        6,
        "Kain batik tulis 2 × 1,15 m, motif kawung, dikerjakan tiga minggu oleh pembatik Solo.",
        ("batik", ("Kawung", "kawung", ("#f1e4c8", "#6b3a1f", "#2e1a0e"))),
    ),
    (
        "BTK-003",
        "Kemeja Batik Mega Mendung",
        295_000,
        15,
        "Motif mega mendung khas Cirebon, warna biru gradasi, katun adem.",
        ("batik", ("Mega Mendung", "mega_mendung", ("#1d3f6e", "#4f86c6", "#cfe3f5"))),
    ),
    (
        "BTK-004",
        "Blus Batik Truntum",
        235_000,
        20,
        "Blus wanita motif truntum, lambang cinta yang tumbuh kembali. Kancing depan.",
        ("batik", ("Truntum", "truntum", ("#3b2416", "#d9a441", "#f6e7c1"))),
    ),
    (
        "BTK-005",
        "Kain Batik Cap Sekar Jagad",
        185_000,
        25,
        "Kain batik cap 2 × 1,15 m, motif sekar jagad penuh warna.",
        ("batik", ("Sekar Jagad", "sekar", ("#f4ead5", "#b5452b", "#2f5d50"))),
    ),
    (
        "BTK-006",
        "Selendang Batik Lasem",
        165_000,
        12,
        "Selendang sutra motif bunga Lasem, merah khas pesisir.",
        ("batik", ("Lasem", "lasem", ("#a3201c", "#f5d3a3", "#3a0d0b"))),
    ),
    (
        "BTK-007",
        "Dress Batik Sogan Parang",
        325_000,
        9,
        "Dress midi motif parang sogan, potongan A-line, ada saku.",
        ("batik", ("Sogan", "parang", ("#5a3a1e", "#c48a4a", "#f0dcc0"))),
    ),
    (
        "BTK-008",
        "Masker Kain Batik (isi 3)",
        45_000,
        60,
        "Tiga masker kain batik dua lapis, motif acak, bisa dicuci.",
        ("batik", ("Masker", "sekar", ("#20463a", "#e6b655", "#f7efe0"))),
    ),
    (
        "KOP-001",
        "Kopi Arabika Gayo 250 g",
        95_000,
        40,
        "Biji kopi arabika Gayo, sangrai medium. Aroma rempah, asam buah yang lembut.",
        ("coffee", ("Arabika Gayo", "250 g", "#6f4a2f")),
    ),
    (
        "KOP-002",
        "Kopi Arabika Toraja Sapan 250 g",
        110_000,
        30,
        "Arabika Toraja dari ketinggian 1.600 m, sangrai medium-dark, body tebal.",
        ("coffee", ("Toraja Sapan", "250 g", "#2f2f2f")),
    ),
    (
        "KOP-003",
        "Kopi Robusta Temanggung 250 g",
        65_000,
        50,
        "Robusta Temanggung, pahit manis cokelat, cocok untuk kopi susu.",
        ("coffee", ("Robusta Temanggung", "250 g", "#7a2e1f")),
    ),
    (
        "KOP-004",
        "Kopi Arabika Kintamani 250 g",
        98_000,
        35,
        "Arabika Kintamani Bali, proses natural, rasa jeruk yang segar.",
        ("coffee", ("Kintamani Bali", "250 g", "#2e5e4e")),
    ),
    (
        "KOP-005",
        "Kopi Arabika Flores Bajawa 250 g",
        105_000,
        28,
        "Arabika Bajawa, sangrai medium, manis karamel dan kacang.",
        ("coffee", ("Flores Bajawa", "250 g", "#8c6d3f")),
    ),
    (
        "KOP-006",
        "Kopi Tubruk Robusta Lampung 500 g",
        75_000,
        45,
        "Kopi bubuk robusta Lampung, giling halus untuk kopi tubruk.",
        ("coffee", ("Robusta Lampung", "500 g bubuk", "#3d2a1c")),
    ),
    (
        "KOP-007",
        "Cold Brew Gayo 1 Liter",
        85_000,
        14,
        "Cold brew arabika Gayo siap minum, tanpa gula. Simpan di kulkas, tahan 7 hari.",
        ("coffee", ("Cold Brew Gayo", "1 liter", "#1f3b57")),
    ),
    (
        "KOP-008",
        "Drip Bag Kopi Nusantara (isi 10)",
        60_000,
        55,
        "Sepuluh drip bag dari lima daerah: Gayo, Toraja, Kintamani, Bajawa, Temanggung.",
        ("coffee", ("Drip Bag Nusantara", "isi 10", "#a0522d")),
    ),
    (
        "CML-001",
        "Keripik Singkong Balado 200 g",
        18_000,
        80,
        "Keripik singkong tipis renyah dengan bumbu balado pedas manis.",
        ("snack", ("Keripik Singkong Balado", "200 g", "#c62828", "#f2a93b")),
    ),
    (
        "CML-002",
        "Keripik Tempe Sagu 150 g",
        15_000,
        70,
        "Tempe iris tipis dibalut tepung sagu, gurih daun jeruk.",
        ("snack", ("Keripik Tempe Sagu", "150 g", "#2e7d32", "#d7b36a")),
    ),
    (
        "CML-003",
        "Rengginang Terasi 250 g",
        22_000,
        40,
        "Rengginang ketan rasa terasi, tinggal goreng.",
        ("snack", ("Rengginang Terasi Udang", "250 g", "#ef6c00", "#f5e6c4")),
    ),
    (
        "CML-004",
        "Kacang Bawang Renyah 250 g",
        25_000,
        65,
        "Kacang tanah goreng bawang putih, tanpa pengawet.",
        ("snack", ("Kacang Bawang Renyah", "250 g", "#6d4c41", "#e0b07a")),
    ),
    (
        "CML-005",
        "Emping Melinjo Manis 200 g",
        32_000,
        30,
        "Emping melinjo Pandeglang dengan lapisan gula merah.",
        ("snack", ("Emping Melinjo Manis", "200 g", "#8e24aa", "#e8c07d")),
    ),
    (
        "CML-006",
        "Kue Bawang Keju 250 g",
        28_000,
        45,
        "Kue bawang renyah dengan keju cheddar asli, camilan lebaran sepanjang tahun.",
        ("snack", ("Kue Bawang Keju", "250 g", "#f9a825", "#f6d28b")),
    ),
    (
        "CML-007",
        "Basreng Pedas Daun Jeruk 150 g",
        20_000,
        75,
        "Bakso goreng iris, pedas level 3, wangi daun jeruk.",
        ("snack", ("Basreng Pedas Daun", "150 g", "#d32f2f", "#c98d5a")),
    ),
    (
        "CML-008",
        "Peyek Kacang Teri 200 g",
        24_000,
        35,
        "Rempeyek kacang dan teri Medan, digoreng tiap pagi.",
        ("snack", ("Peyek Kacang Teri", "200 g", "#1565c0", "#e9c46a")),
    ),
]
CATEGORY_OF_PREFIX = {"BTK": BATIK, "KOP": COFFEE, "CML": SNACKS}

# (order number, days ago, lines as (UPC, quantity), statuses the order moved through)
PAST_ORDERS = [
    (
        "DEMO-10001",
        75,
        [("KOP-001", 2), ("CML-001", 3)],
        [order_statuses.PAID, order_statuses.PROCESSING, order_statuses.SHIPPED, order_statuses.COMPLETED],
    ),
    (
        "DEMO-10002",
        48,
        [("BTK-003", 1)],
        [order_statuses.PAID, order_statuses.PROCESSING, order_statuses.SHIPPED, order_statuses.COMPLETED],
    ),
    (
        "DEMO-10003",
        21,
        [("KOP-003", 1), ("CML-006", 2), ("CML-004", 1)],
        [order_statuses.PROCESSING, order_statuses.SHIPPED, order_statuses.COMPLETED],
    ),
    ("DEMO-10004", 9, [("BTK-008", 2)], [order_statuses.CANCELLED]),
    (
        "DEMO-10005",
        4,
        [("KOP-002", 1), ("KOP-008", 1)],
        [order_statuses.PAID, order_statuses.PROCESSING, order_statuses.SHIPPED],
    ),
    ("DEMO-10006", 1, [("CML-007", 4)], [order_statuses.PAID]),
    ("DEMO-10007", 0, [("BTK-004", 1), ("CML-002", 2)], []),
]
# Packed weights in grams (as the courier weighs them), for the courier rates.
WEIGHTS = {
    "BTK-001": 300, "BTK-002": 400, "BTK-003": 300, "BTK-004": 250,
    "BTK-005": 400, "BTK-006": 200, "BTK-007": 450, "BTK-008": 100,
    "KOP-001": 300, "KOP-002": 300, "KOP-003": 300, "KOP-004": 300,
    "KOP-005": 300, "KOP-006": 550, "KOP-007": 1200, "KOP-008": 150,
    "CML-001": 250, "CML-002": 200, "CML-003": 300, "CML-004": 300,
    "CML-005": 250, "CML-006": 300, "CML-007": 200, "CML-008": 250,
}  # fmt: skip
SHIPPING_CHARGE = Decimal("15000")


def load(stdout):
    """Build (or complete) the demo shop. Safe to run any number of times."""
    products = load_catalogue(stdout)
    owner, buyer = load_accounts(stdout)
    load_orders(stdout, buyer, products)


@transaction.atomic
def load_catalogue(stdout):
    """Categories, one product class, 24 products with stock, prices, weights and photos;
    → {upc: product}."""
    product_class = default_product_class()
    categories = {name: create_from_breadcrumbs(name) for name in (BATIK, COFFEE, SNACKS)}
    partner = shop_partner()
    products, created = {}, 0
    for upc, title, price, stock, description, picture in PRODUCTS:
        product = Product.objects.filter(upc=upc).first()
        if product is None:
            product = Product.objects.create(
                upc=upc, title=title, description=description, product_class=product_class, is_public=True
            )
            created += 1
        ProductCategory.objects.get_or_create(
            product=product, category=categories[CATEGORY_OF_PREFIX[upc[:3]]]
        )
        if not product.attribute_values.filter(attribute__code=WEIGHT_ATTRIBUTE).exists():
            set_weight(product, WEIGHTS[upc])
        StockRecord.objects.get_or_create(
            product=product,
            partner=partner,
            defaults={
                "partner_sku": upc,
                "price_currency": settings.OSCAR_DEFAULT_CURRENCY,
                "price": Decimal(price),
                "num_in_stock": stock,
                "low_stock_threshold": 5,
            },
        )
        if not product.images.exists():
            drawer, arguments = picture
            content = getattr(demo_images, drawer)(*arguments, sum(map(ord, upc)))
            ProductImage.objects.create(
                product=product, original=ContentFile(content, name=f"{upc.lower()}.jpg"), caption=title
            )
        products[upc] = product
    stdout.write(f"Katalog: {len(products)} produk ({created} baru) dalam {len(categories)} kategori")
    return products


@transaction.atomic
def load_accounts(stdout):
    """The owner (staff, superuser: Oscar dashboard and Wagtail admin), a shop helper (role
    "Staf toko": orders, feedback, counter sales) and a regular buyer."""
    User = get_user_model()
    owner = _ensure_user(
        User,
        OWNER_EMAIL,
        OWNER_PASSWORD,
        first_name="Sri",
        last_name="Wahyuni",
        is_staff=True,
        is_superuser=True,
        phone="+6281298765432",
    )
    buyer = _ensure_user(
        User,
        BUYER_EMAIL,
        BUYER_PASSWORD,
        first_name="Dewi",
        last_name="Lestari",
        phone=BUYER_PHONE,
    )
    helper = _ensure_user(User, HELPER_EMAIL, HELPER_PASSWORD, first_name="Rina", phone="+6281311112222")
    roles.give_role(helper, roles.HELPER_GROUP)
    stdout.write(
        f"Akun: pemilik {OWNER_EMAIL} / {OWNER_PASSWORD}, staf toko {HELPER_EMAIL} / {HELPER_PASSWORD}, "
        f"pembeli {BUYER_EMAIL} / {BUYER_PASSWORD}"
    )
    return owner, buyer


def _ensure_user(User, email, password, **fields):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, **fields)
        user.set_password(password)
        user.save()
    return user


def load_orders(stdout, buyer, products):
    """The buyer's past orders, placed and moved along the status pipeline like real ones."""
    country = ensure_indonesia()
    placed = 0
    for number, days_ago, lines, moves in PAST_ORDERS:
        if Order.objects.filter(number=number).exists():
            continue
        with transaction.atomic():
            order = _place_order(
                number,
                buyer,
                country,
                [(products[upc], qty) for upc, qty in lines],
                timezone.now() - timedelta(days=days_ago, hours=3),
            )
            for status in moves:
                order.set_status(status)
        placed += 1
    stdout.write(f"Pesanan contoh: {len(PAST_ORDERS)} ({placed} baru)")


def _place_order(number, buyer, country, lines, placed_at):
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Selector().strategy(user=buyer)
    for product, quantity in lines:
        basket.add_product(product, quantity)
    shipping_method = FixedPrice(charge_excl_tax=SHIPPING_CHARGE, charge_incl_tax=SHIPPING_CHARGE)
    shipping_method.name = "Kurir reguler"
    shipping_charge = shipping_method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, shipping_charge)
    address = ShippingAddress.objects.create(
        first_name=buyer.first_name,
        last_name=buyer.last_name,
        line1="Jl. Kaliurang Km 5 No. 12",
        line4="Sleman",
        state="DI Yogyakarta",
        postcode="55281",
        country=country,
        phone_number=buyer.phone,
    )
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=shipping_method,
        shipping_charge=shipping_charge,
        user=buyer,
        shipping_address=address,
        order_number=number,
        status=settings.OSCAR_INITIAL_ORDER_STATUS,
        date_placed=placed_at,
    )
    basket.submit()
    return order


def rebuild_search_index(stdout):
    """Rebuild Solr's product index, when Solr answers search words (the database needs none)."""
    if is_solr_supported():
        call_command("update_index", remove=True, verbosity=0)
        stdout.write("Indeks pencarian produk diperbarui")
