"""`screen --format ftm`: each declaration's parties written as FollowTheMoney entities."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.running import run_borderwatch
from tests.parties.test_ftm_export import _problems

NESTED = Path(__file__).resolve().parents[1] / "data" / "parties" / "ftm-nested-sample.json"
BAGGAGE = {
    "id": "B1",
    "date": "2019-02-12",
    "crossing": "dandong",
    "direction": "export",
    "country": "KP",
    "channel": "baggage",
    "traveller": {
        "name": "Choe Chun Yong",
        "category": "returning_worker",
        "employer": "Sunrise Textile Trading",
    },
    "items": [{"id": "1", "description": "rice cooker", "hs": "851660"}],
}


def _screen(tmp_path: Path, *options: str) -> list[dict[str, Any]]:
    env = {"BORDERWATCH_DATA_DIR": str(tmp_path), "BORDERWATCH_DATABASE_URL": None}
    done = run_borderwatch(
        "screen", "-", "--format", "ftm", *options, stdin=json.dumps(BAGGAGE), env=env
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_each_party_is_the_entity_queried_with_its_scored_listed_entities(tmp_path: Path) -> None:
    (line,) = _screen(tmp_path, "--list", str(NESTED))
    assert line["id"] == "B1" and line["verdict"] != "clear"
    assert [p["role"] for p in line["parties"]] == ["traveller", "employer"]
    traveller, employer = line["parties"]
    for party in (traveller, employer):
        query = party["query"]
        assert query["id"] == f"B1-{party['role']}"
        assert _problems(query, {query["id"]}) == []
    assert traveller["query"]["properties"]["name"] == ["Choe Chun Yong"]
    assert employer["query"]["schema"] == "Organization"
    best = traveller["results"][0]
    assert best["id"] == "bw-nested-kpi-054" and best["match"] is True
    assert best["features"]["name"] == best["score"]
    # the listed entry's own facts, not only the name that matched
    assert best["properties"]["passportNumber"] == ["654410078"]
    entity = {k: best[k] for k in ("id", "schema", "properties")}
    assert _problems(entity, {entity["id"]}) == []
    assert employer["results"] == []  # screened, and nothing listed is near it


def test_parties_left_out_are_not_written_as_cleared(tmp_path: Path) -> None:
    (line,) = _screen(tmp_path, "--no-parties")
    assert [p["results"] for p in line["parties"]] == [None, None]
    assert [p["query"]["id"] for p in line["parties"]] == ["B1-traveller", "B1-employer"]
