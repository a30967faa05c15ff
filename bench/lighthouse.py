"""The bench's Lighthouse step (mobile), not a test: the scores are printed."""

import json
import os
import subprocess

from bench import loadgen
from bench.common import HOST, OUT_DIR, gunicorn_command, shop_env, started, wait_for

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


def audited(command, env, report_path, attempts=3):
    """Lighthouse's report of one page and the number of runs it took: a run whose trace
    failed (``runtimeError``, e.g. NO_NAVSTART: "Please run Lighthouse again", its scores 0)
    is run again, up to ``attempts`` times; ``None`` when Lighthouse wrote no report."""
    report = None
    for attempt in range(1, attempts + 1):
        report_path.unlink(missing_ok=True)  # never read an earlier run's report
        subprocess.run(command, env=env, timeout=300, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            report = json.loads(report_path.read_text())
        except (OSError, ValueError):
            return None, attempt
        if not report.get("runtimeError"):
            break
    return report, attempt


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
    env = {**shop_env(env, product), "PAGE_CACHE_ENABLED": "1"}
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
            report, attempts = audited(command, lighthouse_env, report_path)
            if report is None:
                scores[name] = {"error": "no report (is lighthouse installed? see docs/performance.md)"}
                continue
            scores[name] = {
                key: round((report["categories"][key]["score"] or 0) * 100)
                for key in LIGHTHOUSE_CATEGORIES
            }
            scores[name]["cls"] = report["audits"]["cumulative-layout-shift"].get("numericValue")
            scores[name]["attempts"] = attempts
            if report.get("runtimeError"):
                scores[name]["runtime_error"] = report["runtimeError"]["code"]
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
