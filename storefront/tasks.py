"""Background tasks of the project itself."""

import logging

from celery import shared_task

from core.tasking import TASK_OPTIONS

logger = logging.getLogger(__name__)


@shared_task(**TASK_OPTIONS)
def ping(note="ping"):
    """Health check: proves a worker picks tasks from the broker (see docs/operations.md).

    Has no side effect besides one log line, so running it twice is harmless.
    """
    logger.info("pong: %s", note)
    return f"pong: {note}"
