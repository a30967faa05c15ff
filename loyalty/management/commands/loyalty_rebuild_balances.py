"""Recompute every account's cached balances from the ledger (``--check`` only reports drift,
and orders missing their points entries: the monitoring check)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from loyalty import services


class Command(BaseCommand):
    help = "Rebuild loyalty balances from the points ledger; --check only reports accounts that drifted."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report drift without changing anything.")

    def handle(self, *args, check=False, **options):
        drifted = list(services.drifted_accounts())
        for account in drifted:
            if check:
                self.stdout.write(
                    f"drift: account {account.pk} ({account.customer_id}) cached "
                    f"{account.available}/{account.pending}, ledger {account.a or 0}/{account.p or 0}"
                )
            else:
                old, new = services.rebuild_balance(account)
                self.stdout.write(f"repaired account {account.pk}: {old} -> {new}")
        self.stdout.write(f"{len(drifted)} account(s) drifted" + ("" if check else ", repaired"))
        missing = 0
        if check:
            # Orders of the last minutes may still have their task in the queue.
            settled = timezone.now() - datetime.timedelta(minutes=15)
            for kind, orders in services.orders_missing_entries(placed_before=settled).items():
                for number in orders.values_list("number", flat=True):
                    self.stdout.write(f"missing: order {number} needs its entries {kind} (loyalty_reconcile)")
                    missing += 1
            self.stdout.write(f"{missing} order(s) without their entries")
        if check and (drifted or missing):
            raise SystemExit(1)
