"""What an officer reads: citations they can use, notes only where they belong."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from borderwatch.engine.screen import screen_declaration
from borderwatch.model import Declaration
from borderwatch.rules.check import check_rule_base
from borderwatch.rules.loader import default_rule_base_dir, shipped_rule_base


def test_every_un_measure_cites_its_symbol_and_official_text() -> None:
    for m in shipped_rule_base().measures:
        if m.regime != "UN":
            continue
        year = re.search(r"\((\d{4})\)", m.legal_act)
        number = re.search(r"UNSCR (\d+)", m.legal_act)
        assert year and number, m.id
        assert m.symbol == f"S/RES/{number[1]} ({year[1]})", m.id
        assert m.url == f"https://undocs.org/S/RES/{number[1]}({year[1]})", m.id
        assert re.match(r"OP\d+", m.provision), f"{m.id} has no operative paragraph"


def test_screening_policy_never_cites_a_resolution_as_its_legal_act() -> None:
    policy = [m for m in shipped_rule_base().measures if m.basis == "screening_policy"]
    assert policy
    for m in policy:
        assert "UNSCR" not in m.legal_act and "not law" in m.legal_act, m.id


def _item_basis(hs: str, day: str, direction: str) -> tuple[str | None, ...]:
    declaration = Declaration.model_validate(
        {
            "id": "N",
            "date": day,
            "crossing": "dandong",
            "direction": direction,
            "country": "KP",
            "channel": "cargo",
            "items": [{"id": "1", "hs": hs}],
        }
    )
    (item,) = screen_declaration(declaration, shipped_rule_base(), regimes=["UN"]).items
    return tuple(b.note for b in item.legal_basis)


def test_a_note_about_some_codes_stays_on_those_codes() -> None:
    (on_ore,) = _item_basis("261690", "2017-01-10", "import")
    (on_gold,) = _item_basis("710812", "2017-01-10", "import")
    assert on_ore is not None and "holds the named ores together with others" in on_ore
    assert on_gold is None or "named ores" not in on_gold


def test_notes_are_joined_as_clean_sentences() -> None:
    notes = [n for n in _item_basis("870323", "2018-01-10", "export") if n]
    assert notes
    for note in notes:
        assert ".;" not in note and ";." not in note and ".." not in note
        assert note.endswith(".")


def _with(rule_base_dir: Path, tmp_path: Path, change: dict[str, object]) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(rule_base_dir, copy)
    path = copy / "measures" / "un" / "unscr-2397-2017.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["measures"][0]["exemptions"] = [change]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return copy


def test_check_fails_on_an_exemption_that_cannot_be_evaluated(tmp_path: Path) -> None:
    bare = {"id": "X-bare", "description": "whatever the declarant says"}
    findings = check_rule_base(_with(default_rule_base_dir(), tmp_path, bare))
    assert any(
        f.level == "error" and "X-bare has no condition that can be evaluated" in f.message
        for f in findings
    )


def test_check_fails_on_an_exemption_outside_its_measure(tmp_path: Path) -> None:
    wrong = {
        "id": "X-wrong",
        "description": "iron ore exemption on a crude oil cap",
        "conditions": {"hs": ["2601"], "crossings": ["nowhere"]},
    }
    messages = [f.message for f in check_rule_base(_with(default_rule_base_dir(), tmp_path, wrong))]
    assert any("reaches HS 2601, none of which UN-2397-OP4" in m for m in messages)
    assert any("unknown crossing(s) nowhere" in m for m in messages)


def test_the_documented_measure_table_is_the_shipped_rule_base() -> None:
    from borderwatch.rules.measure_table import TABLE_END, TABLE_START, measure_table

    docs = (Path(__file__).resolve().parents[2] / "docs" / "rule-base.md").read_text("utf-8")
    documented = docs[docs.index(TABLE_START) + len(TABLE_START) : docs.index(TABLE_END)]
    assert documented.strip() == measure_table(shipped_rule_base()).strip(), (
        "run `borderwatch rules table --update docs/rule-base.md`"
    )
    for m in shipped_rule_base().measures:
        assert f"`{m.id}`" in documented


def test_check_fails_on_a_measure_scoped_to_an_unknown_crossing(tmp_path: Path) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(default_rule_base_dir(), copy)
    path = copy / "measures" / "practice" / "cn-port-baggage.yaml"
    text = path.read_text(encoding="utf-8")
    assert "crossings: [dandong]" in text
    path.write_text(text.replace("crossings: [dandong]", "crossings: [dandongg]", 1), "utf-8")
    errors = [f for f in check_rule_base(copy) if f.level == "error"]
    assert any("scoped to unknown crossing(s) dandongg" in f.message for f in errors)
    assert all(f.where.startswith(f"{path}:") for f in errors), errors
