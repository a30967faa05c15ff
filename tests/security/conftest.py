"""Fixtures for the security and reliability tests: the Celery broker pointed elsewhere, and
the buyers/staff used by the authorisation matrix."""

import contextlib
import socket

import pytest


def closed_port():
    """A local TCP port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def celery_broker(url):
    """Run the block with the Celery app publishing to ``url`` for real (not eagerly).

    The app caches its connection and producer pools, so they are dropped on the way in and
    out (the same reset Celery does after a fork)."""
    from storefront.celery import app

    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}

    def reset_pools():
        app._pool = None
        with contextlib.suppress(AttributeError, KeyError):
            app.__dict__["amqp"]._producer_pool = None

    app.conf.update(broker_url=url, task_always_eager=False)
    reset_pools()
    try:
        yield app
    finally:
        app.conf.update(**saved)
        reset_pools()


@pytest.fixture
def broker_down():
    """The Celery broker is a closed port: every ``.delay`` fails to connect."""
    with celery_broker(f"redis://127.0.0.1:{closed_port()}/0") as app:
        yield app
