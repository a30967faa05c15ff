"""manage.py generate_scale_data --customers N --orders M --products P (see bench/scale_data.py)."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from oscar.core.loading import get_class

from bench import guard, scale_data

is_solr_supported = get_class("search.features", "is_solr_supported")


class Command(BaseCommand):
    help = (
        "Fill an empty benchmark database with a realistic shop (COPY on PostgreSQL, bulk inserts "
        "elsewhere) and rebuild the search index. Refuses a real shop."
    )

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=2000)
        parser.add_argument(
            "--orders",
            type=int,
            default=7000,
            help="orders (1–5 lines each, 3 on average: 334000 orders make about 1 000 000 lines)",
        )
        parser.add_argument("--products", type=int, default=500)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--no-index", action="store_true", help="skip rebuilding the Solr index, if any")
        parser.add_argument("--force", action="store_true", help="run even on a database with a shop in it")

    def handle(self, *args, customers, orders, products, seed, no_index, force, **options):
        guard.refuse_real_shop(force, allow_empty=True)
        run = scale_data.generate(
            customers=customers, orders=orders, products=products, out=self.stdout, seed=seed
        )
        rate = run.order_lines / max(run.seconds, 0.1)
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {run.products} products, {run.customers} customers, {run.orders} orders with "
                f"{run.order_lines} lines in {run.seconds} s ({rate:,.0f} lines/s)."
            )
        )
        if is_solr_supported() and not no_index:  # the database search needs no index
            started = time.monotonic()
            # Cleared and rebuilt: faster than update_index --remove, which reads every indexed
            # document back to find stale ones (5 000 products: 23 s against about 60 s).
            call_command("rebuild_index", interactive=False, verbosity=0)
            self.stdout.write(f"Search index rebuilt in {time.monotonic() - started:.1f} s.")
