"""CSV that a spreadsheet opens as data, not as formulas (CSV injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula by Excel and LibreOffice: ``=HYPERLINK(...)``
leaks data, ``=cmd|' /C calc'!A0`` runs a program. Following OWASP's advice,
:func:`escape_cell` puts a ``'`` in front of such a cell; plain numbers such
as ``-5`` or ``-0.5`` are left as they are. :func:`unescape_cell` undoes it
exactly, so what :class:`SafeCSVWriter` writes reads back unchanged: a
leading ``'`` is only added or removed in front of (quotes and) a trigger
character, and a cell that already starts that way gets one more.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

__all__ = ["FORMULA_TRIGGERS", "SafeCSVWriter", "escape_cell", "unescape_cell", "unescape_row"]

#: first characters that make a spreadsheet read a cell as a formula
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _is_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS) and _PLAIN_NUMBER.fullmatch(text) is None


def escape_cell(value: object) -> str:
    """``value`` as a cell no spreadsheet runs: ``'`` before a would-be formula."""
    text = "" if value is None else str(value)
    return "'" + text if _is_formula(text.lstrip("'")) else text


def unescape_cell(text: str) -> str:
    """The value :func:`escape_cell` was given (other cells come back unchanged)."""
    return text[1:] if text.startswith("'") and _is_formula(text.lstrip("'")) else text


def unescape_row(row: dict[str, str]) -> dict[str, str]:
    """A csv.DictReader row with every cell unescaped (missing cells stay None)."""
    return {k: unescape_cell(v) if isinstance(v, str) else v for k, v in row.items()}


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


class SafeCSVWriter:
    """csv.writer whose every cell goes through :func:`escape_cell`.

    ``SafeCSVWriter(stream).writerow(["=1+1", -5])`` writes ``'=1+1,-5``.
    Open files with ``newline=""``, as for csv.writer.
    """

    def __init__(self, out: _Writable, **format_options: Any) -> None:
        self._writer = csv.writer(out, **format_options)

    def writerow(self, row: Iterable[object]) -> None:
        """Write one row, escaped."""
        self._writer.writerow([escape_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        """Write many rows, escaped."""
        for row in rows:
            self.writerow(row)
