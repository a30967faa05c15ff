"""``manage.py seed_demo``: load the demo shop. Idempotent: run it as often as you like."""

import logging

from django.core.management.base import BaseCommand

from cms import demo as cms_demo
from crm import demo as crm_demo
from loyalty import demo as loyalty_demo
from storefront import demo
from storefront.checkout import demo as checkout_demo

# Per-object chatter while thousands of rows are written; warnings still show.
QUIET_LOGGERS = ("django_tasks", "oscar.alerts")


class Command(BaseCommand):
    help = "Load the demo shop (catalogue, pages, accounts, orders). Safe to run again."

    def handle(self, *args, **options):
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
        demo.load(self.stdout)
        # Each app adds one line here for its own demo content (<app>/demo.py load(stdout)).
        checkout_demo.load(self.stdout)
        cms_demo.load(self.stdout)
        loyalty_demo.load(self.stdout)
        crm_demo.load(self.stdout)

        demo.rebuild_search_index(self.stdout)  # keep last: indexes what the lines above created
        self.stdout.write(self.style.SUCCESS("Toko demo siap."))
