"""CSV declarations: rows of one declaration must agree, and every row is accounted for."""

from __future__ import annotations

import io

from borderwatch.io.declarations import Parsed, read_declarations
from borderwatch.rules.loader import shipped_rule_base
from tests.io.samples import CSV_HEADER, csv_row

RULES = shipped_rule_base()


def _read(*rows: str, header: str = CSV_HEADER) -> list[Parsed]:
    data = (header + "\n" + "".join(rows)).encode()
    return list(read_declarations(io.BytesIO(data), RULES, source_name="in.csv"))


def test_rows_of_a_declaration_that_agree_make_one_declaration() -> None:
    (parsed,) = _read(csv_row("B1", "1"), csv_row("B1", "2"), csv_row("B1", "3"))
    assert parsed.declaration is not None and len(parsed.declaration.items) == 3
    assert list(parsed.lines) == [2, 3, 4]


def test_a_row_with_another_date_rejects_its_declaration_naming_line_and_field() -> None:
    parsed = _read(
        csv_row("B0"),
        csv_row("B1", "1", date="2019-03-01"),
        csv_row("B1", "2", date="2019-03-01"),
        csv_row("B1", "3", date="2019-03-02"),
        csv_row("B2"),
    )
    assert [p.declaration is not None for p in parsed] == [True, False, True]
    (error,) = parsed[1].errors
    assert (error.line, error.field, error.value) == (5, "date", "2019-03-02")
    assert "differs from '2019-03-01' on line 3 for declaration B1" in str(error)
    assert "all rows of a declaration must agree" in str(error)
    assert str(error).startswith("in.csv:5: field 'date' = '2019-03-02'")


def test_every_declaration_column_must_agree() -> None:
    columns = {
        "crossing": "hunchun",
        "direction": "import",
        "country": "RU",
        "channel": "cargo",
        "traveller_name": "Kim",
    }
    for column, other in columns.items():
        parsed = _read(csv_row("B1", "1"), csv_row("B1", "2", **{column: other}))
        (only,) = parsed
        assert only.declaration is None
        assert [(e.line, e.field, e.value) for e in only.errors] == [(3, column, other)]


def test_a_later_row_may_leave_declaration_cells_empty() -> None:
    (parsed,) = _read(csv_row("B1", "1"), csv_row("B1", "2", date="", traveller_name=""))
    assert parsed.declaration is not None and len(parsed.declaration.items) == 2


def test_rows_of_a_declaration_split_apart_are_rejected_not_screened_twice() -> None:
    parsed = _read(csv_row("B1", "1"), csv_row("B2"), csv_row("B1", "2"))
    assert [p.declaration is not None for p in parsed] == [True, True, False]
    (error,) = parsed[2].errors
    assert (error.line, error.field) == (4, "id")
    assert "already ended on line 2" in error.problem


def test_an_item_error_names_the_line_of_its_row() -> None:
    (parsed,) = _read(csv_row("B1", "1"), csv_row("B1", "2", quantity="-3"))
    (error,) = parsed.errors
    assert (error.line, error.field, error.value) == (3, "items.1.quantity", "-3")


def test_a_broken_row_is_rejected_and_reading_goes_on() -> None:
    parsed = _read(csv_row("B1"), "B2,a\rb,c\n", csv_row("B3"))
    assert [p.declaration.id for p in parsed if p.declaration] == ["B1", "B3"]
    assert any(e.field == "(row)" for p in parsed for e in p.errors)


def test_a_header_without_id_is_one_reject_covering_the_file() -> None:
    (parsed,) = _read(csv_row("B1"), csv_row("B2"), header="ident,date")
    assert parsed.declaration is None and list(parsed.lines) == [1, 2, 3]
    assert parsed.errors[0].field == "(header)"


def test_header_names_are_read_whatever_their_case_and_spacing() -> None:
    header = ",".join(f" {c.upper()} " for c in CSV_HEADER.split(","))
    (parsed,) = _read(csv_row("B1"), header=header)
    assert parsed.declaration is not None


def test_huge_numbers_in_a_csv_are_rejected_naming_the_cell() -> None:
    (parsed,) = _read(csv_row("B1", unit_value="1e9999999999"))
    assert [e.field for e in parsed.errors] == ["items.0.unit_value.amount"]
