"""The base of Oscar's catalogue, category and search views, answered by the database
(``storefront.search.browse``); search words go to Solr only when it is configured.

Oscar's ``CatalogueView``, ``ProductCategoryView`` and ``FacetedSearchView`` (not forked) build
on this class through ``get_class``, so they browse and search the database as they are.
"""

from haystack.generic_views import FacetedSearchMixin
from oscar.apps.search.views.base import BaseSearchView as OscarBaseSearchView
from oscar.core.loading import get_class

from core import products
from core.pagination import CountedPaginator
from storefront.search import browse

FacetMunger = get_class("search.facets", "FacetMunger")


class BaseSearchView(OscarBaseSearchView):
    listing = None  # a browse.Listing when the database answers this request (see browse.answers)

    def form_valid(self, form):
        if not browse.answers(form):
            return super().form_valid(form)
        return self.database_response(form)

    def form_invalid(self, form):
        if not browse.answers(form):
            return super().form_invalid(form)
        return self.database_response(form)

    def database_response(self, form):
        self.listing = browse.listing(form, getattr(self, "category", None))
        context = self.get_context_data(
            **{self.form_name: form, "query": self.listing.query, "object_list": self.listing.products}
        )
        return self.render_to_response(context)

    def get_paginator(self, queryset, per_page, **kwargs):
        if self.listing is None:
            return super().get_paginator(queryset, per_page, **kwargs)
        return CountedPaginator(queryset, per_page, self.listing.total, **kwargs)

    def get_context_data(self, **kwargs):
        if self.listing is None:
            return super().get_context_data(**kwargs)
        # The list, page and form parts of the context: the classes after haystack's
        # FacetedSearchMixin, whose facet counts would query the search index.
        context = super(FacetedSearchMixin, self).get_context_data(**kwargs)
        products.load_public_children(context["page_obj"].object_list)
        form = context[self.form_name]
        context["facet_data"] = self.price_facets(form)
        context["has_facets"] = any(data["results"] for data in context["facet_data"].values())
        context["selected_facets"] = form.selected_facets
        context[self.page_kwarg] = context["page_obj"]
        return context

    def price_facets(self, form):
        """Oscar's facet data (names, counts, select/deselect links) for the price bands."""
        munger = FacetMunger(
            self.request.get_full_path(),
            form.selected_multi_facets,
            {"fields": {}, "queries": self.listing.band_counts},
        )
        facet_data = {}
        munger.munge_query_facets(facet_data)
        return facet_data
