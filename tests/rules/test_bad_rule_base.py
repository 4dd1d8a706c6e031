"""A user's rule base with mistakes: each is refused with file, line, field and value.

Issue 11: an impossible date, a duplicate id, an unknown regime or HS code,
a suspension outside its measure's validity, a key given twice, a file that
is not UTF-8 — none ends in a traceback, and ``rules check`` lists them all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from borderwatch.errors import RuleBaseError, RuleProblem
from borderwatch.rules.check import Finding, check_rule_base
from borderwatch.rules.loader import load_rule_base, read_rule_base
from tests.rules.building import copy_rule_base, line_of, shipped_measure, write_measures


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_rule_base(tmp_path / "rules")


def _problems(root: Path) -> list[RuleProblem]:
    with pytest.raises(RuleBaseError) as caught:
        load_rule_base(root)
    return list(caught.value.problems)


def _errors(root: Path) -> list[Finding]:
    return [f for f in check_rule_base(root) if f.level == "error"]


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("valid_from", "2016-13-45", "month value is outside expected range"),
        ("valid_to", "2017-02-30", "day value is outside expected range"),
        ("valid_from", "yesterday", "valid date"),
    ],
)
def test_an_impossible_date_names_file_line_field_and_value(
    root: Path, field: str, value: str, problem: str
) -> None:
    measure = shipped_measure(root) | {"id": "TEST-date", field: value}
    if field == "valid_to":
        measure["valid_from"] = "2016-01-01"
    path = write_measures(root, "dates", [measure])
    with pytest.raises(RuleBaseError) as caught:
        load_rule_base(root)
    (found,) = caught.value.problems
    assert (found.path, found.line) == (str(path), line_of(path, value))
    assert (found.field, found.value) == (f"measures.0.{field}", value)
    assert problem in found.problem and "YYYY-MM-DD" in found.fix
    assert f"{path}:{line_of(path, value)}: measures.0.{field} = '{value}'" in str(caught.value)


def test_an_impossible_date_in_the_reference_files_is_named_too(root: Path) -> None:
    path = root / "exchange-rates.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{from: 2006-01-01", "{from: 2006-02-31", 1), encoding="utf-8")
    (found,) = _problems(root)
    assert found.path == str(path) and found.line == line_of(path, "2006-02-31")
    assert found.field == "rates.CNY.0.from" and found.value == "2006-02-31"


def test_a_measure_id_used_twice_names_both_places(root: Path) -> None:
    first = write_measures(root, "a", [shipped_measure(root) | {"id": "TEST-twice"}])
    second = write_measures(
        root,
        "b",
        [
            shipped_measure(root) | {"id": "TEST-other"},
            shipped_measure(root) | {"id": "TEST-twice"},
        ],
    )
    (found,) = _problems(root)
    assert found.path == str(second) and found.line == line_of(second, "id: TEST-twice")
    assert (found.field, found.value) == ("measures.1.id", "TEST-twice")
    assert f"{first}:{line_of(first, 'id: TEST-twice')}" in found.problem


def test_a_duplicate_id_is_found_even_when_the_first_does_not_validate(root: Path) -> None:
    broken = shipped_measure(root) | {"id": "TEST-twice", "valid_from": "2016-13-45"}
    write_measures(root, "a", [broken])
    second = write_measures(root, "b", [shipped_measure(root) | {"id": "TEST-twice"}])
    problems = _problems(root)
    assert [p.field for p in problems] == ["measures.0.valid_from", "measures.0.id"]
    assert problems[1].path == str(second)


def test_a_regime_regimes_yaml_does_not_define_is_named_where_it_is_written(root: Path) -> None:
    from_document = write_measures(
        root,
        "doc",
        [shipped_measure(root) | {"id": f"TEST-doc-{n}"} for n in range(3)],
        regime="XX",
    )
    own = write_measures(root, "own", [shipped_measure(root) | {"id": "TEST-own", "regime": "YY"}])
    problems = _problems(root)
    assert [(p.path, p.line, p.field, p.value) for p in problems] == [
        (str(from_document), line_of(from_document, "regime: XX"), "document.regime", "XX"),
        (str(own), line_of(own, "regime: YY"), "measures.0.regime", "YY"),
    ]
    assert "UN, CN" in problems[0].problem


def test_unknown_hs_codes_are_named_at_their_line(root: Path) -> None:
    measure = shipped_measure(root) | {"id": "TEST-hs"}
    measure["goods"] = measure["goods"] | {"hs": ["8471", "2701.99"], "exclude_hs": ["999999"]}
    path = write_measures(root, "hs", [measure])
    messages = {(f.where, f.message.split(":")[0]) for f in _errors(root)}
    assert (f"{path}:{line_of(path, '2701.99')}", "measures.0.goods.hs.1 = '270199'") in messages
    assert (f"{path}:{line_of(path, '999999')}", "measures.0.goods.exclude_hs.0 = '999999'") in (
        messages
    )


def test_suspensions_and_successors_that_cannot_be_are_named_at_their_line(root: Path) -> None:
    measure = shipped_measure(root) | {
        "id": "TEST-dates",
        "valid_from": "2016-03-02",
        "suspensions": [{"start": "2010-01-01", "end": "2010-02-01", "legal_act": "test"}],
        "superseded_by": ["TEST-nowhere"],
    }
    path = write_measures(root, "dates", [measure])
    errors = {f.where: f.message for f in _errors(root) if str(path) in f.where}
    suspension = errors[f"{path}:{line_of(path, '2010-01-01')}"]
    assert suspension.startswith("measures.0.suspensions.0.start = '2010-01-01': suspension from")
    successor = errors[f"{path}:{line_of(path, 'TEST-nowhere')}"]
    assert successor.startswith("measures.0.superseded_by.0 = 'TEST-nowhere'")


def test_a_key_given_twice_is_an_error_naming_both_lines(root: Path) -> None:
    path = write_measures(root, "keys", [shipped_measure(root) | {"id": "TEST-keys"}])
    text = path.read_text(encoding="utf-8")
    assert "- id: TEST-keys\n" in text
    path.write_text(text.replace("- id: TEST-keys\n", "- id: TEST-keys\n  id: TEST-again\n"))
    (found,) = _problems(root)
    assert found.line == line_of(path, "TEST-again")
    assert (found.field, found.value) == ("measures.0.id", "TEST-again")
    assert f"first on line {line_of(path, 'TEST-keys')}" in found.problem


def test_a_file_that_is_not_utf8_is_named(root: Path) -> None:
    path = root / "measures" / "test" / "latin1.yaml"
    path.parent.mkdir()
    path.write_bytes("document: {title: x, regime: UN}\n# Pr\u00e9cis\n".encode("latin-1"))
    (found,) = _problems(root)
    assert (found.path, found.line) == (str(path), 2)
    assert "not UTF-8" in found.problem and "UTF-8" in found.fix


def test_a_missing_reference_file_is_named(root: Path) -> None:
    (root / "crossings.yaml").unlink()
    (found,) = _problems(root)
    assert found.path == str(root / "crossings.yaml") and "does not exist" in found.problem


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        (8471, "must be text"),
        ("84710000-84719999", "2, 4 or 6 digits"),
        ("000000-999999", "at most 10,000 codes"),
    ],
)
def test_hs_values_the_model_cannot_take_are_named(
    root: Path, written: object, problem: str
) -> None:
    measure = shipped_measure(root) | {"id": "TEST-hs"}
    measure["goods"] = measure["goods"] | {"hs": ["01", written]}
    path = write_measures(root, "hs", [measure])
    (found,) = _problems(root)
    assert found.line == line_of(path, str(written))
    assert (found.field, found.value) == ("measures.0.goods.hs.1", written)
    assert problem in found.problem


def test_check_lists_every_problem_in_one_run(root: Path) -> None:
    """One run lists the problems of every file and every measure, not the first."""
    broken = [
        shipped_measure(root) | {"id": "TEST-1", "valid_from": "2016-13-45"},
        shipped_measure(root) | {"id": "TEST-2", "confidence": "certain"},
        shipped_measure(root) | {"id": "TEST-3", "superseded_by": ["TEST-none"]},
    ]
    measures = write_measures(root, "many", broken)
    (root / "measures" / "test" / "binary.yaml").write_bytes(b"\xff\xfe\x00")
    regimes = root / "regimes.yaml"
    text = regimes.read_text(encoding="utf-8")
    regimes.write_text(text.replace("kind: reported_practice", "kind: rumour", 1))
    expected = {
        (str(regimes), "regimes.2.kind"),
        (str(measures), "measures.0.valid_from"),
        (str(measures), "measures.1.confidence"),
        (str(measures), "measures.2.superseded_by.0"),
        (str(root / "measures" / "test" / "binary.yaml"), ""),
    }
    read = read_rule_base(root)
    loading = expected - {(str(measures), "measures.2.superseded_by.0")}  # a lint, not a load error
    assert {(p.path, p.field) for p in read.problems} == loading
    ours = {path for path, _ in expected}
    errors = [f for f in _errors(root) if f.where.rsplit(":", 1)[0] in ours]
    assert len(errors) == len(expected)
    with pytest.raises(RuleBaseError) as caught:
        load_rule_base(root)
    message = str(caught.value)
    assert f"({len(loading)} problems)" in message and "rules check --rule-base" in message
    assert all(f"{path}:" in message for path, _ in loading)
