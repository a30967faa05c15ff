"""Writing generated rows fast, with progress on the command's stdout: PostgreSQL ``COPY``
(foreign keys dropped for the load and added back after), elsewhere ``bulk_create``."""

import itertools
import time
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

BATCH = 2000  # rows per bulk_create (the SQLite path)


class Progress:
    """Progress per step on a command's stdout.

    While a step runs on a terminal, a bar with rows done, rate and time left is redrawn in
    place; when it ends, one line with its rows, seconds and rate stays (the only output when
    stdout is a file or a test's buffer).
    """

    def __init__(self, out):
        self.out, self.live = out, out.isatty()

    @contextmanager
    def step(self, name, total=None):
        """Time the block; rows passed through the yielded step's ``counted`` show on the bar."""
        step = Step(self, name, total)
        yield step
        elapsed = time.monotonic() - step.started
        rows = f"{step.done:,} rows in " if total is not None else ""
        rate = f" ({step.done / max(elapsed, 1e-6):,.0f} rows/s)" if total else ""
        line = f"{name:<20} {rows}{elapsed:.1f} s{rate}"
        self.out.write(f"\r{line}\033[K" if self.live else line)


class Step:
    """One running step of a ``Progress``: counts rows and redraws its bar now and then."""

    WIDTH = 24
    EVERY_ROWS = 5000
    REDRAW_SECONDS = 0.25

    def __init__(self, progress, name, total):
        self.progress, self.name, self.total, self.done = progress, name, total, 0
        self.started = self.drawn = time.monotonic()

    def counted(self, rows):
        """Yield ``rows``, counting them."""
        for row in rows:
            self.done += 1
            if not self.done % self.EVERY_ROWS:
                self._draw()
            yield row

    def _draw(self):
        now = time.monotonic()
        if not self.progress.live or now - self.drawn < self.REDRAW_SECONDS:
            return
        self.drawn = now
        rate = self.done / max(now - self.started, 1e-6)
        share = min(self.done / self.total, 1) if self.total else 0
        filled = int(share * self.WIDTH)
        left = f"{max(self.total - self.done, 0) / rate:,.0f} s left" if self.total else ""
        self.progress.out.write(
            f"\r{self.name:<20} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {share:4.0%} "
            f"{self.done:,}/{self.total:,} rows  {rate:,.0f} rows/s  {left}\033[K",
            ending="",
        )


class Writer:
    """Writes generated rows into a model's table: PostgreSQL ``COPY``, else ``bulk_create``.

    Rows are tuples of values for ``columns`` (attribute names, so ``order_id`` takes an id);
    ``fixed`` values go on every row, and every other column gets its field's default (the
    time of the run for ``auto_now`` fields), as ``Model.save`` would have given it.
    """

    def __init__(self, progress):
        self.progress, self.now, self.numbered = progress, timezone.now(), []
        self.copy = connection.vendor == "postgresql"
        self.unchecked = {}  # table → its foreign keys [(name, definition)], dropped for the load

    def first_id(self, model):
        """The first free primary key of ``model``: ids from here on are this run's."""
        self.numbered.append(model)
        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def write(self, model, columns, rows, *, total, step, fixed=None):
        """Write ``rows`` (about ``total`` of them) under a progress ``step``; returns the count."""
        fixed = dict(fixed or {})
        with self.progress.step(step, total) as running:
            if self.copy:
                self._copy(model, columns, running.counted(rows), fixed)
            else:
                self._bulk_create(model, columns, running.counted(rows), fixed)
        return running.done

    def _copy(self, model, columns, rows, fixed):
        meta = model._meta
        if meta.db_table not in self.unchecked:
            self._drop_foreign_keys(meta.db_table)
        for field in meta.concrete_fields:
            if field.attname in columns or field.attname in fixed or field.primary_key:
                continue  # an id left out is the table's own
            stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            fixed[field.attname] = self.now if stamped else field.get_default()
        names = [*columns, *fixed]
        tail = tuple(
            meta.get_field(name).get_db_prep_save(value, connection) for name, value in fixed.items()
        )
        quote = connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(
            quote(meta.db_table), ", ".join(quote(meta.get_field(name).column) for name in names)
        )
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row + tail)

    def _bulk_create(self, model, columns, rows, fixed):
        made = (model(**dict(zip(columns, row, strict=True)), **fixed) for row in rows)
        while batch := list(itertools.islice(made, BATCH)):
            model.objects.bulk_create(batch)

    def _drop_foreign_keys(self, table):
        # PostgreSQL checks a foreign key row by row (for Django's deferred keys, all at commit:
        # about 40 % of the whole load). Added back afterwards, each key checks every row in
        # one query instead: PostgreSQL's own advice for populating a database. A table with
        # checks still pending cannot be altered: they are made due at once, and from here on
        # at the end of each statement.
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if not self.unchecked:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid = %s::regclass",
                [quote(table)],
            )
            self.unchecked[table] = cursor.fetchall()
            for name, _definition in self.unchecked[table]:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")

    def finish(self):
        """Add the foreign keys back (which checks every row written), move the id sequences
        past the ids handed out and refresh the planner's statistics (the CRM's set-based
        refresh that follows is planned for empty tables otherwise)."""
        quote = connection.ops.quote_name
        with self.progress.step("foreign keys"), connection.cursor() as cursor:
            for table, keys in self.unchecked.items():
                for name, definition in keys:
                    cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        with self.progress.step("sequences, ANALYZE"), connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), self.numbered):
                cursor.execute(statement)
            if self.copy:
                cursor.execute("ANALYZE")
