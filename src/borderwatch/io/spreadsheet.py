"""Cells written for spreadsheets: text that would run as a formula is neutralised."""

from __future__ import annotations

import re

__all__ = ["spreadsheet_cell"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def spreadsheet_cell(value: str) -> str:
    """``value``, with a leading ``'`` when a spreadsheet would take it as a formula."""
    if value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value
