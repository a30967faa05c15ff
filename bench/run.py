"""``make bench``: load, analytics, loyalty and memory numbers on a generate_scale_data database.

Run as ``python -m bench.run`` (``bench/bench.sh`` sets the environment). It serves the shop
with gunicorn on 127.0.0.1 only, drives it with locust (headless, bounded in users and time),
times the analytics in process (cold and cached), times the loyalty award's database work,
pushes orders through a real Celery worker on Redis and checks the ledger, reads the peak RSS
of the workers, writes ``var/bench/<date>.json`` and prints a summary. Every server it starts
is stopped on the way out, also on errors. The numbers are reported, never judged.
"""

import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, nullcontext
from pathlib import Path

from bench import loadgen, memory

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
OUT_DIR = ROOT / "var" / "bench"
HOST = "127.0.0.1"
PASSWORD = "bench-rahasia-123"
BUYER_EMAIL, OWNER_EMAIL = "bench-pembeli@skala.test", "bench-pemilik@skala.test"


STEPS = ("analytics", "award", "celery", "http", "lighthouse")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seconds", type=int, default=8, help="load time per page")
    parser.add_argument("--users", type=int, default=4, help="concurrent locust users per page (no wrk)")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections per page")
    parser.add_argument("--rounds", type=int, default=1, help="runs per page; the median is reported")
    parser.add_argument(
        "--loader", choices=("wrk", "locust"), default="wrk", help="wrk when installed, else locust"
    )
    parser.add_argument(
        "--page-cache",
        choices=("off", "on", "both"),
        default="both",
        help="the HTTP step with the anonymous page cache off, on, or both (default) one after the other",
    )
    parser.add_argument(
        "--oscar",
        metavar="DIR",
        help="also load Oscar's vanilla sandbox built in DIR by bench/oscar_sandbox.sh, page by page "
        "beside the shop, for the ratios",
    )
    parser.add_argument(
        "--lighthouse",
        default=os.environ.get("BENCH_LIGHTHOUSE", "lighthouse"),
        help="the lighthouse command for the lighthouse step (npm lighthouse@12.2.3)",
    )
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
def shop_pages(shop):
    """(name, path, who) of every page the HTTP step loads; the static file first."""
    product, category = shop["product"], shop["category"]
    return [
        ("static file", "/static/storefront/shop.css", "anonymous"),
        ("home", "/", "anonymous"),
        ("catalogue", "/shop/catalogue/", "anonymous"),
        ("category", category.get_absolute_url(), "anonymous"),
        ("product", product.get_absolute_url(), "anonymous"),
        ("search", "/shop/search/?q=kopi", "anonymous"),
        ("basket", "/shop/basket/", "basket"),
        ("buyer loyalty", "/shop/accounts/loyalty/", "buyer"),
        ("owner Hari ini", "/dashboard/", "owner"),
        ("owner orders", "/dashboard/orders/", "owner"),
        ("owner customers", "/dashboard/crm/customers/", "owner"),
        ("owner analytics", "/dashboard/crm/analytics/", "owner"),
    ]


def gunicorn_command(args, port):
    return [
        str(VENV_BIN / "gunicorn"),
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


def small_celery_command():
    """The small server's Celery: one worker process (solo pool) with beat embedded."""
    return [
        str(VENV_BIN / "celery"),
        "-A",
        "storefront",
        "worker",
        "--pool",
        "solo",
        "--beat",
        "--schedule",
        str(OUT_DIR / "celerybeat-schedule"),
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
        "-n",
        "bench-small@%h",
    ]


def measure(base, path, cookie, args, env, who, during=None):
    """One page, ``args.rounds`` times: the median round (wrk, or locust without wrk)."""
    rounds = []
    for _ in range(args.rounds):
        if loadgen.wrk_path() and args.loader == "wrk":
            rounds.append(loadgen.run_wrk(base + path, args.seconds, args.connections, cookie, during))
        else:
            rounds.append(
                loadgen.run_locust(base, path, who, args.seconds, args.users, env, OUT_DIR, VENV_BIN)
            )
        during = None  # memory is sampled once per page
    return loadgen.median_round(rounds)


def http_runs(args, shop, env):
    """Every page under load on our gunicorn (page cache off, then on), with Oscar's sandbox
    beside it when ``--oscar`` is given; memory of the whole stack sampled under load."""
    product = shop["product"]
    pages = shop_pages(shop)
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
    database = env["DATABASE_URL"].rsplit("/", 1)[-1]
    results = {}
    oscar = oscar_sandbox(args) if args.oscar else nullcontext(None)
    with oscar as oscar_server, started(small_celery_command(), "celery-small.log", env=env) as celery:
        for cached in {"off": (False,), "on": (True,), "both": (False, True)}[args.page_cache]:
            label = "cached" if cached else "uncached"
            run_env = {**env, "PAGE_CACHE_ENABLED": "1" if cached else "0"}
            with started(gunicorn_command(args, args.port), f"gunicorn-{label}.log", env=run_env) as server:
                base = f"http://{HOST}:{args.port}"
                wait_for(base + "/static/storefront/shop.css")
                sessions = {}
                rows, stack_samples = {}, []

                def sample(server=server, stack_samples=stack_samples):
                    found = memory.stack(server.pid, celery.pid, database)
                    stack_samples.append(found)
                    return {"stack_pss_mb": found}

                for name, path, who in pages:
                    if cached and who != "anonymous":
                        continue  # the page cache only serves anonymous visitors
                    if who not in sessions:
                        sessions[who] = loadgen.shop_session(base, who, env) if who != "anonymous" else ""
                    rows[name] = measure(base, path, sessions[who], args, run_env, who, sample)
                    report_row(label, name, rows[name])
                    if oscar_server and not cached and name in oscar_server["paths"]:
                        oscar_row = measure(
                            oscar_server["base"], oscar_server["paths"][name],
                            oscar_server["cookies"][name], args, run_env, "anonymous",
                        )
                        rows[name]["oscar"] = oscar_row
                        rows[name]["times_oscar"] = round(rows[name]["rps"] / (oscar_row["rps"] or 1), 1)
                        report_row("oscar", name, oscar_row)
                ceiling = rows["static file"]["rps"] or 1
                for row in rows.values():
                    row["share_of_static"] = round(row["rps"] / ceiling, 4)
                results[label] = {
                    "pages": rows,
                    "web_workers": memory.processes(memory.children(server.pid)),
                    "stack_pss_mb_max": max(stack_samples, key=lambda found: found["total"], default={}),
                }
                if oscar_server and not cached:
                    results["oscar_web_workers"] = memory.processes(memory.children(oscar_server["pid"]))
    return results


def report_row(label, name, row):
    ratio = row.get("p99_over_p50")
    print(
        f"  {label:8} {name:16} {row['rps']:7.1f} req/s  p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms"
        f"  p99/p50 {ratio}  failures {row['failures']}",
        flush=True,
    )


@contextmanager
def oscar_sandbox(args):
    """Oscar's vanilla sandbox (built by bench/oscar_sandbox.sh) on the next port: gunicorn,
    2 workers, DEBUG off; its page paths and a basket with one line."""
    folder = Path(args.oscar).resolve() / "sandbox"
    python = Path(args.oscar).resolve() / "venv" / "bin" / "python"
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "settings",
        "DEBUG": "0",
        "SECRET_KEY": "oscar-sandbox-bench-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    found = subprocess.run(
        [str(python), "manage.py", "shell", "-c", OSCAR_PATHS], cwd=folder, env=env,
        capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()[-1]
    paths = json.loads(found)
    port = args.port + 1
    command = [
        str(python.parent / "gunicorn"), "wsgi", "-b", f"{HOST}:{port}", "-w", str(args.workers),
        "--log-level", "warning",
    ]
    log = open(OUT_DIR / "gunicorn-oscar.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        base = f"http://{HOST}:{port}"
        wait_for(base + paths["static file"])
        cookies = dict.fromkeys(paths, "")
        cookies["basket"] = loadgen.oscar_session(base, "basket", paths["product"], paths.pop("product_id"))
        yield {"base": base, "paths": paths, "cookies": cookies, "pid": process.pid}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        log.close()


# Run in the sandbox's own Python: the paths of Oscar's pages on its fixtures.
OSCAR_PATHS = """
import json
from django.contrib.staticfiles.storage import staticfiles_storage
from oscar.apps.catalogue.models import Category, Product
product = Product.objects.browsable().filter(stockrecords__isnull=False).order_by("pk").first()
category = Category.objects.filter(depth=1).order_by("path").first()
print(json.dumps({
    "static file": staticfiles_storage.url("oscar/css/styles.css"),
    "catalogue": "/en-gb/catalogue/",
    "category": category.get_absolute_url(),
    "product": product.get_absolute_url(),
    "product_id": product.pk,
    "search": "/en-gb/search/?q=python",
    "basket": "/en-gb/basket/",
}))
"""


# --------------------------------------------------------------------------------------------
# Lighthouse (mobile), not a test: the scores are printed
# --------------------------------------------------------------------------------------------
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def seo_without(report, audit_id):
    """Lighthouse's SEO score recomputed without one audit (its weights, applicable audits)."""
    audits = report["audits"]
    skipped = ("notApplicable", "manual", "informative")
    refs = [
        ref
        for ref in report["categories"]["seo"]["auditRefs"]
        if ref["weight"] and ref["id"] != audit_id
        and audits[ref["id"]].get("scoreDisplayMode") not in skipped
    ]
    total = sum(ref["weight"] for ref in refs)
    return round(100 * sum(ref["weight"] * (audits[ref["id"]]["score"] or 0) for ref in refs) / total)


def lighthouse_runs(args, shop, env):
    """Lighthouse's four scores (mobile, its default) on the buyer's main pages, served by
    gunicorn with the bench settings (page cache on, as in production)."""
    product, category = shop["product"], shop["category"]
    pages = [
        ("home", "/", "anonymous"),
        ("catalogue", "/shop/catalogue/", "anonymous"),
        ("category", category.get_absolute_url(), "anonymous"),
        ("product", product.get_absolute_url(), "anonymous"),
        ("basket", "/shop/basket/", "basket"),
        ("checkout address", "/shop/checkout/shipping-address/", "buyer_basket"),
        ("buyer loyalty", "/shop/accounts/loyalty/", "buyer"),
    ]
    env = {
        **env,
        "PAGE_CACHE_ENABLED": "1",
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_BUYER_EMAIL": BUYER_EMAIL,
        "BENCH_OWNER_EMAIL": OWNER_EMAIL,
        "BENCH_PRODUCT_PATH": product.get_absolute_url(),
        "BENCH_PRODUCT_ID": str(product.pk),
    }
    lighthouse_env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    scores = {}
    with started(gunicorn_command(args, args.port), "gunicorn-lighthouse.log", env=env) as _server:
        base = f"http://{HOST}:{args.port}"
        wait_for(base + "/static/storefront/shop.css")
        for name, path, who in pages:
            cookie = loadgen.shop_session(base, who, env) if who != "anonymous" else ""
            report_path = OUT_DIR / f"lighthouse-{name.replace(' ', '-')}.json"
            command = [
                *args.lighthouse.split(),
                base + path,
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox",
                f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
                "--output=json",
                f"--output-path={report_path}",
            ]
            if cookie:
                command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
            subprocess.run(command, env=lighthouse_env, timeout=300, check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                report = json.loads(report_path.read_text())
            except (OSError, ValueError):
                scores[name] = {"error": "no report (is lighthouse installed? see docs/performance.md)"}
                continue
            scores[name] = {
                key: round((report["categories"][key]["score"] or 0) * 100)
                for key in LIGHTHOUSE_CATEGORIES
            }
            scores[name]["cls"] = report["audits"]["cumulative-layout-shift"].get("numericValue")
            if report["audits"]["is-crawlable"]["score"] == 0:
                # robots.txt keeps search engines out of the basket, checkout and account pages
                # on purpose; the SEO score the page would have if it were meant to be indexed:
                scores[name]["seo_without_is_crawlable"] = seo_without(report, "is-crawlable")
            scores[name]["failing"] = sorted(
                audit_id
                for audit_id, audit in report["audits"].items()
                if audit.get("score") is not None and audit["score"] < 0.9
                and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
            )
            print(f"  {name:18} {scores[name]}", flush=True)
    return scores


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
        rss = memory.processes(memory.tree(worker.pid))
    return {
        "orders": len(ids),
        "tasks_sent": 2 * len(ids),
        "seconds": round(seconds, 2),
        "orders_per_second": round(len(ids) / seconds, 1),
        "missing_awards": sum(1 for pk in ids if pk not in per_order),
        "double_awards": sum(1 for n in per_order.values() if n > 1),
        "celery_memory_mb": rss,
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
    serving = {"http", "lighthouse"} & set(args.steps)
    if serving and not (Path(os.environ["STATIC_ROOT"]) / "staticfiles.json").exists():
        # Compressing every file takes minutes here; delete var/bench/static to refresh it.
        call_command("collectstatic", interactive=False, verbosity=0)
    shop = prepare()
    scale = ScaleDataRun.objects.order_by("-pk").values().first()
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "scale_data": scale,
        "settings": {
            "loader": "wrk" if loadgen.wrk_path() and args.loader == "wrk" else "locust",
            "connections": args.connections,
            "users": args.users,
            "rounds": args.rounds,
            "seconds_per_page": args.seconds,
            "oscar": args.oscar,
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
    if "lighthouse" in args.steps:
        print("Lighthouse (mobile) ...", flush=True)
        report["lighthouse"] = lighthouse_runs(args, shop, env)
    partial = args.pages or len(args.steps) < len(STEPS)
    path = OUT_DIR / f"{datetime.date.today().isoformat()}{'-partial' if partial else ''}.json"
    path.write_text(json.dumps(report, indent=2, default=str))
    print(summary(report))
    print(f"\nWritten to {path}")


# The targets: each page's requests/s as a share of the static file's in the same run
# (12× Oscar's listing pages), and the tail.
TARGET_SHARE = {"catalogue": 0.018, "category": 0.013, "search": 0.035, "product": 0.056, "basket": 0.11}
TARGET_TAIL = 2.5


def workers_line(workers):
    return ", ".join(
        f"RSS {w['rss_mb']} / peak {w['peak_rss_mb']} / PSS {w['pss_mb']}" for w in workers.values()
    )


def summary(report):
    lines = [
        f"Bench {report['date']} on {report['machine']['cpus']} CPUs ({report['machine']['cpu']}), "
        f"load average {report['machine']['load_average']}",
        f"Scale data: {report['scale_data']}",
    ]
    http = report.get("http", {})
    for label in ("uncached", "cached"):
        if label not in http:
            continue
        run = http[label]
        lines.append(f"\nHTTP, {label}:")
        lines.append(
            f"  {'page':16} {'req/s':>7} {'p50':>6} {'p99':>6} {'p99/p50':>7} {'fail':>5} "
            f"{'of static':>9} {'target':>7} {'Oscar':>6} {'×Oscar':>6}"
        )
        for name, row in run["pages"].items():
            oscar = row.get("oscar", {})
            target = TARGET_SHARE.get(name)
            lines.append(
                f"  {name:16} {row['rps']:7.1f} {row['p50_ms']!s:>6} {row['p99_ms']!s:>6} "
                f"{row.get('p99_over_p50')!s:>7} {row['failures']:5d} {row['share_of_static'] * 100:8.2f}% "
                f"{(f'{target * 100:.1f}%' if target else ''):>7} {oscar.get('rps', '')!s:>6} "
                f"{row.get('times_oscar', '')!s:>6}"
            )
        lines.append("  web workers (MB): " + workers_line(run["web_workers"]))
        lines.append(f"  whole stack PSS under load, highest sample (MB): {run['stack_pss_mb_max']}")
    if "oscar_web_workers" in http:
        lines.append("  Oscar's web workers (MB): " + workers_line(http["oscar_web_workers"]))
    if "lighthouse" in report:
        lines.append("\nLighthouse (mobile):")
        for name, scores in report["lighthouse"].items():
            lines.append(f"  {name:18} {scores}")
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
