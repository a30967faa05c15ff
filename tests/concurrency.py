"""Running the same work in several threads at once, as parallel requests would."""

import threading

from django.db import connection


def in_parallel(work, n, timeout=90):
    """Run ``work(i)`` in ``n`` threads that start together, each with its own DB connection;
    return each thread's result, or the exception it raised, in thread order."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 (the test inspects what each thread got)
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
