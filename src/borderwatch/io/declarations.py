"""Reading declarations: JSON lines, or CSV with one row per item, from bytes.

:func:`read_declarations` is the one reader for every command. It takes a
path, ``-`` or a binary stream and an ``encoding`` (UTF-8 by default, a
byte-order mark accepted), and never stops at a bad record: each record
yields either a Declaration or the RecordErrors that explain why it was
rejected, so a batch reports its rejects and still screens every good
declaration. Undecodable bytes, invalid JSON, nesting too deep, numbers too
large, lines over :data:`~borderwatch.io.sources.MAX_RECORD_BYTES`: each
rejects its own record only.
"""

from __future__ import annotations

from collections.abc import Iterator

from borderwatch.errors import InputError
from borderwatch.io import sources
from borderwatch.io.csv_declarations import read_csv
from borderwatch.io.json_lines import RawRecord, read_json_lines, read_json_records
from borderwatch.io.parsed import Parsed, parse_record
from borderwatch.io.sources import Source, check_encoding, open_source
from borderwatch.rules.loader import RuleBase

__all__ = [
    "FORMATS",
    "Parsed",
    "RawRecord",
    "parse_record",
    "read_csv",
    "read_declarations",
    "read_json_lines",
    "read_json_records",
]

FORMATS = ("auto", "jsonl", "csv")


def _format_of(fmt: str, name: str) -> str:
    if fmt not in FORMATS:
        raise InputError(
            f"--input-format {fmt!r} is not a format; use one of: {', '.join(FORMATS)}."
        )
    if fmt == "auto":
        return "csv" if name.lower().endswith(".csv") else "jsonl"
    return fmt


def read_declarations(
    source: Source,
    rule_base: RuleBase,
    *,
    source_name: str | None = None,
    fmt: str = "auto",
    encoding: str = "utf-8",
) -> Iterator[Parsed]:
    """Declarations from a path, ``-`` (stdin) or a binary stream: JSON lines or CSV.

    ``fmt`` is ``auto`` (CSV when the name ends in .csv), ``jsonl`` or ``csv``;
    ``encoding`` any ASCII-compatible Python codec (utf-8, gb18030, cp949...).
    A bad ``fmt`` or ``encoding`` raises InputError at once, naming the option;
    a file that cannot be opened raises it when iteration starts. Records are
    yielded in file order, each a declaration or its errors.
    """
    name = source_name or sources.source_name(source)
    chosen = _format_of(fmt, name)
    codec = check_encoding(encoding)
    return _read(source, rule_base, name=name, fmt=chosen, encoding=codec)


def _read(
    source: Source, rule_base: RuleBase, *, name: str, fmt: str, encoding: str
) -> Iterator[Parsed]:
    with open_source(source) as stream:
        if fmt == "csv":
            yield from read_csv(stream, rule_base, source=name, encoding=encoding)
        else:
            yield from read_json_lines(stream, rule_base, source=name, encoding=encoding)
