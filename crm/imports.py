"""Importing the shop's existing customer list (CSV or Excel) with a preview.

Rows are read with tablib, checked one by one (row-level errors in Indonesian), and
de-duplicated by normalised phone — within the file and against existing customers. The
import itself is one transaction: it writes every confirmed row or none.
"""

import zipfile
from dataclasses import dataclass, field

import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.phones import normalise_phone
from core.spreadsheet_files import check_xlsx_archive
from core.spreadsheet_formulas import restore_formula_text

from .models import Customer
from .services import find_or_create_customer

# Header names the owner's spreadsheet may use (lower-case) → our field.
HEADERS = {
    "name": "name",
    "nama": "name",
    "phone": "phone",
    "hp": "phone",
    "no hp": "phone",
    "nomor hp": "phone",
    "whatsapp": "phone",
    "nomor whatsapp": "phone",
    "telepon": "phone",
    "email": "email",
    "e-mail": "email",
    "city": "city",
    "kota": "city",
    "birthday": "birthday",
    "tanggal lahir": "birthday",
    "ulang tahun": "birthday",
    "opening points": "opening_points",
    "poin": "opening_points",
    "poin awal": "opening_points",
    "points": "opening_points",
}
MAX_ROWS = 5000


class ImportRowForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    city = forms.CharField(label=gettext_lazy("City"), max_length=100, required=False)
    birthday = forms.DateField(
        label=gettext_lazy("Birthday"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
    )
    opening_points = forms.IntegerField(label=gettext_lazy("Opening points"), min_value=0, required=False)

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])


@dataclass
class ImportRow:
    line: int
    raw: dict
    errors: list = field(default_factory=list)
    cleaned: dict = field(default_factory=dict)
    exists: bool = False

    @property
    def ok(self):
        return not self.errors


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, no header, too many rows)."""


def read_file(uploaded):
    """Rows of a CSV or XLSX upload as dicts keyed by our field names."""
    name = uploaded.name.lower()
    content = uploaded.read()
    try:
        if name.endswith(".xlsx"):
            check_xlsx_archive(content)
            dataset = tablib.Dataset().load(content, format="xlsx")
        elif name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            dataset = tablib.Dataset().load(text, format="csv")
        else:
            raise ImportFileError(_("Please upload a .csv or .xlsx file."))
    except ValidationError as exc:
        raise ImportFileError(exc.messages[0]) from exc
    except (UnicodeDecodeError, tablib.UnsupportedFormat, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ImportFileError(
            _("The file could not be read. Save it as CSV (UTF-8) or Excel (.xlsx).")
        ) from exc
    headers = [HEADERS.get(str(h or "").strip().lower()) for h in (dataset.headers or [])]
    if "phone" not in headers or "name" not in headers:
        raise ImportFileError(_('The first row must name the columns; at least "nama" and "hp" are needed.'))
    if dataset.height > MAX_ROWS:
        raise ImportFileError(_("At most %(max)s rows per file.") % {"max": MAX_ROWS})
    rows = []
    for values in dataset:
        row = {
            key: ("" if value is None else str(restore_formula_text(value)).strip())
            for key, value in zip(headers, values, strict=False)
            if key
        }
        if any(row.values()):
            rows.append(row)
    return rows


def check_rows(rows):
    """Validate each row; returns ImportRow objects with errors, cleaned data and whether the
    phone is already a customer (the row then updates that customer)."""
    results, seen = [], {}
    for line, raw in enumerate(rows, start=2):  # line 1 is the header
        if raw.get("birthday", "").endswith(" 00:00:00"):  # Excel dates come as datetimes
            raw["birthday"] = raw["birthday"][:10]
        form = ImportRowForm(raw)
        row = ImportRow(line=line, raw=raw)
        if form.is_valid():
            row.cleaned = form.cleaned_data
            phone = row.cleaned["phone"]
            if phone in seen:
                row.errors.append(_("Same phone number as row %(line)s.") % {"line": seen[phone]})
            seen.setdefault(phone, line)
        else:
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                row.errors.extend(f"{label}: {error}" if label else error for error in errors)
        results.append(row)
    existing = set(Customer.objects.filter(phone__in=seen.keys()).values_list("phone", flat=True))
    for row in results:
        row.exists = row.ok and row.cleaned["phone"] in existing
    return results


@transaction.atomic
def import_rows(cleaned_rows):
    """Create or update one customer per cleaned row, all or nothing. Returns (created, updated)."""
    created = updated = 0
    for data in cleaned_rows:
        phone = normalise_phone(data["phone"])
        is_new = not Customer.objects.filter(phone=phone).exists()
        customer = find_or_create_customer(phone=phone, email=data.get("email") or "", name=data["name"])
        for name in ("city", "birthday"):
            if data.get(name) and not getattr(customer, name):
                setattr(customer, name, data[name])
        if data.get("opening_points") is not None:
            customer.opening_points = data["opening_points"]
        customer.full_clean(exclude=["user", "tags"], validate_unique=False)
        customer.save()
        created, updated = (created + 1, updated) if is_new else (created, updated + 1)
    return created, updated


def serialise(rows):
    """Cleaned rows as JSON-safe dicts (kept in the session between preview and confirm)."""
    return [
        {
            key: (value.isoformat() if hasattr(value, "isoformat") else value)
            for key, value in row.cleaned.items()
        }
        for row in rows
        if row.ok
    ]


def deserialise(data):
    """Back from the session: re-validated, so a tampered session cannot store bad data."""
    rows = check_rows([{k: "" if v is None else str(v) for k, v in item.items()} for item in data])
    if any(not row.ok for row in rows):
        raise ValidationError(_("The import data changed; please upload the file again."))
    return [row.cleaned for row in rows]
