"""Repair orders whose points entries are missing (the nightly task, run by hand)."""
from django.core.management.base import BaseCommand

from loyalty import services


class Command(BaseCommand):
    help = "Find orders of the last N days missing their points entries, repair them and list them."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=60)

    def handle(self, *args, days=60, **options):
        report = services.reconcile_orders(since_days=days)
        failed = report.pop("failed")
        for kind, numbers in report.items():
            self.stdout.write(f"{kind}: {len(numbers)} {' '.join(map(str, numbers))}".rstrip())
        for number, reason in failed:
            self.stdout.write(f"not repaired: {number} ({reason})")
