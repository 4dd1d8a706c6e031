"""The FtM schema table and value cleaning that replace the followthemoney package."""

from __future__ import annotations

import subprocess
import sys

import pytest

from borderwatch.parties.ftm_schemata import clean_values, schemata


def test_reading_ftm_imports_neither_followthemoney_nor_icu() -> None:
    code = (
        "import sys; from borderwatch.parties.ftm_json import parse_ftm_json; "
        'parse_ftm_json(b\'{"id": "a", "schema": "Person", '
        '"properties": {"name": ["Kim"], "nationality": ["kp"]}}\', source=\'x\'); '
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'followthemoney', 'rigour', 'normality', 'icu'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_table_agrees_with_the_followthemoney_model() -> None:
    """Only where followthemoney is installed (the bench extra): same names, kinds, properties."""
    ftm = pytest.importorskip("followthemoney")
    table = schemata()
    assert set(table.schemata) == set(ftm.model.schemata)
    screened = {"Person": "Person", "Vessel": "Vessel", "Airplane": "Vessel"}
    for name, schema in ftm.model.schemata.items():
        kind = table.kind(name)
        expected = next((v for k, v in screened.items() if schema.is_a(k)), None)
        if expected is None and schema.is_a("LegalEntity"):
            expected = "Organization"
        if schema.is_a("Identification") or schema.is_a("Sanction"):
            assert kind is not None and kind.attach is not None and schema.is_a(kind.attach)
        else:
            assert (kind.screen if kind else None) == expected, name
        for prop, type_name in (kind.properties if kind else {}).items():
            assert schema.get(prop) is not None, (name, prop)
            ftm_type = schema.get(prop).type.name
            assert ftm_type == ("identifier" if type_name == "imo" else type_name), (name, prop)


@pytest.mark.parametrize(
    ("kind", "values", "expected"),
    [
        ("name", ["  Kim   Chol ", "Kim Chol", ""], ["Kim Chol"]),
        ("name", "Kim Chol", ["Kim Chol"]),
        (
            "date",
            ["1975-09-30T10:00:00", "1975-02-30", "1975-13", "1975", "soon"],
            ["1975-09-30", "1975"],
        ),
        ("country", ["kp", "KP", "North Korea", "zz", "Atlantis"], ["KP"]),
        ("imo", ["IMO 9074729", "9074729", "9074728", "imo9074729"], ["IMO9074729"]),
        (
            "identifier",
            [" PD7730011 ", 836410077, None, True, {"x": 1}, ["y"]],
            ["PD7730011", "836410077"],
        ),
    ],
)
def test_values_clean_by_type_and_drop_what_does_not(
    kind: str, values: object, expected: list[str]
) -> None:
    assert clean_values(kind, values) == expected  # type: ignore[arg-type]
