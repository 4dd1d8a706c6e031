"""Small customs data sets in the public files' format, with a signal a ranker can learn."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from borderwatch.targeting.customs_data import COLUMNS, FILES

__all__ = ["row", "write_csv", "write_splits"]


def row(**values: object) -> dict[str, object]:
    """One declaration with plausible defaults; keyword names use _ for spaces."""
    base: dict[str, object] = {
        "Declaration ID": "1",
        "Date": "2020-01-01",
        "Office ID": "30",
        "Process Type": "B",
        "Import Type": "11",
        "Import Use": "21",
        "Payment Type": "11",
        "Mode of Transport": "10",
        "Declarant ID": "D1",
        "Importer ID": "I1",
        "Seller ID": "S1",
        "Courier ID": "",
        "HS6 Code": "440890",
        "Country of Departure": "CN",
        "Country of Origin": "CN",
        "Tax Rate": "8.0",
        "Tax Type": "A",
        "Country of Origin Indicator": "G",
        "Net Mass": "100.0",
        "Item Price": "1000.0",
        "Fraud": "0",
        "Critical Fraud": "0",
    }
    for name, value in values.items():
        base[name.replace("_", " ")] = value
    return base


def write_csv(
    path: Path, rows: list[dict[str, object]], columns: tuple[str, ...] = COLUMNS
) -> Path:
    """``rows`` as a CSV file with the given header."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_splits(
    folder: Path, sizes: tuple[int, int, int] = (600, 200, 200), seed: int = 0
) -> Path:
    """train/valid/test files in time order; importers I0-I9 commit fraud, the rest rarely."""
    rng = random.Random(seed)
    start = date(2020, 1, 1)
    number = 0
    for file, size in zip(FILES.values(), sizes, strict=True):
        rows = []
        for _ in range(size):
            number += 1
            importer = rng.randrange(60)
            fraud = int(rng.random() < (0.8 if importer < 10 else 0.08))
            critical = 2 if fraud and rng.random() < 0.1 else fraud
            rows.append(
                row(
                    Declaration_ID=str(number),
                    Date=(start + timedelta(days=number // 10)).isoformat(),
                    Importer_ID=f"I{importer}",
                    Declarant_ID=f"D{rng.randrange(20)}",
                    HS6_Code=rng.choice(["440890", "690722", "851712", "610910"]),
                    Net_Mass=f"{rng.uniform(1, 1000):.1f}",
                    Item_Price=f"{rng.uniform(100, 100000):.1f}",
                    Fraud=str(fraud),
                    Critical_Fraud=str(critical),
                )
            )
        write_csv(folder / file, rows)
    return folder
