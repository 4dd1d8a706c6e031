"""The enforcing states' own DPRK regimes: where they bind, what their profiles
select, and what an officer is told when a regime is left out."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from borderwatch.engine.screen import screen_declaration
from borderwatch.model import Declaration, Verdict
from borderwatch.model.measure import Measure
from borderwatch.rules.loader import RuleBase, shipped_rule_base
from tests.cli.running import run_borderwatch

NATIONAL = {"EU": "eu", "US": "us", "JP": "jp", "KR": "kr"}


@pytest.fixture(scope="module")
def rule_base() -> RuleBase:
    return shipped_rule_base()


def _declaration(
    crossing: str, day: str, direction: str, *items: dict[str, Any], channel: str = "cargo"
) -> Declaration:
    return Declaration.model_validate(
        {
            "id": "N1",
            "date": day,
            "crossing": crossing,
            "direction": direction,
            "country": "KP",
            "channel": channel,
            "items": [
                {"id": str(i + 1), "description": "goods", **item} for i, item in enumerate(items)
            ],
        }
    )


def _measures(rule_base: RuleBase, regime: str) -> list[Measure]:
    return [m for m in rule_base.measures if m.regime == regime]


def test_each_enforcing_state_has_a_profile_of_the_un_and_its_own_regime(
    rule_base: RuleBase,
) -> None:
    for regime, profile in NATIONAL.items():
        assert rule_base.profiles[profile] == ("UN", regime)
        assert rule_base.regimes[regime].kind == "law"
        assert _measures(rule_base, regime), f"{regime} has no measures"
    assert set(rule_base.profiles["monitor"]) == set(rule_base.regimes)
    assert rule_base.profiles["china-customs"] == ("UN", "CN", "CN-PORT")


def test_the_eu_binds_in_its_27_member_states_only(rule_base: RuleBase) -> None:
    eu = rule_base.regimes["EU"]
    assert isinstance(eu.jurisdiction, tuple) and len(set(eu.jurisdiction)) == 27
    assert not any(eu.binds_in(c) for c in ("CN", "US", "JP", "KR", "GB", "CH", "NO"))


def test_every_national_regime_binds_at_one_of_its_own_crossings(rule_base: RuleBase) -> None:
    for regime in NATIONAL:
        binding = [
            c for c in rule_base.crossings.values() if rule_base.regimes[regime].binds_in(c.country)
        ]
        assert binding, f"no crossing where {regime} binds"
        assert all(c.counterpart == "KP" and c.modes for c in binding)
    chinese = [c.id for c in rule_base.crossings.values() if c.country == "CN"]
    assert sorted(chinese) == ["changbai", "dandong", "hunchun"]


def test_national_measures_say_where_their_facts_come_from(rule_base: RuleBase) -> None:
    for regime in NATIONAL:
        for m in _measures(rule_base, regime):
            assert m.source.strip() and (m.verification or "").strip(), m.id
            for e in m.exemptions:
                assert e.conditions.decidable() or e.conditions.to_verify, e.id


def test_a_low_confidence_national_ban_never_prohibits(rule_base: RuleBase) -> None:
    low = [m for r in NATIONAL for m in _measures(rule_base, r) if m.confidence == "low"]
    assert {m.id for m in low} >= {"KR-5.24-trade-suspension"}
    for hs in ("030791", "610910", "847130", "271019"):
        for direction in ("export", "import"):
            result = screen_declaration(
                _declaration("dorasan", "2012-03-01", direction, {"hs": hs}),
                rule_base,
                regimes=["KR"],
            )
            assert result.items[0].verdict is Verdict.REFER


def test_a_un_only_clear_names_the_national_luxury_list_left_out(rule_base: RuleBase) -> None:
    for crossing, day, measure in (
        ("rotterdam", "2019-01-10", "EU-1509-Art10-luxury-export"),
        ("niigata", "2007-06-01", "JP-FEFTA-luxury-export-ban"),
    ):
        decl = _declaration(crossing, day, "export", {"hs": "160431"})
        (item,) = screen_declaration(decl, rule_base, regimes=["UN"]).items
        assert item.verdict is Verdict.CLEAR
        (reason,) = [r for r in item.reasons if "luxury goods are defined nationally" in r]
        assert reason.startswith("not on a UN annex") and f"{measure} (" in reason
        assert "would give prohibited" in reason
        (item,) = screen_declaration(decl, rule_base, regimes=None).items
        assert item.verdict is Verdict.PROHIBITED
        assert [b.measure for b in item.legal_basis] == [measure]


def test_the_eu_oil_ban_and_the_un_cap_disagree_and_the_verdict_follows_the_selection(
    rule_base: RuleBase,
) -> None:
    decl = _declaration("rotterdam", "2019-01-10", "export", {"hs": "271020"})
    under_un = screen_declaration(decl, rule_base, regimes=["UN"]).items[0]
    under_eu = screen_declaration(decl, rule_base, regimes=list(rule_base.profiles["eu"])).items[0]
    assert under_un.verdict is Verdict.LICENCE_REQUIRED
    assert under_eu.verdict is Verdict.PROHIBITED
    assert {b.measure for b in under_eu.legal_basis} == {
        "EU-1509-Art16d-refined-petroleum-export",
        "UN-2397-OP5-refined-petroleum-cap",
    }


def test_national_measures_never_reach_a_chinese_crossing(rule_base: RuleBase) -> None:
    for hs, direction in (("160431", "export"), ("871200", "export"), ("090230", "import")):
        decl = _declaration("dandong", "2019-01-10", direction, {"hs": hs})
        result = screen_declaration(decl, rule_base, regimes=None)
        regimes = {b.regime for i in result.items for b in i.legal_basis}
        assert not regimes & set(NATIONAL), (hs, regimes)


def test_kaesong_exemption_holds_only_at_dorasan_and_only_until_the_closure(
    rule_base: RuleBase,
) -> None:
    cited = {"hs": "610910", "exemptions": [{"id": "KR-5.24-kaesong", "reference": "MOU-1"}]}

    def reasons(crossing: str, day: str) -> str:
        (item,) = screen_declaration(
            _declaration(crossing, day, "import", cited), rule_base, regimes=["KR"]
        ).items
        assert item.verdict is Verdict.REFER
        return " ".join(item.reasons)

    assert "exemption KR-5.24-kaesong cited" in reasons("dorasan", "2015-06-01")
    assert "only at dorasan, not at incheon" in reasons("incheon", "2015-06-01")
    assert "ended on 2016-02-10" in reasons("dorasan", "2016-02-11")


def test_japan_export_ban_replaces_its_luxury_list(rule_base: RuleBase) -> None:
    luxury = next(m for m in rule_base.measures if m.id == "JP-FEFTA-luxury-export-ban")
    total = next(m for m in rule_base.measures if m.id == "JP-FEFTA-export-ban")
    assert luxury.superseded_by == (total.id,)
    assert luxury.valid_to == total.valid_from - dt.timedelta(days=1)


def test_screen_with_an_enforcing_state_profile() -> None:
    decl = _declaration("rotterdam", "2019-01-10", "export", {"hs": "160431"})
    done = run_borderwatch(
        "screen", "-", "--profile", "eu", "--no-parties", stdin=decl.model_dump_json()
    )
    assert done.returncode == 0, done.stderr
    (result,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert result["regimes"] == ["EU", "UN"]
    assert result["verdict"] == "prohibited"
    assert result["items"][0]["legal_basis"][0]["measure"] == "EU-1509-Art10-luxury-export"


def test_a_un_cap_against_a_national_ban_is_listed_as_a_conflict(rule_base: RuleBase) -> None:
    diesel = _declaration("rotterdam", "2018-06-01", "export", {"hs": "271019"})
    under_eu = screen_declaration(diesel, rule_base, regimes=["UN", "EU"])
    (item,) = under_eu.items
    assert item.verdict is Verdict.PROHIBITED
    pairs = {(c.tolerated_by.measure, c.prohibited_by.measure) for c in under_eu.conflicts}
    assert ("UN-2397-OP5-refined-petroleum-cap", "EU-1509-Art16d-refined-petroleum-export") in pairs
    assert all(
        "the stricter measure of a selected regime" in c.followed for c in under_eu.conflicts
    )
    under_un = screen_declaration(diesel, rule_base, regimes=["UN"])
    assert under_un.items[0].verdict is Verdict.LICENCE_REQUIRED
    assert any("was not selected" in c.followed for c in under_un.conflicts)
