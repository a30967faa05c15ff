"""gunicorn settings for the shop: ``gunicorn -c python:storefront.gunicorn_conf storefront.wsgi``.

The application is loaded once in the master and the workers are forked from it
(``preload_app``), so its code and data are shared pages: two workers take far less memory
together than two separate loads (docs/performance.md, "Small server"). Before forking, the
master freezes its objects out of the garbage collector's sight (``gc.freeze``): the long
collections of the oldest generation no longer walk the ~1 million objects of Django, Oscar and
Wagtail on every pass (they were the slowest requests), and a collection in a worker no longer
writes to — and so copies — the shared pages. The master also does what each worker's first
requests did (``storefront.warmup``: the URL map, translation catalogues, the layout's templates),
so the workers start warm and share that too.

Environment: ``WEB_CONCURRENCY`` (workers, default 2), ``GUNICORN_BIND`` (default
127.0.0.1:8000), ``GUNICORN_TIMEOUT`` (seconds, default 30).
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
preload_app = True


def when_ready(server):
    """In the master, after the application is loaded and before the first fork."""
    from storefront.warmup import warm_up

    warm_up()
    gc.collect()
    gc.freeze()
