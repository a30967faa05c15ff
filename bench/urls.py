"""The shop's URLs plus its uploaded files (product photos and their thumbnails), served by
Django as a proxy in front of the shop would serve them: gunicorn alone answers /media/ with
404, which the browser step (Lighthouse) would count as broken images."""
from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from storefront.urls import urlpatterns as shop_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *shop_urlpatterns,
]
