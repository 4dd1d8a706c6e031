"""`borderwatch screen` on hostile files, as a user runs it: good records screened,
bad ones reported with their line, exit code 2, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from tests.cli.running import run_borderwatch
from tests.io.samples import CSV_HEADER, GOOD, csv_row, good

MARKUP_ID = "[green]clear[/green]"


def _item(**fields: object) -> dict[str, object]:
    return {"id": "1", "description": "rice cooker", "hs": "851660", **fields}


#: line -> bytes of a record each reader must reject without stopping
BAD_LINES: dict[str, bytes] = {
    "invalid JSON": b"{oops",
    "invalid UTF-8": json.dumps(
        good("X1", items=[_item(description="电饭锅")]), ensure_ascii=False
    ).encode("gb18030"),
    "deep nesting": b'{"id": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    "5000-digit integer": json.dumps(good("X3"))
    .encode()
    .replace(b'"851660"}', b'"851660", "quantity": ' + b"9" * 5000 + b"}"),
    "huge amount": json.dumps(
        good("X4", items=[_item(unit_value={"amount": "1e9999999999", "currency": "CNY"})])
    ).encode(),
    "huge area": json.dumps(
        good("X5", items=[_item(piece={"id": "A", "area_m2": "1e999999"})])
    ).encode(),
    "huge quantity as number": json.dumps(good("X6"))
    .encode()
    .replace(b'"851660"}', b'"851660", "quantity": 1e9999999999}'),
    "PNG": b"\x89PNG\r\x1a\x00\x00\x00\rIHDR\x00\x00\x00\x01",
    "NUL": b"\x00\x00\x00",
    "markup in a bad record": json.dumps(good(MARKUP_ID, crossing="[bold]atlantis[/]")).encode(),
    "line over 1 MB": json.dumps(good("X9", items=[_item(description="x" * 1_100_000)])).encode(),
}


def _screen(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return run_borderwatch("screen", str(path), "--regimes", "UN", "--no-classify", *options)


def _rejected_lines(stderr: str, path: Path) -> set[int]:
    return {int(n) for n in re.findall(rf"^rejected {re.escape(str(path))}:(\d+):", stderr, re.M)}


def test_every_kind_of_bad_record_is_rejected_and_every_good_one_screened(
    tmp_path: Path,
) -> None:
    lines, good_ids, bad_lines = [], [], {}
    for number, (kind, bad) in enumerate(BAD_LINES.items()):
        good_ids.append(f"G{number}")
        lines.append(json.dumps(good(f"G{number}")).encode())
        lines.append(bad)
        bad_lines[len(lines)] = kind
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    done = _screen(path)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == good_ids
    missing = {n: k for n, k in bad_lines.items() if n not in _rejected_lines(done.stderr, path)}
    assert not missing, done.stderr[-3000:]
    assert f"'{MARKUP_ID}'" in done.stderr or "[bold]atlantis[/]" in done.stderr
    assert f"{len(bad_lines)} record(s) rejected" in done.stderr


def test_a_csv_with_bad_rows_and_another_encoding(tmp_path: Path) -> None:
    text = (
        "\ufeff"
        + CSV_HEADER
        + "\n"
        + csv_row("B1", description="电饭锅")
        + csv_row("B2", "1", date="2019-03-01")
        + csv_row("B2", "2", date="2019-03-02")
        + csv_row("B3", unit_value="1e9999999999")
        + csv_row(MARKUP_ID, crossing="[bold]x[/]")
        + csv_row("B4")
    )
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    done = _screen(path, "--encoding", "gb18030")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["B1", "B4"]
    assert _rejected_lines(done.stderr, path) == {4, 5, 6}
    assert "date = '2019-03-02': differs from '2019-03-01' on line 3 for declaration B2" in (
        done.stderr.replace("field 'date'", "date")
    )
    assert "[bold]x[/]" in done.stderr

    as_utf8 = _screen(path)
    assert as_utf8.returncode == 2 and "--encoding gb18030" in as_utf8.stderr


def test_a_markup_id_is_shown_literally_in_the_table(tmp_path: Path) -> None:
    path = tmp_path / "markup.jsonl"
    path.write_text(json.dumps(good(MARKUP_ID)) + "\n", encoding="utf-8")
    done = _screen(path, "--format", "table")
    assert done.returncode == 0, done.stderr
    assert MARKUP_ID in done.stdout


def test_reject_messages_are_one_line_each_for_grep(tmp_path: Path) -> None:
    long_crossing = "atlantis-" * 20  # 180 characters, under the cut at 200
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({**GOOD, "crossing": long_crossing}) + "\n", encoding="utf-8")
    done = _screen(path)
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("rejected")]
    assert line.startswith(f"rejected {path}:1: field 'crossing' = '{long_crossing}'")
    assert line.endswith(
        "Use one of: changbai, dandong, dorasan, frankfurt-airport, hunchun, incheon, los-angeles, niigata, rotterdam."
    )


def test_an_unknown_encoding_names_the_option(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    done = _screen(path, "--encoding", "[red]klingon[/]")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: --encoding '[red]klingon[/]' is not a known")


def test_stdin_is_read_as_bytes_with_a_byte_order_mark() -> None:
    data = "\ufeff" + json.dumps(good("S1")) + "\n"
    result = run_borderwatch("screen", "-", "--regimes", "UN", "--no-classify", stdin=data)
    assert result.returncode == 0, result.stderr
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["S1"]
