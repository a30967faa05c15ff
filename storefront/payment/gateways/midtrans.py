"""Midtrans (https://docs.midtrans.com) through its official client ``midtransclient``.

- Snap in redirect mode: the shop creates a transaction (``POST {snap}/transactions``) and sends
  the buyer to the returned ``redirect_url``, a Midtrans page that works in any phone browser.
- HTTP notifications are signed: ``signature_key = SHA512(order_id + status_code + gross_amount
  + server key)``; the shop still re-reads the status (``GET {api}/v2/{order_id}/status``).
- Refunds (``POST {api}/v2/{order_id}/refund``) exist only for e-wallets, QRIS and cards;
  a virtual-account payment is paid back by hand.

Base URLs come from the settings (a local stand-in serves them in tests); every call has a
timeout, which the client itself does not set.
"""

import hashlib
import hmac
import json
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import midtransclient
import requests
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from midtransclient.error_midtrans import JSONDecodeError, MidtransAPIError

from storefront.payment.gateways import (
    FAILED,
    PAID,
    PENDING,
    REFUNDED,
    GatewayUnavailable,
    InvalidNotification,
    TransactionStatus,
)

# What the buyer may choose on the Snap page: QRIS, the banks' virtual accounts and e-wallets.
ENABLED_PAYMENTS = [
    "other_qris",
    "gopay",
    "shopeepay",
    "bca_va",
    "bni_va",
    "bri_va",
    "permata_va",
    "cimb_va",
    "echannel",
    "other_va",
]
# Payment types Midtrans' Refund API accepts (docs: "Refund Transactions").
REFUNDABLE_TYPES = {"qris", "gopay", "shopeepay", "credit_card", "dana", "ovo", "kredivo", "akulaku"}
FAILED_STATUSES = {"deny", "cancel", "expire", "failure"}
REFUNDED_STATUSES = {"refund", "partial_refund"}
JAKARTA = ZoneInfo("Asia/Jakarta")  # Snap's expiry start time is written in WIB (+0700)
NOTIFICATION_FIELDS = ("order_id", "status_code", "gross_amount", "signature_key", "transaction_status")


def outcome(transaction_status, fraud_status=""):
    """The shop's reading of a Midtrans ``transaction_status``: ``capture`` counts as paid only
    when the fraud check accepted it (a ``challenge`` waits for Midtrans' decision)."""
    if transaction_status == "settlement":
        return PAID
    if transaction_status == "capture":
        return PAID if fraud_status in ("", None, "accept") else PENDING
    if transaction_status in FAILED_STATUSES:
        return FAILED
    if transaction_status in REFUNDED_STATUSES:
        return REFUNDED
    return PENDING


def signature(order_id, status_code, gross_amount, server_key):
    """Midtrans' notification signature: SHA-512 of the four strings joined, in hex."""
    text = f"{order_id}{status_code}{gross_amount}{server_key}"
    return hashlib.sha512(text.encode()).hexdigest()


def _status(data):
    try:
        amount = Decimal(str(data.get("gross_amount") or "0"))
    except InvalidOperation:
        amount = Decimal("0")
    return TransactionStatus(
        order_number=str(data.get("order_id", "")),
        transaction_id=str(data.get("transaction_id", "")),
        provider_status=str(data.get("transaction_status", "")),
        outcome=outcome(data.get("transaction_status", ""), data.get("fraud_status", "")),
        payment_type=str(data.get("payment_type", "")),
        gross_amount=amount,
        raw=data,
    )


class _TimeoutSession(requests.Session):
    """A requests session with a default timeout (midtransclient passes none)."""

    def __init__(self, timeout):
        super().__init__()
        self.timeout = timeout

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, **kwargs)


class Midtrans:
    name = "midtrans"
    label = "Midtrans"
    kind = _("Online payment: QRIS, virtual account, GoPay, ShopeePay")
    console_url = "https://dashboard.midtrans.com/"
    environment = ("MIDTRANS_SERVER_KEY", "MIDTRANS_CLIENT_KEY", "MIDTRANS_IS_PRODUCTION")

    def __init__(self):
        self.server_key = settings.MIDTRANS_SERVER_KEY
        self.client_key = settings.MIDTRANS_CLIENT_KEY
        self.is_production = settings.MIDTRANS_IS_PRODUCTION
        self.api_base_url = settings.MIDTRANS_API_BASE_URL.rstrip("/")
        self.snap_base_url = settings.MIDTRANS_SNAP_BASE_URL.rstrip("/")

    @property
    def page_origin(self):
        """Where the buyer's browser is sent to pay (the shop's CSP must allow it as a form target)."""
        url = urlsplit(self.snap_base_url)
        return f"{url.scheme}://{url.netloc}"

    @property
    def is_configured(self):
        return bool(self.server_key and self.client_key)

    def _client(self, client_class):
        client = client_class(
            is_production=self.is_production, server_key=self.server_key, client_key=self.client_key
        )
        config = client.api_config
        config.CORE_SANDBOX_BASE_URL = config.CORE_PRODUCTION_BASE_URL = self.api_base_url
        config.SNAP_SANDBOX_BASE_URL = config.SNAP_PRODUCTION_BASE_URL = self.snap_base_url
        client.http_client.http_client = _TimeoutSession(settings.MIDTRANS_TIMEOUT)
        return client

    def _call(self, function, *args):
        try:
            return function(*args)
        except MidtransAPIError as error:
            raise GatewayUnavailable(_api_message(error)) from error
        except (requests.RequestException, JSONDecodeError) as error:
            raise GatewayUnavailable(str(error)) from error

    def start(self, order, payment, finish_url):
        """Create the Snap transaction of ``order`` and return the Midtrans payment page URL.
        The page expires with the shop's payment deadline."""
        address = order.shipping_address
        params = {
            "transaction_details": {"order_id": order.number, "gross_amount": int(payment.amount_due)},
            "enabled_payments": ENABLED_PAYMENTS,
            "customer_details": {
                "first_name": address.first_name if address else "",
                "email": order.email,
                "phone": str(address.phone_number) if address and address.phone_number else "",
            },
            "callbacks": {"finish": finish_url},
        }
        if payment.deadline:
            minutes = max(1, int((payment.deadline - order.date_placed).total_seconds() // 60))
            start = order.date_placed.astimezone(JAKARTA)
            params["expiry"] = {
                "start_time": start.strftime("%Y-%m-%d %H:%M:%S +0700"),
                "unit": "minute",
                "duration": minutes,
            }
        answer = self._call(self._client(midtransclient.Snap).create_transaction, params)
        if not answer.get("redirect_url"):
            raise GatewayUnavailable(json.dumps(answer)[:300])
        return answer["redirect_url"]

    def parse_notification(self, body):
        """The verified status in a notification body (bytes or str of JSON)."""
        try:
            data = json.loads(body)
        except (TypeError, ValueError) as error:
            raise InvalidNotification("not JSON") from error
        if not isinstance(data, dict) or any(
            not isinstance(data.get(key), str) for key in NOTIFICATION_FIELDS
        ):
            raise InvalidNotification("missing fields")
        expected = signature(data["order_id"], data["status_code"], data["gross_amount"], self.server_key)
        if not hmac.compare_digest(expected, data["signature_key"].lower()):
            raise InvalidNotification("bad signature")
        return _status(data)

    def fetch_status(self, order_number):
        """The transaction status as Midtrans has it now; None while there is no transaction
        (the buyer has not chosen how to pay on the Snap page yet)."""
        client = self._client(midtransclient.CoreApi)
        try:
            data = client.transactions.status(order_number)
        except MidtransAPIError as error:
            if _api_status_code(error) == "404":
                return None
            raise GatewayUnavailable(_api_message(error)) from error
        except (requests.RequestException, JSONDecodeError) as error:
            raise GatewayUnavailable(str(error)) from error
        return _status(data)

    def can_refund(self, payment_type):
        return payment_type in REFUNDABLE_TYPES

    def refund(self, order_number, amount, reason, refund_key):
        """Ask Midtrans to refund ``amount`` of a settled transaction."""
        client = self._client(midtransclient.CoreApi)
        params = {"refund_key": refund_key, "amount": int(amount), "reason": reason}
        return self._call(client.transactions.refund, order_number, params)

    def test_connection(self):
        """Ask for the status of an order that cannot exist: Midtrans answers 404 when it
        accepts the server key, 401 when it does not."""
        self.fetch_status("langganan-connection-test")

    def notification_urls(self):
        """(label, path) of the URLs the owner pastes into Midtrans' dashboard."""
        path = reverse("payment-gateway-notification", kwargs={"provider": self.name})
        return [(_("Payment Notification URL (Settings → Payment → Notification URL)"), path)]


def _api_status_code(error):
    answer = getattr(error, "api_response_dict", None) or {}
    return str(answer.get("status_code") or getattr(error, "http_status_code", ""))


def _api_message(error):
    answer = getattr(error, "api_response_dict", None) or {}
    messages = answer.get("error_messages") or [answer.get("status_message", "")]
    return f"Midtrans {_api_status_code(error)}: {'; '.join(str(m) for m in messages if m)}"


def gateway():
    return Midtrans()
