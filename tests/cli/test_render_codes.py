"""The verdict table shows a declared code as written and what it was screened as."""

from __future__ import annotations

from rich.console import Console

from borderwatch.cli.render import print_verdict
from borderwatch.engine.screen import screen_declaration
from borderwatch.model import Declaration
from borderwatch.rules.loader import shipped_rule_base

RULES = shipped_rule_base()


def test_the_table_shows_the_declared_code_and_what_it_was_read_as() -> None:
    declaration = Declaration.model_validate(
        {
            "id": "D1",
            "date": "2019-03-01",
            "crossing": "dandong",
            "direction": "import",
            "country": "KP",
            "channel": "cargo",
            "items": [
                {"id": "1", "hs": "8471300000"},
                {"id": "2", "hs": "4407.10"},
                {"id": "3", "hs": "847130"},
            ],
        }
    )
    console = Console(record=True, width=250)
    print_verdict(console, screen_declaration(declaration, RULES, regimes=["UN"]))
    text = console.export_text()
    assert "8471300000 (HS 2017) → 847130" in text
    assert "4407.10 (HS 2012) → 440711 440712 440713 440714 440719" in text
    assert "│ 847130 " in text  # a code read as itself is shown once
