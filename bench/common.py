"""What every step of ``make bench`` shares: paths, the bench's accounts, its shop (a buyer,
an owner, a product and a category) and the servers it starts and always stops."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
# The servers (gunicorn, Celery) run from a venv with requirements.txt only, as in production:
# the development venv's extra packages are imported by the frameworks when present (Jinja2 by
# django.test, which Wagtail imports; greenlet and brotli by Celery and kombu) and would count in
# the workers' memory. ``make bench`` builds it (var/bench/venv); without it, this venv is used.
SERVER_BIN = Path(os.environ.get("BENCH_SERVER_VENV") or VENV_BIN.parent) / "bin"
OUT_DIR = ROOT / "var" / "bench"
HOST = "127.0.0.1"
PASSWORD = "bench-rahasia-123"
BUYER_EMAIL, OWNER_EMAIL = "bench-pembeli@skala.test", "bench-pemilik@skala.test"


# --------------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------------
@contextmanager
def started(command, log_name, env=None):
    """Run ``command`` in its own process group for the ``with`` block; always stopped after."""
    log = open(OUT_DIR / log_name, "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def gunicorn_command(args, port):
    return [
        str(SERVER_BIN / "gunicorn"),
        "-c",
        "python:storefront.gunicorn_conf",
        "storefront.wsgi",
        "-b",
        f"{HOST}:{port}",
        "-w",
        str(args.workers),
        "--log-level",
        "warning",
    ]


# --------------------------------------------------------------------------------------------
# Preparing the shop
# --------------------------------------------------------------------------------------------
def prepare():
    """The bench's buyer (owning a customer with orders) and owner; paths of real pages."""
    from django.contrib.auth import get_user_model
    from oscar.core.loading import get_model

    from cms.site import ensure_home_page
    from crm.models import Customer

    ensure_home_page()
    User = get_user_model()
    owner, _ = User.objects.get_or_create(
        email=OWNER_EMAIL, defaults={"is_staff": True, "is_superuser": True}
    )
    buyer, _ = User.objects.get_or_create(email=BUYER_EMAIL)
    for user in (owner, buyer):
        user.set_password(PASSWORD)
        user.save()
    if not Customer.objects.filter(user=buyer).exists():
        customer = Customer.objects.filter(user=None, loyalty_account__isnull=False).order_by("pk").first()
        if customer is not None:
            customer.user = buyer
            customer.save(update_fields=["user"])
    product = get_model("catalogue", "Product").objects.browsable().order_by("pk").first()
    category = get_model("catalogue", "Category").objects.filter(depth=1).order_by("path").first()
    return {"product": product, "category": category}


def shop_env(env, product):
    """``env`` with what the load generators need to sign in and fill a basket."""
    return {
        **env,
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_BUYER_EMAIL": BUYER_EMAIL,
        "BENCH_OWNER_EMAIL": OWNER_EMAIL,
        "BENCH_PRODUCT_PATH": product.get_absolute_url(),
        "BENCH_PRODUCT_ID": str(product.pk),
    }
