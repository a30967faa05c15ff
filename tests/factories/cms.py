"""The shop's Wagtail pages: a published page, every kind of page under home, an image."""

from wagtail.images.models import Image

from cms.models import ContactPage, FaqPage, PromoIndexPage, PromoPage, StandardPage
from cms.site import ensure_home_page
from tests.factories.files import jpeg_file


def make_wagtail_image(title="Foto", size=(800, 400)):
    """A Wagtail image (JPEG) titled ``title``."""
    return Image.objects.create(title=title, file=jpeg_file(title, size))


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
