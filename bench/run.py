"""``make bench``: load, analytics, loyalty and memory numbers on a generate_scale_data database.

Run as ``python -m bench.run`` (``bench/bench.sh`` sets the environment). It serves the shop
with gunicorn on 127.0.0.1 only, drives it with locust (headless, bounded in users and time),
times the analytics in process (cold and cached), times the loyalty award's database work,
pushes orders through a real Celery worker on Redis and checks the ledger, reads the peak RSS
of the workers, writes ``var/bench/<date>.json`` and prints a summary. Every server it starts
is stopped on the way out, also on errors. The numbers are reported, never judged.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
OUT_DIR = ROOT / "var" / "bench"
HOST = "127.0.0.1"
PASSWORD = "bench-rahasia-123"
BUYER_EMAIL, OWNER_EMAIL = "bench-pembeli@skala.test", "bench-pemilik@skala.test"


STEPS = ("analytics", "award", "celery", "http")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seconds", type=int, default=8, help="load time per page")
    parser.add_argument("--users", type=int, default=4, help="concurrent locust users per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--celery-orders", type=int, default=200)
    parser.add_argument("--awards", type=int, default=50, help="orders awarded in process for DB time")
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help=f"comma-separated steps to run (default all: {','.join(STEPS)})",
    )
    parser.add_argument(
        "--force", action="store_true", help="run on a database generate_scale_data did not make"
    )
    parser.add_argument(
        "--pages",
        type=lambda names: [name.strip() for name in names.split(",")],
        help="the HTTP step on these pages only (names as in the summary, comma-separated, "
        "e.g. catalogue,category,product; use with --steps http); the static file always runs",
    )
    args = parser.parse_args()
    args.steps = [step.strip() for step in args.steps.split(",") if step.strip()]
    unknown = set(args.steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    return args


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


def peak_rss_mb(pid):
    """Peak resident memory (VmHWM) of ``pid`` and each of its children, in MB."""
    found = {}
    for child in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    found[child] = round(int(line.split()[1]) / 1024, 1)
        except OSError:
            pass
    return found


def _children(pid):
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


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


# --------------------------------------------------------------------------------------------
# HTTP load
# --------------------------------------------------------------------------------------------
def load(base, path, who, args, env):
    """Locust headless on one page; requests/s, p50/p95/p99 (ms) and failures."""
    prefix = OUT_DIR / "locust"
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "-u",
        str(args.users),
        "-r",
        str(args.users),
        "-t",
        f"{args.seconds}s",
        "--host",
        base,
        "--csv",
        str(prefix),
        "--loglevel",
        "ERROR",
    ]
    subprocess.run(
        command,
        cwd=ROOT,
        env={**env, "BENCH_PATH": path, "BENCH_AS": who},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=args.seconds + 60,
        check=False,
    )
    with open(f"{prefix}_stats.csv") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == path:
                return {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": round(float(row["Requests/s"]), 1),
                    "p50_ms": float(row["50%"]),
                    "p95_ms": float(row["95%"]),
                    "p99_ms": float(row["99%"]),
                }
    return {"requests": 0, "failures": 0, "rps": 0.0, "p50_ms": None, "p95_ms": None, "p99_ms": None}


def http_runs(args, shop, env):
    product, category = shop["product"], shop["category"]
    pages = [
        ("static file", "/static/storefront/shop.css", "anonymous"),
        ("home", "/", "anonymous"),
        ("catalogue", "/shop/catalogue/", "anonymous"),
        ("category", category.get_absolute_url(), "anonymous"),
        ("product", product.get_absolute_url(), "anonymous"),
        ("search", "/shop/search/?q=kopi", "anonymous"),
        ("basket", "/shop/basket/", "basket"),
        ("buyer loyalty", "/shop/accounts/loyalty/", "buyer"),
        ("owner Hari ini", "/dashboard/", "owner"),
        ("owner analytics", "/dashboard/crm/analytics/", "owner"),
    ]
    if args.pages:
        unknown = set(args.pages) - {name for name, _path, _who in pages}
        if unknown:
            raise SystemExit(f"Unknown pages: {', '.join(sorted(unknown))}")
        pages = [page for page in pages if page[0] == "static file" or page[0] in args.pages]
    env = {
        **env,
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_BUYER_EMAIL": BUYER_EMAIL,
        "BENCH_OWNER_EMAIL": OWNER_EMAIL,
        "BENCH_PRODUCT_PATH": product.get_absolute_url(),
        "BENCH_PRODUCT_ID": str(product.pk),
    }
    results = {}
    for cached in (False, True):
        label = "cached" if cached else "uncached"
        run_env = {**env, "PAGE_CACHE_ENABLED": "1" if cached else "0"}
        command = [
            str(VENV_BIN / "gunicorn"),
            "storefront.wsgi",
            "-b",
            f"{HOST}:{args.port}",
            "-w",
            str(args.workers),
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ]
        with started(command, f"gunicorn-{label}.log", env=run_env) as server:
            base = f"http://{HOST}:{args.port}"
            wait_for(base + "/static/storefront/shop.css")
            rows = {}
            for name, path, who in pages:
                if cached and who != "anonymous":
                    continue  # the page cache only serves anonymous visitors
                rows[name] = load(base, path, who, args, run_env)
                print(
                    f"  {label:8} {name:16} {rows[name]['rps']:7.1f} req/s  p95 {rows[name]['p95_ms']} ms"
                    f"  failures {rows[name]['failures']}",
                    flush=True,
                )
            ceiling = rows["static file"]["rps"] or 1
            for row in rows.values():
                row["share_of_static"] = round(row["rps"] / ceiling, 3)
            results[label] = {"pages": rows, "web_peak_rss_mb": peak_rss_mb(server.pid)}
    return results


# --------------------------------------------------------------------------------------------
# Analytics and loyalty, in process
# --------------------------------------------------------------------------------------------
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


def fresh_orders(count, status):
    """``count`` new orders of existing customers (bulk, no signals) for the loyalty runs."""
    from oscar.core.loading import get_model

    from crm.models import Customer, CustomerOrder

    Order = get_model("order", "Order")
    pool = list(Customer.objects.filter(loyalty_account__isnull=False).order_by("?")[:count])
    # A small shop has fewer customers than orders asked for: the regulars order again.
    customers = [pool[index % len(pool)] for index in range(count)]
    stamp = int(time.time() * 1000)
    orders = Order.objects.bulk_create(
        [
            Order(
                number=f"B{stamp}{index:05d}",
                site_id=1,
                currency="IDR",
                guest_email=customer.email,
                total_incl_tax=115000,
                total_excl_tax=115000,
                shipping_incl_tax=15000,
                shipping_excl_tax=15000,
                status=status,
                date_placed=datetime.datetime.now(datetime.UTC),
            )
            for index, customer in enumerate(customers)
        ]
    )
    CustomerOrder.objects.bulk_create(
        [
            CustomerOrder(order=order, customer=customer)
            for order, customer in zip(orders, customers, strict=True)
        ]
    )
    return orders


def award_db_time(count):
    """Database time of awarding one completed order (pending + earn + tier), in ms."""
    from django.db import connection

    from core import order_statuses
    from loyalty import services
    spent = []

    def clock(execute, sql, params, many, context):
        started_at = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[-1] += time.perf_counter() - started_at

    orders = fresh_orders(count, order_statuses.COMPLETED)
    with connection.execute_wrapper(clock):
        for order in orders:
            spent.append(0.0)
            services.release_order_points(order)
    spent_ms = sorted(x * 1000 for x in spent)
    return {
        "orders": len(spent_ms),
        "median_ms": round(spent_ms[len(spent_ms) // 2], 2),
        "p95_ms": round(spent_ms[int(len(spent_ms) * 0.95) - 1], 2),
        "max_ms": round(spent_ms[-1], 2),
    }


def celery_awards(count, env):
    """``count`` completed orders awarded by a real Celery worker on Redis, each task sent twice
    (a redelivery); then the ledger must hold exactly one earn entry per order."""
    from django.db.models import Count

    from core import order_statuses
    from loyalty import tasks
    from loyalty.models import Entry, EntryKind, SourceType
    orders = fresh_orders(count, order_statuses.COMPLETED)
    ids = [str(order.pk) for order in orders]
    command = [
        str(VENV_BIN / "celery"),
        "-A",
        "storefront",
        "worker",
        "-c",
        "2",
        "--loglevel",
        "WARNING",
        "-Q",
        "celery",
        "--without-gossip",
        "--without-mingle",
        "-n",
        "bench@%h",
    ]
    with started(command, "celery.log", env=env) as worker:
        started_at = time.monotonic()
        for order in orders:
            tasks.release_points.delay(order.pk)
            tasks.release_points.delay(order.pk)
        earned = Entry.objects.filter(kind=EntryKind.EARN, source_type=SourceType.ORDER, source_id__in=ids)
        deadline = time.monotonic() + max(300, count)  # a second per order is far too slow already
        while earned.count() < len(ids) and time.monotonic() < deadline:
            time.sleep(0.5)
        seconds = time.monotonic() - started_at
        time.sleep(2)  # let the duplicates land too
        per_order = dict(earned.values("source_id").annotate(n=Count("id")).values_list("source_id", "n"))
        rss = peak_rss_mb(worker.pid)
    return {
        "orders": len(ids),
        "tasks_sent": 2 * len(ids),
        "seconds": round(seconds, 2),
        "orders_per_second": round(len(ids) / seconds, 1),
        "missing_awards": sum(1 for pk in ids if pk not in per_order),
        "double_awards": sum(1 for n in per_order.values() if n > 1),
        "celery_peak_rss_mb": rss,
    }


# --------------------------------------------------------------------------------------------
def machine():
    meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(int(meminfo) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }


def main():
    args = parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import CommandError, call_command

    from bench import guard
    from bench.models import ScaleDataRun

    try:
        # Load, fresh orders and a bench owner must never land in a real shop.
        guard.refuse_real_shop(args.force, allow_empty=False)
    except CommandError as refusal:
        raise SystemExit(str(refusal)) from None
    env = dict(os.environ)
    if "http" in args.steps and not (Path(os.environ["STATIC_ROOT"]) / "staticfiles.json").exists():
        # Compressing every file takes minutes here; delete var/bench/static to refresh it.
        call_command("collectstatic", interactive=False, verbosity=0)
    shop = prepare()
    scale = ScaleDataRun.objects.order_by("-pk").values().first()
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "scale_data": scale,
        "settings": {
            "users": args.users,
            "seconds_per_page": args.seconds,
            "gunicorn_workers": args.workers,
            "steps": args.steps,
        },
    }
    if "analytics" in args.steps:
        print("Analytics (in process) ...", flush=True)
        report["analytics"] = analytics()
        print(f"  {report['analytics']}", flush=True)
    if "award" in args.steps:
        print("Loyalty award database time (in process) ...", flush=True)
        report["loyalty_award_db_time"] = award_db_time(args.awards)
        print(f"  {report['loyalty_award_db_time']}", flush=True)
    if "celery" in args.steps:
        print("Celery awards ...", flush=True)
        report["celery"] = celery_awards(args.celery_orders, env)
        print(f"  {report['celery']}", flush=True)
    if "http" in args.steps:
        print("HTTP load ...", flush=True)
        report["http"] = http_runs(args, shop, env)
    partial = args.pages or len(args.steps) < len(STEPS)
    path = OUT_DIR / f"{datetime.date.today().isoformat()}{'-partial' if partial else ''}.json"
    path.write_text(json.dumps(report, indent=2, default=str))
    print(summary(report))
    print(f"\nWritten to {path}")


def summary(report):
    lines = [
        f"Bench {report['date']} on {report['machine']['cpus']} CPUs ({report['machine']['cpu']})",
        f"Scale data: {report['scale_data']}",
    ]
    for label, run in report.get("http", {}).items():
        lines.append(f"\nHTTP, {label} (web worker peak RSS MB: {run['web_peak_rss_mb']}):")
        lines.append(
            f"  {'page':18} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'fail':>5} {'of static':>9}"
        )
        for name, row in run["pages"].items():
            lines.append(
                f"  {name:18} {row['rps']:7.1f} {row['p50_ms']!s:>7} {row['p95_ms']!s:>7} "
                f"{row['p99_ms']!s:>7} {row['failures']:5d} {row['share_of_static']:9.3f}"
            )
    for key, title in (
        ("analytics", "Analytics (ms)"),
        ("loyalty_award_db_time", "Loyalty award DB time (ms)"),
        ("celery", "Celery"),
    ):
        if key in report:
            lines.append(f"{title}: {report[key]}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
