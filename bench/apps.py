from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Scale data and the benchmark's safety marker (``make bench``, docs/performance.md)."""

    name = "bench"
    verbose_name = "Benchmark"
    default_auto_field = "django.db.models.BigAutoField"
