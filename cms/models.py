from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The shop's front page at ``/``: a hero and an introduction.

    The catalogue itself lives in Oscar under ``/shop/``; this page links into it.
    """

    hero_title = models.CharField(_("Judul utama"), max_length=120, blank=True)
    hero_text = models.CharField(_("Teks utama"), max_length=250, blank=True)
    intro = RichTextField(_("Pengantar"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("intro"),
    ]
    max_count = 1

    class Meta:
        verbose_name = _("Beranda")


class StandardPage(Page):
    """A plain page of text: about us, how to order, shipping and returns."""

    body = RichTextField(_("Isi"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("Halaman biasa")
