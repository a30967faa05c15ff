"""A web worker does not import the spreadsheet or PDF libraries to serve a buyer.

openpyxl, tablib and django-import-export cost a web worker ≈ 20–30 MB resident each time a
process starts, pypdf ≈ 15 MB, django-ninja (Wagtail's v3 JSON API, which the shop never
mounts; cms/apps.py) ≈ 25 MB (docs/performance.md, "Web worker memory"), pillow_heif (HEIF
decoders for photos the shop refuses; storefront/settings/base.py) ≈ 7 MB; Babel's locale data
(Oscar's price filter; core/prices.py formats the shop's prices) ≈ 4 MB; only the owner's
import and export views and a receipt upload need the first four. A fresh Python process
(this test's own has imported everything already) sets Django up, does gunicorn's warm-up
(``storefront.warmup``, the URL map included), builds its tables, serves the home page, the
catalogue, a product page and a basket, and reports which of them it has imported.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("openpyxl", "tablib", "import_export", "pypdf", "ninja", "pillow_heif")

PROBE = """
import json, sys
import django
from django.conf import settings

django.setup()
from storefront.warmup import warm_up

warm_up()
after_setup = sorted(name for name in HEAVY if sys.modules.get(name) is not None)

from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse

# Tables straight from the models, as the test suite builds them (no migrations).
settings.MIGRATION_MODULES = {app.label: None for app in django.apps.apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0)
setup_test_environment()

from oscar.test.factories import create_product

from cms.site import ensure_home_page

ensure_home_page()
product = create_product(title="Kopi susu", price=15000, num_in_stock=5)
client = Client()
client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
paths = ("/", "/shop/catalogue/", product.get_absolute_url(), "/shop/basket/")
statuses = [client.get(path).status_code for path in paths]
after_pages = sorted(name for name in HEAVY if sys.modules.get(name) is not None)
import babel.core, babel.localedata

babel_data = sorted(babel.localedata._cache) + (["global"] if babel.core._global_data else [])
report = {"after_setup": after_setup, "after_pages": after_pages, "statuses": statuses, "babel": babel_data}
print(json.dumps(report))
"""


def test_buyer_pages_do_not_import_sheet_libraries(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "storefront.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "REDIS_URL": "",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    result = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["statuses"] == [200, 200, 200, 200], report
    assert report["after_setup"] == [], report
    assert report["after_pages"] == [], report
    # The prices on these pages are written by core.prices, not by Babel with its locale data.
    assert report["babel"] == [], report
