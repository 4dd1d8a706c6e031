"""Readable output for officers: verdict tables with their legal basis."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from borderwatch.model.measure import Measure
from borderwatch.model.verdict import DeclarationVerdict, Verdict

__all__ = [
    "VERDICT_STYLE",
    "error_console",
    "print_measures",
    "print_verdict",
    "safe",
    "wide_console",
]

VERDICT_STYLE = {
    Verdict.CLEAR: "green",
    Verdict.REFER: "yellow",
    Verdict.LICENCE_REQUIRED: "cyan",
    Verdict.EXCEEDS_ALLOWANCE: "magenta",
    Verdict.PROHIBITED: "bold red",
}


def _styled(verdict: Verdict) -> str:
    return f"[{VERDICT_STYLE[verdict]}]{verdict.value}[/]"


def print_verdict(console: Console, result: DeclarationVerdict, *, title: str = "") -> None:
    """One declaration: a headline, a table of items, conflicts and inspection duties."""
    console.print(
        f"[bold]{title or result.id}[/]  {result.crossing} {result.channel} "
        f"as of {result.as_of.isoformat()}  regimes {','.join(result.regimes)}  "
        f"→ {_styled(result.verdict)}"
    )
    table = Table(show_lines=False, expand=False)
    for column in ("item", "HS", "verdict", "legal basis", "why"):
        table.add_column(column, overflow="fold")
    for item in result.items:
        basis = "\n".join(
            f"{b.citation()}\n[dim]{b.measure} · {b.status} · {b.confidence} confidence[/]"
            for b in item.legal_basis
            if b.status != "tolerated" or item.verdict is Verdict.CLEAR
        )
        table.add_row(
            item.id, item.hs or "?", _styled(item.verdict), basis, "\n".join(item.reasons)
        )
    console.print(table)
    for reason in result.reasons:
        console.print(f"  [yellow]![/] {reason}")
    for conflict in result.conflicts:
        console.print(
            f"  [magenta]conflict[/] item {conflict.item}: {conflict.tolerated_by.measure} "
            f"tolerates what {conflict.prohibited_by.measure} "
            f"({conflict.prohibited_by.citation()}) prohibits — {conflict.followed}"
        )
    if result.inspection:
        cites = ", ".join(b.citation() for b in result.inspection)
        console.print(f"  [dim]inspection duty: {cites}[/]")


def print_measures(console: Console, measures: list[Measure], *, title: str) -> None:
    """A table of measures with their legal basis, scope and validity."""
    table = Table(title=title, show_lines=False)
    table.add_column("measure", no_wrap=True)  # ids are copied by officers: keep them whole
    for column in ("regime", "effect", "goods (HS)", "legal basis", "valid", "notes"):
        table.add_column(column, overflow="fold")
    for m in measures:
        codes = ", ".join(m.goods.hs[:8]) + (" …" if len(m.goods.hs) > 8 else "")
        if m.goods.hs_partial:
            codes += f" (refer: {', '.join(m.goods.hs_partial)})"
        notes = [m.basis.replace("_", " ")] if m.basis != "law" else []
        if m.confidence != "high":
            notes.append(f"{m.confidence} confidence")
        if m.date_precision == "approximate":
            notes.append("approximate dates")
        if m.goods.value_above:
            notes.append(f"above {m.goods.value_above.amount} {m.goods.value_above.currency}")
        valid = f"{m.valid_from.isoformat()} – {m.valid_to.isoformat() if m.valid_to else ''}"
        table.add_row(
            m.id,
            m.regime,
            m.effect.type.value,
            f"{m.goods.description}\n[dim]{codes}[/]",
            f"{m.legal_act} {m.provision}",
            valid,
            ", ".join(notes),
        )
    console.print(table)


def wide_console() -> Console:
    """A console at least 140 columns wide, so legal-basis tables stay readable in logs."""
    return Console(width=max(Console().width, 140))


def safe(text: str) -> str:
    """Outside text as it is: rich markup in it is shown, never applied."""
    return escape(text)


def error_console() -> Console:
    """Standard error, never wrapped, so file:line messages stay whole for grep."""
    return Console(stderr=True, soft_wrap=True)
