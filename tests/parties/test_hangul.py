"""Hangul decomposition, the two romanizations, and reading romanized names back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.parties.hangul import (
    Jamo,
    compose,
    decompose,
    is_hangul_syllable,
    romanize_mr,
    romanize_rr,
)
from borderwatch.parties.hangul_spelling import hangulize, split_syllables
from borderwatch.parties.normalize import fold, sound_key


def test_every_syllable_decomposes_and_composes_back() -> None:
    for code in range(0xAC00, 0xD7A4):
        char = chr(code)
        assert compose(decompose(char)) == char


def test_decompose_gives_the_jamo_indices() -> None:
    assert decompose("한") == Jamo(18, 0, 4)  # ㅎ ㅏ ㄴ
    assert decompose("가") == Jamo(0, 0, 0)
    assert not is_hangul_syllable("A")
    with pytest.raises(ValueError, match="not a precomposed"):
        decompose("ㄱ")


@pytest.mark.parametrize(
    ("hangul", "rr", "mr"),
    [
        ("김정은", "gimjeongeun", "kimchŏngŭn"),
        ("리원호", "riwonho", "riwŏnho"),
        ("최석민", "choeseokmin", "ch'oesŏkmin"),
        ("신", "sin", "shin"),
        ("박 영철", "bak yeongcheol", "pak yŏngch'ŏl"),
        ("평양", "pyeongyang", "p'yŏngyang"),
    ],
)
def test_romanizations(hangul: str, rr: str, mr: str) -> None:
    assert romanize_rr(hangul) == rr
    assert romanize_mr(hangul) == mr


@pytest.mark.parametrize(
    ("romanized", "hangul"),
    [("Ri Won Ho", "리 원 호"), ("CH'OE SO'K MIN", "최 석 민"), ("Kim Tong-Myo’ng", "김 동 명")],
)
def test_hangulize_reads_romanized_names(romanized: str, hangul: str) -> None:
    assert hangulize(romanized) == hangul


def test_run_together_given_names_split_into_syllables() -> None:
    assert split_syllables("wonho") == ("won", "ho")
    assert split_syllables("xyz") is None
    assert hangulize("Smith") is None


# finals that both romanizations write distinctly: none, ㄱ ㄴ ㄹ ㅁ ㅂ ㅇ
_SIMPLE_FINALS = [0, 1, 4, 8, 16, 17, 21]
_SYLLABLE = st.builds(
    lambda i, v, f: compose(Jamo(i, v, f)),
    st.integers(0, 18),
    st.integers(0, 20),
    st.sampled_from(_SIMPLE_FINALS),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SYLLABLE, min_size=1, max_size=4), st.sampled_from(["rr", "mr"]))
def test_romanized_then_hangulized_keeps_the_sound_key(syllables: list[str], system: str) -> None:
    romanize = romanize_rr if system == "rr" else romanize_mr
    romanized = " ".join(romanize(s) for s in syllables)
    back = hangulize(romanized)
    assert back is not None
    key = [sound_key(fold(romanize_rr(s))) for s in syllables]
    assert [sound_key(fold(romanize_rr(s))) for s in back.split()] == key
