"""Order statuses of the shop and the moves allowed between them.

The stored value is the English key (stable in the database); buyers and the owner see the
translation (`Menunggu pembayaran`, `Dibayar` …) through `status_label`.
"""

from django.utils.translation import gettext_lazy as _

PENDING_PAYMENT = "Pending payment"
PAID = "Paid"
PROCESSING = "Processing"
SHIPPED = "Shipped"
COMPLETED = "Completed"
CANCELLED = "Cancelled"

LABELS = {
    PENDING_PAYMENT: _("Menunggu pembayaran"),
    PAID: _("Dibayar"),
    PROCESSING: _("Diproses"),
    SHIPPED: _("Dikirim"),
    COMPLETED: _("Selesai"),
    CANCELLED: _("Dibatalkan"),
}

# The name of Oscar's payment event recorded when the shop has the money: a transfer or QRIS
# payment confirmed, or the cash of a cash-on-delivery order received ("uang diterima").
MONEY_RECEIVED_EVENT = "Paid"

# Cash-on-delivery orders skip PAID: they are placed straight into PROCESSING (nothing to wait
# for), and are paid when completed. (PENDING_PAYMENT → PROCESSING is kept for older COD orders.)
ORDER_PIPELINE = {
    PENDING_PAYMENT: (PAID, PROCESSING, CANCELLED),
    PAID: (PROCESSING, CANCELLED),
    PROCESSING: (SHIPPED, CANCELLED),
    SHIPPED: (COMPLETED,),
    COMPLETED: (),
    CANCELLED: (),
}


def status_label(status):
    """The buyer-facing (translated) name of a stored order status."""
    return LABELS.get(status, status)


def can_move(old_status, new_status):
    """True when the pipeline allows an order to go from ``old_status`` to ``new_status``."""
    return new_status in ORDER_PIPELINE.get(old_status, ())
