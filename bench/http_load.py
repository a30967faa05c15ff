"""The bench's HTTP step: every page under load on the shop's gunicorn (page cache off, then
on), Oscar's vanilla sandbox beside it on request, memory of the whole stack under load."""

import json
import os
import signal
import subprocess
from contextlib import contextmanager, nullcontext
from pathlib import Path

from bench import loadgen, memory
from bench.common import HOST, OUT_DIR, SERVER_BIN, VENV_BIN, gunicorn_command, shop_env, started, wait_for


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


def small_celery_command():
    """The small server's Celery: one worker process (solo pool) with beat embedded."""
    return [
        str(SERVER_BIN / "celery"),
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
    """One page, ``args.rounds`` times: the median round (wrk, or locust without wrk).

    With ``during`` (the memory sampler) one more round runs first: it warms the page (its kept
    parts, PostgreSQL's buffers, after the previous page's load) and carries the sampler, whose
    reading of every process's memory map takes ~0.1 s of a core. Its numbers are kept apart
    (``memory_round``) and never reported as the page's.
    """
    wrk = loadgen.wrk_path() and args.loader == "wrk"

    def one_round(sampler=None):
        if wrk:
            return loadgen.run_wrk(base + path, args.seconds, args.connections, cookie, sampler)
        return loadgen.run_locust(base, path, who, args.seconds, args.users, env, OUT_DIR, VENV_BIN)

    memory_round = one_round(during) if during is not None and wrk else None
    result = loadgen.median_round([one_round() for _ in range(args.rounds)])
    if memory_round:
        result["memory_round"] = memory_round
    return result


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
    env = shop_env(env, product)
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
                    # The workers are forked from it: every page it holds counts in their RSS.
                    "web_master": memory.processes([server.pid]),
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
