"""Country names to ISO codes: the UN list's names, codes, and names stated as unknown."""

from __future__ import annotations

from pathlib import Path

import defusedxml.ElementTree as safe_xml
import pytest

from borderwatch.parties.territories import country_from_code, country_from_name, is_unstated


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Democratic People's Republic of Korea", "KP"),
        ("Republic of Korea", "KR"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Democratic Republic of the Congo", "CD"),
        ("Congo", "CG"),
        ("State of Palestine", "PS"),
        ("Türkiye", "TR"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("former Soviet Union", "SU"),
        ("China", "CN"),
        ("  democratic people's  republic of korea ", "KP"),
        ("kp", "KP"),
    ],
)
def test_names_the_un_list_writes_resolve(name: str, code: str) -> None:
    assert country_from_name(name) == code


def test_na_on_the_un_list_is_not_available_but_na_as_a_code_is_namibia() -> None:
    assert country_from_name("na") is None
    assert is_unstated("na") and is_unstated("Unknown")
    assert country_from_code("na") == "NA"
    assert not is_unstated("Namibia")


@pytest.mark.parametrize("value", ["", "Atlantis", "xx", "12", "Korea Republic of Nowhere"])
def test_unknown_names_and_codes_give_none(value: str) -> None:
    assert country_from_name(value) is None
    assert country_from_code(value) is None


def test_codes_outside_iso_that_lists_use() -> None:
    assert country_from_code("xk") == "XK"
    assert country_from_code("North Korea") == "KP"


def _country_names(path: Path) -> set[str]:
    root = safe_xml.parse(path, forbid_dtd=True).getroot()
    found = {" ".join((v.text or "").split()) for v in root.iterfind(".//NATIONALITY/VALUE")}
    for doc in root.iterfind(".//INDIVIDUAL_DOCUMENT"):
        for tag in ("ISSUING_COUNTRY", "COUNTRY_OF_ISSUE"):
            if (element := doc.find(tag)) is not None and element.text:
                found.add(" ".join(element.text.split()))
    return found - {""}


def test_every_country_on_the_real_un_list_resolves_or_is_stated_unknown(
    shared_data: Path,
) -> None:
    names = _country_names(shared_data / "un-sanctions" / "consolidated.xml")
    assert len(names) > 50  # the 2026-05 list names 61
    unresolved = sorted(n for n in names if country_from_name(n) is None and not is_unstated(n))
    assert unresolved == []
    assert country_from_name("Democratic People's Republic of Korea") == "KP"
