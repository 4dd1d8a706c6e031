"""The Han -> Hangul reading table: what it holds, how it is built, how bad data is reported."""

from __future__ import annotations

import bz2
import importlib.util
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.errors import ReferenceDataError
from borderwatch.parties.features import person_similarity
from borderwatch.parties.forms import PersonForm, person_form
from borderwatch.parties.han_readings import (
    MAX_READINGS,
    _apply_dprk,
    _read_table,
    korean_note,
    korean_readings,
    reading_table,
)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_hangul_readings.py"
SHIPPED = ROOT / "src" / "borderwatch" / "parties" / "data" / "hangul-readings.csv"
UNIHAN = Path("/usr/share/unicode")


@cache
def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_hangul_readings", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("character", "reading"),
    [
        ("金", "김"),  # surname Kim, not 금 'gold'
        ("李", "리"),  # DPRK Ri, not South Korean 이
        ("崔", "최"),
        ("朴", "박"),
        ("龍", "룡"),  # DPRK Ryong, not 용
        ("龙", "룡"),  # simplified, read through 龍
        ("雄", "웅"),
        ("哲", "철"),
        ("成", "성"),
        ("柳", "류"),
        ("樂", "락"),  # DPRK override: Unihan lists 악 and 요 first
        ("乐", "락"),
        ("铁", "철"),  # simplified 鐵
        ("矿", "광"),  # simplified 礦, which Korean writes 鑛: a semantic variant
    ],
)
def test_the_first_reading_is_the_dprk_reading_for_a_name(character: str, reading: str) -> None:
    assert reading_table()[character][0] == reading


def test_other_readings_stay_behind_the_first() -> None:
    assert reading_table()["金"] == ("김", "금")
    assert "용" in reading_table()["龍"]


def test_a_name_is_read_first_way_then_one_character_changed_at_most_max_readings() -> None:
    assert korean_readings("金哲雄") == ("김철웅", "금철웅")
    assert korean_readings("崔龙海")[0] == "최룡해"
    assert len(korean_readings("樂樂樂樂樂")) == MAX_READINGS
    assert korean_readings("金 哲雄") == ("김 철웅", "금 철웅")  # other characters kept


def test_no_korean_reading_for_text_without_han_or_with_a_character_korean_does_not_read() -> None:
    assert korean_readings("Kim Chol Ung") == ()
    assert korean_readings("김철웅") == ()
    assert korean_readings("金丂") == ()  # 丂 has no Korean reading in Unihan


def test_the_note_names_each_han_run_and_its_reading() -> None:
    assert korean_note("金哲雄", "김철웅") == "金哲雄 read in Korean as 김철웅"
    assert korean_note("korea 端川 bank", "korea 단천 bank") == "端川 read in Korean as 단천"


def test_a_bad_row_of_the_shipped_table_is_named_with_its_line() -> None:
    with pytest.raises(ReferenceDataError, match=r"hangul-readings.csv:3: 'X,kim,'.*rebuild"):
        _read_table("# header\ncharacter,readings,via\nX,kim,\n")


def test_a_bad_dprk_row_is_named_with_its_number_and_what_it_needs() -> None:
    with pytest.raises(ReferenceDataError, match=r"row 2 .*needs 'character'"):
        _apply_dprk({}, [{"character": "金", "readings": ["김"]}, {"character": "金"}])
    with pytest.raises(ReferenceDataError, match="single Hangul syllables"):
        _apply_dprk({}, [{"character": "金", "readings": ["kim"]}])


@pytest.mark.skipif(
    not UNIHAN.joinpath("Unihan_Readings.txt.bz2").is_file(), reason="apt-get install unicode-data"
)
def test_the_shipped_table_is_what_the_script_writes(tmp_path: Path) -> None:
    with bz2.open(UNIHAN / "Unihan_Readings.txt.bz2", "rt", encoding="utf-8") as f:
        header = "".join(f.readline() for _ in range(6))
    if "Unicode version: 15.0.0" not in header:
        pytest.skip("the shipped table is from Unihan 15.0.0; this machine has another version")
    out = tmp_path / "hangul-readings.csv"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--unihan", str(UNIHAN), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == SHIPPED.read_bytes(), (
        "hangul-readings.csv differs from what scripts/build_hangul_readings.py writes: "
        "run it and commit"
    )


def test_the_script_reads_a_small_unihan_and_borrows_readings_from_variants() -> None:
    build = _script().build
    readings = [
        "# comment\n",
        "U+91D1\tkHangul\t금:0E 김:0N\n",
        "U+9F8D\tkHangul\t룡:0E 용:0\n",
        "U+9F8D\tkMandarin\tlóng\n",
    ]
    variants = ["U+9F99\tkTraditionalVariant\tU+9F8D\n", "U+9F8D\tkSimplifiedVariant\tU+9F99\n"]
    rows = [line for line in build(readings, variants).splitlines() if not line.startswith("#")]
    assert rows == ["character,readings,via", "金,김 금,", "龍,룡 용,", "龙,룡 용,龍"]


def test_the_script_names_the_file_and_line_of_a_malformed_line() -> None:
    script = _script()
    with pytest.raises(script.UnihanFormatError, match=r"Unihan_Readings.txt:2: 'U\+91D1 kHangul'"):
        script.build(["# ok\n", "U+91D1 kHangul\n"], [])


@given(
    st.lists(
        st.text(alphabet=st.sampled_from("U+0123456789ABCDEF\tkHangulVariant:김금룡EN0 #\n")),
        max_size=6,
    )
)
def test_the_script_reads_any_text_or_says_which_line_is_wrong(lines: list[str]) -> None:
    script = _script()
    try:
        script.build(lines, lines)
    except script.UnihanFormatError as exc:
        assert "Unihan_" in str(exc) or "kHangul of" in str(exc)


@given(
    st.lists(
        st.tuples(
            st.sampled_from("김금리이룡용"), st.sampled_from(["0", "0E", "0N", "1N", "", "X"])
        ),
        min_size=1,
        max_size=5,
    )
)
def test_readings_marked_for_names_come_first(items: list[tuple[str, str]]) -> None:
    value = " ".join(f"{syllable}:{marks}" for syllable, marks in items)
    ordered = _script().ordered_readings(value)
    assert set(ordered) == {syllable for syllable, _ in items}
    named = {syllable for syllable, marks in items if "N" in marks}
    assert set(ordered[: len(named)]) == named


_HAN = st.sampled_from(sorted(reading_table())[:3000])


@given(st.text(alphabet=st.one_of(_HAN, st.sampled_from(" abc김")), max_size=8))
def test_readings_keep_every_other_character_in_place_and_are_bounded(text: str) -> None:
    readings = korean_readings(text)
    assert len(readings) <= MAX_READINGS
    for reading in readings:
        assert len(reading) == len(text)
        assert all(a == b for a, b in zip(text, reading, strict=True) if a not in reading_table())


@settings(deadline=None)  # the first example loads pypinyin's dictionary, about a second
@given(
    st.text(alphabet=_HAN, min_size=2, max_size=4),
    st.sampled_from(["Kim Chol Ung", "Ri Su Yong", "Wang Wei", "Pak To Chun"]),
)
def test_reading_both_ways_never_scores_below_pinyin_alone(han: str, listed: str) -> None:
    """The Korean reading adds splits: the best over all of them is at least the pinyin one."""
    query, entry = person_form(han), person_form(listed)
    pinyin = PersonForm(
        query.text,
        tuple(s for s in query.splits if "Mandarin" in s.reading),
        query.sorted_tokens,
    )
    assert person_similarity(query, entry)[0] >= person_similarity(pinyin, entry)[0]
