"""Oscar's report downloads (orders, baskets, products, users, offers, vouchers) with cells that
cannot become spreadsheet formulas (``core.spreadsheet_formulas``). Oscar loads this module
through ``get_class("dashboard.reports.reports", …)`` because the dashboard app is the shop's."""

from oscar.apps.dashboard.reports.reports import ReportCSVFormatter as OscarReportCSVFormatter
from oscar.apps.dashboard.reports.reports import ReportGenerator, ReportHTMLFormatter
from oscar.core.compat import UnicodeCSVWriter

from core.spreadsheet_formulas import neutralised_row

__all__ = ["FormulaSafeCSVWriter", "ReportCSVFormatter", "ReportGenerator", "ReportHTMLFormatter"]


class FormulaSafeCSVWriter(UnicodeCSVWriter):
    """Oscar's Excel-friendly CSV writer, every cell neutralised."""

    def writerow(self, row):
        super().writerow(neutralised_row(row))


class ReportCSVFormatter(OscarReportCSVFormatter):
    def get_csv_writer(self, file_handle, **kwargs):
        return FormulaSafeCSVWriter(open_file=file_handle, **kwargs)
