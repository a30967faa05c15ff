"""What a web worker would otherwise do on its first requests, done once in gunicorn's master
before it forks the workers (``storefront/gunicorn_conf.py``).

A fresh worker's first page took about a second here (≈ 23 ms afterwards): half of it Django
building the URL map on the first ``{% url %}`` (which imports every view module, the Wagtail
admin's included), then the translation catalogues and the layout's templates; each worker also
imported the cache's client library (redis-py, ≈ 5.7 MB of its own memory). Under load the
requests queued behind it were the slowest of the run (the home page's p99 was 8× its p50 in
``make bench``). Done in the master, the work is shared by every worker, like the code. Nothing
here touches the database or the cache: the workers must not inherit their connections.
"""

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string

# Every buyer page's frame (the pages themselves are compiled on their first request).
LAYOUT_TEMPLATES = (
    "oscar/layout.html",
    "oscar/base.html",
    "storefront/partials/header.html",
    "storefront/partials/footer.html",
    "cms/includes/site_nav.html",
    "cms/includes/meta.html",
    "storefront/partials/language_switcher.html",
)


def warm_up():
    """Build the URL map, load every language's catalogues, compile the layout and import the
    cache backends' code (without connecting)."""
    reverse("basket:summary")  # imports the URL map and builds the reverse lookup
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Basket")  # loads the language's catalogues
    for name in LAYOUT_TEMPLATES:
        get_template(name)
    for options in settings.CACHES.values():
        import_string(options["BACKEND"])  # storefront.redis_cache brings redis-py with it
