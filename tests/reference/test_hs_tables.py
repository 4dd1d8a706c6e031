"""The shipped HS version tables: what the script writes from ../shared, and what they hold."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath

from borderwatch.reference.hs import nomenclature
from borderwatch.reference.hs_versions import version_tables

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "borderwatch" / "reference" / "data"
SCRIPT = ROOT / "scripts" / "hs_correlation.py"


def test_the_shipped_tables_are_what_the_script_writes(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "hs-correlation"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--source", str(source), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["hs2012-hs2017.csv", "hs2017-hs2022.csv"]
    for name in written:
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), (
            f"{name} differs from what scripts/hs_correlation.py writes: run it and commit"
        )


def test_the_inverted_tables_agree_with_the_ones_in_shared(shared_data: Path) -> None:
    """The shared folder's own inversions, read independently, hold the same lists."""
    tables = version_tables()
    for name, ours in (
        ("reverse_HS2017_to_HS2022_candidates.csv", tables.to_2022),
        ("reverse_HS2012_to_HS2017_candidates.csv", tables.to_2017),
    ):
        lines = (shared_data / "hs-correlation" / name).read_text(encoding="utf-8").splitlines()
        theirs = {old: tuple(new.split()) for old, new in (r.split(",") for r in lines[1:])}
        theirs.pop("999999")
        assert {k: v for k, v in ours.items() if v} == theirs


def test_what_the_tables_hold() -> None:
    tables = version_tables()
    to_2022, to_2017 = tables.to_2022, tables.to_2017
    assert len(to_2022) == 5387 and len(to_2017) == 5193
    assert sum(len(v) > 1 for v in to_2022.values()) == 122
    assert sum(len(v) == 1 and v != (k,) for k, v in to_2022.items()) == 56
    assert sum(not v for v in to_2022.values()) == 26
    assert sum(len(v) > 1 for v in to_2017.values()) == 108
    # every successor is a code of the version it is said to be of
    hs2022 = set(nomenclature().subheadings)
    assert {c for v in to_2022.values() for c in v} <= hs2022
    assert {c for v in to_2017.values() for c in v} <= set(to_2022)
    # the spot checks of ../shared/data/hs-correlation/SOURCES.md, seen from the older side
    assert to_2022["030510"] == ("030910",)
    assert to_2022["040310"] == ("040320",)
    assert "851713" in to_2022["851712"]
    assert "240412" in to_2022["382499"]


def test_the_tables_and_their_sources_note_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["borderwatch"]
    files = sorted(p.name for p in SHIPPED.iterdir())
    assert files == ["SOURCES.md", "hs2012-hs2017.csv", "hs2017-hs2022.csv"]
    for name in files:
        path = PurePosixPath("reference", "data", name)
        assert any(path.match(p) for p in patterns), f"{path} is not in package-data"
