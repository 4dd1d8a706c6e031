"""Risk profiles as data: which shipped profile matches which declaration, with its items
and effect (golden cases), and a user's profile file with mistakes refused line by line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from borderwatch.errors import RuleBaseError
from borderwatch.model.declaration import Declaration
from borderwatch.model.risk_profile import Lane
from borderwatch.model.verdict import DeclarationVerdict, PartyMatch, PartyResult, Verdict
from borderwatch.rules.loader import RISK_PROFILES, load_rule_base, shipped_rule_base
from borderwatch.targeting.profiles import match_profiles, profile_risk
from tests.rules.building import copy_rule_base
from tests.targeting.bags import bag

RULES = shipped_rule_base()
HANDBAG = {"id": "1", "description": "leather handbag", "hs": "420221"}
SHIRTS = {"id": "2", "description": "shirts", "hs": "620520", "quantity": 6}
WATCH = {
    "id": "3",
    "description": "wrist watch",
    "hs": "910211",
    "unit_value": {"amount": "2500", "currency": "CNY"},
}
PUMP = {"id": "1", "description": "water pump", "hs": "841370"}


def _declaration(items: list[dict[str, Any]], **changes: Any) -> Declaration:
    return bag("B1", items, **changes)


CARGO = {"channel": "cargo", "traveller": None, "consignor": {"name": "Hunchun Trading"}}

#: (case, declaration, profiles matched with their items, combined score, lane)
GOLDEN = [
    ("handbag", _declaration([HANDBAG]), [("BW-worker-luxury-goods", ("1",))], 0.4, None),
    ("six shirts", _declaration([SHIRTS]), [("BW-worker-commercial-quantity", ("2",))], 0.3, None),
    (
        "a 2,500 CNY watch",
        _declaration([WATCH, SHIRTS]),
        [
            ("BW-worker-luxury-goods", ("3",)),
            ("BW-worker-commercial-quantity", ("2",)),
            ("BW-worker-high-value-item", ("3",)),
        ],
        1 - 0.6 * 0.7 * 0.75,
        None,
    ),
    (
        "a tourist's handbag",
        _declaration([HANDBAG], traveller={"name": "Wang Li", "category": "tourist"}),
        [],
        0.0,
        None,
    ),
    (
        "pumps at Hunchun after Dandong tightened",
        _declaration([PUMP], crossing="hunchun", date="2019-04-02", **CARGO),
        [("BW-jilin-displacement-watch", ("1",))],
        0.2,
        None,
    ),
    (
        "pumps at Hunchun before",
        _declaration([PUMP], crossing="hunchun", date="2019-02-20", **CARGO),
        [],
        0.0,
        None,
    ),
    ("pumps at Dandong", _declaration([PUMP], date="2019-04-02", **CARGO), [], 0.0, None),
]


@pytest.mark.parametrize(
    ("declaration", "expected", "score", "lane"),
    [case[1:] for case in GOLDEN],
    ids=[case[0] for case in GOLDEN],
)
def test_shipped_profiles_match_with_their_items(
    declaration: Declaration, expected: list[tuple[str, tuple[str, ...]]], score: float, lane: Lane
) -> None:
    matches = match_profiles(declaration, RULES)
    assert [(m.profile.id, m.items) for m in matches] == expected
    risk = profile_risk(matches)
    assert risk.score == pytest.approx(score) and risk.lane == lane
    for match in matches:  # the officer reads why, and who set the profile
        assert match.profile.reason and match.profile.source
        assert match.profile.id in match.explanation()


def _screened(declaration: Declaration, hit: bool) -> DeclarationVerdict:
    matches = (PartyMatch(ref="KPi.001", name="RI YONG CHOL", score=0.95),) if hit else ()
    return DeclarationVerdict(
        id=declaration.id,
        verdict=Verdict.CLEAR,
        as_of=declaration.date,
        crossing=declaration.crossing,
        channel=declaration.channel,
        regimes=("UN",),
        items=(),
        parties=(PartyResult(role="traveller", name="Ri Yong Chol", matches=matches),),
        rule_base=RULES.version,
    )


def test_a_party_hit_puts_the_declaration_in_the_red_lane_only_when_screening_ran() -> None:
    declaration = _declaration([{"id": "1", "description": "noodles", "hs": "190230"}])
    assert match_profiles(declaration, RULES) == []  # no result: the condition cannot hold
    assert match_profiles(declaration, RULES, _screened(declaration, hit=False)) == []
    hit = match_profiles(declaration, RULES, _screened(declaration, hit=True))
    assert [m.profile.id for m in hit] == ["BW-party-list-hit"]
    assert profile_risk(hit).lane is Lane.RED


def _write_profiles(root: Path, profiles: list[dict[str, Any]]) -> Path:
    path = root / RISK_PROFILES
    path.write_text(yaml.safe_dump({"profiles": profiles}, sort_keys=False), encoding="utf-8")
    return path


def _profile(**changes: Any) -> dict[str, Any]:
    return {
        "id": "X-1",
        "title": "t",
        "reason": "r",
        "source": "s",
        "confidence": "low",
        "valid_from": "2019-01-01",
        "conditions": {"crossings": ["dandong"]},
        "weight": 0.2,
    } | changes


@pytest.mark.parametrize(
    ("bad", "field", "problem"),
    [
        (_profile(lane="red"), "profiles.1", "either a weight or a lane"),
        (
            _profile(conditions={"crossings": ["atlantis"]}),
            "profiles.1.conditions.crossings",
            "crossing(s) atlantis",
        ),
        (_profile(conditions={"hs": ["42x"]}), "profiles.1.conditions.hs", "2, 4, 6, 8 or 10"),
        (_profile(weight=1.5), "profiles.1.weight", "less than or equal to 1"),
        (_profile(valid_from="2019-02-30"), "profiles.1.valid_from", "day value"),
    ],
)
def test_a_bad_profile_is_named_by_file_line_and_field(
    tmp_path: Path, bad: dict[str, Any], field: str, problem: str
) -> None:
    root = copy_rule_base(tmp_path / "rules")
    path = _write_profiles(root, [_profile(id="X-0"), bad])
    with pytest.raises(RuleBaseError) as caught:
        load_rule_base(root)
    (found,) = caught.value.problems
    assert found.path == str(path) and found.field == field, found
    assert problem in found.problem and found.line is not None and found.line > 10, found


def test_profiles_are_part_of_the_rule_base_version(tmp_path: Path) -> None:
    root = copy_rule_base(tmp_path / "rules")
    assert load_rule_base(root).version == RULES.version
    (root / RISK_PROFILES).unlink()
    without = load_rule_base(root)
    assert without.risk_profiles == () and without.version != RULES.version
    _write_profiles(root, [_profile()])
    own = load_rule_base(root)
    assert [p.id for p in own.risk_profiles] == ["X-1"] and own.version != without.version
