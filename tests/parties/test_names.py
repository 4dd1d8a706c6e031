"""Names: spellings of one Korean, Chinese or company name meet; different names do not."""

from __future__ import annotations

import pytest

from borderwatch.parties.features import organisation_similarity, person_similarity
from borderwatch.parties.forms import organisation_form, person_form, readings
from borderwatch.parties.korean_names import surname_table
from borderwatch.parties.normalize import fold, sound_key

SAME_SURNAME = [
    ("Kim", "Gim", "김"),
    ("Jong", "Jeong", "Chong", "Chung", "정"),
    ("Ri", "Li", "Lee", "Yi", "Rhee", "이", "리"),
    ("Pak", "Park", "Bak", "박"),
    ("Choe", "Choi", "Ch'oe", "최"),
    ("O", "Oh", "오"),
    ("Ryu", "Yu", "Yoo", "류", "유"),
]


@pytest.mark.parametrize("spellings", SAME_SURNAME, ids=lambda s: s[0])
def test_surname_spellings_share_a_class(spellings: tuple[str, ...]) -> None:
    table = surname_table()
    classes = {table.class_of(s if s[0] >= "가" else fold(s)) for s in spellings}
    assert len(classes) == 1 and None not in classes


def test_different_surnames_keep_different_classes() -> None:
    table = surname_table()
    assert len({table.class_of(s) for s in ("kim", "pak", "ri", "choe", "han", "jang")}) == 6


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jeong", "Jong"),
        ("Eun", "Un"),
        ("Cheol", "Ch'ŏl"),
        ("Young", "Yong"),
        ("Gwang", "Kwang"),
        ("Shin", "Sin"),
    ],
)
def test_sound_keys_join_romanizations(a: str, b: str) -> None:
    assert sound_key(fold(a)) == sound_key(fold(b))


SAME_PERSON = [
    ("RI WON HO", "Lee Won-ho"),
    ("RI WON HO", "Won Ho Ri"),
    ("RI WON HO", "Rhee Wonho"),
    ("RI WON HO", "리원호"),
    ("RI WON HO", "리 원호"),
    ("KIM YONG CHOL", "Gim Yeong-cheol"),
    ("KIM YONG CHOL", "김영철"),
    ("CH'OE SO’K MIN", "Choi Seok-min"),
    ("PAK TO CHUN", "Park Do-chun"),
    ("JANG SONG CHOL", "Chang Song-ch'ol"),
    ("Jin Tiesan", "金铁三"),
    ("Chang-Su Han", "HAN JANG SU"),
]


@pytest.mark.parametrize(("listed", "written"), SAME_PERSON)
def test_spellings_of_one_person_are_near_identical(listed: str, written: str) -> None:
    score, _ = person_similarity(person_form(written), person_form(listed))
    assert score >= 0.9, (listed, written)


DIFFERENT_PEOPLE = [
    ("RI WON HO", "Kim Won Ho"),
    ("KIM YONG CHOL", "Kim Min Jun"),
    ("PAK TO CHUN", "Pak Chol Nam"),
    ("RI WON HO", "이민호"),
]


@pytest.mark.parametrize(("listed", "written"), DIFFERENT_PEOPLE)
def test_different_people_are_far_apart(listed: str, written: str) -> None:
    # 0.8 similarity scores 0.79 on a name alone: below the default alert threshold 0.80
    score, _ = person_similarity(person_form(written), person_form(listed))
    assert score < 0.8, (listed, written, score)


SAME_ORGANISATION = [
    ("KOREA RYONBONG GENERAL CORPORATION", "Korea Ryonbong General Corp."),
    ("KOREA RYONBONG GENERAL CORPORATION", "조선련봉총회사"),
    ("CHONGCHONGANG SHIPPING COMPANY", "Chong Chon Gang Shipping Co. Ltd."),
    ("KOREA MINING DEVELOPMENT TRADING CORPORATION", "Korea Mining Development Trading Co Ltd"),
    ("朝鲜联合机械贸易会社", "朝鲜联合机械贸易有限公司"),
    ("KOREA SONGBONG GENERAL TRADING CORPORATION", "Songbong Trading Corporation"),
]


@pytest.mark.parametrize(("listed", "written"), SAME_ORGANISATION)
def test_company_name_variants_match(listed: str, written: str) -> None:
    score, _ = organisation_similarity(organisation_form(written), organisation_form(listed))
    assert score >= 0.85, (listed, written, score)


@pytest.mark.parametrize(
    ("listed", "written"),
    [
        ("KOREA RYONBONG GENERAL CORPORATION", "Dandong Xinyuan Trading Co Ltd"),
        ("KOREA KUMSAN TRADING CORPORATION", "Korea Pyongsu Trading Corporation"),
        ("HESONG TRADING COMPANY", "Hunchun Dongfang Trading Company"),
    ],
)
def test_ordinary_trading_companies_do_not_match(listed: str, written: str) -> None:
    score, _ = organisation_similarity(organisation_form(written), organisation_form(listed))
    assert score < 0.7, (listed, written, score)


def test_readings_split_brackets_and_scripts() -> None:
    assert readings("DAEDONG CREDIT BANK (DCB)") == ["DAEDONG CREDIT BANK", "DCB"]
    assert readings("Jin Tiesan (金铁三)") == ["Jin Tiesan", "金铁三"]
    assert readings("Ri Won Ho") == ["Ri Won Ho"]
