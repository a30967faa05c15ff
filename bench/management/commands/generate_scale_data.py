"""manage.py generate_scale_data --customers N --orders M --products P (see bench/scale_data.py)."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from bench import guard, scale_data


class Command(BaseCommand):
    help = "Fill an empty benchmark database with a realistic shop (bulk inserts). Refuses a real shop."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=2000)
        parser.add_argument(
            "--orders", type=int, default=7000, help="orders (1–5 lines each, about 3 on average)"
        )
        parser.add_argument("--products", type=int, default=500)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--no-index", action="store_true", help="skip rebuilding the search index")
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
        if not no_index:
            started = time.monotonic()
            call_command("update_index", "catalogue", remove=True, verbosity=0)
            self.stdout.write(f"Search index rebuilt in {time.monotonic() - started:.1f} s.")
