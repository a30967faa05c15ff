"""The bench's analytics step, in process: the CRM's numbers and the owner's pages."""

import datetime
import time

from bench.common import HOST, OWNER_EMAIL


def timed(function):
    started_at = time.perf_counter()
    function()
    return round((time.perf_counter() - started_at) * 1000, 1)


def analytics():
    """RFM scoring, segment sizes, the cohort table and the owner's pages: cold and cached (ms)."""
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from crm import metrics, segments

    now = timezone.now()
    start = now - datetime.timedelta(days=365)
    owner = Client()
    owner.force_login(
        __import__("django.contrib.auth", fromlist=["get_user_model"])
        .get_user_model()
        .objects.get(email=OWNER_EMAIL)
    )
    results = {
        "rfm_scores_ms": timed(lambda: list(segments.rfm_scores(now))),
        "segment_counts_ms": timed(segments.segment_counts),
        "cohort_table_ms": timed(lambda: metrics.cohort_table(start, now)),
    }
    for name, url in (
        ("analytics_page", "/dashboard/crm/analytics/"),
        ("hari_ini_page", "/dashboard/"),
    ):
        cache.clear()
        results[f"{name}_cold_ms"] = timed(lambda url=url: owner.get(url, HTTP_HOST=HOST))
        results[f"{name}_cached_ms"] = timed(lambda url=url: owner.get(url, HTTP_HOST=HOST))
    return results
