"""Trigram indexes for the database search (``storefront.search.browse.matching``), PostgreSQL
only: elsewhere (SQLite, the default for development and tests) the search reads every product.

Django asks ``title__icontains="kop"`` as ``UPPER("title"::text) LIKE UPPER('%kop%')``; a GIN
trigram index on exactly that expression answers it, also for part of a word, so the query
stays the same on every database. One index per searched column: PostgreSQL combines them
(a bitmap OR per search word, an AND across words).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "catalogue_product_title_trgm": "title",
    "catalogue_product_upc_trgm": "upc",
    "catalogue_product_description_trgm": "description",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON catalogue_product USING gin (UPPER({column}::text) gin_trgm_ops)"
        )
    # Statistics for the new expressions now, not at autovacuum's next visit.
    schema_editor.execute("ANALYZE catalogue_product")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0032_category_exclude_from_menu_category_long_description"),
    ]

    operations = [
        TrigramExtension(),  # CREATE EXTENSION IF NOT EXISTS pg_trgm; nothing on other databases
        migrations.RunPython(create_indexes, drop_indexes),
    ]
