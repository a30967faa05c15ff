"""The listings' indexes (storefront/search/migrations): a search word, also part of a word, is
looked up in PostgreSQL's trigram index of each searched column, and the catalogue's first page
is read in the newest-first index, instead of reading every product. Run with ``--migrations``
(``make test-services``): the indexes are made by the migrations, not by the models."""

import pytest
from django.db import connection
from django.utils import timezone
from oscar.core.loading import get_model

from core import products
from storefront.search import browse
from tests.performance.plans import plan

pytestmark = [pytest.mark.django_db, pytest.mark.services]
Product = get_model("catalogue", "Product")
INDEXES = {"catalogue_product_title_trgm", "catalogue_product_upc_trgm", "catalogue_product_description_trgm"}


@pytest.fixture
def catalogue_of_5000(make_product):
    """A catalogue like the scale data's (5 000 products with a sentence of description), with
    statistics: there reading every product costs more than the indexes."""
    product = make_product(title="Kopi Gayo", category="Kopi")
    Product.objects.bulk_create(
        Product(
            title=f"Teh Melati {number:04d}",
            slug=f"teh-{number}",
            upc=f"TEH{number:07d}",
            description="Teh melati wangi dari Slawi, daun pilihan, dikemas 100 gram.",
            product_class=product.product_class,
        )
        for number in range(5000)
    )
    with connection.cursor() as cursor:
        # What autovacuum does (VACUUM cannot run in the test's transaction): new rows wait in
        # each GIN index's pending list, which the planner prices as read in full.
        for name in INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
        cursor.execute("ANALYZE catalogue_product")


def test_search_words_are_looked_up_in_the_trigram_indexes(catalogue_of_5000):
    searched = plan(browse.matching(browse.browsable_products(), ["kop", "gayo"]))
    used = {name for name in INDEXES if name in searched}
    assert used == INDEXES, searched  # title, code and description, for part of a word
    assert "Bitmap Index Scan" in searched


def test_the_first_page_of_the_catalogue_is_read_in_the_newest_first_index(catalogue_of_5000):
    # Products loaded together share one creation time (the scale data's COPY, an import in one
    # transaction); then Oscar's index on date_created alone gives no order and every product
    # was sorted.
    Product.objects.update(date_created=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalogue_product")
    newest = browse.sorted_products(browse.browsable_products(), "newest")
    first_page = plan(newest.values_list("pk", flat=True)[:20])  # the page's ids, as KeptPages asks
    assert "Index Only Scan using catalogue_product_browse_newest" in first_page, first_page
    assert "Sort" not in first_page  # read in the index's order, 20 rows
    # Then the products of the page, by id with Oscar's annotations, from the primary key.
    ids = list(newest.values_list("pk", flat=True)[:20])
    by_id = plan(products.with_purchase_info(Product.objects.filter(pk__in=ids), photos=False))
    assert "catalogue_product_pkey" in by_id, by_id


def test_indexed_search_finds_parts_of_words_in_any_column_title_matches_first(make_product):
    gayo = make_product(title="Kopi Gayo", category="Kopi")
    teh = make_product(title="Teh Melati", category="Teh")
    teh.description = "Enak dengan KOPI susu."
    teh.save()
    batik = make_product(title="Batik Tulis", category="Batik")
    batik.upc = "BTK-07"
    batik.save()
    products = browse.sorted_products(browse.matching(browse.browsable_products(), ["kop"]), "relevancy")
    assert list(products) == [gayo, teh]  # the title match first, though older
    assert list(browse.matching(browse.browsable_products(), ["btk-0"])) == [batik]
