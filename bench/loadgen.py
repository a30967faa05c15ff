"""HTTP load for ``make bench``: wrk (if installed) or locust, and the sessions a page needs.

wrk is a C load generator: on a 2-core machine it takes far less CPU from the server than
locust (Python), so the static file's rate — the ceiling every page is compared with — is the
server's, not the load generator's. Signed-in pages and the basket get their cookies from a
real sign-in or add-to-basket done here with urllib, then wrk sends them as a header.
"""

import csv
import http.cookiejar
import re
import shutil
import statistics
import subprocess
import threading
import urllib.parse
import urllib.request
from pathlib import Path

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ROOT = Path(__file__).resolve().parent.parent


def wrk_path():
    return shutil.which("wrk")


class Session:
    """A browser-like cookie jar against one server (sign in, add to basket)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post_form(self, path, page_path, fields):
        """POST ``fields`` with the CSRF token of ``page_path``'s form, as a browser does."""
        token = CSRF.search(self.get(page_path)).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + page_path}
        )
        with self.opener.open(request, timeout=60) as response:
            return response.read().decode()

    def cookie_header(self):
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


def shop_session(base, who, env):
    """Cookies for ``who``: anonymous (none), basket (one line), buyer or owner (signed in;
    the buyer also with a basket line, for the checkout pages)."""
    session = Session(base)
    if who in ("buyer", "owner", "buyer_basket"):
        email = env["BENCH_OWNER_EMAIL"] if who == "owner" else env["BENCH_BUYER_EMAIL"]
        session.post_form(
            "/shop/accounts/login/",
            "/shop/accounts/login/",
            {"login-username": email, "login-password": env["BENCH_PASSWORD"], "login_submit": "1"},
        )
    if who in ("basket", "buyer_basket"):
        session.post_form(
            f"/shop/basket/add/{env['BENCH_PRODUCT_ID']}/", env["BENCH_PRODUCT_PATH"], {"quantity": 1}
        )
    return session.cookie_header()


def oscar_session(base, who, product_path, product_id):
    """Oscar's sandbox: anonymous, or a basket with one line."""
    session = Session(base)
    if who == "basket":
        session.post_form(f"/en-gb/basket/add/{product_id}/", product_path, {"quantity": 1})
    return session.cookie_header()


def run_wrk(url, seconds, connections, cookie="", during=None):
    """``wrk -t2 -c<connections> -d<seconds>s --latency``: requests/s and latency percentiles.

    ``during`` (optional) is called once, half-way through the load (memory is sampled then).
    """
    command = [wrk_path(), "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "60s",
               "-H", "Accept-Encoding: gzip"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    process = subprocess.Popen([*command, url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampled = {}
    if during is not None:
        timer = threading.Timer(seconds / 2, lambda: sampled.update(during()))
        timer.start()
    output, _ = process.communicate(timeout=seconds + 60)
    if during is not None:
        timer.join()
    return {**parse_wrk(output), **({"sampled": sampled} if sampled else {})}


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(number) * UNITS[unit], 2)


def parse_wrk(output):
    """The numbers of wrk's ``--latency`` report."""
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.M))
    requests = re.search(r"^\s+(\d+) requests in", output, re.M)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if not (requests and rate and percentiles):
        return {"requests": 0, "failures": 0, "rps": 0.0, "p50_ms": None, "p99_ms": None, "raw": output}
    return {
        "requests": int(requests.group(1)),
        "failures": int(bad.group(1) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0),
        "rps": round(float(rate.group(1)), 1),
        "p50_ms": _ms(percentiles["50"]),
        "p90_ms": _ms(percentiles["90"]),
        "p99_ms": _ms(percentiles["99"]),
    }


def run_locust(base, path, who, seconds, users, env, out_dir, venv_bin):
    """Locust headless on one page (when wrk is not installed)."""
    prefix = out_dir / "locust"
    command = [
        str(venv_bin / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "--only-summary", "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", base,
        "--csv", str(prefix), "--loglevel", "ERROR",
    ]
    subprocess.run(
        command, cwd=ROOT, env={**env, "BENCH_PATH": path, "BENCH_AS": who},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=seconds + 60, check=False,
    )
    with open(f"{prefix}_stats.csv") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == path:
                return {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": round(float(row["Requests/s"]), 1),
                    "p50_ms": float(row["50%"]),
                    "p90_ms": float(row["90%"]),
                    "p99_ms": float(row["99%"]),
                }
    return {"requests": 0, "failures": 0, "rps": 0.0, "p50_ms": None, "p90_ms": None, "p99_ms": None}


def median_round(rounds):
    """The round with the median requests/s (its own latencies kept), and every round's rate."""
    ordered = sorted(rounds, key=lambda row: row["rps"])
    middle = dict(ordered[(len(ordered) - 1) // 2])
    middle["rounds_rps"] = [row["rps"] for row in rounds]
    middle["rps_median"] = round(statistics.median(row["rps"] for row in rounds), 1)
    middle["rounds_p99_over_p50"] = [
        round(row["p99_ms"] / row["p50_ms"], 2) if row.get("p50_ms") and row.get("p99_ms") else None
        for row in rounds
    ]
    if middle.get("p50_ms") and middle.get("p99_ms"):
        middle["p99_over_p50"] = round(middle["p99_ms"] / middle["p50_ms"], 2)
    return middle
