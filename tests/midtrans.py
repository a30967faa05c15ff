"""Test helpers for Midtrans: its documented messages (tests/fixtures/midtrans/) filled in for
an order and signed with a test server key exactly as Midtrans signs them."""

import hashlib
import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "midtrans"
SERVER_KEY = "SB-Mid-server-LanggananTest0123456789"
CLIENT_KEY = "SB-Mid-client-LanggananTest0123"
API_BASE_URL = "https://midtrans-api.test"
SNAP_BASE_URL = "https://midtrans-app.test/snap/v1"
# Midtrans' status_code for each transaction_status (docs: "Midtrans Status Code").
STATUS_CODES = {
    "settlement": "200",
    "capture": "200",
    "pending": "201",
    "deny": "202",
    "cancel": "200",
    "expire": "407",
}


def fixture(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def message(name, order_number, amount, status=None, key=SERVER_KEY, **changes):
    """The documented message ``name`` for ``order_number`` and ``amount`` (e.g. "50000.00"),
    with ``transaction_status`` ``status`` and a valid signature under ``key``."""
    body = fixture(name)
    body.update(order_id=str(order_number), gross_amount=str(amount), **changes)
    if status:
        body.update(transaction_status=status, status_code=STATUS_CODES[status])
    body["signature_key"] = hashlib.sha512(
        f"{body['order_id']}{body['status_code']}{body['gross_amount']}{key}".encode()
    ).hexdigest()
    return body


def status_url(order_number):
    return f"{API_BASE_URL}/v2/{order_number}/status"


def switch_on(settings):
    """Midtrans switched on with test keys and test base URLs (served by ``responses`` or the
    local stand-in); ``settings`` is pytest-django's fixture."""
    settings.MIDTRANS_SERVER_KEY = SERVER_KEY
    settings.MIDTRANS_CLIENT_KEY = CLIENT_KEY
    settings.MIDTRANS_IS_PRODUCTION = False
    settings.MIDTRANS_API_BASE_URL = API_BASE_URL
    settings.MIDTRANS_SNAP_BASE_URL = SNAP_BASE_URL
    return settings
