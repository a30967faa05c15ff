"""Demo content for the loyalty app (called once from ``manage.py seed_demo``; idempotent)."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Account, EntryKind, Reward, RewardKind, SourceType, Tier

DEMO_BUYER_EMAIL = "pembeli@langganan.test"
DEMO_OPENING_POINTS = 320


def load(stdout):
    """Default settings, tiers and bonus rules, a few rewards, and points for the demo buyer."""
    services.get_settings()
    services.ensure_default_tiers()
    services.ensure_default_bonus_rules()
    _rewards()
    buyer = get_user_model().objects.filter(email=DEMO_BUYER_EMAIL).first()
    if buyer is not None:
        account = services.account_for_user(buyer)
        with transaction.atomic():
            locked = Account.objects.select_for_update().get(pk=account.pk)
            services.post(
                locked,
                EntryKind.ADJUST,
                SourceType.STAFF,
                "demo-opening-points",
                available=DEMO_OPENING_POINTS,
                expires_at=timezone.now() + datetime.timedelta(days=365),
                note="Poin awal (demo)",
            )
        # A few points that expire soon, so the buyer page shows its warning.
        with transaction.atomic():
            locked = Account.objects.select_for_update().get(pk=account.pk)
            services.post(
                locked,
                EntryKind.BONUS,
                SourceType.SIGNUP,
                f"demo-{account.customer_id}",
                available=30,
                expires_at=timezone.now() + datetime.timedelta(days=6),
                note="Bonus daftar (demo)",
            )
    # Points for the demo shop's past orders now, whether or not a Celery worker runs yet.
    services.reconcile_orders(since_days=3650)
    stdout.write("loyalty: tiers, bonus rules, rewards and demo points ready")


def _rewards():
    from oscar.core.loading import get_model

    gold = Tier.objects.order_by("-threshold").first()
    Reward.objects.get_or_create(
        name="Potongan Rp 10.000",
        defaults={"kind": RewardKind.RUPIAH, "points_cost": 100, "value": Decimal("10000")},
    )
    Reward.objects.get_or_create(
        name="Gratis ongkir", defaults={"kind": RewardKind.FREE_SHIPPING, "points_cost": 150, "stock": 50}
    )
    category = get_model("catalogue", "Category").objects.order_by("path").first()
    if category is not None:
        Reward.objects.get_or_create(
            name=f"Diskon 15% {category.name}",
            defaults={
                "kind": RewardKind.CATEGORY_PERCENT,
                "points_cost": 200,
                "value": Decimal("15"),
                "category": category,
                "min_tier": gold,
                "limit_per_customer": 1,
            },
        )
    product = (
        get_model("catalogue", "Product").objects.filter(stockrecords__isnull=False).order_by("pk").first()
    )
    if product is not None:
        Reward.objects.get_or_create(
            name=f"Gratis {product.title}",
            defaults={"kind": RewardKind.FREE_PRODUCT, "points_cost": 400, "product": product, "stock": 10},
        )
