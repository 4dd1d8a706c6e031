"""Declared codes of older HS versions in the engine and on the batch path."""

from __future__ import annotations

from typing import Any

from borderwatch.engine.batch import ItemBatch
from borderwatch.engine.rescreen import changed_verdicts
from borderwatch.engine.screen import screen_declaration
from borderwatch.engine.screener import Screener
from borderwatch.model import Declaration, Verdict
from borderwatch.rules.loader import shipped_rule_base

RULES = shipped_rule_base()


def _declaration(date: str, direction: str, *items: dict[str, Any], **more: Any) -> Declaration:
    return Declaration.model_validate(
        {
            "id": f"D-{date}",
            "date": date,
            "crossing": "dandong",
            "direction": direction,
            "country": "KP",
            "channel": "cargo",
            "items": [{"id": str(i + 1), **item} for i, item in enumerate(items)],
            **more,
        }
    )


def test_codes_screened_as_themselves_stay_on_the_fast_path() -> None:
    unchanged = [
        _declaration("2019-03-01", "export", {"hs": "847130"}),  # HS 2017, the same in 2022
        _declaration("2019-03-01", "export", {"hs": "851713"}),  # today's code, read as HS 2022
        _declaration("2019-03-01", "export", {"hs": "8471300000"}),  # a national line
        _declaration("2010-03-01", "export", {"hs": "930190"}),  # before 2012, as HS 2012
        _declaration("2019-03-01", "export", {"hs": "880240"}, hs_version=2022),
    ]
    converted = [
        _declaration("2019-03-01", "export", {"hs": "4407.12"}),  # split in 2022
        _declaration("2019-03-01", "export", {"hs": "030510"}),  # renumbered 030910
        _declaration("2019-03-01", "export", {"hs": "620112"}),  # no successor listed
        _declaration("2019-03-01", "export", {"hs": "999999"}),  # in no version
    ]
    batch = ItemBatch.from_declarations([*unchanged, *converted], RULES)
    assert sorted(batch.fallback) == list(range(len(unchanged), len(unchanged) + len(converted)))


def test_a_renumbered_code_is_screened_as_its_new_number() -> None:
    result = screen_declaration(
        _declaration("2019-03-01", "import", {"hs": "030510"}), RULES, regimes=["UN"]
    )
    (item,) = result.items
    assert (item.hs, item.hs_version, item.declared_hs) == ("030910", 2017, "030510")
    assert "HS 2017 030510 read as HS 2022 030910 (UN conversion table)" in item.reasons


def test_a_split_code_prohibited_whichever_it_became_stays_prohibited() -> None:
    """880240 in 2019: aeroplanes (heavy arms, partly) or drones; 2397 OP7 bans all of them."""
    result = screen_declaration(
        _declaration("2019-03-01", "export", {"hs": "880240"}), RULES, regimes=["UN"]
    )
    (item,) = result.items
    assert item.verdict is Verdict.PROHIBITED and item.hs is None
    assert {c.verdict for c in item.hs_candidates} == {Verdict.PROHIBITED}
    outcomes = {b.measure: b.outcome for b in item.legal_basis}
    assert outcomes == {
        "UN-2397-OP7-transport-vehicles": Verdict.PROHIBITED,
        "UN-1718-OP8a-i-heavy-arms-export": Verdict.REFER,  # covers part of one candidate
    }
    assert "on different measures" in item.reasons[0]


def test_the_misdeclaration_check_accepts_a_chapter_the_code_became(
    goods_screener: Screener,
) -> None:
    """HS 2017 382499 (chemical products n.e.s.) became, among others, HS 2022 2404xx
    (nicotine products): nicotine pouches declared so in 2019 are no misdeclaration,
    but the same code on a 2023 declaration (HS 2022, chapter 38 only) is flagged."""
    item = {"hs": "382499", "description": "oral nicotine pouches without tobacco"}
    in_2019 = goods_screener.screen(_declaration("2019-03-01", "export", item))
    assert not any("misdeclaration" in r for r in in_2019.items[0].reasons)
    in_2023 = goods_screener.screen(_declaration("2023-03-01", "export", item))
    assert in_2023.items[0].verdict is Verdict.REFER
    assert any("possible misdeclaration" in r for r in in_2023.items[0].reasons)
    both = goods_screener.screen_batch(
        [_declaration("2019-03-01", "export", item), _declaration("2023-03-01", "export", item)]
    )
    assert [both.verdict(0), both.verdict(1)] == [in_2019.items[0].verdict, Verdict.REFER]


def test_a_result_from_before_codes_were_read_in_their_version_names_that_as_cause(
    goods_screener: Screener,
) -> None:
    """A 2019 HS 2017 852580 import used to be screened as HS 2022 852580 (which no
    longer exists, so clear); rescreened it is referred, and the cause is named."""
    declaration = _declaration("2019-03-01", "import", {"hs": "852580"})
    now = goods_screener.screen(declaration)
    assert now.configuration is not None and now.configuration.hs_tables
    before = now.model_copy(
        update={
            "verdict": Verdict.CLEAR,
            "items": (now.items[0].model_copy(update={"verdict": Verdict.CLEAR}),),
            "configuration": now.configuration.model_copy(update={"hs_tables": None}),
        }
    )
    (change,) = changed_verdicts([(declaration, before)], lambda _: goods_screener)
    assert (change.before, change.after) == (Verdict.CLEAR, Verdict.REFER)
    assert change.causes == (f"hs tables none -> {now.configuration.hs_tables}",)
