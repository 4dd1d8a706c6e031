"""Derive the classifier's multilingual label texts from four national tariff schedules.

Reads ../shared/data/tariff-schedules/ (China 2026 in Chinese, Korea HSK 2026 in Korean
and English, US HTSUS 2026 and EU CN 2023 in English; see its SOURCES.md) and writes
src/borderwatch/goods/data/tariff-labels/<source>.tsv.gz: one line per national tariff
line, ``hs6<TAB>text``, where hs6 is the HS 2022 subheading the line belongs to (its
first six digits) and text names the goods of that line on its own:

- cn: 商品名称 of each 10-digit line;
- kr: the Korean parent path and name of each HSK line, then its English name;
- us: the HTSUS description path (indent-relative texts joined from the heading down);
- eu: the Eurostat self-explanatory text of each CN 8-digit code.

Lines whose first six digits are no HS 2022 subheading (US chapters 98-99, national
codes) are dropped and counted. The files are gzip'd without a timestamp, so running
the script twice gives the same bytes.

Usage: python scripts/build_tariff_labels.py [--shared ../shared/data] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "borderwatch" / "goods" / "data" / "tariff-labels"

Line = tuple[str, str]


def _digits(code: str) -> str:
    return re.sub(r"\D", "", code)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\t", " ")).strip().rstrip(":").strip()


def china(folder: Path) -> Iterator[Line]:
    """Each 10-digit line's Chinese name."""
    with (folder / "cn" / "cn_tariff_2026_10digit_zh.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            yield _digits(row["code10"])[:6], _clean(row["name_zh"])


def korea(folder: Path) -> Iterator[Line]:
    """Each HSK line: Korean parent path and name (a bare "기타" reads through its
    parents), then the English name."""
    with (folder / "kr" / "hsk_codes_2026.csv").open(encoding="utf-8-sig") as stream:
        for row in csv.DictReader(stream):
            korean = f"{row['상위설명']} > {row['품목명']}"
            english = row["영문품목명"]
            text = korean if english.strip().lower() == "other" else f"{korean} | {english}"
            yield _digits(row["hs6"]), _clean(text)


def united_states(folder: Path) -> Iterator[Line]:
    """Each HTSUS leaf line with the texts of the lines above it (indents walked)."""
    path = folder / "us" / "hts_2026_revision_4.csv"
    with path.open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    stack: list[str] = []
    for number, row in enumerate(rows):
        indent = int(row["Indent"] or 0)
        del stack[indent:]
        stack.append(_clean(row["Description"]))
        code = _digits(row["HTS Number"])
        following = rows[number + 1] if number + 1 < len(rows) else None
        leaf = following is None or int(following["Indent"] or 0) <= indent
        if leaf and len(code) >= 6:
            yield code[:6], " > ".join(t for t in stack if t)


def europe(folder: Path) -> Iterator[Line]:
    """Each CN 8-digit code's self-explanatory text."""
    with (folder / "eu" / "cn2023_en_self_explanatory.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter=";"):
            yield _digits(row["code"])[:6], _clean(row["description"])


SOURCES = {"cn": china, "kr": korea, "us": united_states, "eu": europe}


def hs2022_subheadings(shared: Path) -> set[str]:
    """The HS 2022 six-digit codes (../shared/data/harmonized-system, level 6)."""
    with (shared / "harmonized-system" / "harmonized-system.csv").open(encoding="utf-8") as s:
        return {r["hscode"] for r in csv.DictReader(s) if r["level"] == "6"}


def write(lines: list[Line], target: Path) -> None:
    """``lines`` as gzip'd TSV with no timestamp in the header (reproducible bytes)."""
    text = "".join(f"{hs6}\t{label}\n" for hs6, label in lines)
    with (
        target.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as packed,
    ):
        packed.write(text.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    valid = hs2022_subheadings(args.shared)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, read in SOURCES.items():
        kept: dict[Line, None] = {}
        dropped = 0
        for hs6, label in read(args.shared / "tariff-schedules"):
            if hs6 in valid and label:
                kept[(hs6, label)] = None
            else:
                dropped += 1
        lines = sorted(kept)
        target = args.out / f"{name}.tsv.gz"
        write(lines, target)
        codes = len({hs6 for hs6, _ in lines})
        print(
            f"{name}: {len(lines)} lines over {codes} subheadings, {dropped} dropped "
            f"(not HS 2022 or empty); {target.stat().st_size / 1e6:.2f} MB"
        )


if __name__ == "__main__":
    main()
