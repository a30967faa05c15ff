"""StreamField blocks the owner stacks to build a page (docs/cms.md).

Blocks that show the catalogue (featured products, featured category) read Oscar at render
time, so a price or stock change shows on the home page at once; a product that was deleted
or hidden since it was chosen is left out, and one that is sold out is marked "habis".
"""
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock, ImageChooserBlock

from .choosers import CategoryChooserBlock, ProductChooserBlock, shop_products
from .testimonials import quotable_testimonials

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr"]


class LinkValue(blocks.StructValue):
    def href(self):
        """The page's URL when a page is chosen, otherwise the typed address."""
        page = self.get("page")
        return page.url if page else self.get("url") or ""


class LinkBlock(blocks.StructBlock):
    """A page of the site or any address (``/shop/``, a marketplace link…)."""

    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("or address"), required=False, max_length=300,
        help_text=_("For example /shop/catalogue/ or https://shopee.co.id/your-shop"),
    )

    class Meta:
        value_class = LinkValue
        icon = "link"
        label = _("Link")


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Button text"), max_length=60)
    link = LinkBlock()
    style = blocks.ChoiceBlock(
        label=_("Style"),
        choices=[("primary", _("Main (bold colour)")), ("secondary", _("Quiet (outline)"))],
        default="primary",
    )

    class Meta:
        icon = "pick"
        label = _("Button")
        template = "cms/blocks/call_to_action.html"


class PhotoBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Photo"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "cms/blocks/photo.html"


class FeaturedProductsBlock(blocks.StructBlock):
    """Hand-picked products from the catalogue, shown as cards with price, stock and points."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=100)
    products = blocks.ListBlock(ProductChooserBlock(label=_("Product")), label=_("Products"), max_num=12)

    class Meta:
        icon = "tag"
        label = _("Featured products")
        template = "cms/blocks/featured_products.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # Products deleted or hidden since they were chosen come back as None: leave them out.
        context["products"] = [product for product in value["products"] if product is not None]
        return context


class FeaturedCategoryBlock(blocks.StructBlock):
    """A category of the shop with its newest products and a link to see them all."""

    category = CategoryChooserBlock(label=_("Category"))
    heading = blocks.CharBlock(
        label=_("Heading"), required=False, max_length=100, help_text=_("Empty: the category's name")
    )
    limit = blocks.IntegerBlock(label=_("How many products"), default=4, min_value=1, max_value=12)

    class Meta:
        icon = "folder-open-inverse"
        label = _("Featured category")
        template = "cms/blocks/featured_category.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        category = value["category"]
        if category is None or not (category.is_public and category.ancestors_are_public):
            context["category"] = None
            context["products"] = []
            return context
        context["category"] = category
        context["products"] = list(
            shop_products()
            .filter(categories__path__startswith=category.path)
            .distinct()
            .order_by("-date_created")[: value["limit"]]
        )
        return context


class PromoBannerBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=100)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=300)
    image = ImageChooserBlock(label=_("Picture"), required=False)
    button_text = blocks.CharBlock(label=_("Button text"), required=False, max_length=60)
    link = LinkBlock()

    class Meta:
        icon = "pick"
        label = _("Promo banner")
        template = "cms/blocks/promo_banner.html"


class TestimonialsBlock(blocks.StructBlock):
    """What happy customers said: ratings of 4–5 whose authors agreed to be quoted (CRM)."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=100)
    limit = blocks.IntegerBlock(label=_("How many"), default=3, min_value=1, max_value=12)

    class Meta:
        icon = "openquote"
        label = _("Testimonials")
        template = "cms/blocks/testimonials.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["testimonials"] = quotable_testimonials(limit=value["limit"])
        return context


class WhatsAppButtonBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Button text"), max_length=60, default=_("Chat on WhatsApp"))
    message = blocks.TextBlock(
        label=_("Message typed for the buyer"), required=False, max_length=300,
        help_text=_("For example: Hello, I would like to ask about…"),
    )

    class Meta:
        icon = "mail"
        label = _("WhatsApp button")
        template = "cms/blocks/whatsapp_button.html"


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "cms/blocks/faq_item.html"


class BodyBlock(blocks.StreamBlock):
    """The blocks every content page offers."""

    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    photo = PhotoBlock()
    button = CallToActionBlock()
    featured_products = FeaturedProductsBlock()
    featured_category = FeaturedCategoryBlock()
    promo_banner = PromoBannerBlock()
    testimonials = TestimonialsBlock()
    whatsapp = WhatsAppButtonBlock()


class FaqBlock(blocks.StreamBlock):
    """Questions and answers, optionally grouped under short headings."""

    heading = blocks.CharBlock(label=_("Group heading"), max_length=100, icon="title",
                               template="cms/blocks/faq_heading.html")
    question = FaqItemBlock()
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, icon="pilcrow")
