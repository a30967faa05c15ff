"""``make bench``: load, analytics, loyalty and memory numbers on a generate_scale_data database.

Run as ``python -m bench.run`` (``bench/bench.sh`` sets the environment). It serves the shop
with gunicorn on 127.0.0.1 only, drives it with locust (headless, bounded in users and time),
times the analytics in process (cold and cached), times the loyalty award's database work,
pushes orders through a real Celery worker on Redis and checks the ledger, reads the peak RSS
of the workers, writes ``var/bench/<date>.json`` and prints a summary. Every server it starts
is stopped on the way out, also on errors. The numbers are reported, never judged.

The steps live in their own modules: ``common`` (paths, accounts, servers), ``http_load``,
``lighthouse``, ``analytics``, ``awards``; ``summary`` prints the report.
"""

import argparse
import datetime
import json
import os
from pathlib import Path

from bench import loadgen
from bench.analytics import analytics
from bench.awards import award_db_time, celery_awards
from bench.common import OUT_DIR, prepare
from bench.http_load import http_runs
from bench.lighthouse import lighthouse_runs
from bench.summary import machine, summary

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


if __name__ == "__main__":
    main()
