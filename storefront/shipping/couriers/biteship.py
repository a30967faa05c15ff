"""Biteship (https://biteship.com/docs/api): courier rates by postal code or district (area id),
the district search and public tracking by waybill, with plain ``requests`` and a short timeout.

- ``POST {base}/v1/rates/couriers`` with origin/destination postal codes, the couriers
  ("jne,jnt,sicepat,…") and the items (weight in grams) → ``pricing``: one entry per service
  with ``price``, ``duration`` ("1 - 2 days") and ``shipment_duration_range``.
- ``GET {base}/v1/maps/areas?countries=ID&input=…&type=single`` → ``areas``: districts with
  ``id`` (for ``destination_area_id`` in the rates), ``name`` and ``postal_code``.
- ``GET {base}/v1/trackings/{waybill}/couriers/{courier}`` → ``status`` and ``history``
  (``note``, ``status``, ``updated_at``); ``delivered`` is the end.
Authorization is the API key itself in the ``Authorization`` header.
"""

from decimal import Decimal, InvalidOperation

import requests
from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from storefront.shipping.couriers import CourierArea, CourierRate, CourierUnavailable

MAX_TIMEOUT = 3.0  # the buyer waits at the shipping step: never longer than this


class Biteship:
    name = "biteship"
    label = "Biteship"
    kind = _("Courier rates and tracking")
    console_url = "https://dashboard.biteship.com/"
    environment = ("BITESHIP_API_KEY", "BITESHIP_COURIERS")
    is_production = True  # Biteship tells test keys (biteship_test.…) from live ones by the key

    def __init__(self):
        self.api_key = settings.BITESHIP_API_KEY
        self.base_url = settings.BITESHIP_API_BASE_URL.rstrip("/")
        self.timeout = min(settings.BITESHIP_TIMEOUT, MAX_TIMEOUT)
        self.is_production = not self.api_key.startswith("biteship_test")

    @property
    def is_configured(self):
        return bool(self.api_key)

    def _call(self, method, path, **kwargs):
        try:
            response = requests.request(
                method,
                self.base_url + path,
                headers={"Authorization": self.api_key, "Content-Type": "application/json"},
                timeout=self.timeout,
                **kwargs,
            )
            data = response.json()
        except (requests.RequestException, ValueError) as error:
            raise CourierUnavailable(str(error)) from error
        if response.status_code >= 400 or not data.get("success", False):
            raise CourierUnavailable(
                f"Biteship {response.status_code}: {data.get('error') or data.get('message')}"
            )
        return data

    def rates(self, origin_postcode, destination_postcode, grams, couriers, destination_area_id=""):
        """The courier services for one parcel of ``grams`` from the shop's postal code to the
        chosen district (``destination_area_id``) or else the destination postal code."""
        destination = (
            {"destination_area_id": destination_area_id}
            if destination_area_id
            else {"destination_postal_code": int(destination_postcode)}
        )
        data = self._call(
            "POST",
            "/v1/rates/couriers",
            json={
                "origin_postal_code": int(origin_postcode),
                **destination,
                "couriers": couriers,
                "items": [{"name": "Paket", "value": 0, "weight": int(grams), "quantity": 1}],
            },
        )
        return [_rate(entry) for entry in data.get("pricing", []) if _price(entry) is not None]

    def areas(self, text):
        """Indonesian districts matching ``text`` (Biteship's single search)."""
        data = self._call(
            "GET", "/v1/maps/areas", params={"countries": "ID", "input": text, "type": "single"}
        )
        return [_area(entry) for entry in data.get("areas", []) if entry.get("id")]

    def track(self, waybill, courier_code):
        """(status, history) of a waybill; history oldest first as dicts with ``note``,
        ``status`` and ``updated_at`` (aware datetime or None)."""
        data = self._call("GET", f"/v1/trackings/{waybill}/couriers/{courier_code}")
        history = [
            {
                "note": str(step.get("note", "")),
                "status": str(step.get("status", "")),
                "updated_at": parse_datetime(str(step.get("updated_at", ""))),
            }
            for step in data.get("history", [])
        ]
        history.sort(key=lambda step: (step["updated_at"] is None, step["updated_at"]))
        return str(data.get("status", "")), history

    def test_connection(self):
        """Ask for the couriers list: Biteship answers only with a valid key."""
        self._call("GET", "/v1/couriers")

    def notification_urls(self):
        return []


def _price(entry):
    try:
        return Decimal(str(entry.get("price")))
    except (InvalidOperation, TypeError):
        return None


def _rate(entry):
    low = high = None
    span = str(entry.get("shipment_duration_range", ""))
    parts = [part.strip() for part in span.split("-")]
    if parts and all(part.isdigit() for part in parts) and entry.get("shipment_duration_unit") == "days":
        low, high = int(parts[0]), int(parts[-1])
    return CourierRate(
        courier_code=str(entry.get("courier_code", "")),
        courier_name=str(entry.get("courier_name", "")),
        service_code=str(entry.get("courier_service_code", "")),
        service_name=str(entry.get("courier_service_name", "")),
        price=_price(entry),
        duration=str(entry.get("duration", "")),
        min_days=low,
        max_days=high,
    )


def _area(entry):
    postcode = entry.get("postal_code")
    return CourierArea(
        id=str(entry["id"]),
        name=str(entry.get("name", "")),
        district=str(entry.get("administrative_division_level_3_name", "")),
        city=str(entry.get("administrative_division_level_2_name", "")),
        province=str(entry.get("administrative_division_level_1_name", "")),
        postcode=str(postcode) if postcode else "",
    )
