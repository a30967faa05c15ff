"""An index on the orders' status, then date placed and id: the owner's "Hari ini" reads its
order lists (to ship, shipped over a week ago, waiting for payment) and counts them in it,
instead of reading all orders (334 000 in the scale data) for a few thousand of one status.
Oscar's order model has no index on status; the shop keeps Oscar's model, so the index is
plain SQL that PostgreSQL and SQLite both take."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("order", "0025_shippingaddress_courier_area")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS order_order_status_placed ON order_order (status, date_placed, id)",
            reverse_sql="DROP INDEX IF EXISTS order_order_status_placed",
        ),
    ]
