from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import ExtractDay, ExtractMonth, Upper
from django.utils.translation import gettext_lazy as _

from . import rules
from .managers import CustomerQuerySet


class CustomerTag(models.Model):
    """A label the owner puts on customers ("reseller", "kantor", "suka pedas")."""

    name = models.CharField(_("Name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("Tag")
        verbose_name_plural = _("Tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Customer(models.Model):
    """One real person who buys from the shop, however they bought (docs/design.md § 4–6).

    Matched by normalised phone (``+628…``) or e-mail; links the user account, guest orders
    and counter sales. Loyalty points hang on the customer, not on the user account, so that
    points from guest orders and counter sales are there when the person registers.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer",
    )
    name = models.CharField(_("Name"), max_length=150, blank=True)
    phone = models.CharField(_("WhatsApp number"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("E-mail"), blank=True, db_index=True)
    birthday = models.DateField(_("Birthday"), null=True, blank=True)
    city = models.CharField(_("City"), max_length=100, blank=True)
    # The language the buyer last ordered in (crm.customers.email_language): e-mails follow it.
    language = models.CharField(_("Language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    tags = models.ManyToManyField(CustomerTag, verbose_name=_("Tags"), blank=True, related_name="customers")
    notes = models.TextField(_("Notes"), blank=True)
    # Consent per channel; the history (time and source of each change) is in ConsentRecord.
    email_consent = models.BooleanField(_("Agrees to e-mail promotions"), default=False)
    whatsapp_consent = models.BooleanField(_("Agrees to WhatsApp promotions"), default=False)
    # Points from the shop's old records (import); the loyalty app books them once.
    opening_points = models.PositiveIntegerField(_("Opening points"), default=0)
    # Order history from Oscar orders (cancelled ones excluded), kept up to date by
    # CustomerQuerySet.refresh_order_stats (one SQL UPDATE) whenever an order is linked or changes
    # status, and nightly. Stored so that lists and "Hari ini" stay fast with 100 000 customers.
    order_count = models.PositiveIntegerField(_("Orders"), default=0, editable=False, db_index=True)
    total_spent = models.DecimalField(
        _("Total spent"), max_digits=14, decimal_places=2, default=0, editable=False
    )
    first_order = models.DateTimeField(_("First order"), null=True, blank=True, editable=False, db_index=True)
    last_order = models.DateTimeField(_("Last order"), null=True, blank=True, editable=False, db_index=True)
    # RFM scores and segment, refreshed by crm.segments.refresh_segments (nightly and on demand).
    rfm_recency = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    rfm_frequency = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    rfm_monetary = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    segment = models.CharField(_("Segment"), max_length=20, blank=True, db_index=True, editable=False)
    erased_at = models.DateTimeField(_("Personal data erased"), null=True, blank=True, editable=False)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        verbose_name = _("Customer")
        verbose_name_plural = _("Customers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="crm_customer_unique_phone"
            ),
        ]
        # Orders and points find their customer by e-mail in any case (``email__iexact``,
        # UPPER(email) on PostgreSQL): without this index every lookup reads every customer.
        # Hari ini's birthdays (``birthdays_on``: month and day of the birthday) are looked up
        # in an index of both instead of reading every customer (100 000: 30 ms → under 1 ms).
        # The owner's customer list (newest first, erased customers left out) reads its page
        # and its count in the last one instead of sorting every customer (44 → 0.3 ms, count
        # 31 → 17 ms on 100 000).
        indexes = [
            models.Index(Upper("email"), name="crm_customer_email_upper"),
            models.Index(ExtractMonth("birthday"), ExtractDay("birthday"), name="crm_customer_birthday_day"),
            models.Index(
                fields=["-created_at", "-id"],
                condition=models.Q(erased_at__isnull=True),
                name="crm_customer_newest_first",
            ),
        ]

    def __str__(self):
        return self.name or self.phone or self.email or f"#{self.pk}"

    @property
    def average_order(self):
        """Average order value (AOV) in Rupiah, None before the first order."""
        return (self.total_spent / self.order_count).quantize(Decimal("1")) if self.order_count else None

    @property
    def usual_gap(self):
        """The usual time between two orders (mean gap), None with fewer than two orders."""
        if self.order_count < 2:
            return None
        return (self.last_order - self.first_order) / (self.order_count - 1)


class ConsentChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")


class ConsentRecord(models.Model):
    """One change of a customer's consent on one channel, with when and how (UU PDP)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="consent_records")
    channel = models.CharField(_("Channel"), max_length=10, choices=ConsentChannel.choices)
    granted = models.BooleanField(_("Agrees"))
    source = models.CharField(_("Source"), max_length=100)
    recorded_at = models.DateTimeField(_("Time"), auto_now_add=True)

    class Meta:
        verbose_name = _("Consent")
        verbose_name_plural = _("Consents")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.customer} {self.channel} {self.granted}"


class CustomerOrder(models.Model):
    """Which customer an Oscar order belongs to (account, guest e-mail or shipping phone)."""

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE, related_name="crm_link")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="order_links")

    class Meta:
        verbose_name = _("Customer order")
        verbose_name_plural = _("Customer orders")

    def __str__(self):
        return f"{self.customer} – {self.order_id}"


class PhoneConflict(models.Model):
    """A customer used a phone number another customer's record holds (one number, two
    records): shown to the owner on the customer page and "Hari ini" with a merge button."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="phone_conflicts")
    holder = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(_("Nomor WhatsApp"), max_length=20)
    order = models.ForeignKey(
        "order.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Phone used by two customers")
        verbose_name_plural = _("Phones used by two customers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "holder"], name="crm_phoneconflict_once_per_pair")
        ]

    def __str__(self):
        return f"{self.phone}: {self.customer_id} / {self.holder_id}"


class FeedbackSource(models.TextChoices):
    SURVEY = "survey", _("Survey after an order")
    CONTACT = "contact", _("Contact page")
    ORDER_COMPLAINT = "order", _("Order complaint")
    REVIEW = "review", _("Product review")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")


class FeedbackQuerySet(models.QuerySet):
    def open_complaints(self):
        """Complaints not yet resolved, oldest first (the owner's "Hari ini")."""
        return (
            self.filter(is_complaint=True)
            .exclude(status=FeedbackStatus.RESOLVED)
            .select_related("customer", "order")
            .order_by("created_at")
        )

    def for_buyer(self, user):
        """What a logged-in buyer may see: feedback they gave, through their customer record."""
        return self.filter(customer__user=user)


class Feedback(models.Model):
    """Something a customer told the shop: a rating, an NPS answer, a message or a complaint.

    ``is_complaint`` is set from the rule in ``crm.rules.is_complaint`` when saved, so the
    owner's "Hari ini" list can find open complaints with one indexed query.
    """

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("Customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    source = models.CharField(_("Source"), max_length=20, choices=FeedbackSource.choices)
    order = models.ForeignKey(
        "order.Order",
        verbose_name=_("Order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    review = models.OneToOneField(
        "reviews.ProductReview",
        verbose_name=_("Product review"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="crm_feedback",
    )
    rating = models.PositiveSmallIntegerField(_("Rating (1–5)"), null=True, blank=True)
    nps = models.PositiveSmallIntegerField(_("Recommendation score (0–10)"), null=True, blank=True)
    comment = models.TextField(_("Comment"), blank=True, max_length=2000)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    email = models.EmailField(_("E-mail"), blank=True)
    phone = models.CharField(_("WhatsApp number"), max_length=20, blank=True)
    may_quote = models.BooleanField(_("May be quoted as a testimonial"), default=False)
    status = models.CharField(
        _("Status"), max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    is_complaint = models.BooleanField(_("Complaint"), default=False, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    internal_notes = models.TextField(_("Internal notes"), blank=True)
    created_at = models.DateTimeField(_("Received"), auto_now_add=True, db_index=True)
    first_response_at = models.DateTimeField(_("First replied"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("Resolved"), null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("Feedback")
        verbose_name_plural = _("Feedback")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="crm_feedback_rating_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(nps__isnull=True) | models.Q(nps__lte=10), name="crm_feedback_nps_0_10"
            ),
            # One survey answer per order, even when two answers arrive at the same moment.
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(source="survey"),
                name="crm_feedback_one_survey_per_order",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        self.is_complaint = self.is_complaint or rules.is_complaint(
            rating=self.rating, nps=self.nps, reported=self.source == FeedbackSource.ORDER_COMPLAINT
        )
        super().save(*args, **kwargs)

    @property
    def contact_phone(self):
        return self.phone or (self.customer.phone if self.customer else "")

    @property
    def contact_email(self):
        return self.email or (self.customer.email if self.customer else "")

    @property
    def first_response_time(self):
        """How long the customer waited for the first reply (None while unanswered)."""
        return self.first_response_at - self.created_at if self.first_response_at else None


class FeedbackReply(models.Model):
    """The shop's answer to a feedback, e-mailed to the customer and shown on their account."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("Reply"), max_length=2000)
    created_at = models.DateTimeField(_("Sent"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("E-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("Reply")
        verbose_name_plural = _("Replies")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.feedback} reply #{self.pk}"


class SurveyInvitation(models.Model):
    """The post-order survey e-mail for one completed order: when it is due and when it went out."""

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE, related_name="survey_invitation")
    due_at = models.DateTimeField(_("Due"), db_index=True)
    sent_at = models.DateTimeField(_("Sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("Survey invitation")
        verbose_name_plural = _("Survey invitations")

    def __str__(self):
        return f"survey {self.order_id}"


class Campaign(models.Model):
    """A message to one segment of customers, by e-mail (consenting only) and WhatsApp list."""

    name = models.CharField(_("Name"), max_length=100)
    segment = models.CharField(_("Segment"), max_length=20)
    subject = models.CharField(_("E-mail subject"), max_length=150)
    message = models.TextField(_("Message"), max_length=3000)
    voucher = models.ForeignKey(
        "voucher.Voucher",
        verbose_name=_("Voucher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    queued_at = models.DateTimeField(_("Sending started"), null=True, blank=True)

    class Meta:
        verbose_name = _("Campaign")
        verbose_name_plural = _("Campaigns")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name


class CampaignSend(models.Model):
    """One e-mail of a campaign to one customer; the unique key makes re-sending a no-op."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sends")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="campaign_sends")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "customer"], name="crm_campaign_send_once"),
        ]

    def __str__(self):
        return f"{self.campaign} → {self.customer}"
