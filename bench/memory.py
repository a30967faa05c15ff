"""Memory of the whole stack for ``make bench``, from ``/proc`` (Linux).

PSS (proportional set size, ``/proc/<pid>/smaps_rollup``) counts a page shared by n processes
as 1/n in each, so the PSS of all processes adds up to the memory they really take together —
RSS would count gunicorn's shared code once per worker. A process tree is the process and its
descendants.
"""

from pathlib import Path


def children(pid):
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def tree(pid):
    """``pid`` and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children(current))
    return found


def status_kb(pid, field):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rollup_kb(pid):
    """``smaps_rollup`` of ``pid`` as {field: kB} (Pss, Rss, Private_Dirty, …)."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value, *_unit = line.split()
            values[name.rstrip(":")] = int(value)
    except OSError:
        pass
    return values


def mb(kb):
    return round(kb / 1024, 1)


def processes(pids):
    """RSS, peak RSS (VmHWM) and PSS of each process, in MB."""
    return {
        pid: {
            "rss_mb": mb(status_kb(pid, "VmRSS")),
            "peak_rss_mb": mb(status_kb(pid, "VmHWM")),
            "pss_mb": mb(rollup_kb(pid).get("Pss", 0)),
        }
        for pid in pids
    }


def pss_mb(pids):
    return mb(sum(rollup_kb(pid).get("Pss", 0) for pid in pids))


def pids_named(prefix):
    """Processes whose command line starts with ``prefix`` (e.g. the Redis server)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if command.startswith(prefix):
                found.append(int(entry.name))
    return found


def postgres_pids(database):
    """The PostgreSQL server's own processes (postmaster and its helpers) and the backends
    connected to ``database``; the backends of other databases on a shared server are left out."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), pid FROM pg_stat_activity WHERE datname = %s", [database])
        rows = cursor.fetchall()
        own = {rows[0][0]} if rows else set()
        ours = {pid for _me, pid in rows} - own
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE backend_type <> 'client backend'")
        helpers = {pid for (pid,) in cursor.fetchall()}
    postmaster = {pid for pid in pids_named("/usr/lib/postgresql/") if "postgres -D" in _cmd(pid)}
    return sorted(ours | helpers | postmaster)


def _cmd(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def stack(web_pid, celery_pid, database):
    """PSS (MB) of the web server, the Celery worker, PostgreSQL and Redis, and the total."""
    parts = {
        "web (gunicorn master + workers)": tree(web_pid),
        "celery (worker, beat embedded)": tree(celery_pid) if celery_pid else [],
        "postgresql (server + this shop's connections)": postgres_pids(database),
        "redis": pids_named("/usr/bin/redis-server") or pids_named("redis-server"),
    }
    found = {name: pss_mb(pids) for name, pids in parts.items()}
    found["total"] = round(sum(found.values()), 1)
    return found
