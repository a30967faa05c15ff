"""Browsing the catalogue and its categories straight from the database.

A buyer who browses (the catalogue or a category page, no search words) asks for public
products in an order, perhaps within price bands: questions a few indexed SQL queries answer
in milliseconds, where the search index (Whoosh in the embedded mode) needs hundreds. Search
words go to the search index, also on the catalogue page.

What the buyer sees mirrors the search index: the same products (Oscar's ``browsable()``), the
same sort choices, and the price bands of ``OSCAR_SEARCH_FACETS``, counted, filtered and sorted
on a product's lowest stock record price — with one stock record per product, as this shop
keeps them, the price on its card; a parent product goes by its cheapest public variant (its
card shows Oscar's price for it, the newest variant's). The price is a join and a ``GROUP BY``,
added only when a price is asked for (a price sort, a band, the band counts): a correlated
subquery per product would cost more, and its estimated cost turns on PostgreSQL's JIT compiler
(tens of milliseconds) from about 6 000 products.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, FilteredRelation, Min, OuterRef, Q
from django.db.models.functions import Coalesce
from oscar.core.loading import get_class, get_model

from storefront import caching
from storefront.catalogue import products as catalogue_products

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
SearchForm = get_class("search.forms", "SearchForm")
BrowseCategoryForm = get_class("search.forms", "BrowseCategoryForm")
is_solr_supported = get_class("search.features", "is_solr_supported")

PRICE_FIELD = "price"  # the search index's price field, as OSCAR_SEARCH_FACETS names it
RANGE = re.compile(r"^\[(?P<low>\S+) TO (?P<high>\S+)\]$")

# The sort choices of Oscar's search form, in SQL. Without search words "relevancy" has no
# meaning; it lists the newest first, as Oscar's product model orders itself.
ORDERINGS = {
    "": ("-date_created", "-pk"),
    SearchForm.RELEVANCY: ("-date_created", "-pk"),
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
    """Whether the database can answer this catalogue or category request: a valid browse form
    without search words, narrowed by price bands at most, and no field facets configured
    (their counts come from the search index)."""
    return (
        isinstance(form, BrowseCategoryForm)
        and form.is_valid()
        and not form.cleaned_data.get("q")
        and not settings.OSCAR_SEARCH_FACETS["fields"]
        and set(form.selected_multi_facets) <= {PRICE_FIELD}
    )


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
    sort_by = sort_by if sort_by in ORDERINGS else ""
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


@dataclass
class Listing:
    """A browse request answered from the database: the sorted products (a queryset to page
    through), their number and the price band counts."""

    products: object
    total: int
    band_counts: dict


def listing(form, category=None):
    """The products a browse ``form`` (see ``answers``) asks for: the whole catalogue, or the
    ``category`` with its descendants. The counts change only with the catalogue, so they are
    kept under the ``catalogue`` cache version (they cost a pass over every listed product)."""
    selected = form.selected_multi_facets.get(PRICE_FIELD, [])
    chosen = {index: band for index, band in enumerate(price_bands()) if band.query in selected}
    categories = category.get_descendants_and_self() if category else None
    products = within_bands(browsable_products(categories), list(chosen.values()))
    name = f"browse-counts:{category.pk if category else 'all'}:{'-'.join(map(str, chosen))}"
    total, band_counts = caching.cached(caching.CATALOGUE, name, lambda: counts(products))
    products = sorted_products(products, form.cleaned_data.get("sort_by"))
    return Listing(catalogue_products.with_purchase_info(products), total, band_counts)
