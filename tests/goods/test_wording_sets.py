"""The readers of the public labelled wording sets: rows, or an error naming the record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderwatch.errors import RecordError
from borderwatch.goods.wording_sets import WORDING_SETS, read_wording_set

CBP = Path("hs-descriptions") / "cbp_cross_rulings_hs6.jsonl"
HMRC = Path("parcel-descriptions") / "uk_fpo_parcel_items.csv"


def _write(folder: Path, relative: Path, text: str) -> None:
    (folder / relative).parent.mkdir(parents=True, exist_ok=True)
    (folder / relative).write_text(text, encoding="utf-8")


def test_rows_keep_their_source_and_codes_outside_hs2022_are_skipped(tmp_path: Path) -> None:
    lines = [
        {"ruling": "N1", "subject": " locker kits ", "hs6": "940389"},
        {"ruling": "N2", "subject": "old code", "hs6": "847199"},  # HS 2017 only
    ]
    _write(tmp_path, CBP, "\n".join(json.dumps(r) for r in lines))
    rows = read_wording_set("cbp", tmp_path)
    assert [(r.description, r.hs6) for r in rows] == [("locker kits", "940389")]
    assert rows[0].extra["source"] == "cbp" and rows[0].extra["fold"] in "01234"


def test_a_broken_ruling_line_is_named_by_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, CBP, '{"ruling": "N1", "subject": "kits", "hs6": "940389"}\n{"ruling": ')
    with pytest.raises(RecordError, match=r"cbp_cross_rulings_hs6\.jsonl:2: field"):
        read_wording_set("cbp", tmp_path)


def test_a_parcel_file_with_another_header_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, HMRC, "description,code\njoggers,61046200\n")
    with pytest.raises(RecordError, match="Goods Description"):
        read_wording_set("hmrc", tmp_path)


def test_the_same_parcel_description_always_falls_in_the_same_half(tmp_path: Path) -> None:
    _write(
        tmp_path, HMRC, "Goods Description,Commodity Code\njoggers,61046200\njoggers,6104620000\n"
    )
    rows = read_wording_set("hmrc", tmp_path)
    assert len(rows) == 2 and rows[0].extra["half"] == rows[1].extra["half"]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(
    st.lists(
        st.one_of(st.text(max_size=40), st.dictionaries(st.text(max_size=8), st.text(max_size=8))),
        max_size=5,
    )
)
def test_the_ruling_reader_gives_rows_or_names_the_record(
    tmp_path: Path, lines: list[object]
) -> None:
    _write(tmp_path, CBP, "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines))
    try:
        rows = read_wording_set("cbp", tmp_path)
    except RecordError as exc:
        assert "cbp_cross_rulings_hs6.jsonl:" in str(exc)
    else:
        assert all(len(r.hs6) == 6 for r in rows)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(st.text(max_size=200))
def test_the_parcel_reader_gives_rows_or_names_the_header(tmp_path: Path, body: str) -> None:
    _write(tmp_path, HMRC, "Goods Description,Commodity Code\n" + body)
    rows = read_wording_set("hmrc", tmp_path)
    assert all(len(r.hs6) == 6 and r.description for r in rows)


def test_an_unknown_set_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match=", ".join(WORDING_SETS)):
        read_wording_set("ebay", Path("."))
