"""Write the Han -> Hangul reading table borderwatch ships, from Unicode's Unihan files.

Reads ``Unihan_Readings.txt.bz2`` (field ``kHangul``) and ``Unihan_Variants.txt.bz2``
(fields ``kTraditionalVariant``, ``kZVariant``, ``kSemanticVariant``), as Debian's ``unicode-data`` package installs them in
``/usr/share/unicode``, and writes ``src/borderwatch/parties/data/hangul-readings.csv``:
one row per Han character, ``character,readings,via``:

- ``readings``: the character's Sino-Korean readings, space-separated, best first for
  a name: readings Unihan marks ``N`` (used in personal names), then ``E`` (taught in
  the basic educational list), then the rest, each group in Unihan's order. The
  DPRK keeps the initial ㄹ and ㄴ (리, 룡, 로) that South Korean usage drops (이, 용,
  노); Unihan marks the ㄹ/ㄴ form ``E`` or ``N`` and the dropped one with neither, so
  this order already puts the DPRK reading first. The few characters where it does
  not are listed in ``hangul-readings-dprk.yaml``, applied when the table is read.
- ``via``: empty, or the variant character(s) a character was read through: a
  character with no ``kHangul`` of their own takes the readings of its
  ``kTraditionalVariant`` (龙 -> 龍, 乐 -> 樂), else of a ``kZVariant`` or
  ``kSemanticVariant`` of itself or of its traditional form (矿 -> 礦, which
  Korean writes 鑛). Semantic variants share a meaning, not always a sound; they
  are the last resort, and the column says where each borrowed reading is from.

kHangul values look like ``김:0N``: a syllable, then after the colon the sources of
the reading (digits naming the Korean character set it comes from) and its marks
(``E``, ``N``), per UAX #38. tests/parties/test_han_readings.py runs this script and
fails when the shipped file differs from what it writes.

Usage: python scripts/build_hangul_readings.py [--unihan /usr/share/unicode] [--out FILE]
"""

from __future__ import annotations

import argparse
import bz2
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNIHAN = Path("/usr/share/unicode")
OUT = ROOT / "src" / "borderwatch" / "parties" / "data" / "hangul-readings.csv"

_LINE = re.compile(r"U\+([0-9A-F]{4,6})\t(k[A-Za-z0-9_]+)\t(.+)")
_READING = re.compile(r"([\uac00-\ud7a3]):([0-9]*)([A-Z]*)")
_CODE_POINT = re.compile(r"U\+([0-9A-F]{4,6})")
#: where a character without readings of its own borrows them, in this order
VARIANT_FIELDS = ("kTraditionalVariant", "kZVariant", "kSemanticVariant")

HEADER = """\
# Han character -> Sino-Korean (Hangul) readings, best first for a personal name.
# Derived and modified by borderwatch (scripts/build_hangul_readings.py) from the
# Unicode Han Database (Unihan), Unicode 15.0.0: fields kHangul and the variant fields.
# © 1991-2022 Unicode, Inc. Unicode Data Files, used under the Unicode License
# Agreement for Data Files and Software; see UNIHAN-LICENSE.md beside this file.
# Modified: readings reordered for names; characters without readings given those of
# their variants (column via). Regenerate with the script; do not edit.
character,readings,via
"""


class UnihanFormatError(ValueError):
    """A line of a Unihan file that does not read as the format says."""


def _fields(
    lines: Iterable[str], wanted: tuple[str, ...], source: str
) -> dict[str, dict[str, str]]:
    """Field -> character -> value, for the ``wanted`` fields of the lines of a Unihan file."""
    found: dict[str, dict[str, str]] = {field: {} for field in wanted}
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            raise UnihanFormatError(
                f"{source}:{number}: {line[:60]!r} is not 'U+XXXX<TAB>kField<TAB>value'; "
                "is this a Unihan file from Unicode 15?"
            )
        if match.group(2) in found:
            found[match.group(2)][chr(int(match.group(1), 16))] = match.group(3)
    return found


def ordered_readings(value: str, source: str = "kHangul") -> list[str]:
    """The syllables of one kHangul value, N-marked first, then E-marked, then the rest."""
    ranked: list[tuple[int, int, str]] = []
    for position, item in enumerate(value.split()):
        match = _READING.fullmatch(item)
        if match is None:
            raise UnihanFormatError(
                f"{source}: {item!r} in {value!r} is not 'syllable:sources marks' (UAX #38)"
            )
        marks = match.group(3)
        rank = 0 if "N" in marks else 1 if "E" in marks else 2
        ranked.append((rank, position, match.group(1)))
    return list(dict.fromkeys(syllable for _, _, syllable in sorted(ranked)))


def _variants(value: str, character: str) -> list[str]:
    """The characters named in a variant field's value, the character itself left out."""
    variants = [chr(int(code, 16)) for code in _CODE_POINT.findall(value)]
    return [v for v in variants if v != character]


def _borrowed(
    char: str, hangul: dict[str, list[str]], variants: dict[str, dict[str, str]]
) -> tuple[list[str], str]:
    """Readings of the first variants of ``char`` that have some, and those variants.

    Traditional variants first (龙 -> 龍); then, for the traditional form too,
    Z-variants and semantic variants (矿 -> 礦, which Korean writes 鑛).
    """
    traditional = _variants(variants[VARIANT_FIELDS[0]].get(char, ""), char)
    for field in VARIANT_FIELDS:
        for base in (char, *traditional) if field != VARIANT_FIELDS[0] else (char,):
            sources = [v for v in _variants(variants[field].get(base, ""), base) if v in hangul]
            if sources:
                syllables = list(dict.fromkeys(s for v in sources for s in hangul[v]))
                return syllables, "".join(dict.fromkeys(sources))
    return [], ""


def build(readings_lines: Iterable[str], variants_lines: Iterable[str]) -> str:
    """The text of the shipped table, from the lines of the two Unihan files."""
    values = _fields(readings_lines, ("kHangul",), "Unihan_Readings.txt")["kHangul"]
    hangul = {char: ordered_readings(value, f"kHangul of {char}") for char, value in values.items()}
    variants = _fields(variants_lines, VARIANT_FIELDS, "Unihan_Variants.txt")
    rows = {char: (syllables, "") for char, syllables in hangul.items()}
    for char in sorted(set().union(*variants.values()) - set(hangul)):
        syllables, via = _borrowed(char, hangul, variants)
        if syllables:
            rows[char] = (syllables, via)
    body = [f"{char},{' '.join(s)},{via}" for char, (s, via) in sorted(rows.items())]
    return HEADER + "\n".join(body) + "\n"


def _lines(path: Path) -> list[str]:
    with bz2.open(path, "rt", encoding="utf-8") as f:
        return f.readlines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--unihan", type=Path, default=UNIHAN, help="folder of the Unihan files")
    parser.add_argument("--out", type=Path, default=OUT, help="the table to write")
    args = parser.parse_args(argv)
    paths = [args.unihan / f"Unihan_{name}.txt.bz2" for name in ("Readings", "Variants")]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(
            f"{', '.join(missing)} not found: apt-get install unicode-data, or pass --unihan FOLDER",
            file=sys.stderr,
        )
        return 2
    try:
        text = build(_lines(paths[0]), _lines(paths[1]))
    except UnihanFormatError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    args.out.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
