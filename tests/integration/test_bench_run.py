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
