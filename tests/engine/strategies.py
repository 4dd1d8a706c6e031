"""Hypothesis strategies for declarations that exercise the shipped rule base."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from borderwatch.model import Declaration
from borderwatch.reference.hs import normalise_hs
from borderwatch.reference.hs_versions import HS_VERSIONS, read_code

#: codes across the measure families, plus codes no measure touches
HS_SAMPLE = [
    "847130",
    "851660",
    "852872",
    "870323",
    "870310",
    "720851",
    "732393",
    "711319",
    "910111",
    "570110",
    "691110",
    "930190",
    "930200",
    "880240",
    "271012",
    "271019",
    "270900",
    "271112",
    "270112",
    "260111",
    "030743",
    "160521",
    "780110",
    "790111",
    "710812",
    "970310",
    "442019",
    "610910",
    "070951",
    "440399",
    "251990",
    "890120",
    "420221",
    "640399",
    "620520",
    "110100",
    "100630",
    "190230",
    "330499",
    "85",
    "8471",
]

#: codes of older HS versions (split, renumbered, without successor, stale), national
#: tariff lines with and without separators, and codes a spreadsheet cut a zero from
OLD_AND_NATIONAL = [
    "440710",  # HS 2012, split in 2017 and again in 2022
    "4407.12",  # HS 2017, split in 2022
    "852580",  # HS 2017 cameras: 8525 and 8806 drones, both sides of 2397 OP6
    "851712",  # HS 2017 phones: ten HS 2022 codes
    "870390",  # HS 2012 cars, split in 2017
    "710420",
    "620112",  # HS 2017, no HS 2022 successor listed
    "911490",  # HS 2017, part of its goods lost by the table
    "701919",
    "030510",  # HS 2017, renumbered 030910
    "851713",  # HS 2022 only
    "620140",
    "8471300000",
    "8471.30.0100",
    "8471.30-1000",
    "84713000",
    "8516 60 00",
    "30792",  # 030792 with its zero dropped
    "30743",
    "303891000",  # a ten-digit line with its zero dropped
]


def versions_of(code: str) -> list[int]:
    """The HS versions ``code`` (as declared) is a code of."""
    hs = normalise_hs(code)
    return [v for v in HS_VERSIONS if read_code(hs, day=None, declared=v).version is not None]


dates = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2026, 12, 31))
money = st.builds(
    lambda amount, currency: {"amount": str(amount), "currency": currency},
    st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False),
    st.sampled_from(["USD", "CNY", "EUR", "KPW"]),
)


@st.composite
def items(draw: st.DrawFn, index: int) -> dict[str, Any]:
    description = draw(
        st.sampled_from(
            [
                "item",
                "jet fuel",
                "gas condensate",
                "bronze statue",
                "laptop computer",
                "milled rice",
            ]
        )
    )
    item: dict[str, Any] = {"id": str(index), "description": description}
    hs = draw(st.one_of(st.none(), st.sampled_from(HS_SAMPLE), st.sampled_from(OLD_AND_NATIONAL)))
    if hs is not None:
        item["hs"] = hs
        # now and then the version it is declared in (one it is a code of)
        version = draw(st.one_of(st.none(), st.none(), st.sampled_from(versions_of(hs))))
        if version is not None:
            item["hs_version"] = version
    item["quantity"] = str(draw(st.integers(min_value=1, max_value=5)))
    if draw(st.booleans()):
        item["unit_value"] = draw(money)
    if draw(st.booleans()):
        item["piece"] = {
            "id": draw(st.sampled_from(["A", "B", "C"])),
            "area_m2": str(draw(st.decimals(min_value=Decimal("0.1"), max_value=1, places=2))),
        }
    if draw(st.integers(0, 9)) == 0:
        item["exemptions"] = [
            {
                "id": draw(
                    st.sampled_from(
                        [
                            "UN-1718-committee-exemption",
                            "UN-rajin-transit-coal",
                            "UN-2371-wind-down",
                        ]
                    )
                ),
                "reference": draw(st.sampled_from(["", "REF-1"])),
            }
        ]
    return item


@st.composite
def declarations(draw: st.DrawFn, max_items: int = 6) -> Declaration:
    count = draw(st.integers(min_value=1, max_value=max_items))
    channel = draw(st.sampled_from(["cargo", "baggage"]))
    data: dict[str, Any] = {
        "id": "D",
        "date": draw(dates).isoformat(),
        "crossing": draw(st.sampled_from(["dandong", "hunchun", "changbai"])),
        "direction": draw(st.sampled_from(["export", "import"])),
        "country": draw(st.sampled_from(["KP", "KP", "KP", "RU", "CN"])),
        "channel": channel,
        "items": [draw(items(i)) for i in range(count)],
    }
    version = draw(st.one_of(st.none(), st.none(), st.sampled_from(HS_VERSIONS)))
    if version is not None:
        data["hs_version"] = version
        for item in data["items"]:  # the declaration's version binds items without their own
            if "hs" in item and "hs_version" not in item and version not in versions_of(item["hs"]):
                item["hs_version"] = versions_of(item["hs"])[0]
    if channel == "baggage":
        data["traveller"] = {
            "name": "T",
            "category": draw(st.sampled_from(["returning_worker", "tourist", None])),
        }
        conveyance = draw(st.sampled_from([None, "bus", "train", "on_foot"]))
        if conveyance is not None:
            data["conveyance"] = {"kind": conveyance, "id": draw(st.sampled_from(["辽F-1", "K27"]))}
    return Declaration.model_validate(data)
