"""Exemptions: every citation is weighed, the first valid one counts."""

from __future__ import annotations

from borderwatch.engine.screen import screen_declaration
from borderwatch.model import Declaration, Verdict
from borderwatch.rules.loader import shipped_rule_base


def _seafood(citations: list[dict[str, str]], day: str) -> Declaration:
    return Declaration.model_validate(
        {
            "id": "E",
            "date": day,
            "crossing": "hunchun",
            "direction": "import",
            "country": "KP",
            "channel": "cargo",
            "exemptions": citations,
            "items": [{"id": "1", "description": "frozen squid", "hs": "030743"}],
        }
    )


def test_an_expired_citation_does_not_hide_a_valid_one() -> None:
    citations = [
        {"id": "UN-2371-wind-down", "reference": "contract 2017-07-01"},
        {"id": "UN-1718-committee-exemption", "reference": "1718/HUM/2018/031"},
    ]
    result = screen_declaration(
        _seafood(citations, "2018-03-01"), shipped_rule_base(), regimes=["UN"]
    )
    (item,) = result.items
    assert item.verdict is Verdict.LICENCE_REQUIRED
    assert item.legal_basis[0].status == "exempted"
    assert any("1718/HUM/2018/031" in r for r in item.reasons)


def test_refused_citations_say_why() -> None:
    citations = [
        {"id": "UN-2371-wind-down", "reference": "contract 2017-07-01"},
        {"id": "UN-1718-committee-exemption", "reference": ""},
    ]
    result = screen_declaration(
        _seafood(citations, "2018-03-01"), shipped_rule_base(), regimes=["UN"]
    )
    (item,) = result.items
    assert item.verdict is Verdict.PROHIBITED
    assert any("ended on 2017-09-04" in r and "without the reference" in r for r in item.reasons)
    checks = {c.id: c for c in item.legal_basis[0].exemptions}
    assert not checks["UN-2371-wind-down"].applied
    assert checks["UN-2371-wind-down"].reasons == ("it ended on 2017-09-04",)
    assert not checks["UN-1718-committee-exemption"].applied
