"""Template helpers shared by every page of the shop."""

from datetime import timedelta

from django import template
from django.db.models import Model
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import get_language_info, gettext
from oscar.templatetags.category_tags import get_annotated_list

from core import caching
from core.order_statuses import status_label
from core.whatsapp import whatsapp_url
from storefront import drawn_fields, kept_layout
from storefront import product_cards as cards
from storefront.languages import offered_languages

register = template.Library()


@register.simple_tag
def whatsapp(phone, text=""):
    """``{% whatsapp customer.phone "Halo…" %}`` → a wa.me link with the message prefilled.
    ``phone`` may be a string or an address's ``PhoneNumber``."""
    return whatsapp_url(str(phone) if phone else "", text)


@register.simple_tag(takes_context=True)
def shop_whatsapp(context, text=""):
    """``{% shop_whatsapp "Halo, saya mau tanya…" %}`` → a wa.me link to the shop: the number in
    the owner's shop details (Wagtail settings), else SHOP_WHATSAPP_NUMBER. One number for every
    page and e-mail."""
    from cms.templatetags.cms_tags import shop_settings

    return whatsapp_url(shop_settings(context.get("request")).contact_whatsapp, str(text or ""))


@register.simple_tag(takes_context=True)
def shop_languages(context):
    """``{% shop_languages as languages %}``: the language switcher's choices (Django's language
    info: ``code``, ``name_local``), Basa Sunda only when the owner offers it."""
    return [get_language_info(code) for code, _name in offered_languages(context.get("request"))]


@register.filter
def order_status(status):
    """``{{ order.status|order_status }}`` → "Menunggu pembayaran", "Dikirim" …"""
    return status_label(status)


@register.filter
def ago(moment):
    """``{{ feedback.created_at|ago }}`` → "5 menit yang lalu", or "baru saja" within the first
    minute (``timesince`` alone says "0 menit")."""
    if timezone.now() - moment < timedelta(minutes=1):
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": timesince(moment).split(",")[0]}


@register.filter
def minutes(duration):
    """``{{ cooloff_timedelta|minutes }}`` → whole minutes of a ``timedelta`` (rounded up)."""
    seconds = duration.total_seconds()
    return int(-(-seconds // 60))


@register.simple_tag
def cached_category_tree():
    """Oscar's ``{% category_tree %}`` (the whole tree, for the catalogue and category pages'
    side column), kept under the ``catalogue`` cache version: it is the same on every one of
    those requests and cost two queries and a walk over every category."""
    return caching.cached(caching.CATALOGUE, "category-tree", get_annotated_list)


@register.simple_tag
def choice_field(field, style=""):
    """``{% choice_field search_form.sort_by %}``: a choice field fixed in code (a sort choice)
    as ``oscar/partials/form_field.html`` draws it, once per process and value
    (``storefront.drawn_fields``)."""
    return drawn_fields.choice_field(field, style)


@register.simple_tag(takes_context=True)
def product_cards(context, items, heading="h3"):
    """``{% product_cards page.object_list "h2" as cards %}``: the product cards of a listing's
    items (products, or a Solr search's results), in order, mostly from the cache
    (``storefront.product_cards``)."""
    return cards.draw(context, [listed_product(item) for item in items], heading)


@register.tag
def kept_drawn(parser, token):
    """``{% kept_drawn "name" product may_review %}…{% endkept_drawn %}``: a part of a product's
    page that is the same for every visitor, drawn once and kept (``storefront.product_cards``);
    the values after the product (what the part shows of the visitor, e.g. a flag) are in its
    key."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("kept_drawn takes a name and a product")
    nodelist = parser.parse(("endkept_drawn",))
    parser.delete_first_token()
    name, product, *varies = (parser.compile_filter(bit) for bit in bits[1:])
    return KeptDrawnNode(nodelist, name, product, varies)


class KeptDrawnNode(template.Node):
    def __init__(self, nodelist, name, product, varies):
        self.nodelist, self.name, self.product, self.varies = nodelist, name, product, varies

    def render(self, context):
        name = ":".join(str(each.resolve(context)) for each in (self.name, *self.varies))
        product = self.product.resolve(context)
        return cards.kept(context["request"], product, name, lambda: self.nodelist.render(context))


@register.tag
def kept_layout_part(parser, token):
    """``{% kept_layout_part "header" %}…{% endkept_layout_part %}``: a part of the buyer's layout,
    drawn once for every page like this one and kept (``storefront.kept_layout``); inside,
    ``{{ visitor.q }}``, ``{{ visitor.basket_count }}``, ``{{ visitor.next }}`` and
    ``{% csrf_token %}`` are this visitor's own, written in on every page."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("kept_layout_part takes the part's name")
    nodelist = parser.parse(("endkept_layout_part",))
    parser.delete_first_token()
    return KeptLayoutNode(nodelist, parser.compile_filter(bits[1]))


class KeptLayoutNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        return kept_layout.kept(context, str(self.name.resolve(context)), self.nodelist.render)


@register.filter
def listed_product(item):
    """``{% render_product item|listed_product %}``: the product of a listing's item. The
    database listing holds products, a Solr search its results (``.object`` is the product).
    ``item.object|default:item`` looked ``object`` up on every product first: a failed template
    lookup, which Django answers by listing the model instance's attributes (``dir()``)."""
    return item if isinstance(item, Model) else item.object
