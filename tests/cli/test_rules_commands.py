"""`borderwatch rules show` and `rules diff` as an officer runs them: regimes chosen as
`screen` chooses them, JSON for programs, the commodity page of one code, clear errors."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from borderwatch.rules.loader import default_rule_base_dir
from tests.cli.running import run_borderwatch


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_borderwatch("rules", *args)


def page(*args: str) -> dict[str, Any]:
    done = run("show", "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert isinstance(document, dict)
    return document


def entry(document: dict[str, Any], measure: str, direction: str = "export") -> dict[str, Any]:
    (found,) = [
        e for e in document["measures"] if e["id"] == measure and e["direction"] == direction
    ]
    assert isinstance(found, dict)
    return found


def ids(lines: str) -> set[str]:
    return {json.loads(line)["id"] for line in lines.splitlines()}


def test_show_takes_a_profile_or_regimes_as_screen_does() -> None:
    base = ("show", "--crossing", "dandong", "--as-of", "2019-03-15", "--format", "json")
    everything = run(*base)
    un = run(*base, "--profile", "un")
    un_regime = run(*base, "--regimes", "UN")
    china = run(*base, "--profile", "china-customs")
    for done in (everything, un, un_regime, china):
        assert done.returncode == 0, done.stderr
    assert {json.loads(line)["regime"] for line in un.stdout.splitlines()} == {"UN"}
    assert ids(un.stdout) == ids(un_regime.stdout)
    assert "CN-PORT-DANDONG-no-electronic-items" in ids(china.stdout)
    assert "BW-SCREEN-luxury-referral" not in ids(china.stdout)
    assert ids(china.stdout) < ids(everything.stdout)


def test_show_table_names_the_selection_and_defaults_to_today() -> None:
    done = run("show", "--crossing", "hunchun", "--profile", "china-customs")
    assert done.returncode == 0, done.stderr
    today = dt.date.today().isoformat()
    assert "(today)" in done.stdout and today in done.stdout
    assert "profile china-customs (UN, CN, CN-PORT)" in done.stdout
    assert "UN-2397-OP7-industrial-machinery" in done.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--profile", "nobody"), 2, "unknown profile 'nobody'"),
        (("--profile", "un", "--regimes", "UN"), 2, "give --regimes or --profile, not both"),
        (("--regimes", "XX"), 3, "unknown regime(s) XX"),
        (("--as-of", "2019-02-30"), 2, "'2019-02-30' is not a date; write YYYY-MM-DD"),
        (("--crossing", "atlantis"), 3, "unknown crossing 'atlantis'; known crossings: changbai"),
        (("--hs", "84x"), 2, "'84x' is not an HS code: write 2, 4, 6, 8 or 10 digits"),
    ],
)
def test_show_errors_say_what_to_do(args: tuple[str, ...], code: int, message: str) -> None:
    crossing = () if "--crossing" in args else ("--crossing", "dandong")
    done = run("show", *crossing, *args)
    assert done.returncode == code
    assert message in done.stderr and "Traceback" not in done.stderr


def test_diff_errors_are_those_of_show() -> None:
    wrong = run("diff", "2019-02-12", "2019-03-15", "--crossing", "dandong", "--profile", "x")
    assert wrong.returncode == 2 and "unknown profile 'x'" in wrong.stderr
    both = run(
        "diff", "2019-02-12", "2019-03-15", "--crossing", "dandong", "--profile", "un",
        "--regimes", "UN",
    )  # fmt: skip
    assert both.returncode == 2 and "not both" in both.stderr


def test_a_code_hs_2022_lacks_points_to_classify() -> None:
    done = run("show", "--crossing", "dandong", "--hs", "9999.99")
    assert done.returncode == 2
    assert "HS 2022 has no code '9999.99'" in done.stderr
    assert 'borderwatch classify "DESCRIPTION"' in done.stderr


def test_diff_json_is_one_object_per_change() -> None:
    args = ("diff", "2019-02-12", "2019-03-15", "--crossing", "dandong", "--format", "json")
    done = run(*args, "--profile", "china-customs")
    assert done.returncode == 0, done.stderr
    changes = [json.loads(line) for line in done.stdout.splitlines()]
    assert {(c["change"], c["measure"]["id"]) for c in changes} == {
        ("ceased", "CN-PORT-DANDONG-two-electronic-items"),
        ("came_into_force", "CN-PORT-DANDONG-no-electronic-items"),
    }
    assert all(c["measure"]["effect"]["type"] for c in changes)
    un_only = run(*args, "--regimes", "UN")
    assert un_only.returncode == 0 and un_only.stdout == ""
    table = run("diff", "2019-02-12", "2019-03-15", "--crossing", "dandong", "--profile", "un")
    assert table.returncode == 0 and "No measure changed at dandong" in table.stdout
    assert "profile un (UN)" in table.stdout


def test_diff_across_the_2397_adoption_under_un() -> None:
    done = run(
        "diff", "2017-12-01", "2018-02-01", "--crossing", "hunchun", "--profile", "un",
        "--format", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    came = {json.loads(line)["measure"]["id"] for line in done.stdout.splitlines()}
    assert "UN-2397-OP7-industrial-machinery" in came
    assert all(json.loads(line)["measure"]["regime"] == "UN" for line in done.stdout.splitlines())


def test_laptops_page_at_dandong_under_china_customs() -> None:
    document = page(
        "--crossing", "dandong", "--hs", "8471.30", "--as-of", "2018-01-10",
        "--profile", "china-customs",
    )  # fmt: skip
    assert (document["code"], document["asked"], document["as_of"]) == (
        "847130",
        "8471.30",
        "2018-01-10",
    )
    assert document["as_of_default"] is False and document["profile"] == "china-customs"
    assert [line["code"] for line in document["path"]] == ["84", "8471", "847130"]
    assert document["crossing"]["id"] == "dandong" and document["regimes"] == [
        "UN",
        "CN",
        "CN-PORT",
    ]
    un = entry(document, "UN-2397-OP7-industrial-machinery")
    assert (un["coverage"], un["effect"], un["verdict"]) == ("full", "prohibit", "prohibited")
    assert un["measure"]["legal_act"] == "UNSCR 2397 (2017)" and un["measure"]["provision"] == "OP7"
    assert un["channels"] == ["cargo", "baggage"]
    cn = entry(document, "CN-2018-4-export-ban")
    assert (cn["coverage"], cn["effect"], cn["selected"]) == ("full", "prohibit", True)
    regimes = {e["regime"] for e in document["measures"]}
    assert regimes == {"UN", "CN", "CN-PORT"}


def test_laptops_page_under_un_lists_china_apart() -> None:
    document = page(
        "--crossing", "dandong", "--hs", "847130", "--as-of", "2018-01-10", "--regimes", "UN"
    )
    assert {e["regime"] for e in document["measures"]} == {"UN"}
    apart = {e["id"]: e for e in document["not_selected"]}
    assert apart["CN-2018-4-export-ban"]["selected"] is False
    table = run(
        "show", "--crossing", "dandong", "--hs", "847130", "--as-of", "2018-01-10",
        "--regimes", "UN",
    )  # fmt: skip
    assert table.returncode == 0, table.stderr
    assert "Not selected: measures of CN, CN-PORT" in table.stdout
    assert "conflict" in table.stdout and "UNSCR 2397 (2017) OP7" in table.stdout


def test_aviation_fuel_page_is_partial_with_keywords() -> None:
    document = page("--crossing", "hunchun", "--hs", "271012", "--as-of", "2019-01-10")
    fuel = entry(document, "UN-2270-OP31-aviation-fuel")
    assert (fuel["coverage"], fuel["verdict"], fuel["verdict_on_code"]) == (
        "partial",
        "prohibited",
        "refer",
    )
    assert {"aviation", "jet fuel", "航空煤油"} <= set(fuel["keywords"])
    cap = entry(document, "UN-2397-OP5-refined-petroleum-cap")
    assert cap["effect"] == "cap" and cap["measure"]["effect"]["cap"]["period"] == "calendar year"
    table = run("show", "--crossing", "hunchun", "--hs", "271012", "--as-of", "2019-01-10")
    assert "an officer decides" in table.stdout and "jet fuel" in table.stdout


def test_snowmobile_page_shows_the_value_threshold_and_the_exclusion() -> None:
    document = page(
        "--crossing", "changbai", "--hs", "870310", "--as-of", "2019-01-10",
        "--direction", "export", "--channel", "cargo",
    )  # fmt: skip
    assert document["directions"] == ["export"] and document["channels"] == ["cargo"]
    snow = entry(document, "UN-2270-luxury-snowmobiles")
    assert snow["coverage"] == "partial"  # 870310 also holds golf carts
    assert "snowmobile" in snow["keywords"]
    assert snow["measure"]["goods"]["value_above"] == {"amount": "2000", "currency": "USD"}
    cars = entry(document, "UN-2094-luxury-transport")
    assert cars["coverage"] == "excluded" and cars["verdict"] is None
    assert not [e for e in document["measures"] if e["direction"] == "import"]
    table = run(
        "show", "--crossing", "changbai", "--hs", "870310", "--as-of", "2019-01-10",
        "--direction", "export",
    )  # fmt: skip
    assert "only above 2000 USD a unit" in table.stdout and "excluded" in table.stdout


def test_rice_cooker_in_a_returning_workers_bag() -> None:
    args = ("--crossing", "dandong", "--hs", "851660", "--channel", "baggage")
    before = page(*args, "--as-of", "2019-02-12", "--profile", "china-customs")
    two = entry(before, "CN-PORT-DANDONG-two-electronic-items")
    assert two["effect"] == "allowance" and two["traveller_categories"] == ["returning_worker"]
    assert two["measure"]["effect"]["allowance"]["max_items"] == 2
    area = entry(before, "CN-PORT-worker-luggage-one-square-metre")
    assert area["measure"]["effect"]["allowance"]["max_area_m2"] == "1"
    assert {(c["tolerated_by"], c["followed"]) for c in before["conflicts"]} == {
        ("CN-PORT-DANDONG-two-electronic-items", "UN-2397-OP7-industrial-machinery"),
        ("CN-PORT-DANDONG-two-electronic-items", "CN-2018-4-export-ban"),
    }
    after = page(*args, "--as-of", "2019-03-15", "--profile", "china-customs")
    banned = entry(after, "CN-PORT-DANDONG-no-electronic-items")
    assert (banned["effect"], banned["verdict"]) == ("prohibit", "prohibited")
    assert "CN-PORT-DANDONG-two-electronic-items" not in {e["id"] for e in after["measures"]}
    table = run("show", *args, "--as-of", "2019-02-12")
    assert "up to 2 items per traveller" in table.stdout and "returning worker" in table.stdout


def test_a_heading_page_names_the_subheadings() -> None:
    document = page(
        "--crossing", "dandong", "--hs", "8703", "--as-of", "2019-01-10", "--regimes", "UN",
        "--direction", "export",
    )  # fmt: skip
    assert document["code"] == "8703" and "870310" in document["subheadings"]
    snow = entry(document, "UN-2270-luxury-snowmobiles")
    assert snow["coverage"] == "some_subheadings"
    assert snow["subheadings"] == {"full": [], "partial": ["870310"], "excluded": []}
    cars = entry(document, "UN-2094-luxury-transport")
    assert cars["subheadings"]["excluded"] == ["870310"]
    assert entry(document, "UN-2397-OP7-transport-vehicles")["coverage"] == "full"


def test_a_tariff_line_is_read_as_its_subheading_and_today_is_the_default() -> None:
    before = dt.date.today().isoformat()
    document = page("--crossing", "dandong", "--hs", "8516.60.0000")
    after = dt.date.today().isoformat()
    assert document["code"] == "851660" and document["asked"] == "8516.60.0000"
    assert document["as_of_default"] is True and document["as_of"] in {before, after}
    table = run("show", "--crossing", "dandong", "--hs", "85166000")
    assert "today; give --as-of YYYY-MM-DD for another day" in table.stdout


@pytest.fixture
def rule_base_with_a_german_regime(tmp_path: Path) -> Path:
    """The shipped rule base and 'XX', a regime binding only in Germany, with one crossing."""
    root = tmp_path / "rules"
    shutil.copytree(default_rule_base_dir(), root)
    regimes = yaml.safe_load((root / "regimes.yaml").read_text())
    regimes["regimes"].append(
        {"id": "XX", "name": "a German regime", "kind": "law", "jurisdiction": ["DE"]}
    )
    regimes["profiles"]["germany"] = ["UN", "XX"]
    (root / "regimes.yaml").write_text(yaml.safe_dump(regimes, allow_unicode=True))
    crossings = yaml.safe_load((root / "crossings.yaml").read_text())
    crossings["crossings"].append(
        {"id": "guben", "name": "Guben", "country": "DE", "counterpart": "KP"}
    )
    (root / "crossings.yaml").write_text(yaml.safe_dump(crossings, allow_unicode=True))
    (root / "measures" / "xx").mkdir()
    measure = {
        "id": "XX-machinery",
        "legal_act": "German act",
        "provision": "s. 1",
        "source": "test",
        "confidence": "high",
        "scope": {"directions": ["export"]},
        "goods": {"description": "Machinery", "hs": ["84"]},
        "effect": {"type": "prohibit"},
        "valid_from": "2017-01-01",
    }
    (root / "measures" / "xx" / "act.yaml").write_text(
        yaml.safe_dump({"document": {"title": "act", "regime": "XX"}, "measures": [measure]})
    )
    return root


def test_a_regime_that_binds_elsewhere_is_said_plainly(
    rule_base_with_a_german_regime: Path,
) -> None:
    rules = ("--rule-base", str(rule_base_with_a_german_regime))
    sentence = "XX measures do not bind at dandong (CN); choose a crossing where they do: frankfurt-airport, guben."
    shown = run("show", "--crossing", "dandong", "--as-of", "2019-01-10", "--regimes", "XX", *rules)
    assert shown.returncode == 0, shown.stderr
    assert "0 measures at dandong" in shown.stdout and sentence in shown.stdout
    changed = run(
        "diff", "2016-01-01", "2019-01-10", "--crossing", "dandong", "--profile", "germany",
        *rules,
    )  # fmt: skip
    assert sentence in changed.stdout and "UN-2397-OP7-industrial-machinery" in changed.stdout
    code = run(
        "show", "--crossing", "dandong", "--hs", "847130", "--as-of", "2019-01-10",
        "--regimes", "XX", *rules,
    )  # fmt: skip
    assert sentence in code.stdout and "none touches this code" in code.stdout
    as_json = page(
        "--crossing", "dandong", "--hs", "847130", "--as-of", "2019-01-10",
        "--regimes", "XX", *rules,
    )  # fmt: skip
    assert as_json["not_binding"] == ["XX"] and as_json["measures"] == []
    there = page("--crossing", "guben", "--hs", "847130", "--as-of", "2019-01-10", *rules)
    assert entry(there, "XX-machinery")["verdict"] == "prohibited"
    # without a choice the regimes that cannot bind are named once, not each apart
    everything = run("show", "--crossing", "dandong", "--as-of", "2019-01-10", *rules)
    assert "XX measures do not bind at dandong (CN) and are left out." in everything.stdout
