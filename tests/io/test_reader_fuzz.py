"""Property tests of the whole input path: any bytes in, only Parsed records out.

Each property feeds :func:`read_declarations` bytes no officer should send
(random bytes; valid lines mutated with huge numbers, deep nesting, markup,
byte-order marks, other encodings, truncation) and checks that it never
raises, that each record is either a declaration or its errors, and that
every non-blank line is accounted for.
"""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderwatch.io.declarations import Parsed, read_declarations
from borderwatch.rules.loader import shipped_rule_base
from tests.io.samples import CSV_HEADER, csv_row, good

RULES = shipped_rule_base()
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: pieces that broke readers: numbers, nesting, markup, BOMs, NUL, CJK in other encodings
HOSTILE = [
    b"1e9999999999",
    b"1e999999",
    b"1e" + b"9" * 40,
    b"0.5e-" + b"9" * 30,
    b"9" * 5000,
    b"-0",
    b"NaN",
    b"Infinity",
    b"[" * 3000,
    b"{" * 3000,
    b'"[green]clear[/green]"',
    b"[/]",
    b"[bold]",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\r",
    b"\r\n",
    b'"',
    b",",
    b"\\ud800",
    "电饭锅".encode("gb18030"),
    "전기밥솥".encode("cp949"),
    "电饭锅".encode(),
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xfe",
]


def _read(data: bytes, name: str, encoding: str = "utf-8") -> list[Parsed]:
    return list(read_declarations(io.BytesIO(data), RULES, source_name=name, encoding=encoding))


def _well_formed(parsed: list[Parsed]) -> None:
    for p in parsed:
        assert (p.declaration is None) == bool(p.errors)
        assert all(e.line is not None and e.field for e in p.errors)
        assert all(isinstance(str(e), str) for e in p.errors)
        for e in p.errors:  # the reject report must be writable as UTF-8 JSON
            json.dumps(e.as_dict(), ensure_ascii=False).encode()


def _content_lines(data: bytes, encoding: str = "utf-8") -> set[int]:
    """Numbers of the lines a JSON-lines reader must account for."""
    wanted = set()
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            wanted.add(number)
            continue
        if text.removeprefix("\ufeff").strip():
            wanted.add(number)
    return wanted


def _check_jsonl(data: bytes, encoding: str = "utf-8") -> None:
    parsed = _read(data, "fuzz.jsonl", encoding)
    _well_formed(parsed)
    lines = [p.line for p in parsed]
    assert lines == sorted(set(lines)), "each line once, in order"
    assert set(lines) == _content_lines(data, encoding)


def _check_csv(data: bytes) -> None:
    parsed = _read(data, "fuzz.csv")
    _well_formed(parsed)
    if not parsed:
        return
    covered = {n for p in parsed for n in p.lines}
    content = {
        number
        for number, raw in enumerate(data.split(b"\n"), start=1)
        # the reader drops a byte-order mark that starts a line (a file pasted after
        # another keeps the second one's), so a line of a mark alone is blank
        if raw.rstrip(b"\r").removeprefix(b"\xef\xbb\xbf").strip(b",")
    }
    header = sorted(content - covered)  # only the header row's lines may be left out
    if header:
        assert header == list(range(header[0], header[-1] + 1)), header
        read = [p.line for p in parsed if p.declaration is not None]
        assert all(header[-1] < line for line in read)


@st.composite
def mutated(draw: st.DrawFn, lines: list[bytes]) -> bytes:
    """``lines`` joined, with hostile pieces inserted, bytes flipped and ranges cut."""
    data = bytearray(b"\n".join(lines) + b"\n")
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "flip", "cut", "random"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from(HOSTILE))
        elif action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(0, 40))]
        else:
            data[at:at] = draw(st.binary(max_size=20))
    return bytes(data)


def _jsonl_lines() -> list[bytes]:
    return [
        json.dumps(good("J1")).encode(),
        json.dumps(
            good(
                "J2",
                items=[
                    {"id": "1", "description": "电饭锅", "hs": "851660", "quantity": 2},
                    {"id": "2", "unit_value": {"amount": "12.5", "currency": "CNY"}},
                    {"id": "3", "piece": {"id": "A", "area_m2": 0.5}},
                ],
            ),
            ensure_ascii=False,
        ).encode(),
    ]


def _csv_lines() -> list[bytes]:
    rows = [CSV_HEADER + "\n", csv_row("B1", "1"), csv_row("B1", "2"), csv_row("B2")]
    return [r.rstrip("\n").encode() for r in rows]


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_as_json_lines(data: bytes) -> None:
    _check_jsonl(data)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_as_csv(data: bytes) -> None:
    _check_csv(data)


@FUZZ
@given(mutated(_jsonl_lines()))
def test_mutated_json_lines(data: bytes) -> None:
    _check_jsonl(data)


@FUZZ
@given(mutated(_csv_lines()))
def test_mutated_csv(data: bytes) -> None:
    _check_csv(data)


@FUZZ
@given(
    st.lists(st.sampled_from(["utf-8", "gb18030", "cp949", "big5"]), min_size=1, max_size=6),
    st.sampled_from(["utf-8", "gb18030", "cp949"]),
    st.booleans(),
)
def test_mixed_encodings_are_rejected_line_by_line(
    encodings: list[str], read_as: str, bom: bool
) -> None:
    """A file whose lines were saved in different encodings: lines in ``read_as`` are read."""
    lines = []
    for number, encoding in enumerate(encodings):
        words = {"cp949": "전기밥솥", "big5": "電飯鍋"}.get(encoding, "电饭锅")
        record = good(f"M{number}", items=[{"id": "1", "description": words}])
        lines.append(json.dumps(record, ensure_ascii=False).encode(encoding))
    data = (b"\xef\xbb\xbf" if bom and read_as == "utf-8" else b"") + b"\n".join(lines)
    parsed = _read(data, "mixed.jsonl", read_as)
    _well_formed(parsed)
    assert [p.line for p in parsed] == list(range(1, len(lines) + 1))
    for p, encoding in zip(parsed, encodings, strict=True):
        if encoding == read_as:
            assert p.declaration is not None, p.errors


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30),
    st.sampled_from(["id", "description", "crossing", "hs", "quantity"]),
)
def test_any_text_in_any_field_is_a_declaration_or_a_reject(value: str, field: str) -> None:
    record = good("T1")
    if field in ("id", "crossing"):
        record[field] = value
    else:
        record["items"] = [{"id": "1", field: value}]
    for data in (json.dumps(record).encode(), json.dumps(record, ensure_ascii=False).encode()):
        _check_jsonl(data)
