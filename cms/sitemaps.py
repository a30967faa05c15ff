"""``/sitemap.xml`` (Wagtail pages, shop categories and products) and ``/robots.txt``."""
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET
from oscar.core.loading import get_model
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

CACHE_SECONDS = 60 * 60


class ShopSitemap(Sitemap):
    """Catalogue URLs on the host the visitor asked for (Django's ``Site`` row may still say
    ``example.com``; Wagtail's page sitemap uses the request too)."""

    def __init__(self, request):
        self.request = request
        self.protocol = request.scheme

    def get_domain(self, site=None):
        return self.request.get_host()


class ProductSitemap(ShopSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Product.objects.browsable().only("pk", "slug", "date_updated").order_by("pk")

    def lastmod(self, product):
        return product.date_updated


class CategorySitemap(ShopSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Category.objects.browsable().order_by("path")


@cache_page(CACHE_SECONDS)
@require_GET
def sitemap(request):
    sitemaps = {
        "pages": PageSitemap(request),
        "categories": CategorySitemap(request),
        "products": ProductSitemap(request),
    }
    return django_sitemap(request, sitemaps)


# Private or per-buyer areas: nothing there is for search engines.
DISALLOWED = ["/cms/", "/dashboard/", "/django-admin/", "/shop/basket/", "/shop/checkout/",
              "/shop/accounts/", "/survey/", "/shop/search/"]


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED),
             f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
