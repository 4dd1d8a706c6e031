"""Write the HS version tables borderwatch ships, from the UN conversion tables in ../shared.

Reads ``conversion_HS2022_to_HS2017_hs6.csv`` and ``conversion_HS2017_to_HS2012_hs6.csv``
(UNSD conversion tables as packaged by the R package "concordance"; see SOURCES.md
beside them) and writes, into ``src/borderwatch/reference/data/``:

- ``hs2017-hs2022.csv``: every HS 2017 subheading and the HS 2022 subheadings that
  the conversion table derives from it, space-separated; empty when the table
  derives none (the code's content went into subheadings listed under another code);
- ``hs2012-hs2017.csv``: every HS 2012 subheading some HS 2017 subheading derives
  from, and those HS 2017 subheadings.

The conversion tables give each newer code one older code; inverting them gives the
older code's candidates, with the caveats in the shipped SOURCES.md. The statistical
code 999999 is left out. tests/reference/test_hs_tables.py runs this script on
../shared and fails when the shipped files differ from what it writes.

Usage: python scripts/hs_correlation.py [--source ../shared/data/hs-correlation] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "hs-correlation"
OUT = ROOT / "src" / "borderwatch" / "reference" / "data"

#: (input file, its newer column, its older column, shipped file)
TABLES = (
    ("conversion_HS2022_to_HS2017_hs6.csv", "HS2022", "HS2017", "hs2017-hs2022.csv"),
    ("conversion_HS2017_to_HS2012_hs6.csv", "HS2017", "HS2012", "hs2012-hs2017.csv"),
)
#: "commodities not specified": a statistical code, in no HS version
NOT_HS = "999999"


def _pairs(path: Path, newer: str, older: str) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    pairs = []
    for number, row in enumerate(rows, start=2):
        new, old = row[newer].strip(), row[older].strip()
        for code in (new, old):
            if len(code) != 6 or not code.isdigit():
                raise SystemExit(f"{path}:{number}: {code!r} is not a six-digit code")
        if NOT_HS not in (new, old):
            pairs.append((new, old))
    return pairs


def build(source: Path) -> dict[str, str]:
    """File name -> text of each shipped table, from the conversion tables in ``source``."""
    hs2017 = sorted({new for new, _ in _pairs(source / TABLES[1][0], "HS2017", "HS2012")})
    written = {}
    for name, newer, older, out in TABLES:
        successors: dict[str, list[str]] = {}
        if older == "HS2017":
            successors = {code: [] for code in hs2017}  # codes with no successor stay listed
        for new, old in _pairs(source / name, newer, older):
            successors.setdefault(old, []).append(new)
        lines = [f"{older.lower()},{newer.lower()}"]
        lines += [f"{old},{' '.join(sorted(new))}" for old, new in sorted(successors.items())]
        written[out] = "\n".join(lines) + "\n"
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder of the UN tables")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the tables")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(f"{args.source} not found; pass --source FOLDER", file=sys.stderr)
        return 2
    for name, text in build(args.source).items():
        (args.out / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {args.out / name} ({text.count(chr(10)) - 1} codes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
