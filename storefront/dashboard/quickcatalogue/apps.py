from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class QuickCatalogueDashboardConfig(OscarDashboardConfig):
    """Catalogue upkeep from a phone: add a product, quick price/stock list, spreadsheet import."""

    label = "quick_catalogue_dashboard"
    name = "storefront.dashboard.quickcatalogue"
    verbose_name = _("Quick catalogue")
    default_permissions = ["is_staff"]

    def ready(self):
        from . import receivers, views

        receivers.connect()
        self.add_view = views.QuickProductCreateView
        self.list_view = views.QuickProductListView
        self.import_view = views.ProductImportView
        self.download_view = views.SpreadsheetDownloadView

    def get_urls(self):
        from .importing import catalogue_dataset, template_dataset

        download = self.download_view.as_view
        urls = [
            path("add/", self.add_view.as_view(), name="quick-catalogue-add"),
            path("", self.list_view.as_view(), name="quick-catalogue-list"),
            path("import/", self.import_view.as_view(), name="quick-catalogue-import"),
            path(
                "import/template.<str:file_format>",
                download(make_dataset=template_dataset, filename="template-produk"),
                name="quick-catalogue-import-template",
            ),
            path(
                "export/produk.<str:file_format>",
                download(make_dataset=catalogue_dataset, filename="produk-toko"),
                name="quick-catalogue-export",
            ),
        ]
        return self.post_process_urls(urls)
