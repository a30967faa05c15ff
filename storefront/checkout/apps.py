import oscar.apps.checkout.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "storefront.checkout"

    def ready(self):
        super().ready()
        self.receipt_upload_view = get_class("checkout.views", "ReceiptUploadView")
        self.receipt_file_view = get_class("checkout.views", "ReceiptFileView")
        self.invoice_view = get_class("checkout.views", "InvoiceView")
        self.pay_online_view = get_class("checkout.views", "PayOnlineView")
        self.courier_areas_view = get_class("checkout.views", "CourierAreaSearchView")

    def get_urls(self):
        # Buyer's order tools, reached with Oscar's signed order hash (works for guests too).
        order_urls = [
            path(
                "orders/<str:order_number>/<str:hash>/receipt/",
                self.receipt_upload_view.as_view(),
                name="receipt-upload",
            ),
            path(
                "orders/<str:order_number>/<str:hash>/receipt/<int:pk>/",
                self.receipt_file_view.as_view(),
                name="receipt-file",
            ),
            path(
                "orders/<str:order_number>/<str:hash>/invoice/", self.invoice_view.as_view(), name="invoice"
            ),
            path(
                "orders/<str:order_number>/<str:hash>/pay/", self.pay_online_view.as_view(), name="pay-online"
            ),
            # Suggestions for the address form's district field (docs/providers.md).
            path("areas/", self.courier_areas_view.as_view(), name="courier-areas"),
        ]
        return super().get_urls() + self.post_process_urls(order_urls)
