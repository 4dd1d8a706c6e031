"""`lists entry|search|export`: a listed entity in full, ranked look-ups, FtM out."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.running import run_borderwatch

DATA = Path(__file__).resolve().parents[1] / "data" / "parties"


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {"BORDERWATCH_DATA_DIR": str(data_dir), "BORDERWATCH_DATABASE_URL": None}
    return run_borderwatch(*args, env=env)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the UN sample and the nested FtM sample, both current."""
    data = tmp_path_factory.mktemp("lookup") / "data"
    for name in ("un-sample.xml", "ftm-nested-sample.json"):
        done = run("lists", "load", str(DATA / name), data_dir=data)
        assert done.returncode == 0, done.stderr
    return data


def test_an_entry_is_shown_in_full(loaded: Path) -> None:
    done = run("lists", "entry", "KPi.901", data_dir=loaded)
    assert done.returncode == 0, done.stderr
    for shown in ("PAK SO’NG-CH’O’L", "Pak Song Chol", "1971-04-12", "927100431", "DPRK",
                  "2017-08-05", "un-xml:2025-01-31"):  # fmt: skip
        assert shown in done.stdout, shown


def test_an_entry_as_json_names_its_snapshot(loaded: Path) -> None:
    done = run("lists", "entry", "bw-nested-kpi-054", "--json", data_dir=loaded)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    found = json.loads(line)
    assert found["entry"]["documents"] == [
        {"number": "654410078", "type": "Passport", "country": "KP"}
    ]
    assert found["entry"]["listed_on"] == "2017-08-05"
    assert found["snapshot"]["current"] is True
    assert found["snapshot"]["source"].endswith("ftm-nested-sample.json")


def test_an_unknown_reference_says_where_it_looked_and_what_to_do(loaded: Path) -> None:
    done = run("lists", "entry", "KPi.999", data_dir=loaded)
    assert done.returncode != 0
    assert "no entry 'KPi.999' in the 2 current snapshot(s)" in done.stderr
    assert "borderwatch lists search NAME" in done.stderr


#: (arguments, expected first reference, why)
SEARCHES = [
    (["Pak Song Chol"], "KPi.901", "a listed alias"),
    (["Choe Chun Yong"], "bw-nested-kpi-054", "a name in the nested list"),
    (["--document", "927 100 431"], "KPi.901", "a passport number alone, spaced"),
    (["--document", "KP-654410078"], "bw-nested-kpi-054", "a passport with its country"),
    (["--document", "IMO5434358", "--schema", "Organization"], "bw-nested-kpe-066",
     "a registration number alone"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "first", "why"), SEARCHES)
def test_search_ranks_entries_with_scores_and_reasons(
    loaded: Path, args: list[str], first: str, why: str
) -> None:
    done = run("lists", "search", *args, "--json", data_dir=loaded)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert results and results[0]["ref"] == first, why
    assert results[0]["explanation"], why
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


def test_search_needs_a_name_or_a_number(loaded: Path) -> None:
    done = run("lists", "search", data_dir=loaded)
    assert done.returncode != 0
    assert "give a NAME, --document NUMBER or both" in done.stderr


def test_export_writes_linked_ftm_entities(loaded: Path) -> None:
    done = run("lists", "export", data_dir=loaded)
    assert done.returncode == 0, done.stderr
    entities = [json.loads(line) for line in done.stdout.splitlines()]
    ids = {e["id"] for e in entities}
    targets = [e for e in entities if e["schema"] in ("Person", "Organization", "Vessel")]
    assert len(targets) == 6  # three entries in each sample
    for entity in entities:
        for link in ("holder", "entity"):
            assert set(entity["properties"].get(link, [])) <= ids
