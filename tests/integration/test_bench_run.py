"""`make bench` never benchmarks (and fills with fresh orders) a shop it did not make."""

from io import StringIO

import pytest
from django.core.management import call_command

from bench import run

pytestmark = pytest.mark.django_db


def _run(monkeypatch, *args):
    monkeypatch.setattr("sys.argv", ["bench.run", "--steps", "analytics", *args])
    run.main()


def test_the_bench_refuses_a_real_shop(monkeypatch, make_product):
    make_product(title="Kopi milik toko sungguhan")
    with pytest.raises(SystemExit, match="did not make"):
        _run(monkeypatch)


def test_the_bench_refuses_an_empty_database(monkeypatch):
    with pytest.raises(SystemExit, match="did not make"):
        _run(monkeypatch)


def test_unknown_steps_are_refused(monkeypatch, capsys):
    with pytest.raises(SystemExit):
        _run(monkeypatch, "--steps", "everything")
    assert "unknown steps: everything" in capsys.readouterr().err


def test_the_bench_runs_its_analytics_on_a_scale_database(monkeypatch, tmp_path):
    call_command(
        "generate_scale_data", "--no-index", "--customers=6", "--orders=12", "--products=3", stdout=StringIO()
    )
    monkeypatch.setattr(run, "OUT_DIR", tmp_path)
    _run(monkeypatch)
    (report,) = tmp_path.glob("*.json")
    assert '"cohort_table_ms"' in report.read_text()


def test_the_summary_reports_the_gunicorn_master_beside_its_workers():
    """The workers are forked from the master, so its memory is part of theirs: the summary
    shows both (docs/performance.md, "Web worker RSS")."""
    from bench.summary import summary

    def measured(rss):
        return {"rss_mb": rss, "peak_rss_mb": rss, "pss_mb": rss / 2}

    run = {
        "pages": {},
        "web_workers": {11: measured(140.0), 12: measured(141.0)},
        "web_master": {10: measured(137.8)},
        "stack_pss_mb_max": {},
    }
    report = {
        "date": "2026-12-07",
        "machine": {"cpus": 2, "cpu": "x", "load_average": (1, 1, 1)},
        "scale_data": {},
        "http": {"uncached": run},
    }
    text = summary(report)
    assert "web workers (MB): RSS 140.0 / peak 140.0 / PSS 70.0, RSS 141.0" in text
    assert "gunicorn master (MB): RSS 137.8 / peak 137.8 / PSS 68.9" in text
    del run["web_master"]  # a report written before the master was measured
    assert "gunicorn master" not in summary(report)
