"""Han characters read in Korean: 金哲雄 as 김철웅, so a Korean name in Chinese paperwork matches.

Chinese documents write DPRK names in Han characters. Read as Mandarin
(pinyin) 金哲雄 is "jin zhe xiong", which matches no listed spelling; read in
Korean it is 김철웅, which the Hangul path already matches to "Kim Chol Ung".
The readings come from ``data/hangul-readings.csv``, written from Unicode's
Unihan data by ``scripts/build_hangul_readings.py`` (readings marked for names
first, simplified characters read through their traditional variants), then
``data/hangul-readings-dprk.yaml`` puts the DPRK reading first where the table
does not (樂 락) and pins the surnames (金 김, 李 리, 龍 룡).

A character can have several readings (金 김/금); :func:`korean_readings`
gives the first reading of every character, then the name with one character
at a time read its second way, at most :data:`MAX_READINGS` in all, so the
forms and blocking keys a name adds stay bounded.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import yaml

from borderwatch.errors import ReferenceDataError
from borderwatch.parties.normalize import has_han

__all__ = ["MAX_READINGS", "korean_note", "korean_readings", "reading_note", "reading_table"]

#: Korean readings tried per name: the first of each character, then one character changed
MAX_READINGS = 3
_TABLE = "data/hangul-readings.csv"
_DPRK = "data/hangul-readings-dprk.yaml"
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _is_syllables(text: str) -> bool:
    return bool(text) and all("\uac00" <= c <= "\ud7a3" for c in text)


def _read_table(text: str) -> dict[str, tuple[str, ...]]:
    """Character -> readings, from the shipped CSV (comment lines start with '#')."""
    table: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line or line.startswith("#") or line.startswith("character,"):
            continue
        fields = line.split(",")
        readings = tuple(fields[1].split()) if len(fields) == 3 else ()
        if len(fields[0]) != 1 or not readings or not all(map(_is_syllables, readings)):
            raise ReferenceDataError(
                f"{_TABLE}:{number}: {line!r} is not 'character,readings,via' with Hangul "
                "readings; rebuild it with scripts/build_hangul_readings.py"
            )
        table[fields[0]] = readings
    return table


def _apply_dprk(table: dict[str, tuple[str, ...]], rows: list[object]) -> None:
    for number, row in enumerate(rows, start=1):
        char = row.get("character") if isinstance(row, dict) else None
        first = row.get("readings") if isinstance(row, dict) else None
        if (
            not isinstance(char, str)
            or len(char) != 1
            or not isinstance(first, list)
            or not first
            or not all(isinstance(r, str) and len(r) == 1 and _is_syllables(r) for r in first)
        ):
            raise ReferenceDataError(
                f"{_DPRK}: row {number} ({row!r}) needs 'character' (one Han character) and "
                "'readings' (a list of single Hangul syllables); fix the row"
            )
        table[char] = tuple(dict.fromkeys((*first, *table.get(char, ()))))


@cache
def reading_table() -> dict[str, tuple[str, ...]]:
    """Han character -> its Korean readings, best first for a DPRK name (read once)."""
    package = files("borderwatch.parties")
    table = _read_table(package.joinpath(_TABLE).read_text("utf-8"))
    dprk = yaml.safe_load(package.joinpath(_DPRK).read_text("utf-8"))
    _apply_dprk(table, list(dprk["readings"]))
    return table


def korean_readings(text: str, *, limit: int = MAX_READINGS) -> tuple[str, ...]:
    """``text`` with its Han characters read in Korean, best reading first; () if one has none.

    Other characters are kept as they are. 金哲雄 gives ("김철웅", "금철웅").
    """
    if not has_han(text):
        return ()
    table = reading_table()
    choices: list[tuple[str, ...]] = []
    for char in text:
        if has_han(char):
            found = table.get(char)
            if found is None:
                return ()  # a character Korean does not read: no Korean reading
            choices.append(found)
        else:
            choices.append((char,))
    first = [options[0] for options in choices]
    readings = ["".join(first)]
    for position, options in enumerate(choices):
        if len(readings) >= limit:
            break
        if len(options) > 1:
            readings.append("".join((*first[:position], options[1], *first[position + 1 :])))
    return tuple(dict.fromkeys(readings))


def reading_note(original: str, reading: str, language: str) -> str:
    """How an officer is told which reading matched: '金哲雄 read in Korean as 김철웅'."""
    return f"{original} read in {language} as {reading}"


def korean_note(original: str, reading: str) -> str:
    """:func:`reading_note` for each Han run of ``original`` that ``reading`` reads in Korean.

    ``reading`` is one of :func:`korean_readings` of ``original``, which reads
    each Han character as one syllable, so the runs line up character for character.
    """
    notes = [
        reading_note(run.group(0), reading[run.start() : run.end()], "Korean")
        for run in _HAN_RUN.finditer(original)
    ]
    return ", ".join(notes)
