"""Compile every own ``locale/*/LC_MESSAGES/django.po`` to ``.mo`` with Babel.

Django's ``compilemessages`` needs GNU gettext installed; Babel is already a dependency (Oscar
formats prices with it), so a fresh machine can build the catalogues with nothing more.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP_DIRS = {".venv", "var", "media", "node_modules", ".git"}


class Command(BaseCommand):
    help = "Compile the project's own translation catalogues (.po → .mo)."

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        compiled = 0
        for po_path in sorted(base.rglob("locale/*/LC_MESSAGES/*.po")):
            if SKIP_DIRS.intersection(po_path.relative_to(base).parts):
                continue
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            compiled += 1
            self.stdout.write(f"compiled {po_path.relative_to(base)}")
        self.stdout.write(self.style.SUCCESS(f"{compiled} catalogue(s) compiled"))
