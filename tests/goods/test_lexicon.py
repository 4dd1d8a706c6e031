"""The lexicon: valid shipped data, and every malformed entry refused with file, line,
field and value; each name keeps the file and line it is written on."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderwatch.goods.classifier import HSClassifier
from borderwatch.goods.lexicon import LexiconError, check_lexicon, load_lexicon, shipped_lexicon
from borderwatch.goods.lexicon_files import SHARED_FILE, chapter_of_file
from borderwatch.reference.hs import nomenclature

SANCTIONED_CHAPTERS = ("03", "25", "26", "27", "44", "72", "73", "84", "85", "87", "89")
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "borderwatch" / "goods" / "data" / "lexicon"

GOOD = '"851660":  # Ovens, cookers...\n  en:\n    - rice cooker\n  zh:\n    - 电饭煲\n'


def test_the_shipped_lexicon_has_no_problem() -> None:
    assert check_lexicon(SHIPPED) == []


def test_one_file_per_chapter_and_the_shared_names() -> None:
    files = sorted(p.name for p in SHIPPED.glob("*.yaml"))
    assert SHARED_FILE in files
    chapters = [chapter_of_file(f) for f in files if f != SHARED_FILE]
    assert None not in chapters and len(chapters) == len(set(chapters)) >= 90
    assert not [p for p in SHIPPED.iterdir() if p.suffix != ".yaml"]


def test_every_code_is_an_hs_2022_subheading() -> None:
    codes = nomenclature()
    entries = shipped_lexicon().entries
    assert len(entries) >= 3000
    assert [e.hs for e in entries if e.hs not in codes or len(e.hs) != 6] == []


def test_every_entry_is_named_in_english_and_most_in_chinese_and_korean() -> None:
    entries = shipped_lexicon().entries
    assert [e.hs for e in entries if not e.en] == []
    assert sum(1 for e in entries if e.zh) / len(entries) > 0.9
    assert sum(1 for e in entries if e.ko) / len(entries) > 0.9


def test_the_chapters_under_dprk_measures_are_covered() -> None:
    chapters = {e.hs[:2] for e in shipped_lexicon().entries}
    assert [c for c in SANCTIONED_CHAPTERS if c not in chapters] == []
    assert all(f"{c:02d}" in chapters for c in range(50, 64) if c not in (53,))


# (file name, text, expected: file:line, field, value as shown, and what is wrong)
MALFORMED = [
    (
        "85.yaml",
        '"851699":\n  en:\n    - gadget\n',
        "85.yaml:1: 851699 = '851699'",
        "not an HS 2022",
    ),
    ("85.yaml", '"85166":\n  en:\n    - gadget\n', "85.yaml:1: 85166 = '85166'", "not an HS 2022"),
    ("84.yaml", GOOD, "84.yaml:1: 851660 = '851660'", "in the file of chapter 84"),
    ("85.yaml", '"851660":\n  jp:\n    - 炊飯器\n', "85.yaml:2: 851660.jp = 'jp'", "not a kind"),
    (
        "85.yaml",
        GOOD + '  ko:\n    - 밥솥\n    - " 밥솥"\n',
        "85.yaml:8: 851660.ko = ' 밥솥'",
        "not a name",
    ),
    (
        "85.yaml",
        GOOD + "  brands:\n    - cuckoo\n    - Cuckoo\n",
        "85.yaml:8: 851660.brands = 'Cuckoo'",
        "already written at 85.yaml:7",
    ),
    (
        "85.yaml",
        GOOD + '"851671":\n  en:\n    - Rice Cooker\n',
        "85.yaml:8: 851671.en = 'Rice Cooker'",
        "already written at 85.yaml:3 (for 851660)",
    ),
    ("85.yaml", '"851660":\n  en: rice cooker\n', "85.yaml:2: 851660.en = '...'", "a list"),
    ("85.yaml", GOOD + '"851660":\n  en:\n    - toaster\n', "85.yaml:6: 851660", "given twice"),
    ("kitchen.yaml", GOOD, "kitchen.yaml: ", "not a lexicon file"),
    (
        "85.yaml",
        '"851660": &cookers\n  en:\n    - rice cooker\n"851671": *cookers\n',
        "85.yaml:4: 851671 = '*alias'",
        "alias",
    ),
    ("85.yaml", '"851660":\n  en:\n    - [oops\n', "85.yaml:", "not valid YAML"),
    (
        SHARED_FILE,
        '- codes: ["420221"]\n  reason: x\n  en:\n    - bag\n',
        "shared.yaml:1: 0.codes",
        "two subheadings or more",
    ),
    (
        SHARED_FILE,
        '- codes: ["420221", "420222"]\n  en:\n    - bag\n',
        "shared.yaml:1: 0.reason",
        "needs the reason",
    ),
]


@pytest.mark.parametrize(("name", "text", "where", "what"), MALFORMED)
def test_a_malformed_entry_is_refused_with_file_line_field_and_value(
    tmp_path: Path, name: str, text: str, where: str, what: str | None
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    problems = [str(p) for p in check_lexicon(tmp_path)]
    assert any(p.startswith(where) and (what is None or what in p) for p in problems), problems
    with pytest.raises(LexiconError, match="does not validate"):
        load_lexicon(tmp_path)


def test_a_name_of_another_kind_is_another_name(tmp_path: Path) -> None:
    (tmp_path / "85.yaml").write_text(GOOD + "  brands:\n    - rice cooker\n", encoding="utf-8")
    assert check_lexicon(tmp_path) == []


def test_a_shared_name_belongs_to_each_of_its_codes_and_keeps_its_line(tmp_path: Path) -> None:
    (tmp_path / "42.yaml").write_text('"420221":\n  en:\n    - leather handbag\n', "utf-8")
    (tmp_path / SHARED_FILE).write_text(
        '- codes: ["420221", "420292"]\n  reason: no material named\n  en:\n    - bag\n', "utf-8"
    )
    lexicon = load_lexicon(tmp_path)
    leather, other = lexicon.get("420221"), lexicon.get("420292")
    assert leather is not None and other is not None
    assert (leather.en, other.en) == (("leather handbag", "bag"), ("bag",))
    assert (leather.source, other.source) == ("42.yaml", SHARED_FILE)
    assert lexicon.place("420221", "en", "leather handbag") == "42.yaml:3"
    assert lexicon.place("420292", "en", "bag") == "shared.yaml:4"


def test_a_shared_name_also_in_a_chapter_file_is_written_twice(tmp_path: Path) -> None:
    (tmp_path / "42.yaml").write_text('"420221":\n  en:\n    - bag\n', "utf-8")
    (tmp_path / SHARED_FILE).write_text(
        '- codes: ["420221", "420292"]\n  reason: no material named\n  en:\n    - Bag\n', "utf-8"
    )
    assert [str(p) for p in check_lexicon(tmp_path)] == [
        "shared.yaml:4: 420221.en = 'Bag': the name is already written at 42.yaml:3 (for "
        "420221). Keep it once: remove one if it was a slip; if it truly names goods of both "
        "subheadings, list it once in shared.yaml with the reason."
    ]


def test_the_explanation_names_the_file_and_line_of_each_matched_name(tmp_path: Path) -> None:
    (tmp_path / "85.yaml").write_text(GOOD + "  brands:\n    - cuckoo\n", encoding="utf-8")
    classifier = HSClassifier(lexicon=load_lexicon(tmp_path))
    best = classifier.classify("Cuckoo rice cooker 电饭煲")[0]
    assert best.hs == "851660"
    assert best.explanation.startswith(
        "lexicon 'rice cooker' (en, 85.yaml:3), 'cuckoo' (brand, 85.yaml:7), '电饭煲' (zh, 85.yaml:5)"
    )


def test_the_shipped_explanations_point_at_real_lines() -> None:
    lexicon = shipped_lexicon()
    place = lexicon.place("851660", "en", "rice cooker")
    path, line = place.split(":")
    assert (SHIPPED / path).read_text(encoding="utf-8").splitlines()[int(line) - 1] == (
        "    - rice cooker"
    )


_TEXT = st.text(alphabet=string.printable + "电饭煲밥솥", max_size=200)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(_TEXT, st.builds(lambda t: GOOD + t, _TEXT)), shared=st.booleans())
def test_any_text_loads_or_is_refused_with_a_lexicon_error(
    tmp_path: Path, text: str, shared: bool
) -> None:
    name = SHARED_FILE if shared else "85.yaml"
    (tmp_path / name).write_text(text, encoding="utf-8")
    try:
        lexicon = load_lexicon(tmp_path)
    except LexiconError as exc:
        assert exc.problems or "no lexicon names" in str(exc)
    else:
        assert all(e.hs.startswith("85") or shared for e in lexicon.entries)
