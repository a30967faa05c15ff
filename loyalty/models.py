"""Loyalty data: settings, tiers, bonus rules, accounts, the points ledger and rewards (docs/design.md § 3).

The ledger (``Entry``) is the truth; ``Account.available`` / ``Account.pending`` are a cache
updated in the same transaction as each entry and rebuilt by ``loyalty_rebuild_balances``.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import SettingsRow


class LoyaltySettings(SettingsRow):
    """The shop's loyalty numbers (one row, read with ``LoyaltySettings.load()``)."""

    rupiah_per_point_earned = models.DecimalField(
        _("Rupiah spent per point earned"),
        max_digits=12,
        decimal_places=0,
        default=Decimal("10000"),
        help_text=_(
            "1 point for every this many Rupiah of merchandise (after discounts, shipping excluded)."
        ),
    )
    point_value = models.DecimalField(
        _("Value of 1 point (Rp)"), max_digits=12, decimal_places=0, default=Decimal("100")
    )
    min_redeem_points = models.PositiveIntegerField(_("Minimum points per redemption"), default=50)
    max_redeem_percent = models.PositiveSmallIntegerField(
        _("Maximum share of merchandise paid with points (%)"), default=50
    )
    release_days_after_shipping = models.PositiveSmallIntegerField(
        _("Days after shipping when points become available"), default=7
    )
    expiry_months = models.PositiveSmallIntegerField(_("Months until points expire"), default=12)
    expiry_warning_days = models.PositiveSmallIntegerField(
        _("Days before expiry to warn the buyer"), default=7
    )

    class Meta:
        verbose_name = _("Loyalty settings")
        verbose_name_plural = _("Loyalty settings")

    def __str__(self):
        return str(self._meta.verbose_name)


class Tier(models.Model):
    """A level reached by paid spend in the last 12 months; multiplies points earned."""

    name = models.CharField(_("Name"), max_length=50)
    threshold = models.DecimalField(
        _("Spend in the last 12 months from (Rp)"), max_digits=14, decimal_places=0, default=Decimal("0")
    )
    multiplier = models.DecimalField(
        _("Points multiplier"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )

    class Meta:
        verbose_name = _("Tier")
        verbose_name_plural = _("Tiers")
        ordering = ["threshold"]
        constraints = [models.UniqueConstraint(fields=["threshold"], name="loyalty_tier_unique_threshold")]

    def __str__(self):
        return self.name


class BonusKind(models.TextChoices):
    SIGNUP = "signup", _("Sign-up")
    BIRTHDAY = "birthday", _("Birthday")
    REVIEW = "review", _("Approved product review")
    SURVEY = "survey", _("Answered survey")
    REFERRAL = "referral", _("Referral (each side)")


class BonusRule(models.Model):
    """A bonus the owner switches on and sizes."""

    kind = models.CharField(_("Bonus"), max_length=20, choices=BonusKind.choices, unique=True)
    points = models.PositiveIntegerField(_("Points"), default=0)
    is_active = models.BooleanField(_("Active"), default=True)

    class Meta:
        verbose_name = _("Bonus rule")
        verbose_name_plural = _("Bonus rules")
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()


class Account(models.Model):
    """A customer's points. Locked with ``select_for_update`` for every movement."""

    customer = models.OneToOneField(
        "crm.Customer", verbose_name=_("Customer"), on_delete=models.CASCADE, related_name="loyalty_account"
    )
    available = models.IntegerField(_("Available points"), default=0)
    pending = models.IntegerField(_("Pending points"), default=0)
    tier = models.ForeignKey(Tier, verbose_name=_("Tier"), null=True, blank=True, on_delete=models.SET_NULL)
    referral_code = models.CharField(_("Referral code"), max_length=12, unique=True)
    referred_by = models.ForeignKey(
        "self",
        verbose_name=_("Referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    birthday_changed_at = models.DateTimeField(_("Birthday last changed"), null=True, blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Points account")
        verbose_name_plural = _("Points accounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(available__gte=0), name="loyalty_account_available_gte_0"
            ),
            models.CheckConstraint(condition=models.Q(pending__gte=0), name="loyalty_account_pending_gte_0"),
        ]

    def __str__(self):
        return str(self.customer)


class EntryKind(models.TextChoices):
    PENDING = "pending", _("Pending (order placed)")
    EARN = "earn", _("Earned")
    REDEEM = "redeem", _("Redeemed")
    REFUND = "refund", _("Returned")
    REVERSE = "reverse", _("Reversed")
    EXPIRE = "expire", _("Expired")
    ADJUST = "adjust", _("Adjustment")
    BONUS = "bonus", _("Bonus")


class SourceType(models.TextChoices):
    ORDER = "order", _("Online order")
    COUNTER = "counter", _("Counter sale")
    REWARD = "reward", _("Reward")
    STAFF = "staff", _("Staff adjustment")
    BATCH = "batch", _("Points batch")
    SIGNUP = "signup", _("Sign-up")
    BIRTHDAY = "birthday", _("Birthday")
    REVIEW = "review", _("Product review")
    SURVEY = "survey", _("Survey")
    REFERRAL = "referral", _("Referral")
    OPENING = "opening", _("Opening points (import)")


class EntryQuerySet(models.QuerySet):
    def batches(self):
        """Entries that added available points and still have some left, oldest expiry first."""
        return self.filter(remaining__gt=0).order_by("expires_at", "pk")

    def expiring_between(self, start, end):
        return self.batches().filter(expires_at__gte=start, expires_at__lt=end)


class Entry(models.Model):
    """One movement of points, never changed afterwards except a batch's ``remaining``.

    ``available_delta`` / ``pending_delta`` are what the movement did to each balance. An entry
    that added available points is a *batch*: ``remaining`` is what is left of it to spend or
    expire, ``expires_at`` when it expires. (source_type, source_id, kind) is unique, so a
    retried task or signal can never move the same points twice.
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("Kind"), max_length=10, choices=EntryKind.choices)
    source_type = models.CharField(_("Source"), max_length=10, choices=SourceType.choices)
    source_id = models.CharField(_("Source id"), max_length=64)
    available_delta = models.IntegerField(_("Available change"), default=0)
    pending_delta = models.IntegerField(_("Pending change"), default=0)
    remaining = models.PositiveIntegerField(_("Left in batch"), default=0)
    expires_at = models.DateTimeField(_("Expires"), null=True, blank=True, db_index=True)
    amount = models.DecimalField(_("Rupiah amount"), max_digits=14, decimal_places=0, null=True, blank=True)
    note = models.CharField(_("Note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("By"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Date"), auto_now_add=True, db_index=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Points entry")
        verbose_name_plural = _("Points entries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "kind"], name="loyalty_entry_unique_source"
            ),
        ]
        indexes = [models.Index(fields=["account", "remaining"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.points:+d}"

    def get_kind_display(self):
        """The kind's label. Django's own builds a table of every kind's label per call,
        translating all eight: 160 translations for a history page of 20 rows. An unknown kind
        reads as itself, as in Django's."""
        return EntryKind(self.kind).label if self.kind in EntryKind.values else self.kind

    @property
    def points(self):
        """The change the buyer sees: available change, or the pending change for pending moves."""
        return self.available_delta or self.pending_delta


class RewardKind(models.TextChoices):
    RUPIAH = "rupiah", _("Rupiah discount")
    FREE_SHIPPING = "shipping", _("Free shipping")
    FREE_PRODUCT = "product", _("Free product")
    CATEGORY_PERCENT = "category", _("Percentage off a category")


class Reward(models.Model):
    """Something the buyer can claim for points; claiming issues a single-use voucher."""

    name = models.CharField(_("Name"), max_length=100)
    kind = models.CharField(_("Kind"), max_length=10, choices=RewardKind.choices)
    points_cost = models.PositiveIntegerField(_("Points"))
    value = models.DecimalField(
        _("Value"),
        max_digits=12,
        decimal_places=0,
        default=Decimal("0"),
        help_text=_("Rupiah for a Rupiah discount, percent for a category discount."),
    )
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("Product"), null=True, blank=True, on_delete=models.PROTECT
    )
    category = models.ForeignKey(
        "catalogue.Category", verbose_name=_("Category"), null=True, blank=True, on_delete=models.PROTECT
    )
    stock = models.PositiveIntegerField(_("Stock"), null=True, blank=True, help_text=_("Empty: unlimited."))
    limit_per_customer = models.PositiveIntegerField(_("Limit per customer"), null=True, blank=True)
    min_tier = models.ForeignKey(
        Tier, verbose_name=_("Minimum tier"), null=True, blank=True, on_delete=models.SET_NULL
    )
    starts_at = models.DateTimeField(_("From"), null=True, blank=True)
    ends_at = models.DateTimeField(_("Until"), null=True, blank=True)
    voucher_days = models.PositiveSmallIntegerField(_("Voucher valid for (days)"), default=30)
    is_active = models.BooleanField(_("Active"), default=True)

    class Meta:
        verbose_name = _("Reward")
        verbose_name_plural = _("Rewards")
        ordering = ["points_cost", "name"]

    def __str__(self):
        return self.name

    def on_offer_at(self, now):
        """Whether buyers can claim it at ``now``: active, started and not yet ended."""
        started = self.starts_at is None or self.starts_at <= now
        return self.is_active and started and (self.ends_at is None or now < self.ends_at)


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", _("Ready to use")
    USED = "used", _("Used")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class RewardClaimQuerySet(models.QuerySet):
    def as_of(self, now):
        """Claims with ``status_now``: their status at ``now``, read without writing.

        A claim still marked *Ready to use* is *Used* once its voucher was used and *Expired*
        once the voucher ran out (used wins). The nightly task stores the same answer
        (``refresh_claim_statuses``), so pages never write to show it.
        """
        open_claim = models.Q(status=ClaimStatus.CLAIMED, voucher__isnull=False)
        used = open_claim & models.Q(voucher__num_orders__gt=0)
        ran_out = open_claim & models.Q(voucher__end_datetime__lt=now)
        return self.annotate(
            status_now=models.Case(
                models.When(used, then=models.Value(ClaimStatus.USED)),
                models.When(ran_out, then=models.Value(ClaimStatus.EXPIRED)),
                default=models.F("status"),
                output_field=models.CharField(),
            )
        )


class RewardClaim(models.Model):
    """A reward a customer claimed, with the voucher that delivers it."""

    reward = models.ForeignKey(
        Reward, verbose_name=_("Reward"), on_delete=models.PROTECT, related_name="claims"
    )
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="claims")
    points = models.PositiveIntegerField(_("Points"))
    voucher = models.OneToOneField(
        "voucher.Voucher", null=True, blank=True, on_delete=models.SET_NULL, related_name="reward_claim"
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.CLAIMED
    )
    claimed_at = models.DateTimeField(_("Claimed"), auto_now_add=True)

    objects = RewardClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("Claimed reward")
        verbose_name_plural = _("Claimed rewards")
        ordering = ["-claimed_at"]

    def __str__(self):
        return f"{self.reward} — {self.account}"

    def get_status_now_display(self):
        """The buyer's words for ``status_now`` (claims read with ``RewardClaim.objects.as_of``)."""
        return ClaimStatus(self.status_now).label


class BasketRedemption(models.Model):
    """Points a signed-in buyer chose to use on a basket; debited when the order is placed.

    ``merchandise_total`` is the basket's merchandise total when the points were chosen: a
    different total at placement means the basket changed and the choice must be confirmed.
    """

    basket = models.OneToOneField("basket.Basket", on_delete=models.CASCADE, related_name="points_redemption")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveIntegerField(_("Points"))
    merchandise_total = models.DecimalField(max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Points chosen for a basket")
        verbose_name_plural = _("Points chosen for baskets")

    def __str__(self):
        return f"{self.points} / {self.basket_id}"
