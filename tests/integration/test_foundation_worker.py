"""A task sent to the broker is picked up by a real Celery worker process.

Embedded mode (the filesystem broker ``make run`` uses) always; Redis when the services are up
(``make test-services``).
"""

import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]


def _celery(*args):
    return [sys.executable, "-m", "celery", "-A", "storefront", *args]


def _worker_runs_ping(env, queue):
    """Start a worker on ``queue``, send it ``storefront.tasks.ping`` and return its log."""
    worker = subprocess.Popen(
        _celery(
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ),
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log = []
    reader = threading.Thread(target=lambda: log.extend(worker.stdout), daemon=True)
    reader.start()
    try:
        subprocess.run(
            _celery("call", "storefront.tasks.ping", "--queue", queue, "--args", f'["{queue}"]'),
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(f"pong: {queue}" in line for line in log):
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        reader.join(timeout=5)
    return "".join(log)


def _environment(**extra):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "storefront.settings.dev", "CELERY_TASK_ALWAYS_EAGER": "0"}
    env.update(extra)
    return env


def test_worker_takes_tasks_from_the_filesystem_broker(tmp_path):
    (tmp_path / "celery" / "queue").mkdir(parents=True)
    (tmp_path / "celery" / "processed").mkdir()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = _environment(LANGGANAN_VAR_DIR=str(tmp_path), CELERY_BROKER_URL="filesystem://", REDIS_URL="")
    log = _worker_runs_ping(env, queue)
    assert f"pong: {queue}" in log, log[-3000:]
    assert "succeeded" in log


@pytest.mark.services
def test_worker_takes_tasks_from_redis(tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = _environment(LANGGANAN_VAR_DIR=str(tmp_path), CELERY_BROKER_URL=settings.REDIS_URL)
    log = _worker_runs_ping(env, queue)
    assert f"pong: {queue}" in log, log[-3000:]
