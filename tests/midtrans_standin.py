"""A small local stand-in for Midtrans, for browser tests: a real HTTP server on 127.0.0.1.

It answers Snap's create-transaction call (``POST /snap/v1/transactions``) with a redirect URL
on itself, serves that payment page (a "pay with QRIS" button), and when the buyer pays it
settles the transaction, posts a notification signed with the server key to the shop — as
Midtrans does — and sends the buyer back to the shop's finish URL. The shop's status check
(``GET /v2/{order_id}/status``) is answered from the same records.
"""

import base64
import hashlib
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

PAGE = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Midtrans (stand-in)</title></head>
<body><h1>Pilih metode pembayaran</h1><p>Order {order_id}: Rp {amount}</p>
<form method="post" action="/snap/v4/pay/{token}"><button id="pay-qris" type="submit">QRIS</button></form>
</body></html>"""


class MidtransStandIn:
    def __init__(self, server_key, notification_url):
        self.server_key = server_key
        self.notification_url = notification_url
        self.transactions = {}  # token -> {"params": …, "status": … or None}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def status_of(self, order_id):
        for record in self.transactions.values():
            if record["params"]["transaction_details"]["order_id"] == order_id and record["status"]:
                return record["status"]
        return None

    def settle(self, token):
        """The buyer paid by QRIS: record the settlement and notify the shop, signed."""
        record = self.transactions[token]
        details = record["params"]["transaction_details"]
        status = {
            "transaction_time": "2026-12-07 18:24:12",
            "transaction_status": "settlement",
            "transaction_id": str(uuid.uuid4()),
            "status_message": "midtrans payment notification",
            "status_code": "200",
            "payment_type": "qris",
            "order_id": details["order_id"],
            "gross_amount": f"{details['gross_amount']}.00",
            "fraud_status": "accept",
            "currency": "IDR",
            "acquirer": "gopay",
        }
        text = f"{status['order_id']}{status['status_code']}{status['gross_amount']}{self.server_key}"
        status["signature_key"] = hashlib.sha512(text.encode()).hexdigest()
        record["status"] = status
        answer = requests.post(self.notification_url, json=status, timeout=30)
        record["notification_answer"] = answer.status_code
        return record["params"]["callbacks"]["finish"]

    def _authorised(self, handler):
        expected = "Basic " + base64.b64encode(f"{self.server_key}:".encode()).decode()
        return handler.headers.get("Authorization") == expected

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, code, body, content_type="application/json", headers=()):
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _body(self):
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_POST(self):
                if self.path == "/snap/v1/transactions":
                    if not standin._authorised(self):
                        return self._send(
                            401, {"error_messages": ["Access denied due to unauthorized transaction"]}
                        )
                    token = str(uuid.uuid4())
                    standin.transactions[token] = {"params": json.loads(self._body()), "status": None}
                    redirect_url = f"{standin.url}/snap/v4/redirection/{token}"
                    return self._send(201, {"token": token, "redirect_url": redirect_url})
                if self.path.startswith("/snap/v4/pay/"):
                    self._body()
                    finish = standin.settle(self.path.rsplit("/", 1)[-1])
                    return self._send(303, "", "text/plain", [("Location", finish)])
                return self._send(404, {"status_code": "404"})

            def do_GET(self):
                if self.path.startswith("/snap/v4/redirection/"):
                    token = self.path.rsplit("/", 1)[-1]
                    details = standin.transactions[token]["params"]["transaction_details"]
                    page = PAGE.format(
                        order_id=details["order_id"], amount=details["gross_amount"], token=token
                    )
                    return self._send(200, page, "text/html; charset=utf-8")
                if self.path.startswith("/v2/") and self.path.endswith("/status"):
                    if not standin._authorised(self):
                        return self._send(401, {"status_code": "401", "status_message": "Unauthorized"})
                    status = standin.status_of(self.path.split("/")[2])
                    if status is None:
                        return self._send(
                            404, {"status_code": "404", "status_message": "Transaction doesn't exist."}
                        )
                    return self._send(200, {**status, "status_message": "Success, transaction is found"})
                return self._send(404, {"status_code": "404"})

        return Handler
