from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Customer(models.Model):
    """One real person who buys from the shop, however they bought (DESIGN §5).

    Matched by normalised phone (``+628…``) or e-mail; links the user account, guest orders
    and counter sales. Loyalty points hang on the customer, not on the user account, so that
    points from guest orders and counter sales are there when the person registers.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer",
    )
    name = models.CharField(_("Nama"), max_length=150, blank=True)
    phone = models.CharField(_("Nomor WhatsApp"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("E-mail"), blank=True, db_index=True)
    birthday = models.DateField(_("Tanggal lahir"), null=True, blank=True)
    city = models.CharField(_("Kota"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("Dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("Pelanggan")
        verbose_name_plural = _("Pelanggan")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="crm_customer_unique_phone"
            ),
        ]

    def __str__(self):
        return self.name or self.phone or self.email or f"#{self.pk}"


class FeedbackSource(models.TextChoices):
    SURVEY = "survey", _("Survei setelah pesanan")
    CONTACT = "contact", _("Halaman kontak")
    ORDER_COMPLAINT = "order", _("Keluhan pesanan")
    REVIEW = "review", _("Ulasan produk")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("Baru")
    IN_PROGRESS = "in_progress", _("Ditangani")
    RESOLVED = "resolved", _("Selesai")


class Feedback(models.Model):
    """Something a customer told the shop: a rating, an NPS answer, a message or a complaint.

    ``is_complaint`` is set from the rule in ``crm.feedback.is_complaint`` when saved, so the
    owner's "Hari ini" list can find open complaints with one indexed query.
    """

    customer = models.ForeignKey(
        Customer, verbose_name=_("Pelanggan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="feedback",
    )
    source = models.CharField(_("Sumber"), max_length=20, choices=FeedbackSource.choices)
    order = models.ForeignKey(
        "order.Order", verbose_name=_("Pesanan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="feedback",
    )
    rating = models.PositiveSmallIntegerField(_("Nilai (1–5)"), null=True, blank=True)
    nps = models.PositiveSmallIntegerField(_("Skor rekomendasi (0–10)"), null=True, blank=True)
    comment = models.TextField(_("Komentar"), blank=True, max_length=2000)
    name = models.CharField(_("Nama"), max_length=150, blank=True)
    email = models.EmailField(_("E-mail"), blank=True)
    phone = models.CharField(_("Nomor WhatsApp"), max_length=20, blank=True)
    may_quote = models.BooleanField(_("Boleh dikutip sebagai testimoni"), default=False)
    status = models.CharField(
        _("Status"), max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    is_complaint = models.BooleanField(_("Keluhan"), default=False, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Ditangani oleh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    internal_notes = models.TextField(_("Catatan internal"), blank=True)
    created_at = models.DateTimeField(_("Diterima"), auto_now_add=True, db_index=True)
    first_response_at = models.DateTimeField(_("Pertama dibalas"), null=True, blank=True)

    class Meta:
        verbose_name = _("Masukan")
        verbose_name_plural = _("Masukan")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="crm_feedback_rating_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(nps__isnull=True) | models.Q(nps__lte=10), name="crm_feedback_nps_0_10"
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        from .feedback import is_complaint

        self.is_complaint = self.is_complaint or is_complaint(rating=self.rating, nps=self.nps)
        super().save(*args, **kwargs)
