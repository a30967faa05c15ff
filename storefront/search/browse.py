"""Browsing and searching the catalogue straight from the database.

A buyer who browses (the catalogue or a category page) or searches asks for public products in
an order, perhaps within price bands or matching a few words: questions a few SQL queries answer
in milliseconds for a small shop's catalogue. A file search index (Whoosh) needed hundreds of
milliseconds and about 70 MB of memory per search on 5 000 products, and is not shared between
machines. With Solr configured (``HAYSTACK_SOLR_URL``) search words go to Solr instead.

What the buyer sees mirrors Oscar's search index: the same products (Oscar's ``browsable()``),
the same words (title, code and description), the same sort choices, and the price bands of
``OSCAR_SEARCH_FACETS``, counted, filtered and sorted
on a product's lowest stock record price — with one stock record per product, as this shop
keeps them, the price on its card; a parent product goes by its cheapest public variant (its
card shows Oscar's price for it, the newest variant's). The price is a join and a ``GROUP BY``,
added only when a price is asked for (a price sort, a band, the band counts): a correlated
subquery per product would cost more, and its estimated cost turns on PostgreSQL's JIT compiler
(tens of milliseconds) from about 6 000 products.
"""

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, Count, Exists, F, FilteredRelation, Min, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from oscar.core.loading import get_class, get_model

from core import caching
from core import products as catalogue_products

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
SearchForm = get_class("search.forms", "SearchForm")
BrowseCategoryForm = get_class("search.forms", "BrowseCategoryForm")
is_solr_supported = get_class("search.features", "is_solr_supported")

PRICE_FIELD = "price"  # the search index's price field, as OSCAR_SEARCH_FACETS names it
RANGE = re.compile(r"^\[(?P<low>\S+) TO (?P<high>\S+)\]$")
MAX_SEARCH_WORDS = 8  # a longer query is cut: each word is one more condition per product
SEARCH_COUNTS_TIMEOUT = 300  # seconds: a search's counts serve the same words searched again soon

# The sort choices of Oscar's search form, in SQL. "Relevancy" lists products whose title has
# every search word first (see ``matching``), then the newest first, as Oscar's product model
# orders itself; without search words it is just the newest first.
ORDERINGS = {
    SearchForm.RELEVANCY: (F("title_matches").desc(), "-date_created", "-pk"),
    SearchForm.NEWEST: ("-date_created", "-pk"),
    SearchForm.TOP_RATED: (F("rating").desc(nulls_last=True), "-pk"),
    SearchForm.PRICE_LOW_TO_HIGH: (F("browse_price").asc(nulls_last=True), "pk"),
    SearchForm.PRICE_HIGH_TO_LOW: (F("browse_price").desc(nulls_last=True), "pk"),
    SearchForm.TITLE_A_TO_Z: ("title", "pk"),
    SearchForm.TITLE_Z_TO_A: ("-title", "-pk"),
}


@dataclass(frozen=True)
class PriceBand:
    """One price-range facet of ``OSCAR_SEARCH_FACETS``: its query (``[50000 TO 100000]``,
    both ends included, ``*`` for open) as a filter on the shown price."""

    query: str
    low: Decimal | None
    high: Decimal | None

    @classmethod
    def parse(cls, query):
        match = RANGE.match(query)
        if match is None:
            raise ValueError(f"Not a range facet query: {query!r}")
        low, high = (None if value == "*" else Decimal(value) for value in match.group("low", "high"))
        return cls(query, low, high)

    def condition(self):
        condition = Q()
        if self.low is not None:
            condition &= Q(browse_price__gte=self.low)
        if self.high is not None:
            condition &= Q(browse_price__lte=self.high)
        return condition

    def facet_key(self):
        """The key under which a search backend reports this band's count (Oscar's
        ``FacetMunger`` reads them so)."""
        field = f"{PRICE_FIELD}_exact" if is_solr_supported() else PRICE_FIELD
        return f"{field}:{self.query}"


def price_bands():
    """The price bands configured in ``OSCAR_SEARCH_FACETS`` (query facets on the price)."""
    return [
        PriceBand.parse(query)
        for facet in settings.OSCAR_SEARCH_FACETS["queries"].values()
        if facet["field"] == PRICE_FIELD
        for _name, query in facet["queries"]
    ]


def answers(form):
    """Whether the database answers this catalogue, category or search request: always without
    a search engine, ignoring a sort or facet it does not know (as Oscar shows the products
    anyway); with Solr, a browse without search words, narrowed by price bands at most, when no
    field facets are configured (their counts come from Solr)."""
    form.is_valid()  # fills cleaned_data with the valid fields
    if not is_solr_supported():
        return True
    return (
        not form.cleaned_data.get("q")
        and not settings.OSCAR_SEARCH_FACETS["fields"]
        and set(form.selected_multi_facets) <= {PRICE_FIELD}
    )


def search_words(text):
    """The words of a buyer's search, at most ``MAX_SEARCH_WORDS``."""
    return text.split()[:MAX_SEARCH_WORDS]


def matching(products, words):
    """``products`` with every one of ``words`` in their title, code (UPC) or description —
    the text Oscar's search index holds — case-insensitive and also inside longer words ("kop"
    finds "Kopi": buyers type on phones). Annotated with ``title_matches`` (every word is in
    the title), which the relevancy order puts first."""
    title_has_all = Q()
    for word in words:
        products = products.filter(
            Q(title__icontains=word) | Q(upc__icontains=word) | Q(description__icontains=word)
        )
        title_has_all &= Q(title__icontains=word)
    return products.annotate(title_matches=Case(When(title_has_all, then=Value(True)), default=Value(False)))


def with_price(products):
    """``products`` annotated with ``browse_price`` (see the module docstring)."""
    # "parent IS NOT NULL" is implied by the join; stated, it lets PostgreSQL read the few
    # variants through the parent index instead of hashing every product (12-19 -> 8-12 ms
    # for 5 000 products).
    variants = Q(children__is_public=True, children__parent__isnull=False)
    return products.annotate(public_variants=FilteredRelation("children", condition=variants)).annotate(
        browse_price=Coalesce(Min("stockrecords__price"), Min("public_variants__stockrecords__price"))
    )


def browsable_products(categories=None):
    """Public standalone and parent products; only those filed under one of ``categories`` (a
    queryset, e.g. a category with its descendants) when given."""
    products = Product.objects.browsable()
    if categories is not None:
        filed = ProductCategory.objects.filter(product=OuterRef("pk"), category__in=categories)
        products = products.filter(Exists(filed))
    return products


def within_bands(products, bands):
    """``products`` whose price lies in any of the ``bands``."""
    if not bands:
        return products
    condition = Q()
    for band in bands:
        condition |= band.condition()
    return with_price(products).filter(condition)


def sorted_products(products, sort_by):
    """``products`` in the order of one of the search form's sort choices."""
    sort_by = sort_by if sort_by in ORDERINGS else SearchForm.RELEVANCY
    if sort_by == SearchForm.RELEVANCY and "title_matches" not in products.query.annotations:
        sort_by = SearchForm.NEWEST
    if sort_by in (SearchForm.PRICE_LOW_TO_HIGH, SearchForm.PRICE_HIGH_TO_LOW) and not _priced(products):
        products = with_price(products)
    return products.order_by(*ORDERINGS[sort_by])


def _priced(products):
    return "browse_price" in products.query.annotations


def counts(products):
    """How many ``products`` there are, and how many in each price band — one query:
    ``(total, {facet key: count})``."""
    bands = price_bands()
    if bands and not _priced(products):
        products = with_price(products)
    aggregates = {f"band_{index}": Count("pk", filter=band.condition()) for index, band in enumerate(bands)}
    row = products.order_by().aggregate(total=Count("pk"), **aggregates)
    return row["total"], {band.facet_key(): row[f"band_{index}"] for index, band in enumerate(bands)}


class KeptPages:
    """A listing's sorted products as its paginator slices them: each page's product ids kept
    under the ``catalogue`` version with the listing's counts (a search's query is most of its
    database time, and its order changes only with what bumps that version: titles, codes,
    descriptions, public flags, categories, prices, ratings), the products themselves read fresh
    by id with their stock records (Oscar allocates stock with ``queryset.update``, no bump; the
    cards show it). A product deleted since reads as missing and is left out."""

    def __init__(self, products, name, timeout):
        self.products = products  # sorted, not yet read
        self.name = name
        self.timeout = timeout

    def __getitem__(self, page):
        if not isinstance(page, slice):
            raise TypeError("A listing is read a page (a slice) at a time.")

        def page_ids():
            return list(self.products.values_list("pk", flat=True)[page])

        name = f"{self.name}:{page.start}:{page.stop}"
        ids = caching.cached(caching.CATALOGUE, name, page_ids, self.timeout)
        found = catalogue_products.with_purchase_info(Product.objects.filter(pk__in=ids), photos=False)
        by_id = {product.pk: product for product in found}
        return [by_id[pk] for pk in ids if pk in by_id]


@dataclass
class Listing:
    """A browse or search request answered from the database: the sorted products (a
    ``KeptPages`` to page through), their number, the price band counts and the search words."""

    products: object
    total: int
    band_counts: dict
    query: str = ""


def listing(form, category=None):
    """The products a ``form`` (see ``answers``) asks for: the whole catalogue, or the
    ``category`` with its descendants, matching its search words. Oscar's search page (its
    form is not a ``BrowseCategoryForm``) lists nothing without words, as Oscar's does.

    The counts and each page's product ids change only with the catalogue, so they are kept
    under the ``catalogue`` cache version (they cost a pass over every listed product): a
    browse's, and a search's for a few minutes (buyers repeat the popular words; the others
    expire), under the words as typed (Python's and the database's upper case differ on a few
    letters, such as "ß")."""
    query = form.cleaned_data.get("q") or ""
    words = search_words(query)
    selected = form.selected_multi_facets.get(PRICE_FIELD, [])
    chosen = {index: band for index, band in enumerate(price_bands()) if band.query in selected}
    categories = category.get_descendants_and_self() if category else None
    products = within_bands(browsable_products(categories), list(chosen.values()))
    listed = f"{category.pk if category else 'all'}:{'-'.join(map(str, chosen))}"
    if words:
        products = matching(products, words)
        searched = hashlib.sha1(" ".join(words).encode()).hexdigest()  # any characters, any length
        name, timeout = f"search:{listed}:{searched}", SEARCH_COUNTS_TIMEOUT
    elif isinstance(form, BrowseCategoryForm):
        name, timeout = f"browse:{listed}", caching.DEFAULT_TIMEOUT
    else:
        return Listing([], 0, {band.facet_key(): 0 for band in price_bands()}, query)
    total, band_counts = caching.cached(
        caching.CATALOGUE, f"{name}:counts", lambda: counts(products), timeout
    )
    sort_by = form.cleaned_data.get("sort_by")
    sort_by = sort_by if sort_by in ORDERINGS else SearchForm.RELEVANCY
    pages = KeptPages(sorted_products(products, sort_by), f"{name}:ids:{sort_by}", timeout)
    return Listing(pages, total, band_counts, query)
