"""Queueing Celery work from web requests without ever failing the request.

Signals and views queue background work (points, e-mails, CRM links) after the transaction
commits. When the broker (Redis) is down at that moment, ``.delay`` raises; left alone, the
exception would surface after the order is already committed and the buyer would see a 500
for an order that was in fact placed. The nightly reconciliation tasks (``loyalty.tasks.
nightly_reconcile``, CRM's survey and link tasks) repair what was not queued, so a lost message
is logged and the request carries on.
"""

import logging
from functools import partial

from celery.exceptions import Retry
from django.db import DatabaseError, transaction
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What ``.delay`` raises when the broker cannot be reached (kombu wraps redis-py's errors).
BROKER_ERRORS = (OperationalError, ConnectionError)

# What a task retries: trouble that passes (database, network, mail server, broker). A bug in
# the task itself is not retried; it fails at once and is logged by the worker.
TRANSIENT_ERRORS = (DatabaseError, OSError, OperationalError)

# The one retry policy of every background task: acknowledged late (a killed worker's task is
# redelivered), retried with exponential backoff from 30 s up to an hour between tries, 8 times
# (about 4 hours in all), so a mail server or database that is down for a while catches up.
# Every task is safe to run twice, which is what makes late acknowledgement and retries safe.
TASK_OPTIONS = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_kwargs": {"max_retries": 8},
}

QUEUE_DOWN_MESSAGE = _(
    "The background service is not reachable right now; please try again in a few minutes."
)


def send_task(task, *args, **kwargs):
    """Queue ``task`` now; on a broker outage log it and return None instead of raising.

    When tasks run eagerly (tests, ``CELERY_TASK_ALWAYS_EAGER``) a task that asks to be retried
    (e.g. the mail server is down) raises ``Retry`` here; a worker would retry it later, so the
    request carries on. Any other error raised by the task itself is not caught."""
    try:
        return task.delay(*args, **kwargs)
    except Retry as retry:
        logger.warning("%s%r will be retried: %s", task.name, args, retry)
        return None
    except BROKER_ERRORS:
        logger.error(
            "Broker unreachable: %s%r not queued; the nightly reconciliation repairs it.",
            task.name,
            args,
            exc_info=True,
        )
        return None


def enqueue(task, *args, **kwargs):
    """Queue ``task(*args, **kwargs)`` once the current transaction commits (``send_task``)."""
    transaction.on_commit(partial(send_task, task, *args, **kwargs))
