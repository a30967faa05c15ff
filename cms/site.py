"""Making sure the Wagtail page tree has the shop's home page at ``/``."""
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from .models import HomePage


def site_address():
    """``(hostname, port)`` of the shop's public address (``SITE_URL``), e.g. ``("toko.id", 443)``."""
    url = urlsplit(settings.SITE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


@transaction.atomic
def ensure_home_page(*, hostname=None, port=None, title=None):
    """Return the shop's HomePage, creating the page tree and the default site if needed.

    Idempotent. Replaces Wagtail's default "Welcome" page, and keeps Django's Site (used by
    Oscar for e-mails) named like the shop. A new site gets the shop's public address
    (``SITE_URL``) so that full page URLs (sitemap, e-mails) point at it. Works on a database
    built with or without Wagtail's data migrations (tests use ``--nomigrations``).
    """
    default_hostname, default_port = site_address()
    hostname, port = hostname or default_hostname, port or default_port
    title = title or settings.OSCAR_SHOP_NAME
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", locale=locale)
    home = HomePage.objects.first()
    if home is None:
        Page.objects.filter(depth=2, content_type__model="page", slug="home").delete()
        root.refresh_from_db()
        home = root.add_child(instance=HomePage(title=title, slug="beranda", locale=locale))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=title
        )
    elif site.root_page_id != home.pk:
        # Wagtail's own first site (localhost:80, "Welcome" page) becomes the shop's.
        site.root_page = home
        site.site_name = title
        if (site.hostname, site.port) == ("localhost", 80):
            site.hostname, site.port = hostname, port
        site.save()
    domain = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    DjangoSite.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": title})
    return home
