"""Importing products from a spreadsheet (CSV or Excel), in two steps: preview, then confirm.

``read_spreadsheet`` turns the owner's file into plain rows (tablib does the parsing), ``plan_import``
checks every row against the catalogue and says what would happen (new product, update of the
product with that SKU, or why the row is wrong), and ``apply_import`` writes a confirmed plan in
one transaction. A file with wrong rows never half-imports: either nothing is written, or — only
when the owner explicitly asks for it — exactly the rows the preview showed as valid.
"""

import csv
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

from core.spreadsheet_files import check_xlsx_archive
from core.spreadsheet_formulas import restore_formula_text
from storefront.uploads import MAX_UPLOAD_BYTES

from . import services

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
create_from_breadcrumbs = get_class("catalogue.categories", "create_from_breadcrumbs")

MAX_ROWS = 1000
CATEGORY_SEPARATOR = ">"
# The template's headers (Indonesian, as the owner reads them) and the other names accepted.
COLUMNS = ("nama", "sku", "kategori", "harga", "stok", "berat", "deskripsi")
HEADERS = [{"berat": "berat (gram)"}.get(column, column) for column in COLUMNS]  # the unit, spelled out
HEADER_ALIASES = {
    "nama": "nama", "name": "nama", "nama produk": "nama", "produk": "nama", "title": "nama",
    "sku": "sku", "upc": "sku", "kode": "sku", "kode produk": "sku",
    "kategori": "kategori", "category": "kategori",
    "harga": "harga", "price": "harga", "harga (rp)": "harga",
    "stok": "stok", "stock": "stok", "jumlah stok": "stok",
    "berat": "berat", "berat (gram)": "berat", "berat (g)": "berat", "weight": "berat", "weight (g)": "berat",
    "deskripsi": "deskripsi", "description": "deskripsi", "keterangan": "deskripsi",
}  # fmt: skip
TEMPLATE_EXAMPLE = (
    "Kopi Gayo 250 g", "KOPI-250", "Minuman > Kopi", "85.000", "20", "300", "Biji kopi arabika"
)  # fmt: skip
CREATE, UPDATE = "create", "update"


@dataclass
class PlannedRow:
    """One spreadsheet row and what confirming the import will do with it."""

    number: int  # as the owner sees it in the spreadsheet (the header is row 1)
    values: dict
    action: str = CREATE
    product: object = None
    category: object = None
    new_category: str = ""
    price: object = None
    stock: int | None = None
    weight: int | None = None  # grams
    errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors


@dataclass
class ImportPlan:
    """Every row of the file with its planned action; built by ``plan_import``."""

    rows: list

    @property
    def valid_rows(self):
        return [row for row in self.rows if row.is_valid]

    @property
    def invalid_rows(self):
        return [row for row in self.rows if not row.is_valid]

    def count(self, action):
        """How many valid rows will create (``CREATE``) or update (``UPDATE``) a product."""
        return sum(1 for row in self.valid_rows if row.action == action)


def template_dataset():
    """The downloadable template: the column headers and one example row."""
    import tablib  # brings openpyxl, ≈ 20 MB: not at worker start (docs/performance.md)
    return tablib.Dataset(TEMPLATE_EXAMPLE, headers=HEADERS, title="Produk")


def catalogue_dataset():
    """The shop's products in the template's columns: edit prices in Excel, import them back."""
    import tablib  # brings openpyxl, ≈ 20 MB: not at worker start (docs/performance.md)
    shop_records = services.StockRecord.objects.filter(partner__code=services.SHOP_PARTNER_CODE)
    products = (
        services.Product.objects.browsable_dashboard()
        .filter(structure=services.Product.STANDALONE)
        .prefetch_related(
            "categories", Prefetch("stockrecords", queryset=shop_records, to_attr="shop_stockrecords")
        )
        .order_by("title", "pk")
    )
    paths = _CategoryFinder().path_by_pk
    weights = dict(
        services.ProductAttributeValue.objects.filter(
            attribute__code=services.WEIGHT_ATTRIBUTE, product__in=products
        ).values_list("product_id", "value_integer")
    )
    dataset = tablib.Dataset(headers=HEADERS, title="Produk")
    for product in products:
        record = product.shop_stockrecords[0] if product.shop_stockrecords else None
        categories = product.categories.all()
        dataset.append(
            (
                product.title,
                services.shop_sku(product),
                paths[categories[0].pk] if categories else "",
                int(record.price) if record and record.price is not None else "",
                record.num_in_stock if record and record.num_in_stock is not None else "",
                weights.get(product.pk) or "",
                product.description,
            )
        )
    return dataset


def read_spreadsheet(upload):
    """Read an uploaded CSV or XLSX file into a list of ``{column: value}`` rows.

    Headers may be Indonesian or English (``HEADER_ALIASES``); unknown columns are ignored and
    empty rows skipped. Raises ``ValidationError`` with an Indonesian message for anything else.
    """
    import tablib  # brings openpyxl, ≈ 20 MB: not at worker start (docs/performance.md)
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is too large (at most 5 MB)."), code="too_large")
    content = upload.read()
    upload.seek(0)
    try:
        if content[:4] == b"PK\x03\x04":  # XLSX is a zip archive
            check_xlsx_archive(content)
            dataset = tablib.Dataset().load(content, format="xlsx")
        else:
            text = _decode(content)
            dataset = tablib.Dataset().load(text, format="csv", delimiter=_delimiter(text))
    except ValidationError:
        raise
    except Exception as exc:  # tablib/openpyxl raise many kinds of errors on broken files
        raise ValidationError(
            _("This file could not be read. Upload the template saved as CSV or Excel (.xlsx)."),
            code="unreadable",
        ) from exc
    columns = [HEADER_ALIASES.get(str(header or "").strip().lower()) for header in dataset.headers or []]
    if "nama" not in columns or "harga" not in columns:
        raise ValidationError(
            _("The first row must hold the column names, at least “nama” and “harga”. Use the template."),
            code="headers",
        )
    rows = []
    for values in dataset:
        row = {column: _plain(value) for column, value in zip(columns, values, strict=False) if column}
        if any(str(value).strip() for value in row.values() if value is not None):
            rows.append(row)
    if not rows:
        raise ValidationError(_("The file has no product rows."), code="empty")
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("The file has %(count)s rows; import at most %(max)s at a time."),
            params={"count": len(rows), "max": MAX_ROWS},
            code="too_many",
        )
    return rows


def plan_import(rows):
    """Check each row and decide whether it creates or updates a product (nothing is written)."""
    categories = _CategoryFinder()
    existing = _products_by_sku({_text(row.get("sku")) for row in rows} - {""})
    first_row_of_sku = {}
    planned = []
    for number, values in enumerate(rows, start=2):
        row = PlannedRow(number=number, values={column: _text(values.get(column)) for column in COLUMNS})
        sku = row.values["sku"]
        if sku:
            if sku in first_row_of_sku:
                row.errors.append(
                    _("SKU %(sku)s is also on row %(row)s.") % {"sku": sku, "row": first_row_of_sku[sku]}
                )
            first_row_of_sku.setdefault(sku, number)
            if len(sku) > 64:
                row.errors.append(_("The SKU is longer than 64 characters."))
            row.product = existing.get(sku)
            row.action = UPDATE if row.product else CREATE
        if not row.values["nama"]:
            row.errors.append(_("The name is empty."))
        elif len(row.values["nama"]) > 255:
            row.errors.append(_("The name is longer than 255 characters."))
        try:
            row.price = services.parse_price(values.get("harga"))
        except ValidationError as error:
            row.errors.append(_("Price: %(error)s") % {"error": error.messages[0]})
        else:
            if row.price is None:
                row.errors.append(_("The price is empty."))
        try:
            row.stock = services.parse_stock(values.get("stok"))
        except ValidationError as error:
            row.errors.append(_("Stock: %(error)s") % {"error": error.messages[0]})
        try:
            row.weight = services.parse_weight(values.get("berat"))
        except ValidationError as error:
            row.errors.append(_("Weight: %(error)s") % {"error": error.messages[0]})
        else:
            if row.weight is None and row.action == CREATE:
                row.errors.append(
                    _("The weight (grams) is empty: a new product needs it for the courier fee.")
                )
        if row.values["kategori"]:
            try:
                row.category = categories.find(row.values["kategori"])
            except ValidationError as error:
                row.errors.append(error.messages[0])
            else:
                if row.category is None:
                    row.new_category = categories.spelled_as_existing(row.values["kategori"])
        planned.append(row)
    return ImportPlan(rows=planned)


@transaction.atomic
def apply_import(plan, *, only_valid_rows=False):
    """Write a plan from ``plan_import``: every row, or with ``only_valid_rows`` just the valid ones.

    Refuses (``ValidationError``) a plan with wrong rows unless the owner chose to import only
    the valid ones. Returns ``(created, updated)``.
    """
    if plan.invalid_rows and not only_valid_rows:
        raise ValidationError(_("Some rows are wrong; nothing was imported."), code="invalid_rows")
    created = updated = 0
    touched = []
    for row in plan.valid_rows:
        category = row.category
        if category is None and row.new_category:
            category = create_from_breadcrumbs(row.new_category, separator=CATEGORY_SEPARATOR)
        if row.action == UPDATE:
            _update_product(row, category)
            touched.append(row.product.pk)
            updated += 1
        else:
            product = services.add_product(
                title=row.values["nama"],
                price=row.price,
                num_in_stock=row.stock or 0,
                weight=row.weight,
                category=category,
                description=row.values["deskripsi"],
                upc=row.values["sku"],
                reindex=False,  # once for the whole file, below
            )
            touched.append(product.pk)
            created += 1
    services.reindex_on_commit(touched)
    return created, updated


def _update_product(row, category):
    product = row.product
    product.title = row.values["nama"]
    if row.values["deskripsi"]:
        product.description = row.values["deskripsi"]
    product.save()
    stock_fields = {"price": row.price}
    if row.stock is not None:
        stock_fields["num_in_stock"] = row.stock
    services.set_shop_stock(product, **stock_fields)
    if row.weight is not None:
        services.set_weight(product, row.weight)
    if category is not None:
        ProductCategory.objects.filter(product=product).exclude(category=category).delete()
        ProductCategory.objects.get_or_create(product=product, category=category)


def _products_by_sku(skus):
    """Existing products by SKU: their UPC, or the shop's stock record code."""
    Product = services.Product
    found = {}
    products = Product.objects.filter(
        Q(upc__in=skus)
        | Q(stockrecords__partner__code=services.SHOP_PARTNER_CODE, stockrecords__partner_sku__in=skus)
    ).prefetch_related("stockrecords")
    for product in products.distinct():
        codes = {product.upc} | {record.partner_sku for record in product.stockrecords.all()}
        for sku in codes & skus:
            found.setdefault(sku, product)
    return found


class _CategoryFinder:
    """Finds a category by its path ("Minuman > Kopi") or by a name that only one category has."""

    def __init__(self):
        self.by_path = {}
        self.by_name = {}
        self.path_by_pk = {}  # "Minuman > Kopi", computed from the tree in one query
        names_by_path = {}
        for category in Category.objects.order_by("path"):
            parent_path = category.path[: -Category.steplen]
            full = [*names_by_path.get(parent_path, []), category.name]
            names_by_path[category.path] = full
            self.path_by_pk[category.pk] = f" {CATEGORY_SEPARATOR} ".join(full)
            self.by_path[_key(self.path_by_pk[category.pk])] = category
            self.by_name.setdefault(_key(category.name), []).append(category)

    def spelled_as_existing(self, text):
        """A new path with its existing parents spelled as in the shop ("minuman > Teh" becomes
        "Minuman > Teh"), so that creating it adds only the missing levels, not a second root."""
        parts = [part.strip() for part in text.split(CATEGORY_SEPARATOR)]
        for end in range(len(parts), 0, -1):
            existing = self.by_path.get(_key(f" {CATEGORY_SEPARATOR} ".join(parts[:end])))
            if existing is not None:
                return f" {CATEGORY_SEPARATOR} ".join([self.path_by_pk[existing.pk], *parts[end:]])
        return f" {CATEGORY_SEPARATOR} ".join(parts)

    def find(self, text):
        """The existing category, ``None`` if it is new, or ``ValidationError`` if ambiguous."""
        if CATEGORY_SEPARATOR in text:
            path = f" {CATEGORY_SEPARATOR} ".join(part.strip() for part in text.split(CATEGORY_SEPARATOR))
            return self.by_path.get(_key(path))
        matches = self.by_name.get(_key(text), [])
        if len(matches) > 1:
            raise ValidationError(
                _("Several categories are called “%(name)s”; write the full path, e.g. “Minuman > Kopi”."),
                params={"name": text},
            )
        return matches[0] if matches else None


def _plain(cell):
    """A cell as a value the session can store (JSON): Excel dates and decimals become text,
    text the shop's export protected against formulas is restored."""
    cell = restore_formula_text(cell)
    if cell is None or isinstance(cell, int | float | str) and not isinstance(cell, bool):
        return cell
    return str(cell)


def _key(text):
    return " ".join(text.split()).casefold()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores a typed SKU like 1234 as 1234.0
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def _decode(content):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("Save the file as CSV UTF-8 and upload it again."), code="encoding")


def _delimiter(text):
    """Excel with Indonesian regional settings separates CSV columns with ";"."""
    header = text.splitlines()[0] if text else ""
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        return ","
