"""What applies to one HS code at a crossing on a date (the commodity page's answer)."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from borderwatch.engine.screen import screen_declaration
from borderwatch.errors import InputError
from borderwatch.model import Channel, Declaration, Direction, Verdict
from borderwatch.reference.hs import nomenclature
from borderwatch.rules.commodity import (
    Applicable,
    CommodityPage,
    CoverageKind,
    commodity_code,
    commodity_page,
)
from borderwatch.rules.loader import default_rule_base_dir, load_rule_base, shipped_rule_base
from borderwatch.rules.questions import regimes_not_binding

RULES = shipped_rule_base()
CHINA_CUSTOMS = frozenset(RULES.profiles["china-customs"])


def _page(code: str, day: str, **options: object) -> CommodityPage:
    return commodity_page(
        RULES,
        code=code,
        day=dt.date.fromisoformat(day),
        crossing=str(options.pop("crossing", "dandong")),
        **options,  # type: ignore[arg-type]
    )


def _entry(
    entries: tuple[Applicable, ...], measure: str, direction: Direction = Direction.EXPORT
) -> Applicable:
    (found,) = [e for e in entries if e.id == measure and e.direction is direction]
    return found


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("84", "84"),
        ("8471", "8471"),
        ("8471.30", "847130"),
        ("8471 30", "847130"),
        ("84713000", "847130"),
        ("8471.30.00.10", "847130"),
    ],
)
def test_codes_as_officers_write_them(typed: str, code: str) -> None:
    assert commodity_code(typed) == code


@pytest.mark.parametrize("typed", ["847", "84713", "8471x0", "", "847130001"])
def test_malformed_codes_are_refused(typed: str) -> None:
    with pytest.raises(InputError, match="not an HS code"):
        commodity_code(typed)


@pytest.mark.parametrize("typed", ["999999", "0000", "77", "12345678"])
def test_codes_hs_2022_does_not_have_are_refused_by_name(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        commodity_code(typed)
    assert f"HS 2022 has no code {typed!r}" in str(caught.value)


def test_laptops_leaving_dandong_after_2397() -> None:
    page = _page("847130", "2018-01-10", regimes=CHINA_CUSTOMS)
    assert [line.code for line in page.path] == ["84", "8471", "847130"]
    assert page.subheadings == ("847130",)
    un = _entry(page.measures, "UN-2397-OP7-industrial-machinery")
    assert (un.coverage, un.effect.value, un.verdict) == (
        CoverageKind.FULL,
        "prohibit",
        Verdict.PROHIBITED,
    )
    assert un.matched == ("84",) and un.channels == (Channel.CARGO, Channel.BAGGAGE)
    assert {e.exemption.id for e in un.exemptions} == {
        "UN-2397-aircraft-spare-parts",
        "UN-1718-committee-exemption",
    }
    cn = _entry(page.measures, "CN-2018-4-export-ban")
    assert cn.verdict_on_code is Verdict.PROHIBITED and cn.selected
    practice = _entry(page.measures, "CN-PORT-DANDONG-two-electronic-items")
    assert practice.channels == (Channel.BAGGAGE,)
    assert practice.traveller_categories == ("returning_worker",)
    # the strictest decisive measures come first in each direction
    assert page.measures[0].verdict is Verdict.PROHIBITED
    assert _entry(page.measures, "UN-2397-OP6-machinery", Direction.IMPORT).verdict_on_code is (
        Verdict.PROHIBITED
    )
    assert page.not_selected == () or all(e.regime == "BW-SCREEN" for e in page.not_selected)


def test_the_day_before_the_chinese_announcement_took_effect() -> None:
    page = _page("847130", "2018-01-05", regimes=CHINA_CUSTOMS)
    ids = {e.id for e in page.measures}
    assert "UN-2397-OP7-industrial-machinery" in ids and "CN-2018-4-export-ban" not in ids


def test_regimes_not_chosen_are_listed_apart() -> None:
    page = _page("847130", "2018-01-10", regimes=frozenset({"UN"}))
    assert {e.regime for e in page.measures} == {"UN"}
    apart = {e.id for e in page.not_selected}
    assert {"CN-2018-4-export-ban", "CN-PORT-DANDONG-two-electronic-items"} <= apart
    assert all(not e.selected for e in page.not_selected)


def test_aviation_fuel_is_partial_with_the_words_that_decide() -> None:
    page = _page("2710.12", "2019-01-10", direction=Direction.EXPORT)
    fuel = _entry(page.measures, "UN-2270-OP31-aviation-fuel")
    assert fuel.coverage is CoverageKind.PARTIAL
    assert (fuel.verdict, fuel.verdict_on_code) == (Verdict.PROHIBITED, Verdict.REFER)
    assert "jet fuel" in fuel.keywords and "avgas" in fuel.keywords
    assert fuel.subheadings.partial == ("271012",)
    cap = _entry(page.measures, "UN-2397-OP5-refined-petroleum-cap")
    assert cap.coverage is CoverageKind.FULL and cap.measure.effect.cap is not None
    assert cap.keywords == ()  # keywords only where they decide


def test_snowmobiles_have_their_threshold_and_the_2094_exclusion() -> None:
    page = _page("870310", "2019-01-10", direction=Direction.EXPORT, channel=Channel.CARGO)
    snow = _entry(page.measures, "UN-2270-luxury-snowmobiles")
    assert snow.coverage is CoverageKind.PARTIAL  # 870310 also holds golf carts
    threshold = snow.measure.goods.value_above
    assert threshold is not None and (threshold.amount, threshold.currency) == (
        Decimal(2000),
        "USD",
    )
    cars = _entry(page.measures, "UN-2094-luxury-transport")
    assert cars.coverage is CoverageKind.EXCLUDED
    assert (cars.verdict, cars.verdict_on_code) == (None, None)
    assert cars.subheadings.excluded == ("870310",)


def test_a_heading_names_the_subheadings_each_measure_touches() -> None:
    page = _page("8703", "2019-01-10", direction=Direction.EXPORT, channel=Channel.CARGO)
    assert page.subheadings == tuple(nomenclature().below("8703"))
    snow = _entry(page.measures, "UN-2270-luxury-snowmobiles")
    assert snow.coverage is CoverageKind.SOME_SUBHEADINGS
    assert snow.subheadings.partial == ("870310",) and snow.verdict_on_code is Verdict.REFER
    cars = _entry(page.measures, "UN-2094-luxury-transport")
    assert cars.coverage is CoverageKind.SOME_SUBHEADINGS
    assert cars.subheadings.excluded == ("870310",)
    assert len(cars.subheadings.full) == len(page.subheadings) - 1
    vehicles = _entry(page.measures, "UN-2397-OP7-transport-vehicles")
    assert vehicles.coverage is CoverageKind.FULL
    # a heading whose every subheading also holds other goods is partial, not "some"
    boats = _entry(_page("8903", "2019-01-10").measures, "UN-2270-luxury-annex")
    assert boats.coverage is CoverageKind.PARTIAL and "jet ski" in boats.keywords


def test_worker_baggage_allowances_and_the_conflict_they_make() -> None:
    page = _page("851660", "2019-02-12", channel=Channel.BAGGAGE, regimes=CHINA_CUSTOMS)
    two = _entry(page.measures, "CN-PORT-DANDONG-two-electronic-items")
    area = _entry(page.measures, "CN-PORT-worker-luggage-one-square-metre")
    assert two.measure.effect.allowance is not None
    assert two.measure.effect.allowance.max_items == 2
    assert area.measure.effect.allowance is not None
    assert area.measure.effect.allowance.max_area_m2 == 1
    assert two.verdict is Verdict.EXCEEDS_ALLOWANCE
    conflicts = {(c.tolerated_by, c.prohibited_by, c.followed) for c in page.conflicts}
    assert (
        "CN-PORT-DANDONG-two-electronic-items",
        "UN-2397-OP7-industrial-machinery",
        "UN-2397-OP7-industrial-machinery",
    ) in conflicts
    # an area allowance limits volume: it tolerates no goods in particular
    assert not any(c.tolerated_by == area.id for c in page.conflicts)
    # party measures wait on a listed party; they never make a conflict
    assert not any(c.prohibited_by == "UN-1718-OP8d-designated-parties" for c in page.conflicts)
    practice_only = _page(
        "851660", "2019-02-12", channel=Channel.BAGGAGE, regimes=frozenset({"CN-PORT"})
    )
    followed = {c.followed for c in practice_only.conflicts}
    assert followed == {"CN-PORT-DANDONG-two-electronic-items"}
    after = _page("851660", "2019-03-15", channel=Channel.BAGGAGE, regimes=CHINA_CUSTOMS)
    refused = _entry(after.measures, "CN-PORT-DANDONG-no-electronic-items")
    assert refused.verdict is Verdict.PROHIBITED and after.conflicts == ()


def test_a_party_measure_gives_no_verdict_on_the_code_alone() -> None:
    page = _page("851660", "2019-02-12")
    party = _entry(page.measures, "UN-1718-OP8d-designated-parties")
    assert party.party_roles and party.verdict_on_code is None


@pytest.mark.parametrize("direction", list(Direction))
def test_the_page_agrees_with_screening(direction: Direction) -> None:
    """Each subheading screened as cargo under UN: the measures that applied and their
    outcomes are those the page gives for the code alone."""
    codes = [c for c in nomenclature().subheadings if c[:2] in {"27", "71", "87", "89", "93"}]
    codes += list(nomenclature().subheadings[::25])
    for code in codes:
        declaration = Declaration.model_validate(
            {
                "id": "C",
                "date": "2019-03-15",
                "crossing": "dandong",
                "direction": direction.value,
                "country": "KP",
                "channel": "cargo",
                "items": [
                    {
                        "id": "1",
                        "hs": code,
                        "description": "goods",
                        "unit_value": {"amount": "100000", "currency": "USD"},
                    }
                ],
            }
        )
        (item,) = screen_declaration(declaration, RULES, regimes=["UN"]).items
        screened = {(b.measure, b.outcome) for b in item.legal_basis if b.status == "applied"}
        page = _page(
            code,
            "2019-03-15",
            direction=direction,
            channel=Channel.CARGO,
            regimes=frozenset({"UN"}),
        )
        decisive = {
            (e.id, e.verdict_on_code)
            for e in page.measures
            if e.verdict_on_code is not None and e.effect.value != "inspect"
        }
        assert screened == decisive, code


@pytest.fixture
def rule_base_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_rule_base_dir(), target)
    return target


def test_a_suspended_measure_is_shown_with_its_suspension(rule_base_copy: Path) -> None:
    path = rule_base_copy / "measures" / "un" / "unscr-2397-2017.yaml"
    data = yaml.safe_load(path.read_text())
    machinery = next(m for m in data["measures"] if m["id"] == "UN-2397-OP7-industrial-machinery")
    machinery["suspensions"] = [
        {"start": "2020-01-01", "end": "2020-01-31", "legal_act": "hypothetical decision"}
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    rules = load_rule_base(rule_base_copy)
    page = commodity_page(rules, code="847130", day=dt.date(2020, 1, 15), crossing="dandong")
    entry = _entry(page.measures, "UN-2397-OP7-industrial-machinery")
    assert entry.suspension is not None and entry.suspension.legal_act == "hypothetical decision"
    assert entry.verdict_on_code is None
    after = commodity_page(rules, code="847130", day=dt.date(2020, 2, 1), crossing="dandong")
    assert _entry(after.measures, "UN-2397-OP7-industrial-machinery").suspension is None


def _add_foreign_regime(root: Path) -> None:
    """An 'XX' regime binding only in Germany, one measure of it, and a German crossing."""
    regimes_path = root / "regimes.yaml"
    regimes = yaml.safe_load(regimes_path.read_text())
    regimes["regimes"].append(
        {"id": "XX", "name": "a regime of Germany", "kind": "law", "jurisdiction": ["DE"]}
    )
    regimes_path.write_text(yaml.safe_dump(regimes, allow_unicode=True))
    crossings_path = root / "crossings.yaml"
    crossings = yaml.safe_load(crossings_path.read_text())
    crossings["crossings"].append(
        {"id": "frankfurt-oder", "name": "Frankfurt (Oder)", "country": "DE", "counterpart": "KP"}
    )
    crossings_path.write_text(yaml.safe_dump(crossings, allow_unicode=True))
    (root / "measures" / "xx").mkdir()
    measure = {
        "id": "XX-machinery",
        "legal_act": "a German act",
        "provision": "s. 1",
        "source": "test",
        "confidence": "high",
        "scope": {"directions": ["export"]},
        "goods": {"description": "Machinery", "hs": ["84"]},
        "effect": {"type": "prohibit"},
        "valid_from": "2017-01-01",
    }
    document = {"document": {"title": "XX act", "regime": "XX"}, "measures": [measure]}
    (root / "measures" / "xx" / "act.yaml").write_text(yaml.safe_dump(document))


def test_a_regime_that_binds_elsewhere_says_where(rule_base_copy: Path) -> None:
    _add_foreign_regime(rule_base_copy)
    rules = load_rule_base(rule_base_copy)
    (missing,) = regimes_not_binding(rules, "dandong", frozenset({"XX", "UN"}))
    assert missing.sentence() == (
        "XX measures do not bind at dandong (CN); choose a crossing where they do: "
        "frankfurt-airport, frankfurt-oder."
    )
    day = dt.date(2019, 1, 10)
    here = commodity_page(
        rules, code="8471", day=day, crossing="dandong", regimes=frozenset({"XX"})
    )
    assert here.not_binding == ("XX",) and here.measures == ()
    there = commodity_page(
        rules, code="8471", day=day, crossing="frankfurt-oder", regimes=frozenset({"XX"})
    )
    assert "XX-machinery" in {e.id for e in there.measures} and there.not_binding == ()
    # the Chinese regimes do not bind in Germany either, and are never "not selected" there
    assert not any(e.regime in {"CN", "CN-PORT"} for e in there.not_selected)
