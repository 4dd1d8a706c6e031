"""The public Customs Import Declaration Datasets (Jeong et al., arXiv:2208.02484), read strictly.

Three CSV files, split by date: ``df_syn_train_eng.csv`` (2020),
``df_syn_valid_eng.csv`` (2021 Q1) and ``df_syn_test_eng.csv`` (2021 Q2), with
the 22 columns of :data:`COLUMNS`. Each file becomes a :class:`CustomsSplit`:
one numpy array per column. Any problem is a :class:`~borderwatch.errors.RecordError`
naming the file, the line, the column and the value, and saying what to do;
nothing is skipped silently.

The synthetic set has no revenue column: the value at stake in a declaration
is its ``Item Price``.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt

from borderwatch.errors import RecordError

__all__ = [
    "CATEGORICAL",
    "COLUMNS",
    "FILES",
    "NUMERIC",
    "CustomsSplit",
    "load_customs_splits",
    "read_customs_csv",
]

#: the categorical columns, kept as text (codes and identifiers; Seller and Courier may be empty)
CATEGORICAL = (
    "Office ID",
    "Process Type",
    "Import Type",
    "Import Use",
    "Payment Type",
    "Mode of Transport",
    "Declarant ID",
    "Importer ID",
    "Seller ID",
    "Courier ID",
    "HS6 Code",
    "Country of Departure",
    "Country of Origin",
    "Tax Type",
    "Country of Origin Indicator",
)
#: the numeric columns, as float64
NUMERIC = ("Tax Rate", "Net Mass", "Item Price")
#: the header of every file, in the published order
COLUMNS = (
    "Declaration ID",
    "Date",
    "Office ID",
    "Process Type",
    "Import Type",
    "Import Use",
    "Payment Type",
    "Mode of Transport",
    "Declarant ID",
    "Importer ID",
    "Seller ID",
    "Courier ID",
    "HS6 Code",
    "Country of Departure",
    "Country of Origin",
    "Tax Rate",
    "Tax Type",
    "Country of Origin Indicator",
    "Net Mass",
    "Item Price",
    "Fraud",
    "Critical Fraud",
)
#: split name -> file name in the data folder, in time order
FILES = {
    "train": "df_syn_train_eng.csv",
    "valid": "df_syn_valid_eng.csv",
    "test": "df_syn_test_eng.csv",
}
_CRITICAL = {"0": 0, "1": 1, "2": 2}
_FRAUD = {"0": 0, "1": 1}
_MAX_FIELD = 1_000


@dataclass(frozen=True)
class CustomsSplit:
    """One file of declarations, column by column (row i of every array is one declaration)."""

    source: str
    #: days since 1970-01-01, int64
    day: npt.NDArray[np.int64]
    #: column name -> text values (object array of str), for :data:`CATEGORICAL`
    text: dict[str, npt.NDArray[np.object_]]
    #: column name -> float64 values, for :data:`NUMERIC`
    number: dict[str, npt.NDArray[np.float64]]
    #: 1 for a fraudulent declaration, 0 otherwise (int8)
    fraud: npt.NDArray[np.int8]
    #: 0 none, 1 fraud, 2 critical fraud (int8)
    critical: npt.NDArray[np.int8]

    def __len__(self) -> int:
        return len(self.fraud)

    @property
    def value(self) -> npt.NDArray[np.float64]:
        """What each declaration is worth: its Item Price (the set has no revenue column)."""
        return self.number["Item Price"]


def _error(
    source: str, line: int | None, column: str, value: object, problem: str, hint: str
) -> RecordError:
    shown = value if not isinstance(value, str) or len(value) <= 80 else value[:77] + "..."
    return RecordError(
        source=source, line=line, field=column, value=shown, problem=problem, hint=hint
    )


def _day(source: str, line: int, text: str) -> int:
    try:
        return date.fromisoformat(text).toordinal() - 719_163  # 1970-01-01
    except ValueError:
        raise _error(
            source, line, "Date", text, "not a date", "Write dates as YYYY-MM-DD."
        ) from None


def _number(source: str, line: int, column: str, text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise _error(
            source,
            line,
            column,
            text,
            "not a non-negative number",
            "Write a plain number such as 1234.5 (no thousands separators, no units).",
        )
    return number


def _header(source: str, header: Sequence[str] | None) -> list[str]:
    if header is None:
        raise _error(
            source,
            1,
            "(header)",
            "",
            "the file is empty",
            f"Expected a header row: {', '.join(COLUMNS)}.",
        )
    names = [name.strip().lstrip("\ufeff") for name in header]
    missing = [name for name in COLUMNS if name not in names]
    if missing:
        raise _error(
            source,
            1,
            missing[0],
            None,
            f"column missing (all missing: {', '.join(missing)})",
            f"The header must name these columns: {', '.join(COLUMNS)}.",
        )
    return names


def read_customs_csv(lines: Iterable[str], source: str) -> CustomsSplit:
    """One split from CSV text lines; ``source`` names it in errors."""
    rows = csv.reader(lines)
    try:
        names = _header(source, next(rows, None))
    except csv.Error as exc:
        raise _error(
            source, 1, "(header)", "", f"not CSV ({exc})", "Save the file as CSV."
        ) from None
    where = {name: names.index(name) for name in COLUMNS}
    days: list[int] = []
    text: dict[str, list[str]] = {name: [] for name in CATEGORICAL}
    number: dict[str, list[float]] = {name: [] for name in NUMERIC}
    fraud: list[int] = []
    critical: list[int] = []
    line = 1
    while True:
        try:
            row = next(rows, None)
        except csv.Error as exc:
            raise _error(
                source,
                rows.line_num,
                "(line)",
                "",
                f"not CSV ({exc})",
                "Fix the quoting of this line.",
            ) from None
        if row is None:
            break
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            raise _error(
                source,
                line,
                "(line)",
                len(row),
                f"{len(row)} fields where the header has {len(names)}",
                "Every row needs one value per column; quote values that contain commas.",
            )
        for name in CATEGORICAL:
            value = row[where[name]].strip()
            if len(value) > _MAX_FIELD:
                raise _error(source, line, name, value, "too long", "Codes and ids are short.")
            text[name].append(value)
        days.append(_day(source, line, row[where["Date"]].strip()))
        for name in NUMERIC:
            number[name].append(_number(source, line, name, row[where[name]].strip()))
        label = row[where["Fraud"]].strip()
        if label not in _FRAUD:
            raise _error(
                source,
                line,
                "Fraud",
                label,
                "unknown label",
                "Fraud must be 0 (none) or 1 (fraud).",
            )
        grade = row[where["Critical Fraud"]].strip()
        if grade not in _CRITICAL:
            raise _error(
                source,
                line,
                "Critical Fraud",
                grade,
                "unknown label",
                "Critical Fraud must be 0 (none), 1 (fraud) or 2 (critical fraud).",
            )
        if (_FRAUD[label] == 1) != (_CRITICAL[grade] > 0):
            raise _error(
                source,
                line,
                "Critical Fraud",
                grade,
                f"disagrees with Fraud = {label}",
                "Critical Fraud is 1 or 2 exactly when Fraud is 1.",
            )
        fraud.append(_FRAUD[label])
        critical.append(_CRITICAL[grade])
    if len(fraud) < 2:
        raise _error(
            source,
            line,
            "(rows)",
            len(fraud),
            f"{len(fraud)} declaration(s): too few to measure",
            "Give the whole split; targeting is measured on thousands of declarations.",
        )
    return CustomsSplit(
        source=source,
        day=np.asarray(days, dtype=np.int64),
        text={name: np.asarray(values, dtype=object) for name, values in text.items()},
        number={name: np.asarray(values, dtype=np.float64) for name, values in number.items()},
        fraud=np.asarray(fraud, dtype=np.int8),
        critical=np.asarray(critical, dtype=np.int8),
    )


def _read_file(path: Path) -> CustomsSplit:
    source = str(path)
    if not path.is_file():
        raise _error(
            source,
            None,
            "(file)",
            path.name,
            "no such file",
            f"The data folder needs {', '.join(FILES.values())} "
            "(from github.com/Seondong/Customs-Declaration-Datasets, branch en).",
        )
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            return read_customs_csv(stream, source)
    except UnicodeDecodeError as exc:
        raise _error(
            source,
            None,
            "(file)",
            path.name,
            f"not UTF-8 text ({exc.reason})",
            "Save it as UTF-8 CSV.",
        ) from None


def load_customs_splits(folder: Path) -> dict[str, CustomsSplit]:
    """train, valid and test from ``folder``, checked: both classes in train, dates in order."""
    splits = {name: _read_file(folder / file) for name, file in FILES.items()}
    train = splits["train"]
    if len(np.unique(train.fraud)) < 2:
        raise _error(
            train.source,
            None,
            "Fraud",
            int(train.fraud[0]),
            "the training split has a single class",
            "Training needs both fraudulent (1) and clean (0) declarations.",
        )
    for earlier, later in (("train", "valid"), ("valid", "test")):
        if splits[earlier].day.max() > splits[later].day.min():
            raise _error(
                splits[later].source,
                None,
                "Date",
                str(date.fromordinal(int(splits[later].day.min()) + 719_163)),
                f"earlier than the last date of the {earlier} split",
                "The splits must follow each other in time: train < valid < test.",
            )
    return splits
