"""The bench report's machine description and the summary printed at the end."""

import os
import platform
from pathlib import Path


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
        if "web_master" in run:  # reports written before the master was measured lack it
            lines.append("  gunicorn master (MB): " + workers_line(run["web_master"]))
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
