"""Two first views of a product at the same moment: both pages load, both views count.

The first request has created the product's view counter inside its (still open) request
transaction when the second one looks for the counter, finds none and inserts one too: the
second insert waits for the first transaction and then violates the unique key. Oscar's own
receiver turned that into an error page on PostgreSQL (storefront/analytics/receivers.py).
"""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from oscar.apps.catalogue.abstract_models import MissingProductImage
from oscar.apps.catalogue.signals import product_viewed
from oscar.core.loading import get_model

from tests.concurrency import in_parallel

ProductRecord = get_model("analytics", "ProductRecord")


def wait_for_a_blocked_connection(timeout=20):
    """Until another connection to this database waits for a lock (the second insert)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # The statistics views are read once per transaction unless the snapshot is cleared.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second view never waited for the first one's counter row")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_first_views_of_a_product_at_once_both_count(make_product):
    product = make_product()
    url = product.get_absolute_url()
    MissingProductImage()  # Oscar links its "no photo" picture into MEDIA_ROOT on first use
    first_counted = threading.Event()
    first_thread = []

    def hold_the_first_view_open(sender, **kwargs):
        # Connected after the counter, so it runs inside the first request's transaction
        # right after the counter row was inserted, and keeps that transaction open until
        # the second request is stuck inserting the same row.
        if threading.get_ident() in first_thread:
            first_counted.set()
            wait_for_a_blocked_connection()

    def view(index):
        if index == 0:
            first_thread.append(threading.get_ident())
        else:
            assert first_counted.wait(20), "the first view did not count"
        # Each thread's own client: the test client re-raises any request's exception.
        return Client(raise_request_exception=False).get(url).status_code

    product_viewed.connect(hold_the_first_view_open, weak=False)
    try:
        statuses = in_parallel(view, 2)
    finally:
        product_viewed.disconnect(hold_the_first_view_open)

    assert statuses == [200, 200]
    assert ProductRecord.objects.get(product=product).num_views == 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_product_views_commit_does_not_wait_for_the_disk(make_product, client):
    """Only the view's own transaction: the next one waits for the disk again."""
    product = make_product()
    MissingProductImage()
    seen = []

    def setting_during_the_view(sender, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            seen.append(cursor.fetchone()[0])

    product_viewed.connect(setting_during_the_view, weak=False)
    try:
        # The first view creates the product's counter; the next ones count in one statement.
        for _view in range(2):
            assert client.get(product.get_absolute_url()).status_code == 200
    finally:
        product_viewed.disconnect(setting_during_the_view)

    assert seen == ["off", "off"]
    assert ProductRecord.objects.get(product=product).num_views == 2
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
