"""The owner's segment and analytics screens."""

from datetime import timedelta

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from core import caching
from core.tasking import QUEUE_DOWN_MESSAGE, send_task
from crm import charts, metrics, segments, tasks
from crm.models import Customer


class SegmentListView(TemplateView):
    """The RFM segments with their sizes; POST recomputes them now."""

    template_name = "crm/dashboard/segment_list.html"

    def get_context_data(self, **kwargs):
        counts = segments.segment_counts()
        rows = [
            {"key": key, "label": label, "advice": advice, "count": counts[key]}
            for key, (label, advice) in segments.SEGMENTS.items()
        ]
        return super().get_context_data(segments=rows, **kwargs)

    def post(self, request):
        if send_task(tasks.refresh_customer_segments) is None:
            messages.error(request, QUEUE_DOWN_MESSAGE)
        else:
            messages.success(request, _("Segments are being recomputed; refresh the page in a moment."))
        return redirect("dashboard:crm-segment-list")


class SegmentDetailView(ListView):
    """The customers of one segment, with a WhatsApp button each."""

    paginate_by = 50
    template_name = "crm/dashboard/segment_detail.html"
    context_object_name = "customers"

    def get_queryset(self):
        if self.kwargs["key"] not in segments.SEGMENTS:
            raise Http404
        return Customer.objects.active().filter(segment=self.kwargs["key"]).order_by("-total_spent", "pk")

    def get_context_data(self, **kwargs):
        label, advice = segments.SEGMENTS[self.kwargs["key"]]
        return super().get_context_data(segment_key=self.kwargs["key"], label=label, advice=advice, **kwargs)


class AnalyticsView(TemplateView):
    """The owner's numbers for the last 12 months, as SVG charts and tables."""

    template_name = "crm/dashboard/analytics.html"
    MONTHS = 12
    CACHE_SECONDS = 10 * 60

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        # The orders version makes a new order, status change or answer show at once.
        key = caching.key(caching.ORDERS, f"crm-analytics:{today.isoformat()}:{translation.get_language()}")
        return super().get_context_data(**cache.get_or_set(key, self.numbers, self.CACHE_SECONDS), **kwargs)

    def numbers(self):
        """Everything the page shows; cached for a few minutes, the queries scan all orders."""
        now = timezone.now()
        first_month = metrics.month_start(timezone.localdate() - timedelta(days=31 * (self.MONTHS - 1)))
        start = timezone.make_aware(timezone.datetime(first_month.year, first_month.month, 1))
        orders = metrics.orders_by_month(start, now)
        feedback = metrics.feedback_by_month(start, now)
        label = "{:%m/%y}".format
        return {
            "customers_total": Customer.objects.active().count(),
            "counts": metrics.customer_counts(start, now),
            "aov": metrics.average_order_value(orders),
            "orders_by_month": orders,
            "feedback_by_month": feedback,
            "cohorts": metrics.cohort_table(start, now),
            "aov_chart": charts.bar_chart(
                [(label(r["month"]), r["aov"]) for r in orders], title=_("Average order value")
            ),
            "nps_chart": charts.bar_chart(
                [(label(r["month"]), r["nps"]) for r in feedback], title="NPS", allow_negative=True
            ),
            "csat_chart": charts.bar_chart([(label(r["month"]), r["csat"]) for r in feedback], title="CSAT"),
            "computed_at": now,
        }
