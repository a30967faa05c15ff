"""How buyers pay this shop: bank transfer, QRIS, cash on delivery, or online through a payment
gateway (Midtrans) when its keys are set.

Oscar's payment models are re-exported unchanged; the shop's own records hang off the order:
``OrderPayment`` (one per order: method, unique code, amount to transfer, deadline),
``PaymentReceipt`` (the buyer's photos/PDFs of the transfer, reviewed by the owner), and for
online payments ``GatewayPayment`` (the gateway's transaction and status),
``GatewayNotification`` (each notification received, once) and ``GatewayRefund``.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.payment.models import *  # noqa: F401,F403

from core.models import SettingsRow


def receipt_storage():
    """Receipts live outside MEDIA_ROOT (no public URL): they are served only through the
    permission-checked receipt view."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    QRIS = "qris", _("QRIS")
    COD = "cod", _("Cash on delivery")
    ONLINE = "online", _("Pay online: QRIS, virtual account, GoPay or ShopeePay")


class PaymentSettings(SettingsRow):
    """The owner's payment choices (one row, read with ``PaymentSettings.load()``)."""

    unique_code_enabled = models.BooleanField(
        _("Add a unique 3-digit code to bank transfers"),
        default=True,
        help_text=_("Each transfer gets a different amount so you can tell them apart."),
    )
    payment_window_hours = models.PositiveSmallIntegerField(
        _("Hours to pay before the order is cancelled"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    qris_enabled = models.BooleanField(_("Accept QRIS"), default=True)
    qris_image = models.ImageField(_("QRIS image"), upload_to="payment/qris/", blank=True)
    cod_enabled = models.BooleanField(_("Accept cash on delivery"), default=True)
    cod_limited_to_provinces = models.BooleanField(
        _("Cash on delivery only in the provinces ticked under shipping rates"), default=False
    )

    class Meta:
        verbose_name = _("Payment settings")
        verbose_name_plural = _("Payment settings")

    def __str__(self):
        return str(self._meta.verbose_name)


class BankAccount(models.Model):
    """One of the shop's bank accounts that buyers transfer to."""

    bank_name = models.CharField(_("Bank"), max_length=64)
    account_number = models.CharField(_("Account number"), max_length=32)
    account_holder = models.CharField(_("Account holder"), max_length=128)
    is_active = models.BooleanField(_("Shown to buyers"), default=True)
    position = models.PositiveSmallIntegerField(_("Order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("Bank account")
        verbose_name_plural = _("Bank accounts")

    def __str__(self):
        return f"{self.bank_name} {self.account_number} a.n. {self.account_holder}"


class OrderPaymentQuerySet(models.QuerySet):
    def awaiting_confirmation(self):
        """Transfers/QRIS payments whose receipt waits for the owner's check, oldest first."""
        from core import order_statuses

        return (
            self.filter(
                order__status=order_statuses.PENDING_PAYMENT,
                receipts__status=PaymentReceipt.Status.WAITING,
            )
            .distinct()
            .order_by("receipts__uploaded_at")
        )

    def overdue(self, now):
        """Unpaid transfer/QRIS orders past their deadline with no receipt waiting for review."""
        from core import order_statuses

        return (
            self.filter(order__status=order_statuses.PENDING_PAYMENT, deadline__lt=now)
            .exclude(receipts__status=PaymentReceipt.Status.WAITING)
            # The gateway decides when an online payment has expired (storefront/payment/online.py).
            .exclude(method=PaymentMethod.ONLINE)
        )


class OrderPayment(models.Model):
    """How one order is paid: method, unique code, amount to transfer and deadline."""

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="payment_info", verbose_name=_("Order")
    )
    method = models.CharField(_("Payment method"), max_length=32, choices=PaymentMethod.choices)
    unique_code = models.PositiveSmallIntegerField(_("Unique code"), default=0)
    amount_due = models.DecimalField(_("Amount to pay"), max_digits=14, decimal_places=0)
    # Equal to amount_due while the order waits for a transfer, NULL otherwise: the unique index
    # guarantees no two open transfers ask for the same amount (NULLs never collide).
    open_amount = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True, unique=True)
    deadline = models.DateTimeField(_("Pay before"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("Payment confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OrderPaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Order payment")
        verbose_name_plural = _("Order payments")

    def __str__(self):
        return f"{self.order_id}: {self.get_method_display()}"

    @property
    def needs_receipt(self):
        """Transfer and QRIS are paid before shipping and proven with a receipt; COD is not."""
        return self.method in (PaymentMethod.BANK_TRANSFER, PaymentMethod.QRIS)

    @property
    def is_cod(self):
        return self.method == PaymentMethod.COD

    @property
    def is_online(self):
        """Paid on the gateway's page and confirmed by the gateway, not by the owner."""
        return self.method == PaymentMethod.ONLINE


# Receipt file formats (as detected by ``clean_receipt_upload``) → stored extension and the
# Content-Type they are served with. The buyer's own file name is never used.
RECEIPT_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "PDF": ("pdf", "application/pdf"),
}


class PaymentReceipt(models.Model):
    """A photo or PDF of a transfer, uploaded by the buyer and checked by the owner."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for check")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    payment = models.ForeignKey(OrderPayment, on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField(_("Receipt"), upload_to="receipts/%Y/%m/", storage=receipt_storage)
    is_pdf = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    reject_reason = models.CharField(_("Reason"), max_length=255, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("Payment receipt")
        verbose_name_plural = _("Payment receipts")

    def __str__(self):
        return f"{self.payment_id} {self.uploaded_at:%Y-%m-%d %H:%M}"

    @property
    def content_type(self):
        """The Content-Type to serve the file with, from its stored extension."""
        extension = self.file.name.rsplit(".", 1)[-1].lower()
        types = dict(RECEIPT_FORMATS.values())
        return types.get(extension, "application/octet-stream")


class GatewayPayment(models.Model):
    """The online payment of one order at a payment gateway: the page the buyer pays on and the
    gateway's latest word about the transaction (``storefront.payment.online``)."""

    class State(models.TextChoices):
        STARTED = "started", _("Waiting for the buyer")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Expired or cancelled")
        REFUNDED = "refunded", _("Refunded")

    payment = models.OneToOneField(OrderPayment, on_delete=models.CASCADE, related_name="gateway")
    provider = models.CharField(_("Payment gateway"), max_length=32)
    state = models.CharField(_("State"), max_length=16, choices=State.choices, default=State.STARTED)
    redirect_url = models.URLField(max_length=500, blank=True)
    transaction_id = models.CharField(_("Gateway transaction id"), max_length=64, blank=True, db_index=True)
    provider_status = models.CharField(_("Gateway status"), max_length=32, blank=True)
    payment_type = models.CharField(_("Paid with"), max_length=32, blank=True)
    gross_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    problem = models.CharField(_("Problem"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(_("Last checked with the gateway"), null=True, blank=True)

    class Meta:
        verbose_name = _("Online payment")
        verbose_name_plural = _("Online payments")

    def __str__(self):
        return f"{self.provider} {self.transaction_id or self.payment_id}"


class GatewayNotification(models.Model):
    """One status notification from a gateway, kept once: the unique key (provider, transaction,
    status) makes a repeated notification a no-op."""

    provider = models.CharField(max_length=32)
    transaction_id = models.CharField(max_length=64)
    transaction_status = models.CharField(max_length=32)
    order_number = models.CharField(max_length=128, db_index=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "transaction_id", "transaction_status"], name="gateway_notification_once"
            )
        ]

    def __str__(self):
        return f"{self.provider} {self.order_number} {self.transaction_status}"


class GatewayRefund(models.Model):
    """The money of a cancelled, already paid online order going back to the buyer: asked of
    the gateway where the payment type allows it, otherwise left to the owner."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Refund requested from the gateway")
        MANUAL = "manual", _("Pay back by hand (this payment type has no online refund)")
        FAILED = "failed", _("Refund request failed: pay back by hand")

    gateway_payment = models.OneToOneField(GatewayPayment, on_delete=models.CASCADE, related_name="refund")
    amount = models.DecimalField(_("Amount"), max_digits=14, decimal_places=0)
    reason = models.CharField(_("Reason"), max_length=255)
    refund_key = models.CharField(max_length=64, unique=True)
    state = models.CharField(_("State"), max_length=16, choices=State.choices)
    response = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Online refund")
        verbose_name_plural = _("Online refunds")

    def __str__(self):
        return f"{self.refund_key} {self.state}"
