"""What officers read: outside values printed as typed, messages never wrapped."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from borderwatch.cli.render import (
    error_console,
    print_measures,
    print_rejected,
    print_verdict,
    safe,
)
from borderwatch.engine.screen import screen_declaration
from borderwatch.errors import RecordError
from borderwatch.model import Declaration
from borderwatch.rules.loader import shipped_rule_base
from tests.io.samples import good

RULES = shipped_rule_base()
MARKUP = ["[green]clear[/green]", "[/]", "[bold]", "[red]x", "back\\", "[link=http://x]y[/link]"]


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=400, color_system=None, soft_wrap=True), out


@pytest.mark.parametrize("value", MARKUP)
def test_safe_text_prints_as_typed(value: str) -> None:
    console, out = _console()
    console.print(safe(value))
    assert out.getvalue() == value + "\n"


@pytest.mark.parametrize("value", MARKUP)
def test_a_declaration_id_and_description_are_shown_literally(value: str) -> None:
    declaration = Declaration.model_validate(
        good(value, items=[{"id": value, "description": value, "hs": "851660"}])
    )
    result = screen_declaration(declaration, RULES)
    console, out = _console()
    print_verdict(console, result)
    headline = out.getvalue().splitlines()[0]
    assert headline.startswith(value + "  dandong")
    assert f"│ {value}" in out.getvalue()


def test_measure_fields_are_shown_literally() -> None:
    measure = RULES.measures[0]
    hostile = measure.model_copy(update={"id": "[green]OK[/green]", "regime": "back\\"})
    console, out = _console()
    print_measures(console, [hostile], title="[bold]measures")
    text = out.getvalue()
    assert "[green]OK[/green]" in text and "back\\ " in text and "[bold]measures" in text


def test_a_rejected_record_is_printed_literally_on_one_line() -> None:
    error = RecordError(
        source="in.jsonl",
        line=7,
        field="id",
        value="[green]clear[/green]" + "x" * 300,
        problem="[/] not good",
        hint="Fix it " * 40,
    )
    console, out = _console()
    print_rejected(console, error)
    assert out.getvalue() == f"rejected {error}\n"


def test_the_error_console_never_wraps_when_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    message = "in.csv:12: field 'description' = '" + "电饭锅 " * 100 + "': too long. Fix it."
    console = error_console()
    console.print(safe(message))
    assert capsys.readouterr().err == message + "\n"
