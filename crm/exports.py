"""Spreadsheets of customers and feedback (tablib), and one customer's own data (UU PDP)."""

import json

import tablib
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone

from core.spreadsheet_formulas import export_dataset

from .models import Customer, Feedback
from .segments import segment_label
from .services import customer_data


def customers_dataset():
    """Every (not erased) customer with their order stats, one row each."""
    dataset = tablib.Dataset(
        headers=[
            "nama",
            "hp",
            "email",
            "kota",
            "tanggal lahir",
            "segmen",
            "pesanan",
            "total belanja",
            "pesanan pertama",
            "pesanan terakhir",
            "setuju email",
            "setuju whatsapp",
            "poin awal",
        ]
    )
    for c in Customer.objects.active().order_by("name", "pk"):
        dataset.append(
            [
                c.name,
                c.phone,
                c.email,
                c.city,
                c.birthday.isoformat() if c.birthday else "",
                str(segment_label(c.segment)),
                c.order_count,
                str(c.total_spent),
                timezone.localtime(c.first_order).date().isoformat() if c.first_order else "",
                timezone.localtime(c.last_order).date().isoformat() if c.last_order else "",
                "ya" if c.email_consent else "tidak",
                "ya" if c.whatsapp_consent else "tidak",
                c.opening_points,
            ]
        )
    return dataset


def feedback_dataset(queryset=None):
    """Feedback rows (newest first): when, source, customer, order, scores, status, comment."""
    dataset = tablib.Dataset(
        headers=[
            "diterima",
            "sumber",
            "pelanggan",
            "hp",
            "pesanan",
            "nilai",
            "nps",
            "keluhan",
            "status",
            "pertama dibalas",
            "komentar",
        ]
    )
    queryset = queryset if queryset is not None else Feedback.objects.all()
    for f in queryset.select_related("customer", "order").order_by("-created_at"):
        dataset.append(
            [
                f.created_at.isoformat(),
                str(f.get_source_display()),
                f.name or (f.customer.name if f.customer else ""),
                f.contact_phone,
                f.order.number if f.order else "",
                f.rating or "",
                "" if f.nps is None else f.nps,
                "ya" if f.is_complaint else "tidak",
                str(f.get_status_display()),
                f.first_response_at.isoformat() if f.first_response_at else "",
                f.comment,
            ]
        )
    return dataset


def customer_json(customer):
    """One customer's data as JSON text."""
    return json.dumps(customer_data(customer), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def customer_csv(customer):
    """One customer's data as CSV text: one section per kind of data, "section,field,value" rows."""
    data = customer_data(customer)
    dataset = tablib.Dataset(headers=["bagian", "isi", "nilai"])
    for key, value in data["customer"].items():
        dataset.append(["pelanggan", key, value])
    for section in ("consent", "orders", "feedback"):
        for index, item in enumerate(data[section], start=1):
            for key, value in item.items():
                dataset.append([f"{section} {index}", key, value])
    return export_dataset(dataset, "csv")


def spreadsheet_response(dataset, name, fmt):
    """A download of ``dataset`` as ``fmt`` (csv or xlsx) named ``<name>-<date>.<fmt>``."""
    if fmt == "xlsx":
        response = HttpResponse(
            export_dataset(dataset, "xlsx"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(export_dataset(dataset, "csv"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.{fmt}"'
    return response
