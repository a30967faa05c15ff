import oscar.apps.dashboard.orders.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    name = "storefront.dashboard.orders"

    def ready(self):
        super().ready()
        self.pipeline_action_view = get_class("dashboard.orders.views", "OrderPipelineActionView")
        self.payment_settings_view = get_class("dashboard.orders.views", "PaymentSettingsView")
        self.shipping_settings_view = get_class("dashboard.orders.views", "ShippingSettingsView")
        self.ship_view = get_class("dashboard.orders.views", "ShipOrderView")
        self.chat_order_view = get_class("dashboard.orders.views", "ChatOrderView")
        self.chat_order_placed_view = get_class("dashboard.orders.views", "ChatOrderPlacedView")
        self.provider_settings_view = get_class("dashboard.orders.views", "ProviderSettingsView")
        self.provider_test_view = get_class("dashboard.orders.views", "ProviderTestView")

    def get_urls(self):
        # Staff only (the app's default permission); listed before Oscar's "<number>/" routes.
        shop_urls = [
            path("settings/payment/", self.payment_settings_view.as_view(), name="payment-settings"),
            path("settings/shipping/", self.shipping_settings_view.as_view(), name="shipping-settings"),
            path("dari-whatsapp/", self.chat_order_view.as_view(), name="order-chat-create"),
            path(
                "dari-whatsapp/<str:number>/", self.chat_order_placed_view.as_view(), name="order-chat-placed"
            ),
            path("<str:number>/kirim/", self.ship_view.as_view(), name="order-ship"),
            path("settings/providers/", self.provider_settings_view.as_view(), name="provider-settings"),
            path(
                "settings/providers/<slug:name>/test/",
                self.provider_test_view.as_view(),
                name="provider-test",
            ),
            path(
                "<str:number>/pipeline/<slug:action>/",
                self.pipeline_action_view.as_view(),
                name="order-pipeline-action",
            ),
        ]
        return self.post_process_urls(shop_urls) + super().get_urls()
