"""The bench's Lighthouse step runs a page again when Lighthouse's trace failed."""

import json
import sys

from bench.lighthouse import audited

# A stand-in for the lighthouse command: writes the report it is given for this run (one per
# call, counted in a file), as Lighthouse writes --output-path.
FAKE = """
import json, pathlib, sys
out, runs_file, *reports = sys.argv[1:]
runs = pathlib.Path(runs_file)
run = int(runs.read_text()) if runs.exists() else 0
runs.write_text(str(run + 1))
pathlib.Path(out).write_text(reports[min(run, len(reports) - 1)])
"""

FAILED = json.dumps({"runtimeError": {"code": "NO_NAVSTART"}, "categories": {}})
GOOD = json.dumps({"categories": {"performance": {"score": 1}}})


def fake_lighthouse(tmp_path, *reports):
    script = tmp_path / "fake_lighthouse.py"
    script.write_text(FAKE)
    report_path = tmp_path / "report.json"
    return [sys.executable, str(script), str(report_path), str(tmp_path / "runs"), *reports], report_path


def test_a_failed_trace_is_run_again(tmp_path):
    command, report_path = fake_lighthouse(tmp_path, FAILED, GOOD)
    report, attempts = audited(command, {}, report_path)
    assert attempts == 2
    assert "runtimeError" not in report
    assert report["categories"]["performance"]["score"] == 1


def test_a_trace_that_keeps_failing_is_reported_after_three_runs(tmp_path):
    command, report_path = fake_lighthouse(tmp_path, FAILED)
    report, attempts = audited(command, {}, report_path)
    assert attempts == 3
    assert report["runtimeError"]["code"] == "NO_NAVSTART"


def test_no_report_is_none_and_an_old_report_is_not_read(tmp_path):
    report_path = tmp_path / "report.json"
    report_path.write_text(GOOD)  # an earlier run's
    report, attempts = audited([sys.executable, "-c", "pass"], {}, report_path)
    assert report is None
    assert attempts == 1
