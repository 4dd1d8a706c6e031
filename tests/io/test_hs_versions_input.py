"""Codes of their date's HS version and national tariff lines, in JSON lines and CSV.

A code must be one of the HS version declared (``hs_version`` on the item, else
on the declaration) or else of the version in force on the date, HS 2022 or
another version borderwatch reads; one of none is rejected naming the line,
field, value and the versions tried. The declared code is kept and shown.
"""

from __future__ import annotations

import csv
import io

from borderwatch.engine.screen import screen_declaration
from borderwatch.io.declarations import Parsed, read_declarations
from borderwatch.io.verdicts import VERDICT_CSV_COLUMNS, VerdictCsvWriter
from borderwatch.model import Verdict
from borderwatch.rules.loader import shipped_rule_base
from tests.io.samples import good, jsonl

RULES = shipped_rule_base()
CSV_HEADER = "id,date,crossing,direction,country,channel,item_id,description,hs,hs_version"


def _read(text: str, name: str) -> list[Parsed]:
    return list(read_declarations(io.BytesIO(text.encode()), RULES, source_name=name))


def _items(*codes: str | dict[str, object]) -> list[dict[str, object]]:
    return [
        {"id": str(i + 1), **({"hs": code} if isinstance(code, str) else code)}
        for i, code in enumerate(codes)
    ]


def test_a_code_of_no_version_is_rejected_naming_the_versions_tried() -> None:
    record = good("D1", date="2019-03-01", items=_items("851660", "8516.61"))
    (parsed,) = _read(jsonl(record), "in.jsonl")
    (error,) = parsed.errors
    assert parsed.declaration is None
    assert (error.line, error.field, error.value) == (1, "items.1.hs", "8516.61")
    assert error.problem == "not a code of HS 2017 (in force on 2019-03-01), HS 2022 or HS 2012"
    assert "hs_version" in error.hint and "leave hs out" in error.hint


def test_a_code_not_of_the_declared_version_is_rejected_saying_which_it_is_of() -> None:
    record = good("D1", date="2019-03-01", hs_version="HS 2022", items=_items("852580"))
    (parsed,) = _read(jsonl(record), "in.jsonl")
    (error,) = parsed.errors
    assert error.problem == "not a code of HS 2022, the hs_version declared"
    assert error.hint.startswith("It is a code of HS 2012 and HS 2017: declare the hs_version")
    spreadsheet = good("D2", date="2019-03-01", items=_items("85166"))
    (error,) = _read(jsonl(spreadsheet), "in.jsonl")[0].errors
    assert error.problem.endswith("(read as 085166)")


def test_an_item_version_overrides_the_declaration_version() -> None:
    items = _items({"hs": "440710", "hs_version": 2012}, "440713")
    (parsed,) = _read(jsonl(good("D1", hs_version=2022, items=items)), "in.jsonl")
    assert parsed.declaration is not None, parsed.errors
    assert [parsed.declaration.hs_version_of(i) for i in parsed.declaration.items] == [2012, 2022]


def test_a_bad_hs_version_is_rejected_once_without_a_second_complaint_about_the_code() -> None:
    items = _items({"hs": "440710", "hs_version": "2016"})
    (parsed,) = _read(jsonl(good("D1", items=items)), "in.jsonl")
    (error,) = parsed.errors
    assert (error.field, error.value) == ("items.0.hs_version", "2016")
    assert "2012, 2017 or 2022" in error.hint


def test_national_lines_are_read_as_their_subheading_and_kept() -> None:
    items = _items("8471300000", "8471.30-1000", "84713000", "847130", "30743")
    (parsed,) = _read(jsonl(good("D1", items=items)), "in.jsonl")
    assert parsed.declaration is not None
    items_read = parsed.declaration.items
    assert [i.hs for i in items_read] == ["847130"] * 4 + ["030743"]
    assert [i.declared_hs for i in items_read] == [
        "8471300000",
        "8471.30-1000",
        "84713000",
        None,
        "30743",
    ]


def test_csv_reads_hs_version_per_row_and_names_the_row_of_a_bad_code() -> None:
    text = (
        f"{CSV_HEADER}\n"
        "D1,2019-03-01,dandong,import,KP,cargo,1,sawn wood,4407.10,2012\n"
        "D1,,,,,,2,sawn wood,440713,\n"
        "D2,2019-03-01,dandong,import,KP,cargo,1,sawn wood,4407.10,2017\n"
    )
    first, second = _read(text, "in.csv")
    assert first.declaration is not None, first.errors
    assert [i.hs_version for i in first.declaration.items] == [2012, None]
    (error,) = second.errors
    assert (error.line, error.field, error.value) == (4, "items.0.hs", "4407.10")
    assert "HS 2017, the hs_version declared" in error.problem


def test_the_verdict_csv_shows_the_declared_code_its_version_and_the_codes_screened() -> None:
    items = _items("8471300000", "4407.10", "852580")
    declaration = read_declarations(
        io.BytesIO(jsonl(good("D1", date="2019-03-01", items=items)).encode()),
        RULES,
        source_name="in.jsonl",
    )
    (parsed,) = list(declaration)
    assert parsed.declaration is not None
    result = screen_declaration(parsed.declaration, RULES, regimes=["UN"])
    out = io.StringIO()
    VerdictCsvWriter(out).write(result)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(VERDICT_CSV_COLUMNS)
    shown = [(r["declared_hs"], r["hs_version"], r["hs"], r["verdict"]) for r in rows]
    assert shown[0] == ("8471300000", "2017", "847130", Verdict.PROHIBITED.value)
    assert shown[1][:2] == ("4407.10", "2012")
    assert shown[1][2] == "440711 440712 440713 440714 440719"
    assert shown[2][:2] == ("852580", "2017") and "880621" in shown[2][2]
    assert "not a code of HS 2017" in rows[1]["reasons"]
