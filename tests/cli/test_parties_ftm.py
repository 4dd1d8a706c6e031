"""`parties match --format ftm`: matches and parties written as FollowTheMoney entities."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.running import run_borderwatch
from tests.parties.test_ftm_export import _problems

NESTED = Path(__file__).resolve().parents[1] / "data" / "parties" / "ftm-nested-sample.json"
QUERIES = "\n".join(
    json.dumps(q)
    for q in (
        {"id": "1", "name": "Choe Chun Yong", "nationality": "KP"},
        {"id": "2", "name": "Pak Min Ho", "id_number": "654 410 078"},
    )
)


def _match(tmp_path: Path, *options: str) -> list[dict[str, object]]:
    env = {"BORDERWATCH_DATA_DIR": str(tmp_path), "BORDERWATCH_DATABASE_URL": None}
    done = run_borderwatch(
        "parties", "match", "-", "--list", str(NESTED), *options, stdin=QUERIES, env=env
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_results_and_queries_are_valid_ftm_entities(tmp_path: Path) -> None:
    lines = _match(tmp_path, "--format", "ftm")
    assert [line["id"] for line in lines] == ["1", "2"]
    for line in lines:
        query = line["query"]
        assert isinstance(query, dict) and _problems(query, {query["id"]}) == []
        results = line["results"]
        assert isinstance(results, list) and results
        best = results[0]
        assert best["id"] == "bw-nested-kpi-054" and best["match"] is True
        entity = {k: best[k] for k in ("id", "schema", "properties")}
        assert _problems(entity, {entity["id"]}) == []


def test_a_document_number_alone_finds_its_entry_in_the_json_lines(tmp_path: Path) -> None:
    renamed = _match(tmp_path)[1]
    assert renamed["matches"][0]["ref"] == "bw-nested-kpi-054"  # type: ignore[index]
