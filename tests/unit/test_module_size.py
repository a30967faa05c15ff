"""Modules stay small enough to read in one go: a module over 500 lines is split by concern
(migrations, which Django writes, excepted)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "crm", "loyalty", "storefront", "cms", "notifications", "staff", "bench")
LIMIT = 500


def test_no_module_is_longer_than_500_lines():
    modules = [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    ]
    assert len(modules) > 100  # the packages were found
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}
