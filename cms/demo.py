"""Demo content of the shop's pages (called by ``manage.py seed_demo``).

Idempotent: pages are found by slug, pictures by title, testimonials by their text, the promo
voucher by its code; what exists is left as the owner may have edited it. Works with or
without the demo catalogue (featured products are skipped when there are none).
"""
import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image
from wagtail.models import Site
from wagtail.rich_text import RichText

from crm.feedback import record_contact_message
from crm.models import Feedback

from .models import ContactPage, FaqPage, PromoIndexPage, PromoPage, ShopSettings, StandardPage
from .site import ensure_home_page

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Voucher = get_model("voucher", "Voucher")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")

# Best sellers of the demo catalogue (storefront.demo); any public products stand in without it.
FEATURED_UPCS = ["KOP-001", "BTK-001", "CML-001", "BTK-002", "KOP-002", "CML-002", "BTK-003", "KOP-003"]
FEATURED_CATEGORY_SLUG = "kopi"
PROMO_VOUCHER_CODE = "GAJIAN10"

TESTIMONIALS = [
    ("Dewi Lestari", "+6281234567801", "Bandung", 5,
     "Batik tulisnya halus sekali, warnanya sama persis dengan foto. Pengiriman ke Bandung cuma dua hari."),
    ("Agus Prasetyo", "+6281234567802", "Surabaya", 5,
     "Kopi Gayo-nya harum, sangraiannya pas. Sekarang langganan tiap bulan, poinnya lumayan buat potongan."),
    ("Rina Marlina", "+6281234567803", "Medan", 4,
     "Keripiknya renyah dan tidak terlalu asin. Dibalas cepat di WhatsApp waktu saya tanya ongkir."),
]

FAQ = [
    ("heading", "Pemesanan dan pembayaran"),
    ("question", "Bagaimana cara memesan?",
     "<p>Pilih produk, tekan <b>Tambah ke keranjang</b>, lalu <b>Checkout</b>. Anda bisa memesan tanpa "
     "membuat akun.</p>"),
    ("question", "Pembayaran apa saja yang diterima?",
     "<p>Transfer bank (BCA, BRI, Mandiri), QRIS dari aplikasi apa saja, dan bayar di tempat (COD) untuk "
     "wilayah Yogyakarta. Setelah transfer, unggah foto bukti bayar di halaman pesanan.</p>"),
    ("heading", "Pengiriman"),
    ("question", "Berapa lama pesanan sampai?",
     "<p>Pesanan yang dibayar sebelum pukul 14.00 dikirim hari itu juga. Jawa 1–3 hari, luar Jawa "
     "3–7 hari kerja.</p>"),
    ("question", "Berapa ongkos kirimnya?",
     "<p>Ongkir dihitung per wilayah saat checkout, dan <b>gratis</b> untuk belanja di atas Rp 300.000. "
     "Ambil sendiri di toko juga bisa.</p>"),
    ("heading", "Poin dan penukaran"),
    ("question", "Bagaimana cara mendapat poin?",
     "<p>Setiap belanja Rp 10.000 mendapat 1 poin, masuk setelah pesanan selesai. Poin bisa ditukar "
     "potongan harga saat checkout (1 poin = Rp 100).</p>"),
    ("question", "Bagaimana jika barang rusak atau tidak sesuai?",
     "<p>Kirim foto barang lewat WhatsApp atau halaman pesanan Anda dalam 3 hari. Kami ganti barangnya "
     "atau kembalikan uang Anda.</p>"),
]


def load(stdout):
    """Build (or complete) the demo pages, settings and testimonials. Safe to run again."""
    with transaction.atomic():
        home = ensure_home_page()
        load_settings()
        promo = load_pages(home)
        load_testimonials()
        load_home(home, promo)
    stdout.write("Halaman toko: beranda, tentang kami, tanya jawab, kontak, promo; info toko; testimoni")


def load_settings():
    site = Site.objects.get(is_default_site=True)
    shop = ShopSettings.for_site(site)
    if shop.address:
        return shop
    shop.tagline = "Batik, kopi, dan camilan dari UMKM Nusantara"
    shop.logo = demo_picture("Demo: logo toko", draw_logo)
    shop.address = "Jl. Prawirotaman No. 12\nMergangsan, Yogyakarta 55153"
    shop.opening_hours = "Senin–Sabtu 08.00–17.00\nMinggu 09.00–13.00"
    shop.whatsapp_number = "0812-3456-7890"
    shop.email = "halo@langganan.test"
    shop.offers_sundanese = True
    shop.tokopedia_url = "https://www.tokopedia.com/tokolangganan"
    shop.shopee_url = "https://shopee.co.id/tokolangganan"
    shop.instagram_url = "https://www.instagram.com/tokolangganan"
    shop.payment_notes = ("Transfer BCA 123 456 7890 a.n. Toko Langganan\n"
                          "QRIS: tampil saat checkout\nCOD untuk wilayah Yogyakarta")
    shop.footer_text = "Toko Langganan — belanja langsung dari perajin dan petani kecil."
    shop.first_steps_finished_at = timezone.now()  # the demo shop is set up: no first steps
    shop.save()
    return shop


def load_pages(home):
    """About, FAQ, contact and promotions under the home page; returns the demo promo."""
    about = StandardPage.objects.filter(slug="tentang-kami").first()
    if about is None:
        about = add_page(home, StandardPage(title="Tentang kami", slug="tentang-kami"))
    if not about.body:
        # A page made before the body became blocks keeps its old text as the first block.
        old_text = getattr(about.body, "raw_text", None)
        about.body = [
            ("text", RichText(old_text or (
                "<p>Toko Langganan dimulai tahun 2016 di Yogyakarta: batik dari pembatik di Bantul dan "
                "Solo, kopi dari petani Gayo, Toraja dan Temanggung, dan camilan buatan tetangga.</p>"
            ))),
            ("text", RichText("<h2>Cara pesan</h2><ol><li>Pilih produk dan masukkan ke keranjang.</li>"
                              "<li>Checkout, pilih transfer, QRIS atau COD.</li>"
                              "<li>Kami kirim di hari yang sama untuk pesanan sebelum 14.00.</li></ol>")),
            ("whatsapp", {"label": "Tanya lewat WhatsApp", "message": "Halo, saya mau tanya tentang produk"}),
        ]
        about.show_in_menus = True
        about.save_revision().publish()
    if not FaqPage.objects.filter(slug="tanya-jawab").exists():
        add_page(home, FaqPage(
            title="Tanya jawab", slug="tanya-jawab", show_in_menus=True,
            intro="Pertanyaan yang paling sering ditanyakan pembeli. Belum terjawab? Chat kami di WhatsApp.",
            search_description="Cara pesan, pembayaran, ongkir, poin dan penukaran di Toko Langganan.",
            body=[faq_block(item) for item in FAQ],
        ))
    if not ContactPage.objects.exists():
        add_page(home, ContactPage(
            title="Kontak", slug="kontak", show_in_menus=True,
            intro=("<p>Ada pertanyaan, saran atau keluhan? Tulis di sini atau chat kami di WhatsApp. "
                   "Kami membalas di jam buka, biasanya dalam beberapa jam.</p>"),
            search_description="Alamat, jam buka, WhatsApp dan formulir pesan Toko Langganan.",
        ))
    index = PromoIndexPage.objects.filter(slug="promo").first()
    if index is None:
        index = add_page(home, PromoIndexPage(
            title="Promo", slug="promo", show_in_menus=True,
            intro="Diskon, produk baru dan kabar dari toko.",
        ))
    promo = PromoPage.objects.filter(slug="diskon-gajian").first()
    if promo is None:
        offer, voucher = promo_voucher()
        today = timezone.localdate()
        promo = add_page(index, PromoPage(
            title="Diskon gajian 10% semua produk", slug="diskon-gajian",
            date=today, end_date=today + timedelta(days=30),
            summary="Pakai kode GAJIAN10 saat checkout: potongan 10% untuk semua produk, sebulan penuh.",
            image=demo_picture("Demo: promo gajian", draw_promo),
            offer=offer, voucher_code=voucher.code,
            body=[("text", RichText("<p>Berlaku untuk semua batik, kopi dan camilan. Bisa digabung dengan "
                                    "penukaran poin. Satu kode untuk setiap pesanan.</p>"))],
        ))
    return promo


def faq_block(item):
    if item[0] == "heading":
        return item
    return ("question", {"question": item[1], "answer": RichText(item[2])})


def promo_voucher():
    """The 10% voucher the demo promo announces, as an Oscar voucher offer."""
    voucher = Voucher.objects.filter(code=PROMO_VOUCHER_CODE).first()
    if voucher is not None:
        return voucher.offers.first(), voucher
    product_range, _created = Range.objects.get_or_create(
        name="Semua produk", defaults={"includes_all_products": True}
    )
    condition, _created = Condition.objects.get_or_create(
        range=product_range, type=Condition.COUNT, value=Decimal(1)
    )
    benefit, _created = Benefit.objects.get_or_create(
        range=product_range, type=Benefit.PERCENTAGE, value=Decimal(10)
    )
    offer = ConditionalOffer.objects.create(
        name="Diskon gajian 10%", offer_type=ConditionalOffer.VOUCHER, condition=condition, benefit=benefit,
    )
    now = timezone.now()
    voucher = Voucher.objects.create(
        name="Diskon gajian", code=PROMO_VOUCHER_CODE, usage=Voucher.MULTI_USE,
        start_datetime=now - timedelta(days=1), end_datetime=now + timedelta(days=30),
    )
    voucher.offers.add(offer)
    return offer, voucher


def load_testimonials():
    """Three happy customers who agreed to be quoted (as if they wrote via the contact page)."""
    for name, phone, city, rating, text in TESTIMONIALS:
        if Feedback.objects.filter(comment=text).exists():
            continue
        feedback = record_contact_message(name=name, message=text, phone=phone, rating=rating, may_quote=True)
        if feedback.customer and not feedback.customer.city:
            feedback.customer.city = city
            feedback.customer.save(update_fields=["city"])


def load_home(home, promo):
    home = home.specific
    changed = False
    if home.hero_image is None:
        home.hero_image = demo_picture("Demo: hero beranda", draw_hero)
        changed = True
    if not home.hero_title:
        home.hero_title = "Batik, kopi, dan camilan asli Nusantara"
        home.hero_text = "Dari perajin dan petani kecil, dikirim dari Yogyakarta ke seluruh Indonesia."
        changed = True
    if not home.search_description:
        home.search_description = (
            "Belanja batik tulis, kopi sangrai dan camilan rumahan langsung dari UMKM. "
            "Bayar transfer, QRIS atau COD; setiap belanja dapat poin."
        )
        changed = True
    if not home.body:
        home.body = home_blocks(promo)
        changed = True
    if changed:
        home.save_revision().publish()


def home_blocks(promo):
    blocks = [("promo_banner", {
        "heading": "Diskon gajian 10%", "text": "Kode GAJIAN10, untuk semua produk sampai akhir bulan.",
        "image": None, "button_text": "Lihat promo", "link": {"page": promo, "url": ""},
    })]
    featured = featured_products()
    if featured:
        blocks.append(("featured_products", {"heading": "Paling laris", "products": featured}))
    category = Category.objects.filter(slug=FEATURED_CATEGORY_SLUG, depth=1).first()
    if category is not None:
        blocks.append(("featured_category", {"category": category, "heading": "Kopi sangrai minggu ini",
                                             "limit": 4}))
    blocks += [
        ("testimonials", {"heading": "Kata pelanggan kami", "limit": 3}),
        ("whatsapp", {"label": "Pesan lewat WhatsApp", "message": "Halo, saya mau pesan"}),
    ]
    return blocks


def featured_products():
    by_upc = Product.objects.browsable().in_bulk(FEATURED_UPCS, field_name="upc")
    products = [by_upc[upc] for upc in FEATURED_UPCS if upc in by_upc]
    if not products:
        products = list(Product.objects.browsable().order_by("pk")[: len(FEATURED_UPCS)])
    return products


def add_page(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


# --- Pictures drawn with Pillow --------------------------------------------------------------

BROWN, CREAM, GOLD, INDIGO = (110, 58, 26), (246, 236, 220), (214, 160, 60), (38, 52, 92)


def demo_picture(title, draw):
    """The Wagtail image called ``title``, drawn by ``draw()`` the first time."""
    image = Image.objects.filter(title=title).first()
    if image is None:
        buffer = io.BytesIO()
        draw().convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
        image = Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title.split(': ')[-1]}.jpg"))
    return image


def _font(size):
    return ImageFont.load_default(size=size)


def _kawung(draw, width, height, colour, step=90):
    for x in range(0, width + step, step):
        for y in range(0, height + step, step):
            for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                cx, cy = x + dx * step / 4, y + dy * step / 4
                rx, ry = (18, 11) if dy == 0 else (11, 18)
                draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], outline=colour, width=3)


def draw_hero():
    """A 1600×900 batik-patterned banner with a coffee cup, wide enough for every phone."""
    width, height = 1600, 900
    picture = PILImage.new("RGB", (width, height), BROWN)
    draw = ImageDraw.Draw(picture)
    _kawung(draw, width, height, (140, 80, 40))
    draw.rounded_rectangle([120, 180, 980, 720], radius=40, fill=CREAM)
    draw.text((170, 250), "Toko Langganan", font=_font(96), fill=BROWN)
    draw.text((170, 390), "Batik · Kopi · Camilan", font=_font(60), fill=INDIGO)
    draw.text((170, 500), "Asli UMKM Nusantara", font=_font(52), fill=(150, 90, 30))
    draw.ellipse([1120, 260, 1480, 620], fill=CREAM, outline=GOLD, width=14)
    draw.ellipse([1190, 330, 1410, 550], fill=(74, 40, 20))
    draw.arc([1440, 380, 1540, 500], 270, 90, fill=CREAM, width=22)
    return picture


def draw_promo():
    width, height = 1200, 630
    picture = PILImage.new("RGB", (width, height), INDIGO)
    draw = ImageDraw.Draw(picture)
    _kawung(draw, width, height, (60, 78, 130), step=70)
    draw.rounded_rectangle([80, 120, 1120, 510], radius=36, fill=GOLD)
    draw.text((600, 190), "DISKON GAJIAN", font=_font(92), fill=INDIGO, anchor="ma")
    draw.text((600, 320), "10% semua produk", font=_font(64), fill=(255, 255, 255), anchor="ma")
    draw.text((600, 420), "Kode: GAJIAN10", font=_font(48), fill=INDIGO, anchor="ma")
    return picture


def draw_logo():
    picture = PILImage.new("RGB", (600, 600), CREAM)
    draw = ImageDraw.Draw(picture)
    draw.ellipse([40, 40, 560, 560], fill=BROWN)
    _kawung(draw, 600, 600, (140, 80, 40), step=120)
    draw.ellipse([120, 120, 480, 480], fill=CREAM)
    draw.text((300, 215), "TL", font=_font(170), fill=BROWN, anchor="ma")
    return picture
