"""What a new shop needs before its first buyer, one step at a time.

A step is done when the shop has what it asks, whichever screen it was filled on: the owner can
leave the first steps at any point and come back to the first step still open. Only "finished"
is remembered (``ShopSettings.first_steps_finished_at``), for an owner who leaves a step open
on purpose.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.models import Site

from cms.models import ShopSettings
from cms.navigation import shop_settings_for
from loyalty.models import LoyaltySettings
from storefront.payment.models import BankAccount
from storefront.payment.services import payment_settings
from storefront.shipping.models import ShippingSettings

Product = get_model("catalogue", "Product")


def shop_details():
    """The shop's details of the default site (saved by the first step), or None without a site."""
    site = Site.objects.filter(is_default_site=True).first()
    return ShopSettings.for_site(site) if site is not None else None


def _shop_is_named():
    shop = shop_settings_for()  # cached: "Hari ini" asks on every visit
    return bool(shop.shop_name and shop.whatsapp_number)


def _payment_is_ready():
    qris = payment_settings()
    return BankAccount.objects.filter(is_active=True).exists() or bool(qris.qris_enabled and qris.qris_image)


@dataclass(frozen=True)
class FirstStep:
    slug: str
    title: str
    purpose: str  # the step's "Panduan": what it is for, in one or two sentences
    is_done: Callable[[], bool]


STEPS = (
    FirstStep(
        "shop",
        _("Your shop"),
        _("The name and logo buyers see on every page, and the WhatsApp number they chat with."),
        _shop_is_named,
    ),
    FirstStep(
        "payment",
        _("Payment"),
        _("Where buyers transfer their money: a bank account, a QRIS code, or both."),
        _payment_is_ready,
    ),
    FirstStep(
        "shipping",
        _("Shipping"),
        _(
            "Where parcels leave from, and whether buyers may pick up at the shop. Each province has a "
            "starting rate you can change later."
        ),
        lambda: ShippingSettings.objects.exists(),
    ),
    FirstStep(
        "points",
        _("Points"),
        _(
            "Buyers collect points with every order and come back to use them. One point for every "
            "Rp 10.000 is a good start."
        ),
        lambda: LoyaltySettings.objects.exists(),
    ),
    FirstStep(
        "products",
        _("First products"),
        _("A photo, a name, a price, the stock and the weight: enough for buyers to order."),
        lambda: Product.objects.exists(),
    ),
)


def step_named(slug):
    """The step called ``slug``; ``LookupError`` for an unknown one."""
    for step in STEPS:
        if step.slug == slug:
            return step
    raise LookupError(slug)


def progress():
    """``[(step, done)]`` for every step, in order."""
    return [(step, step.is_done()) for step in STEPS]


def next_open_step(after=None):
    """The first step not done yet, looking after ``after`` first (the step just saved or
    skipped), then from the start; None when every step is done."""
    steps = list(STEPS)
    if after is not None:
        start = steps.index(after) + 1
        steps = steps[start:] + steps[:start]
    return next((step for step in steps if not step.is_done()), None)


def summary():
    """``{"done", "total", "next"}`` for "Hari ini" while the owner has not finished the first
    steps and one is still open; None after (one cached read once finished)."""
    shop = shop_settings_for()
    if shop.site_id is None or shop.first_steps_finished_at is not None:
        return None
    open_steps = [step for step, done in progress() if not done]
    if not open_steps:
        return None
    return {"done": len(STEPS) - len(open_steps), "total": len(STEPS), "next": open_steps[0]}


def finish_first_steps():
    """The owner has seen enough of the first steps: stop offering them on "Hari ini"."""
    shop = shop_details()
    if shop is not None and shop.first_steps_finished_at is None:
        shop.first_steps_finished_at = timezone.now()
        shop.save(update_fields=["first_steps_finished_at"])
