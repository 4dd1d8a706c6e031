"""Which HS version was in force on a date, and what an older code became in HS 2022."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.reference.hs_versions import in_force, read_code, screened_as_itself

D = dt.date


@pytest.mark.parametrize(
    ("day", "edition", "version"),
    [
        (D(1990, 6, 1), 0, 2012),
        (D(2006, 10, 14), 2002, 2012),
        (D(2011, 12, 31), 2007, 2012),
        (D(2012, 1, 1), 2012, 2012),
        (D(2016, 12, 31), 2012, 2012),
        (D(2017, 1, 1), 2017, 2017),
        (D(2021, 12, 31), 2017, 2017),
        (D(2022, 1, 1), 2022, 2022),
        (D(2026, 7, 1), 2022, 2022),
    ],
)
def test_the_version_in_force(day: dt.date, edition: int, version: int) -> None:
    found = in_force(day)
    assert (found.edition, found.version) == (edition, version)
    assert found.exact is (edition == version)


def test_before_2012_the_reading_says_no_table_was_available() -> None:
    reading = read_code("847130", day=D(2010, 5, 1))
    assert (reading.version, reading.candidates) == (2012, ("847130",))
    (note,) = reading.notes()
    assert "HS 2007 was in force on 2010-05-01" in note and "read as HS 2012" in note
    assert "before HS 1992" in read_code("847130", day=D(1990, 1, 1)).notes()[0]


def test_an_hs_2012_code_is_chained_through_hs_2017() -> None:
    reading = read_code("440710", day=D(2015, 3, 1))
    assert reading.version == 2012
    # HS 2017 split it into 440711/12/19, HS 2022 split 440712 into 440712/13/14
    assert reading.candidates == ("440711", "440712", "440713", "440714", "440719")
    assert reading.complete and not reading.unchanged and reading.notes() == ()


def test_a_code_of_the_version_in_force_is_read_in_it_even_when_hs_2022_has_it_too() -> None:
    reading = read_code("880240", day=D(2019, 3, 1))
    assert reading.version == 2017
    assert reading.candidates == ("880240", "880610", "880629", "880699")  # drones left 8802
    assert read_code("880240", day=D(2023, 3, 1)).candidates == ("880240",)
    assert len(read_code("851712", day=D(2019, 3, 1)).candidates) == 10


def test_a_code_not_of_the_version_in_force_falls_back_to_hs_2022_then_older() -> None:
    today = read_code("851713", day=D(2019, 3, 1))
    assert (today.version, today.candidates) == (2022, ("851713",)) and today.unchanged
    assert today.notes() == (
        "851713 is not a code of HS 2017 (in force on 2019-03-01): read as HS 2022, where it is one",
    )
    stale = read_code("440710", day=D(2019, 3, 1))
    assert stale.version == 2012
    assert "not a code of HS 2017 (in force on 2019-03-01) or HS 2022" in stale.notes()[0]


def test_a_declared_version_is_the_only_one_tried() -> None:
    assert read_code("440710", day=D(2019, 3, 1), declared=2017).version is None
    declared = read_code("440710", day=D(2019, 3, 1), declared=2012)
    assert declared.version == 2012 and declared.notes() == ()
    assert declared.tried_text() == "HS 2012, the hs_version declared"
    assert read_code("880240", day=D(2019, 3, 1), declared=2022).unchanged
    assert read_code("851712", day=D(2019, 3, 1), declared=2022).version is None
    with pytest.raises(ValueError, match="not a version"):
        read_code("851712", day=None, declared=2007)


def test_a_code_of_no_version_names_the_versions_tried() -> None:
    reading = read_code("851661", day=D(2019, 3, 1))
    assert reading.version is None and reading.candidates == ()
    assert reading.tried_text() == "HS 2017 (in force on 2019-03-01), HS 2022 or HS 2012"
    undated = read_code("851661", day=None)
    assert undated.tried_text() == "HS 2022, HS 2017 or HS 2012"


def test_codes_the_tables_lose_track_of_are_incomplete() -> None:
    lost = read_code("620112", day=D(2019, 3, 1))
    assert (lost.version, lost.candidates, lost.complete) == (2017, (), False)
    # HS 2022 kept 911490, but the table names none for it: screened as itself, not complete
    kept = read_code("911490", day=D(2019, 3, 1))
    assert (kept.candidates, kept.complete) == (("911490",), False)
    # 701919 is listed as 701913 only; HS 2022 still has 701919 too
    assert read_code("701919", day=D(2019, 3, 1)).candidates == ("701913", "701919")


def test_chapters_and_headings_are_read_as_themselves_when_hs_2022_has_them() -> None:
    assert read_code("8517", day=D(2019, 3, 1)).unchanged
    assert read_code("85", day=D(2014, 3, 1)).unchanged
    heading = read_code("8524", day=D(2019, 3, 1))  # new in HS 2022
    assert heading.version == 2022 and heading.unchanged
    assert read_code("0851", day=D(2019, 3, 1)).version is None


SOME_CODES = ["847130", "440710", "440712", "851712", "851713", "620112", "911490", "8517", "99"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(SOME_CODES),
    st.dates(min_value=D(1985, 1, 1), max_value=D(2030, 12, 31)),
    st.sampled_from([None, 2012, 2017, 2022]),
)
def test_the_batch_paths_question_agrees_with_the_full_reading(
    code: str, day: dt.date, declared: int | None
) -> None:
    reading = read_code(code, day=day, declared=declared)
    assert screened_as_itself(code, day=day, declared=declared) is reading.unchanged
