"""URL map (docs/oscar-wagtail.md): Oscar under /shop/, its dashboard at /dashboard/, Wagtail admin at
/cms/ and Wagtail pages at the root, included last because they catch every path."""

from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.sitemaps import robots_txt, sitemap
from notifications.views import WhatsAppWebhookView
from storefront import pwa
from storefront.order.claim import claim_order_view
from storefront.order.guest_pages import GuestOrderDetailView, GuestOrderFormView
from storefront.order.line_view import order_line_view
from storefront.payment.views import GatewayNotificationView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),  # set_language for the switcher
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("dashboard/", apps.get_app_config("dashboard").urls),
    path("survey/", include("crm.urls")),
    path("shop/accounts/loyalty/", include("loyalty.urls")),
    path("shop/accounts/feedback/", include("crm.account_urls")),
    # Before Oscar's own pattern of the same path: its GET was a 500 (storefront/order/line_view.py).
    path("shop/accounts/orders/<str:order_number>/<int:line_id>/", order_line_view, name="shop-order-line"),
    # Before Oscar's guest order pages: the order's phone opens them too (storefront/order/guest_pages.py).
    path(
        "shop/accounts/order-status-form/<str:order_number>/<str:hash>/",
        GuestOrderFormView.as_view(),
        name="shop-anon-order-form",
    ),
    path(
        "shop/accounts/order-status/<str:order_number>/<str:hash>/",
        GuestOrderDetailView.as_view(),
        name="shop-anon-order",
    ),
    path(
        "shop/accounts/order-status/<str:order_number>/<str:hash>/claim/",
        claim_order_view,
        name="shop-order-claim",
    ),
    # Payment gateways post status changes here (docs/providers.md).
    path(
        "shop/payment/<slug:provider>/notification/",
        GatewayNotificationView.as_view(),
        name="payment-gateway-notification",
    ),
    # WhatsApp Cloud API: delivery statuses of the shop's messages (docs/providers.md).
    path("shop/whatsapp/webhook/", WhatsAppWebhookView.as_view(), name="whatsapp-webhook"),
    path("shop/", include(apps.get_app_config("oscar").urls[0])),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("sw.js", pwa.service_worker, name="pwa-service-worker"),
    path("offline/", pwa.offline, name="pwa-offline"),
    re_path(r"^manifest-(?P<app>shop|dashboard)\.webmanifest$", pwa.manifest, name="pwa-manifest"),
    path("", include(wagtail_urls)),
]
