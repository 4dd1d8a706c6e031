"""The rule-base versions over HTTP: everyone signed in reads them, only an admin chooses,
and the service screens with the store's current version, also when `borderwatch rules
load` changed it from another process (SQLite and PostgreSQL)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.rules.loader import shipped_rule_base
from borderwatch.service.app import create_app
from borderwatch.service.state import RECHECK_SECONDS
from borderwatch.settings import Settings
from borderwatch.store.audit import verify
from borderwatch.store.rule_bases import load_version, rule_base_history
from borderwatch.store.screenings import latest_screenings
from tests.cli.running import run_borderwatch
from tests.rules.building import copy_rule_base, cut_dandong_allowance
from tests.service.access.conftest import SETUP, add, audited, bearer, error_of, token_for
from tests.store.declaring import TWO_APPLIANCES as BUS

CHOICES = ScreeningChoices(regimes=["CN-PORT"], classify=False, learned=False, parties=False)


def test_only_an_admin_chooses_the_rule_base_and_everyone_reads_it(
    store: Engine, client: TestClient, tmp_path: Path
) -> None:
    one = load_version(store, copy_rule_base(tmp_path / "v1"), actor=SETUP).version
    two = load_version(
        store, cut_dandong_allowance(copy_rule_base(tmp_path / "v2")), actor=SETUP
    ).version
    for name, role, crossing in (
        ("kim", "admin", None),
        ("yun", "analyst", None),
        ("ri.yc", "officer", "dandong"),
    ):
        add(store, name, role, crossing)
    admin, analyst, officer = (
        bearer(token_for(store, n, c)[1])
        for n, c in (("kim", None), ("yun", None), ("ri.yc", "dandong"))
    )
    choice = {"version": one.content_hash[:8], "note": "amendment withdrawn"}

    for refused in (analyst, officer):
        error = error_of(client.post("/v1/rule-bases/current", json=choice, headers=refused), 403)
        assert error["code"] == "forbidden" and "needs admin" in error["message"]
    assert len(rule_base_history(store)) == 2 and audited(store) == []  # nothing written

    read = client.get("/v1/rule-bases", headers=analyst)
    assert read.status_code == 200, read.text
    body = read.json()
    assert body["current"]["content_hash"] == two.content_hash
    assert body["current"]["source"] == f"stored:{two.content_hash}"
    assert [v["id"] for v in body["versions"]] == [one.id, two.id]
    assert [s["reason"] for s in body["selections"]] == ["loaded", "loaded"]
    assert body["selections"][0]["chosen_at"].endswith("Z")

    chosen = client.post("/v1/rule-bases/current", json=choice, headers=admin)
    assert chosen.status_code == 200, chosen.text
    assert (chosen.json()["id"], chosen.json()["current"]) == (one.id, True)
    after = client.get("/v1/rule-bases", headers=officer).json()
    assert after["current"]["id"] == one.id
    assert after["selections"][-1] | {"chosen_at": None} == {
        "version_id": one.id,
        "content_hash": one.content_hash,
        "chosen_at": None,
        "reason": "rollback",
        "note": "amendment withdrawn",
        "chosen_by": "api:kim",
    }
    (record,) = audited(store)
    assert (record.actor, record.action, record.subject) == (
        "api:kim",
        "rules.use",
        f"stored:{one.content_hash}",
    )
    assert record.detail["replaced_version_id"] == two.id
    assert verify(store).intact

    missing = error_of(
        client.post("/v1/rule-bases/current", json={"version": "ffffffff"}, headers=admin), 404
    )
    assert "rules history" in missing["message"]
    error_of(client.post("/v1/rule-bases/current", json={"version": "../x"}, headers=admin), 422)
    error_of(client.get("/v1/rule-bases"), 401)


def test_the_service_screens_with_a_version_the_cli_or_an_admin_made_current(
    store: Engine, database_url: str, tmp_path: Path
) -> None:
    add(store, "kim", "admin")
    add(store, "ri.yc", "officer", "dandong")
    admin = bearer(token_for(store, "kim", None)[1])
    officer = bearer(token_for(store, "ri.yc", "dandong")[1])
    app = create_app(lambda: build_screener(CHOICES, database=store), store, Settings())
    with TestClient(app, raise_server_exceptions=False) as client:

        def screened() -> dict[str, Any]:
            response = client.post("/v1/screenings", json=BUS, headers=officer)
            assert response.status_code == 200, response.text
            result: dict[str, Any] = response.json()
            return result

        shipped = screened()
        assert shipped["rule_base"] == shipped_rule_base().version

        started = time.monotonic()
        loaded = run_borderwatch(
            "rules",
            "load",
            str(cut_dandong_allowance(copy_rule_base(tmp_path / "v2"))),
            env={"BORDERWATCH_DATABASE_URL": database_url},
        )
        assert loaded.returncode == 0, loaded.stderr
        (change,) = rule_base_history(store)
        time.sleep(max(0.0, RECHECK_SECONDS - (time.monotonic() - started)) + 0.05)
        stricter = screened()
        assert stricter["rule_base"] == change.version.content_hash
        source = stricter["configuration"]["rule_base_source"]
        assert source == f"stored:{change.version.content_hash}"
        assert stricter["verdict"] != shipped["verdict"]

        stored = client.post(
            "/v1/declarations", json=BUS, headers=officer | {"Idempotency-Key": "K1"}
        )
        assert stored.status_code == 201, stored.text
        (kept,) = latest_screenings(store)
        assert kept.result.rule_base == change.version.content_hash
        assert kept.result.configuration is not None
        assert kept.result.configuration.rule_base_source == change.version.source_name

        first = load_version(store, copy_rule_base(tmp_path / "v1"), actor=SETUP).version
        time.sleep(RECHECK_SECONDS + 0.05)
        assert screened()["rule_base"] == first.content_hash  # a change in this process too
        back = client.post(
            "/v1/rule-bases/current", json={"version": str(change.version.id)}, headers=admin
        )
        assert back.status_code == 200, back.text
        assert screened()["rule_base"] == change.version.content_hash  # at once: no wait
