"""Building the shop's Wagtail pages and catalogue pieces in tests."""

import io
from decimal import Decimal as D

from django.core.files.images import ImageFile
from oscar.test import factories
from PIL import Image as PILImage
from wagtail.images.models import Image

from cms.models import ContactPage, FaqPage, PromoIndexPage, PromoPage, StandardPage
from cms.site import ensure_home_page


def make_product(title, price="15000", stock=10, category=None, upc=None):
    """A public product with one stock record (Rupiah price) and optionally a category."""
    product = factories.create_product(title=title, price=D(price), num_in_stock=stock, upc=upc)
    if category is not None:
        product.categories.add(category)
    return product


def make_category(name):
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    return create_from_breadcrumbs(name)


def jpeg_file(name, size=(800, 400), colour=(200, 120, 40)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return ImageFile(buffer, name=f"{name}.jpg")


def make_wagtail_image(title="Foto", size=(800, 400)):
    return Image.objects.create(title=title, file=jpeg_file(title, size))


def add_product_photo(product):
    photo = jpeg_file(f"produk-{product.pk}", (600, 600))
    return factories.create_product_image(product=product, original=photo)


def add_page(parent, page):
    """Publish ``page`` under ``parent`` and return it fresh from the database."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def build_site():
    """Home with every kind of page below it; returns a dict of the pages by kind."""
    home = ensure_home_page()
    pages = {"home": home}
    pages["about"] = add_page(
        home,
        StandardPage(
            title="Tentang Kami",
            slug="tentang-kami",
            show_in_menus=True,
            body=[("text", "<p>Kopi dari Temanggung.</p>")],
        ),
    )
    pages["faq"] = add_page(
        home,
        FaqPage(
            title="Tanya Jawab",
            slug="tanya-jawab",
            show_in_menus=True,
            intro="Pertanyaan yang sering ditanyakan.",
            body=[
                ("heading", "Pengiriman"),
                (
                    "question",
                    {"question": "Berapa lama pengiriman?", "answer": "<p>Dua sampai tiga hari kerja.</p>"},
                ),
                (
                    "question",
                    {"question": "Bisa bayar di tempat?", "answer": "<p>Bisa, COD untuk Jabodetabek.</p>"},
                ),
            ],
        ),
    )
    pages["contact"] = add_page(home, ContactPage(title="Kontak", slug="kontak", show_in_menus=True))
    pages["promos"] = add_page(home, PromoIndexPage(title="Promo", slug="promo", show_in_menus=True))
    pages["promo"] = add_page(
        pages["promos"],
        PromoPage(
            title="Diskon Gajian 20%",
            slug="diskon-gajian",
            summary="Diskon 20% untuk semua kopi bubuk.",
            body=[("text", "<p>Berlaku sampai akhir bulan.</p>")],
        ),
    )
    return pages
