"""The shop's Wagtail pages and site settings (docs/cms.md).

The catalogue, prices and stock live in Oscar under ``/shop/``; these pages are the shop's
shop window around it: the home page, the owner's own pages (about us, how to order),
questions and answers, a contact form that feeds the CRM, and promotions that point at
Oscar offers and vouchers. Page models follow Wagtail's bakerydemo: one model per kind of
page, each with only the fields the owner needs to fill in on a phone.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from core.phones import normalise_phone

from .blocks import RICH_TEXT_FEATURES, BodyBlock, FaqBlock

SENT_PARAMETER = "terkirim"


class SharingMixin:
    """What a shared link shows in WhatsApp and social media (read by ``cms/includes/meta.html``).

    Pages say which picture represents them; the description is Wagtail's "search description"
    from the Promote tab, or a page-specific summary.
    """

    share_type = "website"  # Open Graph og:type

    def get_share_image(self):
        """The Wagtail image that represents this page, or ``None`` (the shop logo is used)."""
        return None

    def get_share_description(self):
        return self.search_description


class HomePage(SharingMixin, Page):
    """The shop's front page at ``/``: a hero (photo, title, one button) and a body of blocks.

    The body is a StreamField so that the owner decides the order: featured products, a
    category, a promo banner, testimonials, a WhatsApp button… There is one home page
    (``max_count``); it is created by ``cms.site.ensure_home_page``.
    """

    hero_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("Hero photo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    hero_title = models.CharField(_("Headline"), max_length=120, blank=True)
    hero_text = models.CharField(_("Main text"), max_length=250, blank=True)
    hero_button_text = models.CharField(
        _("Hero button text"), max_length=60, blank=True, help_text=_("Empty: “Shop now”")
    )
    hero_button_url = models.CharField(
        _("Hero button address"), max_length=300, blank=True,
        help_text=_("Empty: the catalogue (/shop/catalogue/)"),
    )
    body = StreamField(BodyBlock(), verbose_name=_("Content"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldRowPanel([FieldPanel("hero_button_text"), FieldPanel("hero_button_url")]),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("Home page")

    def get_share_image(self):
        return self.hero_image

    def get_share_description(self):
        return self.search_description or self.hero_text


class StandardPage(SharingMixin, Page):
    """A page of the owner's own words: about us, how to order, shipping and returns.

    The same blocks as the home page, so an "about us" page can show the best sellers too.
    """

    body = StreamField(BodyBlock(), verbose_name=_("Body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("Standard page")


class FaqPage(SharingMixin, Page):
    """Questions buyers ask again and again, shown as an accordion.

    Each answer is a ``<details>`` element: it opens with a tap and needs no JavaScript,
    which keeps the page light on slow data and readable by search engines.
    """

    intro = models.TextField(_("Introduction"), blank=True, max_length=500)
    body = StreamField(FaqBlock(), verbose_name=_("Questions"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("Questions (FAQ)")

    def get_share_description(self):
        return self.search_description or self.intro


class ContactPage(SharingMixin, Page):
    """The contact page: the shop's address and WhatsApp, and a message form.

    Messages go into the CRM as feedback (``crm.feedback.record_contact_message``) so that the
    owner sees and answers them with every other complaint and compliment; Wagtail's own form
    builder would keep them in a separate store nobody looks at.
    """

    intro = RichTextField(_("Introduction"), blank=True, features=RICH_TEXT_FEATURES)
    thank_you_text = models.CharField(
        _("Thank-you message"), max_length=250, blank=True,
        help_text=_("Shown after a message is sent. Empty: a standard thank-you."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("thank_you_text")]
    max_count = 1

    class Meta:
        verbose_name = _("Contact page")

    def get_share_description(self):
        return self.search_description

    def serve(self, request, *args, **kwargs):
        from .contact import ContactForm, initial_for, send_contact_message

        if request.method == "POST":
            form = ContactForm(request.POST)
            if form.is_valid() and send_contact_message(form, request):
                # Post/redirect/get: a refresh never sends the message twice.
                return redirect(f"{self.get_url(request)}?{SENT_PARAMETER}=1")
        else:
            form = ContactForm(initial=initial_for(request.user))
        context = self.get_context(request, *args, **kwargs)
        context["form"] = form
        context["sent"] = request.GET.get(SENT_PARAMETER) == "1"
        return TemplateResponse(request, self.get_template(request, *args, **kwargs), context)


class PromoIndexPage(SharingMixin, Page):
    """The list of promotions and news, newest first; running promotions are marked."""

    intro = models.TextField(_("Introduction"), blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.PromoPage"]

    class Meta:
        verbose_name = _("Promotions and news")

    def promos(self):
        """Published promotions under this page, newest first, with their pictures."""
        return (
            PromoPage.objects.child_of(self).live().select_related("image").order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["promos"] = self.promos()
        return context

    def get_share_description(self):
        return self.search_description or self.intro


class PromoPage(SharingMixin, Page):
    """One promotion or piece of news, optionally tied to an Oscar offer or a voucher code.

    The discount itself is Oscar's (an offer that applies in the basket, or a voucher the
    buyer types at checkout); this page only tells buyers about it, so the price they see and
    the price they pay can never disagree. A voucher code is shown only while the voucher is
    valid, so an old promo page never promises an expired discount.
    """

    date = models.DateField(_("Date"), default=timezone.localdate)
    end_date = models.DateField(_("Valid until"), null=True, blank=True)
    summary = models.TextField(_("Summary"), max_length=300, blank=True,
                               help_text=_("One or two sentences for the list and for shared links."))
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("Picture"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("Content"), blank=True)
    offer = models.ForeignKey(
        "offer.ConditionalOffer", verbose_name=_("Shop offer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("An offer from the dashboard (Offers) that this promo announces."),
    )
    voucher_code = models.CharField(
        _("Voucher code"), max_length=128, blank=True,
        help_text=_("A voucher from the dashboard (Vouchers) that buyers type at checkout."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("end_date")]),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("offer"), FieldPanel("voucher_code")], heading=_("Discount")),
    ]
    parent_page_types = ["cms.PromoIndexPage"]
    subpage_types = []
    share_type = "article"

    class Meta:
        verbose_name = _("Promotion")

    def clean(self):
        super().clean()
        self.voucher_code = self.voucher_code.strip().upper()
        if self.voucher_code and not get_model("voucher", "Voucher").objects.filter(
            code=self.voucher_code
        ).exists():
            raise ValidationError({"voucher_code": _("There is no voucher with this code.")})
        if self.end_date and self.end_date < self.date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    @property
    def is_running(self):
        today = timezone.localdate()
        return self.date <= today and (self.end_date is None or today <= self.end_date)

    @property
    def has_ended(self):
        return self.end_date is not None and self.end_date < timezone.localdate()

    def active_voucher(self):
        """The voucher to show buyers, or ``None`` when there is none or it is not valid now."""
        if not self.voucher_code:
            return None
        voucher = get_model("voucher", "Voucher").objects.filter(code=self.voucher_code).first()
        return voucher if voucher and voucher.is_active() else None

    def active_offer(self):
        """The linked offer while it is available to buyers, else ``None``."""
        return self.offer if self.offer and self.offer.is_available() else None

    def get_share_image(self):
        return self.image

    def get_share_description(self):
        return self.search_description or self.summary


def validate_whatsapp_number(value):
    normalise_phone(value)


@register_setting(icon="site")
class ShopSettings(BaseSiteSetting):
    """What the owner tells buyers about the shop: name, logo, address, hours, WhatsApp,
    marketplace and social links, footer text and payment notes.

    Every field may stay empty: the pages then fall back to the shop name from the settings
    (``OSCAR_SHOP_NAME``) and the WhatsApp number from ``SHOP_WHATSAPP_NUMBER``.
    """

    shop_name = models.CharField(_("Shop name"), max_length=100, blank=True)
    tagline = models.CharField(_("Tagline"), max_length=150, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("Logo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    address = models.TextField(_("Address"), blank=True, max_length=500)
    opening_hours = models.TextField(
        _("Opening hours"), blank=True, max_length=300, help_text=_("For example: Mon–Sat 08.00–17.00")
    )
    whatsapp_number = models.CharField(
        _("WhatsApp number"), max_length=20, blank=True, validators=[validate_whatsapp_number],
        help_text=_("For example 0812-3456-7890"),
    )
    email = models.EmailField(_("E-mail"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)
    tokopedia_url = models.URLField(_("Tokopedia"), blank=True)
    shopee_url = models.URLField(_("Shopee"), blank=True)
    offers_sundanese = models.BooleanField(
        _("Offer Basa Sunda to buyers"), default=False,
        help_text=_("Adds Basa Sunda to the language switcher. Words not translated yet stay in Indonesian."),
    )
    footer_text = models.TextField(_("Footer text"), blank=True, max_length=500)
    # Set when the owner says the first steps of a new shop are finished (or the demo shop
    # starts complete); storefront/dashboard/firststeps. Not an editable detail.
    first_steps_finished_at = models.DateTimeField(
        _("First steps finished"), null=True, blank=True, editable=False
    )
    payment_notes = models.TextField(
        _("Payment notes"), blank=True, max_length=1000,
        help_text=_("Bank accounts, QRIS, cash on delivery… shown in the footer."),
    )

    shop_panels = [
        FieldPanel("shop_name"),
        FieldPanel("tagline"),
        FieldPanel("logo"),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldPanel("whatsapp_number"),
        FieldPanel("email"),
        FieldPanel("offers_sundanese"),
    ]
    links_panels = [
        FieldPanel("tokopedia_url"),
        FieldPanel("shopee_url"),
        FieldPanel("instagram_url"),
        FieldPanel("facebook_url"),
        FieldPanel("tiktok_url"),
    ]
    footer_panels = [FieldPanel("footer_text"), FieldPanel("payment_notes")]
    edit_handler = TabbedInterface(
        [
            ObjectList(shop_panels, heading=_("Shop")),
            ObjectList(links_panels, heading=_("Marketplaces and social media")),
            ObjectList(footer_panels, heading=_("Footer")),
        ]
    )

    class Meta:
        verbose_name = _("Shop details")

    def save(self, *args, **kwargs):
        if self.whatsapp_number:
            self.whatsapp_number = normalise_phone(self.whatsapp_number)
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.shop_name or settings.OSCAR_SHOP_NAME

    @property
    def contact_whatsapp(self):
        """The number buyers message: the one filled in here, else the configured one."""
        return self.whatsapp_number or settings.SHOP_WHATSAPP_NUMBER

    def marketplace_links(self):
        """``(label, url)`` for every filled-in marketplace and social link, in display order."""
        fields = ("tokopedia_url", "shopee_url", "instagram_url", "facebook_url", "tiktok_url")
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in fields
            if getattr(self, name)
        ]
