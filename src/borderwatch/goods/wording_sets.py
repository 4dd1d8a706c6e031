"""Readers of the public sets of real wording labelled with HS codes.

Each set is read from a data folder laid out as the project's shared data
(``hs-descriptions/``, ``parcel-descriptions/``, ``tariff-schedules/``); the
package never needs them to classify: they train the ranker
(``scripts/train_ranker.py``) and measure it (``benchmarks/classify.py``,
``tests/goods``). Every row carries ``source``, ``lang`` and ``kind`` in its
``extra`` so results are reported per set, never pooled across sources.

- ``cbp``: CBP CROSS ruling subjects ("locker kits"), English, ``ruling`` phrases;
  ``extra["fold"]`` is a hash of the ruling number modulo 5 (fold 0 is held back);
- ``hmrc``: HMRC parcel and till descriptions ("alwys ultr sntry"), English;
  ``extra["half"]`` is ``dev`` or ``test`` by a hash of the description (the same
  description is always in the same half): the ranker's scores are calibrated on
  the dev half, never trained on either;
- ``kcs``: Korea Customs Service decisions, the product name as declared;
  ``extra["part"]`` names the source file (``regression`` or ``testset``);
- ``gacc``: China GACC classification decisions, the Chinese product name.

Codes that are not HS 2022 subheadings are skipped: they can never be matched.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from borderwatch.errors import RecordError
from borderwatch.goods.evaluation import LabelledDescription
from borderwatch.reference.hs import nomenclature

__all__ = ["WORDING_SETS", "fold_of", "read_wording_set"]

WORDING_SETS = ("cbp", "hmrc", "kcs", "gacc")


def fold_of(key: str, folds: int = 5) -> int:
    """A stable fold number for ``key`` (SHA-256, so the same on every machine)."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % folds


def _row(description: str, code: str, **extra: str) -> LabelledDescription | None:
    hs6 = "".join(ch for ch in code if ch.isdigit())[:6]
    if len(hs6) != 6 or hs6 not in nomenclature() or not description.strip():
        return None
    return LabelledDescription(" ".join(description.split()), hs6, extra)


def _csv_rows(path: Path, columns: tuple[str, str], encoding: str) -> Iterator[tuple[str, str]]:
    """The two ``columns`` (description, code) of each row of a published CSV file,
    refused by file and header when the header lacks either."""
    with path.open(encoding=encoding, newline="") as stream:
        reader = csv.DictReader(stream)
        header = list(reader.fieldnames or ())
        if not all(c in header for c in columns):
            raise RecordError(
                source=str(path),
                line=1,
                field="header",
                value=header,
                problem=f"the header must name {' and '.join(repr(c) for c in columns)}",
                hint="Use the file as published (see its SOURCES.md).",
            )
        for row in reader:
            yield row.get(columns[0]) or "", row.get(columns[1]) or ""


def _cbp(folder: Path) -> Iterator[LabelledDescription | None]:
    path = folder / "hs-descriptions" / "cbp_cross_rulings_hs6.jsonl"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            record = json.loads(line)
            ruling, subject, hs6 = (str(record[k]) for k in ("ruling", "subject", "hs6"))
        except (ValueError, KeyError, TypeError) as exc:
            raise RecordError(
                source=str(path),
                line=number,
                field="ruling, subject, hs6",
                value=line[:80],
                problem=f"not a ruling record ({exc})",
                hint="Each line must be a JSON object with ruling, subject and hs6.",
            ) from exc
        fold = str(fold_of(ruling))
        yield _row(subject, hs6, source="cbp", lang="en", kind="ruling", fold=fold)


def _hmrc(folder: Path) -> Iterator[LabelledDescription | None]:
    path = folder / "parcel-descriptions" / "uk_fpo_parcel_items.csv"
    for description, code in _csv_rows(path, ("Goods Description", "Commodity Code"), "utf-8"):
        half = "dev" if fold_of(description.strip().lower(), 2) == 0 else "test"
        yield _row(description, code, source="hmrc", lang="en", kind="parcel", half=half)


def _kcs(folder: Path) -> Iterator[LabelledDescription | None]:
    for part in ("regression", "testset"):
        path = folder / "tariff-schedules" / "kr" / f"kcs_rulings_sample_{part}.csv"
        for name, code in _csv_rows(path, ("품명", "결정세번_정규화"), "utf-8-sig"):
            yield _row(name, code, source="kcs", lang="ko", kind="decision", part=part)


def _gacc(folder: Path) -> Iterator[LabelledDescription | None]:
    path = folder / "tariff-schedules" / "cn" / "decisions_gacc_25.json"
    for number, record in enumerate(json.loads(path.read_text("utf-8"))["decisions"], start=1):
        if not isinstance(record, dict) or "name" not in record or "hs" not in record:
            raise RecordError(
                source=str(path),
                line=None,
                field=f"decisions[{number - 1}]",
                value=record,
                problem="a decision lacks 'name' or 'hs'",
                hint="Each decision must name the goods ('name') and their code ('hs').",
            )
        yield _row(
            str(record["name"]), str(record["hs"]), source="gacc", lang="zh", kind="decision"
        )


_READERS = {"cbp": _cbp, "hmrc": _hmrc, "kcs": _kcs, "gacc": _gacc}


def read_wording_set(name: str, folder: Path) -> list[LabelledDescription]:
    """The rows of set ``name`` (one of :data:`WORDING_SETS`) under ``folder``."""
    if name not in _READERS:
        raise ValueError(f"unknown wording set {name!r}; choose one of {', '.join(WORDING_SETS)}")
    return [row for row in _READERS[name](folder) if row is not None]
