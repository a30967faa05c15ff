"""Loading products with what the shop's pages read from them, in a fixed number of queries.

Django runs one query per prefetched relation, and each costs about as much Python as drawing a
product card, so the pages ask for what they show and no more: Oscar's ``base_queryset`` also
prefetches option lists (which only the product page's form of a product with options reads,
through a query of its own) and every child (which Oscar's strategy does not read: it prices a
parent from its *public* children, queried again per parent unless loaded as below). Its two
"has options" subqueries are asked only in a shop that has options at all (most have none):
writing their SQL (Django) and planning them (PostgreSQL) cost a product page about 1 ms and a
search page about 2 (docs/performance.md).

The product page shows one product with rows that most products do not have (a variant's
parent, attribute values, variants, recommendations): flags kept beside the product say which
exist and ``load_product_page`` queries only those.
"""

import functools

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from oscar.apps.customer.history import CustomerHistoryManager
from oscar.core.loading import get_model

from core import caching

Category = get_model("catalogue", "Category")
Option = get_model("catalogue", "Option")
Product = get_model("catalogue", "Product")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductRecommendation = get_model("catalogue", "ProductRecommendation")
ProductReview = get_model("reviews", "ProductReview")

CARDS_ON_PRODUCT_PAGE = 6  # recommended, and recently viewed: at most six of each, as Oscar's page
REVIEWS_ON_PRODUCT_PAGE = 3  # as Oscar's page; "See all reviews" leads to the rest


def with_purchase_info(products, photos=True):
    """``products`` (a queryset) with product class, "has options" flags, stock records and
    photos: a price, stock, photo and "add to basket" button without further queries. Parents
    need ``load_public_children`` too. Without ``photos`` for a listing: its cards are mostly kept
    drawn, and ``storefront.product_cards`` loads the photos of those it draws."""
    return _with_purchase_info(products, photos, shop_has_options())


def shop_has_options():
    """Whether the shop has any product option (asked when adding to the basket; most shops have
    none), kept under the ``catalogue`` version: ``storefront.cache_signals`` bumps it when an
    option is saved, deleted or attached to a product class or a product."""
    return caching.cached(caching.CATALOGUE, "shop-has-options", Option.objects.exists)


def _with_purchase_info(products, photos, has_options):
    """``with_purchase_info`` for a shop with or without options. The flags Oscar's
    ``has_options`` reads (``has_product_class_options``, ``has_product_options``) are Oscar's
    ``base_queryset`` subqueries in a shop with options, else known false without asking."""
    if has_options:
        products = products.base_queryset().prefetch_related(None)
    else:
        flags = {"has_product_class_options": Value(False), "has_product_options": Value(False)}
        products = products.select_related("product_class").annotate(**flags)
    lookups = ["stockrecords", "images"] if photos else ["stockrecords"]
    return products.prefetch_related(*lookups)


def load_public_children(products):
    """Give the parent products among ``products`` their public children with stock records,
    where Oscar's strategy and product page read them (``get_public_children``); two queries
    when there is a parent, none otherwise."""
    parents = [product for product in products if product.is_parent]
    if not parents:
        return
    public_children = Product.objects.public().prefetch_related("stockrecords")
    prefetch_related_objects(
        parents, Prefetch("children", queryset=public_children, to_attr="_prefetched_public_children")
    )


def with_cards(products):
    """``products`` (a queryset) as a list ready to be drawn as product cards: with purchase
    info, and a parent's public children."""
    products = list(with_purchase_info(products))
    load_public_children(products)
    return products


def for_product_page():
    """All products with purchase info but photos (only the gallery shows them, and the page
    keeps it drawn: queried when drawn), to be filtered to the page's product;
    ``load_product_page`` adds the rest."""
    return _product_page_products(shop_has_options()).all()


@functools.cache
def _product_page_products(has_options):
    # Built once per process for each answer: building it cost 0.2 ms a request (1 ms with
    # Oscar's subqueries), a clone of it 0.1 ms.
    return _with_purchase_info(Product.objects.all(), photos=False, has_options=has_options)


def load_product_page(product):
    """Load what ``product`` (from ``for_product_page``) shows beyond every product's rows.

    First what the page reads of every product, kept under the ``catalogue`` version (counted in
    the product's query it cost more to build and plan than the rows themselves):
    ``num_approved_reviews`` (Oscar's property), ``first_category_id`` (the breadcrumbs'
    category: the first browsable one by tree order, a variant's parent's) and flags for what
    only some products have: ``has_attribute_values``, ``has_recommendations``. Then, a query or
    two each and only when it has them: a variant's parent with its class and photos (Oscar's
    product reads its title, class and photos from there), attribute values with the parent's
    (where Oscar's ``get_attribute_values`` reads them), a parent's public children."""
    key = f"product-page-facts:{product.pk}"
    facts = caching.cached(caching.CATALOGUE, key, lambda: _page_facts(product))
    product.__dict__.update(facts)  # over Oscar's cached property num_approved_reviews
    if product.is_child:
        parent = Product.objects.select_related("product_class").prefetch_related("images")
        prefetch_related_objects([product], Prefetch("parent", queryset=parent))
    if product.has_attribute_values:
        _load_attribute_values(product)
    load_public_children([product])


def _page_facts(product):
    own_or_parents = Q(product=OuterRef("pk")) | Q(product=OuterRef("parent_id"))
    approved_reviews = (
        ProductReview.objects.filter(product=OuterRef("pk"), status=ProductReview.APPROVED)
        .order_by()
        .values("product")
        .annotate(count=Count("pk"))
        .values("count")
    )
    first_category = ProductCategory.objects.filter(
        product=Coalesce(OuterRef("parent_id"), OuterRef("pk")),
        category__is_public=True,
        category__ancestors_are_public=True,
    ).order_by("category__path")
    facts = {
        "num_approved_reviews": Coalesce(Subquery(approved_reviews), 0),
        "first_category_id": Subquery(first_category.values("category_id")[:1]),
        "has_attribute_values": Exists(ProductAttributeValue.objects.filter(own_or_parents)),
        "has_recommendations": Exists(ProductRecommendation.objects.filter(primary=OuterRef("pk"))),
    }
    return Product.objects.filter(pk=product.pk).values(**facts).get()


def _load_attribute_values(product):
    values = ProductAttributeValue.objects.select_related("attribute", "value_option")
    own, parents = "_prefetched_attribute_values", "_prefetched_parent_attribute_values"  # Oscar's names
    lookups = [Prefetch("attribute_values", queryset=values, to_attr=own)]
    if product.is_child:
        lookups.append(Prefetch("parent__attribute_values", queryset=values, to_attr=parents))
    prefetch_related_objects([product], *lookups)
    loaded = getattr(product, own) + getattr(product.parent, parents, [])
    # Only a "multi option" value has option rows of its own; most products have none.
    multi_option = [value for value in loaded if value.attribute.is_multi_option]
    prefetch_related_objects(multi_option, "value_multi_option")


def drawn_key_prefix(request, name):
    """The start of the cache keys of what is drawn from products as ``name`` for this request
    (product cards, parts of the product page): the ``catalogue`` version, the language and the
    pricing strategy; ``drawn_key`` adds the product."""
    return caching.key(caching.CATALOGUE, f"{name}:{get_language()}:{type(request.strategy).__name__}")


def drawn_key(prefix, product):
    """The key of what is drawn from ``product`` (loaded with its stock records) under
    ``prefix``: its price, stock and allocation are in the key, because Oscar allocates and
    consumes stock with ``queryset.update``, which sends no signal (no version bump)."""
    stock = ",".join(
        f"{record.pk}-{record.price}-{record.num_in_stock}-{record.num_allocated}"
        for record in product.stockrecords.all()
    )
    return f"{prefix}:{product.pk}:{product.date_updated.timestamp()}:{stock}"


def category_trail(product):
    """The breadcrumbs to ``product``'s category (from ``for_product_page``): name and address
    of each category from the top down, cached under the ``catalogue`` version (a category's
    address spells out its ancestors, which cost a query and a cache read each)."""
    category_id = product.first_category_id
    if category_id is None:
        return []

    def build():
        category = Category.objects.filter(pk=category_id).first()  # None if deleted meanwhile
        trail = category.get_ancestors_and_self() if category is not None else []
        return [{"name": c.name, "url": c.get_absolute_url()} for c in trail]

    return caching.cached(caching.CATALOGUE, f"category-trail:{category_id}", build)


def latest_reviews(product):
    """Up to three approved reviews of ``product`` (from ``for_product_page``) in Oscar's order
    (most helpful first), with their writers; no query when it has none."""
    if not product.num_approved_reviews:
        return []
    return list(product.reviews.approved().select_related("user")[:REVIEWS_ON_PRODUCT_PAGE])


def recommended_products(product):
    """The public products recommended with ``product`` (Oscar's dashboard), highest ranking
    first, ready for product cards; no query when it has none (``for_product_page``)."""
    if not product.has_recommendations:
        return []
    recommended = (
        Product.objects.public()
        .filter(productrecommendation__primary=product)
        .order_by("-productrecommendation__ranking", "pk")
    )
    return with_cards(recommended[:CARDS_ON_PRODUCT_PAGE])


def recently_viewed(request, current):
    """The visitor's recently viewed products (Oscar's history cookie) other than ``current``,
    newest first, ready for product cards. Oscar's own list loads bare products, and each of
    their cards then queried its price, stock and photo again."""
    newest_first = reversed(CustomerHistoryManager.extract(request))
    ids = [pk for pk in newest_first if type(pk) is int and pk != current.pk]  # the cookie may be garbage
    ids = ids[:CARDS_ON_PRODUCT_PAGE]  # it keeps up to OSCAR_RECENTLY_VIEWED_PRODUCTS
    if not ids:
        return []
    found = {product.pk: product for product in with_cards(Product.objects.browsable().filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]
