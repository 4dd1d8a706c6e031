"""The rule base as data: it loads, lints clean, and answers what applied and what changed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from borderwatch.engine.screen import screen_declaration
from borderwatch.errors import RuleBaseError
from borderwatch.model import Channel, Declaration, Verdict
from borderwatch.rules.check import check_rule_base
from borderwatch.rules.loader import default_rule_base_dir, load_rule_base, shipped_rule_base
from borderwatch.rules.questions import measures_applying, measures_changed


@pytest.fixture
def rule_base_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_rule_base_dir(), target)
    return target


def test_shipped_rule_base_has_no_errors() -> None:
    findings = check_rule_base()
    assert [f for f in findings if f.level == "error"] == []


def test_every_measure_keeps_its_source_and_legal_basis() -> None:
    for measure in shipped_rule_base().measures:
        assert measure.source and measure.legal_act and measure.provision
        assert measure.goods.hs or measure.goods.hs_partial


def test_reported_practice_is_marked_and_approximate() -> None:
    practice = [m for m in shipped_rule_base().measures if m.regime == "CN-PORT"]
    assert len(practice) == 3
    assert all(m.basis == "reported_practice" for m in practice)
    assert all(m.date_precision == "approximate" for m in practice)


def test_version_changes_with_content(rule_base_copy: Path) -> None:
    before = load_rule_base(rule_base_copy).version
    path = rule_base_copy / "crossings.yaml"
    path.write_text(path.read_text() + "\n# a comment changes the hash too\n")
    assert load_rule_base(rule_base_copy).version != before


def test_schema_error_names_file_line_and_field(rule_base_copy: Path) -> None:
    path = rule_base_copy / "measures" / "un" / "unscr-2397-2017.yaml"
    text = path.read_text().replace("effect: {type: prohibit}", "effect: {type: forbid}", 1)
    path.write_text(text)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "type: forbid" in t)
    with pytest.raises(RuleBaseError) as caught:
        load_rule_base(rule_base_copy)
    message = str(caught.value)
    assert f"unscr-2397-2017.yaml:{line}" in message
    assert "effect.type" in message and "'forbid'" in message
    (finding,) = [f for f in check_rule_base(rule_base_copy) if f.level == "error"]
    assert "forbid" in finding.message


def test_check_finds_unknown_codes_and_bad_suspensions(rule_base_copy: Path) -> None:
    path = rule_base_copy / "measures" / "un" / "unscr-2371-2017.yaml"
    data = yaml.safe_load(path.read_text())
    data["measures"][0]["goods"]["hs"].append("270199")
    data["measures"][1]["suspensions"] = [
        {"start": "2010-01-01", "end": "2010-02-01", "legal_act": "test"}
    ]
    data["measures"][2]["superseded_by"] = ["UN-nowhere"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    messages = [f.message for f in check_rule_base(rule_base_copy) if f.level == "error"]
    assert any("'270199'" in m for m in messages)
    assert any("suspension from 2010-01-01" in m for m in messages)
    assert any("UN-nowhere" in m for m in messages)


def test_suspension_lifts_a_measure_for_its_period(rule_base_copy: Path) -> None:
    path = rule_base_copy / "measures" / "un" / "unscr-2397-2017.yaml"
    data = yaml.safe_load(path.read_text())
    machinery = next(m for m in data["measures"] if m["id"] == "UN-2397-OP7-industrial-machinery")
    machinery["suspensions"] = [
        {"start": "2020-01-01", "end": "2020-01-31", "legal_act": "hypothetical Council decision"}
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    rules = load_rule_base(rule_base_copy)

    def verdict_on(day: str) -> tuple[Verdict, tuple[str, ...]]:
        declaration = Declaration.model_validate(
            {
                "id": "S",
                "date": day,
                "crossing": "dandong",
                "direction": "export",
                "country": "KP",
                "channel": "cargo",
                "items": [{"id": "1", "hs": "847130"}],
            }
        )
        result = screen_declaration(declaration, rules, regimes=["UN"])
        return result.verdict, result.reasons

    assert verdict_on("2019-12-31")[0] is Verdict.PROHIBITED
    suspended, reasons = verdict_on("2020-01-15")
    assert suspended is Verdict.INSPECT  # the goods are free; the cargo is still inspected
    assert any("suspended" in r and "hypothetical Council decision" in r for r in reasons)
    assert verdict_on("2020-02-01")[0] is Verdict.PROHIBITED


def test_show_lists_what_applied_at_dandong_baggage() -> None:
    found = measures_applying(
        shipped_rule_base(),
        day=dt.date(2019, 3, 15),
        crossing="dandong",
        channel=Channel.BAGGAGE,
    )
    ids = {m.id for m in found}
    assert "CN-PORT-DANDONG-no-electronic-items" in ids
    assert "CN-PORT-DANDONG-two-electronic-items" not in ids
    assert "UN-2397-OP7-industrial-machinery" in ids
    assert "UN-2270-OP18-inspect-cargo" not in ids  # cargo only


def test_diff_is_the_notice_travellers_never_got() -> None:
    changes = measures_changed(
        shipped_rule_base(),
        before=dt.date(2019, 2, 12),
        after=dt.date(2019, 3, 15),
        crossing="dandong",
    )
    assert {(c.measure.id, c.change) for c in changes} == {
        ("CN-PORT-DANDONG-two-electronic-items", "ceased"),
        ("CN-PORT-DANDONG-no-electronic-items", "came into force"),
    }
    assert (
        measures_changed(
            shipped_rule_base(),
            before=dt.date(2019, 2, 12),
            after=dt.date(2019, 3, 15),
            crossing="hunchun",
        )
        == []
    )


@pytest.mark.parametrize(
    ("description", "named"),
    [
        ("Ray-Ban sunglasses", None),  # 'ngl' inside a word is not natural gas liquids
        ("NGL, 2,000 t", "ngl"),
        ("natural gas liquids", "natural gas liquid"),
        ("gas condensates", "condensate"),
        ("凝析油 10吨", "凝析油"),
    ],
)
def test_keywords_match_whole_latin_words_and_cjk_anywhere(
    description: str, named: str | None
) -> None:
    measure = shipped_rule_base().measure("UN-2375-OP13-condensates-ngl")
    assert measure.goods.named_in(description) == named
