import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, View
from oscar.core.loading import get_model

from core.spreadsheet_formulas import export_dataset

from . import importing, services
from .forms import ImportConfirmForm, ImportUploadForm, QuickEditForm, QuickProductForm, SearchForm

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

IMPORT_SESSION_KEY = "quick-catalogue-import"


class QuickProductCreateView(FormView):
    """ "Tambah produk": one short form, usable with a thumb, photo straight from the camera."""

    form_class = QuickProductForm
    template_name = "quickcatalogue/product_add.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        added = self.request.GET.get("added", "")
        if added.isdigit():
            context["added"] = Product.objects.filter(pk=added).prefetch_related("images").first()
        return context

    def form_valid(self, form):
        product = services.add_product(**form.cleaned_data)
        messages.success(
            self.request, _("“%(title)s” has been added to the shop.") % {"title": product.title}
        )
        return redirect(f"{reverse('dashboard:quick-catalogue-add')}?added={product.pk}")

    def form_invalid(self, form):
        # Browsers never re-fill a file input, so the owner has to choose the photo again.
        photo_lost = bool(self.request.FILES.get("photo")) and "photo" not in form.errors
        return self.render_to_response(self.get_context_data(form=form, photo_lost=photo_lost))


class QuickProductListView(View):
    """Many products on one page: change price, stock and visibility, then save once.

    Only the rows that were changed are saved, all together or not at all: if one changed row
    is wrong, nothing is saved and that row shows why.
    """

    template_name = "quickcatalogue/product_list.html"
    paginate_by = 25

    def products(self):
        """Products with what a row shows: the shop's stock record, the weight and the photos
        (fixed queries)."""
        shop_records = StockRecord.objects.filter(partner__code=services.SHOP_PARTNER_CODE)
        weights = services.ProductAttributeValue.objects.filter(attribute__code=services.WEIGHT_ATTRIBUTE)
        return (
            Product.objects.browsable_dashboard()
            .filter(structure=Product.STANDALONE)
            .prefetch_related(
                "images",
                Prefetch("stockrecords", queryset=shop_records, to_attr="shop_stockrecords"),
                Prefetch("attribute_values", queryset=weights, to_attr="weight_values"),
            )
            .order_by("title", "pk")
        )

    def get(self, request):
        search = SearchForm(request.GET)
        page = self.page(search)
        rows = [QuickEditForm(product=product) for product in page.object_list]
        return self.render(search, page, rows)

    def post(self, request):
        search = SearchForm(request.GET)
        ids = [int(pk) for pk in request.POST.getlist("rows") if pk.isdigit()]
        products = self.products().filter(pk__in=ids)
        posted = [QuickEditForm(request.POST, product=product) for product in products]
        changed = [form for form in posted if form.has_changed()]
        if not changed:
            messages.info(request, _("Nothing was changed."))
            return redirect(request.get_full_path())
        # Validate every changed row (no short-circuit), so that each wrong row shows its errors.
        valid = [form.is_valid() for form in changed]
        if all(valid):
            count = services.apply_quick_changes(form.to_change() for form in changed)
            messages.success(
                request,
                ngettext("%(count)s product saved.", "%(count)s products saved.", count) % {"count": count},
            )
            return redirect(request.get_full_path())
        messages.error(request, _("Nothing was saved. Fix the rows marked in red and save again."))
        rows = [form if form in changed else QuickEditForm(product=form.product) for form in posted]
        return self.render(search, self.page(search), rows)

    def page(self, search):
        products = self.products()
        if search.is_valid() and search.cleaned_data["q"]:
            q = search.cleaned_data["q"]
            products = products.filter(Q(title__icontains=q) | Q(upc__icontains=q))
        return Paginator(products, self.paginate_by).get_page(self.request.GET.get("page"))

    def render(self, search, page, rows):
        return render(
            self.request,
            self.template_name,
            {"search_form": search, "page_obj": page, "rows": rows, "query": search.data.get("q", "")},
        )


class ProductImportView(View):
    """Spreadsheet import: upload → preview with row errors → confirm (or nothing happens)."""

    upload_template = "quickcatalogue/import_upload.html"
    preview_template = "quickcatalogue/import_preview.html"

    def get(self, request):
        return render(request, self.upload_template, {"form": ImportUploadForm()})

    def post(self, request):
        if "token" in request.POST:
            return self.confirm(request)
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                rows = importing.read_spreadsheet(form.cleaned_data["spreadsheet"])
            except ValidationError as error:
                form.add_error("spreadsheet", error)
        if not form.is_valid():
            return render(request, self.upload_template, {"form": form})
        plan = importing.plan_import(rows)
        token = secrets.token_urlsafe(16)
        # The rows (not the file) wait in the session until the owner confirms this exact preview.
        request.session[IMPORT_SESSION_KEY] = {"token": token, "rows": rows, "preview": _fingerprint(plan)}
        return self.preview(request, plan, ImportConfirmForm(initial={"token": token}))

    def confirm(self, request):
        form = ImportConfirmForm(request.POST)
        pending = request.session.get(IMPORT_SESSION_KEY) or {}
        if not form.is_valid() or form.cleaned_data["token"] != pending.get("token"):
            messages.error(request, _("This import has expired. Upload the file again."))
            return redirect("dashboard:quick-catalogue-import")
        plan = importing.plan_import(pending["rows"])
        if _fingerprint(plan) != pending["preview"]:
            # The catalogue changed since the preview (e.g. a product with that SKU was added).
            pending["preview"] = _fingerprint(plan)
            request.session[IMPORT_SESSION_KEY] = pending
            messages.warning(request, _("The catalogue changed in the meantime. Check the preview again."))
            return self.preview(request, plan, ImportConfirmForm(initial={"token": pending["token"]}))
        try:
            only_valid_rows = form.cleaned_data["only_valid_rows"]
            created, updated = importing.apply_import(plan, only_valid_rows=only_valid_rows)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return self.preview(request, plan, form)
        del request.session[IMPORT_SESSION_KEY]
        messages.success(
            request,
            _("Import finished: %(created)s new products, %(updated)s updated.")
            % {"created": created, "updated": updated},
        )
        return redirect("dashboard:quick-catalogue-list")

    def preview(self, request, plan, form):
        return render(
            request,
            self.preview_template,
            {
                "plan": plan,
                "form": form,
                "created": plan.count(importing.CREATE),
                "updated": plan.count(importing.UPDATE),
            },
        )


class SpreadsheetDownloadView(View):
    """A spreadsheet in the import columns, as CSV or Excel: the template or the shop's products."""

    content_types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    make_dataset = None  # importing.template_dataset or importing.catalogue_dataset
    filename = ""

    def get(self, request, file_format):
        if file_format not in self.content_types:
            raise Http404
        dataset = self.make_dataset()
        response = HttpResponse(
            export_dataset(dataset, file_format), content_type=self.content_types[file_format]
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}.{file_format}"'
        return response


def _fingerprint(plan):
    return [[row.number, row.action, row.is_valid] for row in plan.rows]
