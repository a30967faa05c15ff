from django.apps import AppConfig
from django.core.signals import request_finished, request_started


class CoreConfig(AppConfig):
    """Finds ``core/locale`` (the order status names and messages) and scopes the cache reads of
    ``core.caching`` to each web request."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import caching

        request_started.connect(caching.start_request_reads, dispatch_uid="core-cache-reads-start")
        request_finished.connect(caching.end_request_reads, dispatch_uid="core-cache-reads-end")
