"""The formula-injection rule itself (the exports' tests read real files back)."""

import datetime

import pytest

from core.spreadsheet_formulas import neutralise_formula, restore_formula_text


@pytest.mark.parametrize("text", ["=1+1", "-2+3", "+1-cmd", "@x", "\t=1", "\r=1", "\uff1d1+1", "＠SUM(A1)"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe_and_comes_back(text):
    assert neutralise_formula(text) == "'" + text
    assert restore_formula_text(neutralise_formula(text)) == text


@pytest.mark.parametrize(
    "value",
    [
        "Kopi Gayo",
        "",
        "-",
        "+6281234567890",
        "-5",
        "-1.500,50",
        "'quoted",
        -5,
        12.5,
        None,
        datetime.date(2026, 1, 1),
    ],
)
def test_other_cells_are_unchanged(value):
    assert neutralise_formula(value) == value
    assert restore_formula_text(value) == value
