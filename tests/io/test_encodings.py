"""Files as Excel and Chinese or Korean Windows save them: BOMs, GB18030, one bad line."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from borderwatch.errors import InputError
from borderwatch.io.declarations import Parsed, read_declarations, read_json_records
from borderwatch.rules.loader import shipped_rule_base
from tests.io.samples import CSV_HEADER, csv_row, good, jsonl

RULES = shipped_rule_base()


def _read(data: bytes, name: str, encoding: str = "utf-8") -> list[Parsed]:
    return list(read_declarations(io.BytesIO(data), RULES, source_name=name, encoding=encoding))


def _ids(parsed: list[Parsed]) -> list[str | None]:
    return [p.declaration.id if p.declaration else None for p in parsed]


def test_an_excel_utf8_csv_with_a_byte_order_mark_is_read() -> None:
    text = CSV_HEADER + "\n" + csv_row("B1") + csv_row("B2")
    parsed = _read(b"\xef\xbb\xbf" + text.encode(), "excel.csv")
    assert _ids(parsed) == ["B1", "B2"]


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "utf-8-sig", "utf_8_sig"])
def test_a_json_lines_file_with_a_byte_order_mark_is_read(encoding: str) -> None:
    data = b"\xef\xbb\xbf" + jsonl(good("J1"), good("J2")).encode()
    assert _ids(_read(data, "bom.jsonl", encoding)) == ["J1", "J2"]


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "GB18030", "cp936"])
def test_a_chinese_windows_csv_is_read_with_its_encoding(encoding: str) -> None:
    text = CSV_HEADER + "\n" + csv_row("B1", description="电饭锅", traveller_name="李永哲")
    (parsed,) = _read(text.encode("gb18030"), "gbk.csv", encoding)
    assert parsed.declaration is not None
    assert parsed.declaration.items[0].description == "电饭锅"
    assert parsed.declaration.traveller is not None
    assert parsed.declaration.traveller.name == "李永哲"


def test_a_korean_json_lines_file_is_read_as_cp949() -> None:
    data = jsonl(good("K1", items=[{"id": "1", "description": "전기밥솥", "hs": "851660"}]))
    (parsed,) = _read(data.encode("cp949"), "ko.jsonl", "cp949")
    assert parsed.declaration is not None and parsed.declaration.items[0].description == "전기밥솥"


def test_files_concatenated_with_their_byte_order_marks_are_read() -> None:
    part = b"\xef\xbb\xbf" + jsonl(good("C1")).encode()
    assert _ids(_read(part + part.replace(b"C1", b"C2"), "cat.jsonl")) == ["C1", "C2"]


def test_a_gb18030_file_read_as_utf8_rejects_lines_and_says_what_to_do() -> None:
    text = CSV_HEADER + "\n" + csv_row("B1", description="电饭锅") + csv_row("B2")
    parsed = _read(text.encode("gb18030"), "gbk.csv")
    assert _ids(parsed) == [None, "B2"]
    (error,) = parsed[0].errors
    assert (error.line, error.field) == (2, "description")
    assert "not valid utf-8 at byte" in error.problem
    assert "--encoding gb18030" in error.hint


def test_one_line_of_invalid_utf8_rejects_that_line_only() -> None:
    lines = jsonl(good("J1")).encode()
    bad = jsonl(good("J2", items=[{"id": "1", "description": "电饭锅"}])).encode("gb18030")
    parsed = _read(lines + bad + lines.replace(b"J1", b"J3"), "mixed.jsonl")
    assert _ids(parsed) == ["J1", None, "J3"]
    (error,) = parsed[1].errors
    assert (error.line, error.field) == (2, "(line)")
    assert error.problem.startswith("not valid utf-8 at byte ")
    assert "--encoding" in error.hint


@pytest.mark.parametrize("encoding", ["klingon", "rot13", "base64", "utf-16", "utf-32-le"])
def test_an_unusable_encoding_is_refused_naming_the_option(encoding: str) -> None:
    with pytest.raises(InputError, match="--encoding"):
        read_declarations(io.BytesIO(b""), RULES, source_name="x.jsonl", encoding=encoding)


def test_a_path_is_opened_and_a_missing_one_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(good("P1")).encode())
    assert _ids(list(read_declarations(path, RULES))) == ["P1"]
    assert next(iter(read_declarations(str(path), RULES))).errors == ()
    with pytest.raises(InputError, match="cannot read"):
        list(read_declarations(tmp_path / "missing.jsonl", RULES))


def test_an_unknown_input_format_is_refused_naming_the_option() -> None:
    with pytest.raises(InputError, match="--input-format"):
        read_declarations(io.BytesIO(b""), RULES, source_name="x", fmt="xml")


def test_a_text_stream_is_refused_since_decoding_is_the_readers_job() -> None:
    with pytest.raises(TypeError, match="bytes"):
        list(read_declarations(io.StringIO("{}"), RULES, source_name="x.jsonl"))  # type: ignore[arg-type]


def test_raw_json_records_for_columnar_readers() -> None:
    data = jsonl(good("R1")).encode() + b"\n{oops\n" + b'{"amount": 0.5, "n": 7}\n'
    records = list(read_json_records(io.BytesIO(data), source="raw.jsonl"))
    assert [(r.line, bool(r.errors)) for r in records] == [(1, False), (3, True), (4, False)]
    assert records[0].data["id"] == "R1"
    assert records[2].data == {"amount": Decimal("0.5"), "n": 7}
