"""An index in the catalogue's default order (newest first, ``browse.ORDERINGS``) over the
products a buyer may browse (Oscar's ``browsable()``: public, not a variant): the first page of
the catalogue reads its 20 products from it instead of sorting every product (5 000 products:
4 ms → 0.1 ms on PostgreSQL). Oscar's index on ``date_created`` alone gives no order to products
created together (one import, the scale data's ``COPY``: one timestamp), nor skips variants.
Plain SQL that PostgreSQL and SQLite both take."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0001_product_search_trigram_indexes")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS catalogue_product_browse_newest ON catalogue_product "
            "(date_created DESC, id DESC) WHERE is_public AND parent_id IS NULL",
            reverse_sql="DROP INDEX IF EXISTS catalogue_product_browse_newest",
        ),
    ]
