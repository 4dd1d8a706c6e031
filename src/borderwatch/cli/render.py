"""Readable output for officers: verdict tables with their legal basis.

Every value that comes from outside (a declaration, a list, the rule base,
an error message) is printed through :func:`safe`, so ``[green]clear[/green]``
in a declaration id is shown as typed rather than read as rich markup.
"""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from borderwatch.errors import RecordError
from borderwatch.model.measure import Allowance, Measure
from borderwatch.model.verdict import DeclarationVerdict, ItemVerdict, Verdict

__all__ = [
    "VERDICT_STYLE",
    "allowance_text",
    "citation_links",
    "error_console",
    "print_error",
    "print_measures",
    "print_rejected",
    "print_verdict",
    "safe",
    "utc_minute",
    "wide_console",
]

VERDICT_STYLE = {
    Verdict.CLEAR: "green",
    Verdict.INSPECT: "blue",
    Verdict.REFER: "yellow",
    Verdict.LICENCE_REQUIRED: "cyan",
    Verdict.EXCEEDS_ALLOWANCE: "magenta",
    Verdict.PROHIBITED: "bold red",
}


#: a width no message reaches: rich needs a number, and must not wrap at 80 in a pipe
_UNLIMITED = 1_000_000


def safe(value: object) -> str:
    """``value`` as markup that rich prints literally: ``[tag]`` in it is escaped.

    Use it for every outside value put into a markup string:
    ``console.print(f"[bold]{safe(declaration.id)}[/]")``. (A value ending
    in a backslash is kept as is rather than doubled as rich's ``escape``
    does; it then escapes a tag that follows it, which shows the tag
    but cannot fail. Where exactness matters, print a :class:`rich.text.Text`.)
    """
    text = str(value)
    body = text.rstrip("\\")
    return escape(body) + text[len(body) :]


def utc_minute(at: dt.datetime) -> str:
    """``YYYY-MM-DD HH:MM`` in UTC; a naive time (SQLite gives those) is taken as UTC."""
    utc = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
    return f"{utc:%Y-%m-%d %H:%M}"


def _styled(verdict: Verdict) -> Text:
    return Text(verdict.value, style=VERDICT_STYLE[verdict])


def _codes(item: ItemVerdict) -> str:
    """'847130', or '8471300000 → 847130', '4407.10 (HS 2012) → 440711 440712 …'."""
    screened = item.hs or " ".join(c.hs for c in item.hs_candidates) or "?"
    declared = item.declared_hs
    if declared is None or declared == screened:
        return screened
    version = f" (HS {item.hs_version})" if item.hs_version not in (None, 2022) else ""
    return f"{declared}{version} → {screened}"


def print_verdict(console: Console, result: DeclarationVerdict, *, title: str = "") -> None:
    """One declaration: a headline, a table of items, conflicts and inspection duties.

    Every value is printed as a :class:`~rich.text.Text`, never parsed as markup.
    """
    console.print(
        Text.assemble(
            (title or result.id, "bold"),
            f"  {result.crossing} {result.channel} as of {result.as_of.isoformat()}  "
            f"regimes {','.join(result.regimes)}  → ",
            _styled(result.verdict),
        ),
        highlight=False,
    )
    table = Table(show_lines=False, expand=False)
    for column in ("item", "HS", "verdict", "legal basis", "why"):
        table.add_column(column, overflow="fold")
    for item in result.items:
        basis = Text("\n").join(
            Text.assemble(
                f"{b.citation()}\n",
                (f"{b.measure} · {b.status} · {b.confidence} confidence", "dim"),
                (f" · {b.basis.replace('_', ' ')}, not law" if b.basis != "law" else "", "bold"),
                (f"\n{b.url}" if b.url else "", "dim"),
            )
            for b in item.legal_basis
            if b.status != "tolerated" or item.verdict is Verdict.CLEAR
        )
        table.add_row(
            Text(item.id),
            Text(_codes(item)),
            _styled(item.verdict),
            basis,
            Text("\n".join(item.reasons)),
        )
    console.print(table)
    for reason in result.reasons:
        console.print(Text.assemble("  ", ("!", "yellow"), f" {reason}"), highlight=False)
    for conflict in result.conflicts:
        console.print(
            Text.assemble(
                "  ",
                ("conflict", "magenta"),
                f" item {conflict.item}: {conflict.tolerated_by.measure} tolerates what "
                f"{conflict.prohibited_by.measure} ({conflict.prohibited_by.citation()}) "
                f"prohibits — {conflict.followed}",
            ),
            highlight=False,
        )
    if result.inspection:
        cites = ", ".join(b.citation() for b in result.inspection)
        console.print(
            Text.assemble("  ", _styled(Verdict.INSPECT), f" the cargo must be inspected: {cites}"),
            highlight=False,
        )


def citation_links(measure: Measure) -> list[str]:
    """The measure's citation symbol (``S/RES/2397 (2017)``) and link, those it has."""
    return [value for value in (measure.symbol, measure.url) if value]


def print_measures(console: Console, measures: list[Measure], *, title: str) -> None:
    """A table of measures with their legal basis, scope and validity (values as typed)."""
    table = Table(title=Text(title), show_lines=False)
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
        if m.effect.cap is not None:
            notes.append(f"cap {m.effect.cap.amount} per {m.effect.cap.period}")
        if m.effect.allowance is not None:
            notes.append(f"allowance {allowance_text(m.effect.allowance)}")
        if m.scope.traveller_categories:
            notes.append(", ".join(m.scope.traveller_categories).replace("_", " ") + " only")
        valid = f"{m.valid_from.isoformat()} – {m.valid_to.isoformat() if m.valid_to else ''}"
        table.add_row(
            Text(m.id),
            Text(m.regime),
            Text(m.effect.type.value),
            Text.assemble(f"{m.goods.description}\n", (codes, "dim")),
            Text("\n".join([f"{m.legal_act} {m.provision}", *citation_links(m)])),
            Text(valid),
            Text(", ".join(notes)),
        )
    console.print(table)


def allowance_text(allowance: Allowance) -> str:
    """'up to 2 items' or 'up to 1 m² of luggage' (or both) per traveller."""
    limits = []
    if allowance.max_items is not None:
        limits.append(f"{allowance.max_items} items")
    if allowance.max_area_m2 is not None:
        limits.append(f"{allowance.max_area_m2} m²")
    return "up to " + " and ".join(limits) + " per traveller"


def print_rejected(console: Console, error: RecordError | str) -> None:
    """``rejected <file:line: field ...>`` on ``console`` (use :func:`error_console`), as typed."""
    console.print(Text.assemble(("rejected", "red"), " ", str(error)), highlight=False)


def print_error(console: Console, error: BaseException | str) -> None:
    """``error: <message>`` on ``console`` (use :func:`error_console`), as typed."""
    console.print(Text.assemble(("error:", "bold red"), " ", str(error)), highlight=False)


def wide_console() -> Console:
    """A console at least 140 columns wide, so legal-basis tables stay readable in logs."""
    return Console(width=max(Console().width, 140))


def error_console() -> Console:
    """Standard error for messages: one message per line, never wrapped.

    ``file:line: field ...`` messages must stay whole for ``grep``; on a
    terminal long lines fold as the terminal does, elsewhere nothing is
    inserted. Print outside text with :func:`safe` (or ``markup=False``).
    """
    console = Console(stderr=True, soft_wrap=True, highlight=False)
    if not console.is_terminal:
        console = Console(stderr=True, soft_wrap=True, highlight=False, width=_UNLIMITED)
    return console
