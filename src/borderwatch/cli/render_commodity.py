"""The commodity page for officers: what applies to one HS code here and now.

Renders :class:`borderwatch.rules.commodity.CommodityPage`, which decides
everything; every value from the rule base is printed as typed (rich Text).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from borderwatch.cli.render import VERDICT_STYLE, allowance_text, citation_links
from borderwatch.model.declaration import Channel, Direction
from borderwatch.model.exemption import Exemption
from borderwatch.model.measure import EffectType, Measure
from borderwatch.model.verdict import Verdict
from borderwatch.rules.commodity import Applicable, CommodityPage, CoverageKind, Subheadings

__all__ = ["print_commodity_page"]

_LISTED = 8  # subheadings named before "and N more"


def _codes(codes: Iterable[str]) -> str:
    listed = list(codes)
    head = ", ".join(listed[:_LISTED])
    return head + (f" and {len(listed) - _LISTED} more" if len(listed) > _LISTED else "")


def _verdict(verdict: Verdict | None) -> Text:
    if verdict is None:
        return Text("no verdict")
    return Text(verdict.value, style=VERDICT_STYLE[verdict])


def _direction(direction: Direction, page: CommodityPage) -> str:
    if direction is Direction.EXPORT:
        return f"Export to {page.country} (leaving {page.crossing.country})"
    return f"Import from {page.country} (entering {page.crossing.country})"


def _covers(entry: Applicable, code: str) -> str:
    under = ", ".join(entry.matched)
    sub = entry.subheadings
    if entry.coverage is CoverageKind.FULL:
        return f"in full (the measure names {under})"
    if entry.coverage is CoverageKind.EXCLUDED:
        left_out = ", ".join(entry.measure.goods.exclude_hs)
        return f"excluded: the measure names {under} but leaves out {left_out}"
    within = (
        f"; goods are within when their description names: {', '.join(entry.keywords)}"
        if entry.keywords
        else ""
    )
    if entry.coverage is CoverageKind.PARTIAL:
        return (
            f"partly: HS {code} also holds goods outside the measure, so an officer "
            f"decides (screening refers){within}"
        )
    return _some(sub, code) + within


def _some(sub: Subheadings, code: str) -> str:
    parts = []
    if sub.full:
        parts.append(f"in full {_codes(sub.full)}")
    if sub.partial:
        parts.append(f"partly (an officer decides) {_codes(sub.partial)}")
    if sub.excluded:
        parts.append(f"excluded {_codes(sub.excluded)}")
    return f"only some subheadings of {code}: " + "; ".join(parts)


def _either(words: tuple[str, ...]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return " or ".join(w for w in (", ".join(words[:-1]), words[-1]) if w)


def _effect(entry: Applicable, code: str) -> Text:
    effect = entry.effect.value.replace("_", " ")
    if entry.party_roles:
        roles = _either(entry.party_roles)
        return Text.assemble(
            f"{effect} → ",
            _verdict(entry.verdict),
            f" only when a {roles} is a confirmed listed party",
        )
    if entry.effect is EffectType.INSPECT:
        return Text(f"{effect}: a duty to inspect; the declaration is at least 'inspect'")
    text = Text.assemble(f"{effect} → ", _verdict(entry.verdict))
    if entry.effect is EffectType.ALLOWANCE:
        text.append(" beyond the allowance (clear within it)")
    if entry.verdict_on_code not in (None, entry.verdict):
        text.append_text(
            Text.assemble(f"; declared as {code} alone: ", _verdict(entry.verdict_on_code))
        )
    return text


def _where(entry: Applicable) -> str:
    channels = " and ".join(c.value for c in Channel if c in entry.channels)
    if entry.traveller_categories:
        who = ", ".join(entry.traveller_categories).replace("_", " ")
        return f"{channels}; only travellers who are: {who}"
    return channels


def _listing(values: list[str]) -> str:
    """Conditions joined for one table cell."""
    return "; ".join(values)


def _conditions(entry: Applicable) -> list[tuple[str, str]]:
    measure, rows = entry.measure, []
    if measure.goods.value_above is not None:
        limit = measure.goods.value_above
        rows.append(("value", f"only above {limit.amount} {limit.currency} a unit"))
    if measure.effect.allowance is not None:
        rows.append(("allowance", allowance_text(measure.effect.allowance)))
    cap = measure.effect.cap
    if cap is not None:
        since = f" from {cap.period_start.isoformat()}" if cap.period_start else ""
        text = f"{cap.amount}; period {cap.period}{since}" + (f". {cap.note}" if cap.note else "")
        conditions = list(cap.conditions)
        rows.append(("cap", text + (f". Conditions: {_listing(conditions)}" if conditions else "")))
    for offered in entry.exemptions:
        exemption = offered.exemption
        text = f"{exemption.id} → {exemption.outcome.value}"
        if exemption.until is not None:
            state = "until" if offered.available else "ended"
            text += f", {state} {exemption.until.isoformat()}"
        if offered.standing:
            rows.append(("exemption", f"{text} (standing exemption of {entry.regime}, below)"))
            continue
        rows.append(("exemption", f"{text}: {_exemption_text(exemption)}"))
    if entry.suspension is not None:
        s = entry.suspension
        until = f" to {s.end.isoformat()}" if s.end else ""
        note = f": {s.note}" if s.note else ""
        rows.append(("SUSPENDED", f"from {s.start.isoformat()}{until} by {s.legal_act}{note}"))
    return rows


def _exemption_text(exemption: Exemption) -> str:
    text = " ".join(exemption.description.split())
    conditions = exemption.conditions.in_words()
    if exemption.document:
        conditions.append(f"cite the reference of {exemption.document}")
    return text + (f" Conditions: {_listing(conditions)}" if conditions else "")


def _basis(entry: Applicable) -> list[tuple[str, str]]:
    measure = entry.measure
    act = f"{measure.legal_act} {measure.provision}"
    if not measure.provision_verified:
        act += " (provision number not verified)"
    links = citation_links(measure)
    if entry.document is not None and entry.document.url and entry.document.url not in links:
        links.append(entry.document.url)
    weight = f"{measure.basis.replace('_', ' ')}, {measure.confidence} confidence"
    if measure.date_precision == "approximate":
        weight += ", approximate dates"
    valid = f"from {measure.valid_from.isoformat()}" + (
        f" to {measure.valid_to.isoformat()}" if measure.valid_to else ""
    )
    rows = [("legal basis", " · ".join([act, *links])), ("weight", weight), ("valid", valid)]
    rows.append(("source", measure.source))
    if measure.note:
        rows.append(("note", " ".join(measure.note.split())))
    return rows


def _print_entry(console: Console, entry: Applicable, code: str) -> None:
    measure: Measure = entry.measure
    console.print(
        Text.assemble("  ", (entry.id, "bold"), f"  {entry.regime} · {measure.goods.description}"),
        highlight=False,
    )
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text("covers"), Text(_covers(entry, code)))
    grid.add_row(Text("effect"), _effect(entry, code))
    grid.add_row(Text("applies to"), Text(_where(entry)))
    background = entry.party_roles is not None or entry.effect is EffectType.INSPECT
    rows = _conditions(entry) + _basis(entry)
    if background:  # true of every code: the act and the exemptions are enough
        rows = [r for r in rows if r[0] in ("legal basis", "exemption", "SUSPENDED")]
    for label, value in rows:
        grid.add_row(Text(label), Text(value))
    console.print(Padding(grid, (0, 0, 1, 6), expand=False))


def _print_group(
    console: Console, entries: list[Applicable], page: CommodityPage, *, every: bool
) -> None:
    """Entries by direction; ``every`` direction gets a heading, even one with none."""
    for direction in page.directions:
        group = [e for e in entries if e.direction is direction]
        if not (group or every):
            continue
        console.print(
            Text(f"{_direction(direction, page)}: {len(group)} measures", style="bold"),
            highlight=False,
        )
        if not group:
            console.print(Text("  none touches this code here on this day\n"), highlight=False)
        for entry in group:
            _print_entry(console, entry, page.code)


def print_commodity_page(
    console: Console,
    page: CommodityPage,
    *,
    as_of_default: bool,
    selection: str,
    notes: Sequence[str] = (),
) -> None:
    """The commodity page: the code's path, then per direction each measure touching it."""
    console.print(Text(f"HS {page.code}", style="bold"), highlight=False)
    if page.asked.replace(".", "").replace(" ", "") != page.code:
        console.print(Text(f"  (read from {page.asked!r}: its first six digits)"), highlight=False)
    for line in page.path:
        console.print(Text(f"  {line.code}  {line.description}"), highlight=False)
    if len(page.subheadings) > 1:
        console.print(
            Text(f"  {len(page.subheadings)} subheadings below it: {_codes(page.subheadings)}"),
            highlight=False,
        )
    day = page.as_of.isoformat() + (
        " (today; give --as-of YYYY-MM-DD for another day)" if as_of_default else ""
    )
    crossing = page.crossing
    channels = " and ".join(c.value for c in page.channels)
    console.print(
        Text(
            f"at {crossing.id} ({crossing.name}, {crossing.country}) on {day}\n"
            f"trade with {page.country}, {channels}; {selection}\n"
        ),
        highlight=False,
    )
    for note in notes:
        console.print(Text.assemble(("!", "yellow"), f" {note}\n"), highlight=False)
    _print_group(console, list(page.measures), page, every=True)
    if page.not_selected:
        others = ", ".join(dict.fromkeys(e.regime for e in page.not_selected))
        console.print(
            Text(
                f"Not selected: measures of {others}, which bind here too but were not chosen",
                style="bold underline",
            ),
            highlight=False,
        )
        _print_group(console, list(page.not_selected), page, every=False)
    standing = {
        o.exemption.id: (e.regime, o.exemption)
        for e in (*page.measures, *page.not_selected)
        for o in e.exemptions
        if o.standing
    }
    if standing:
        console.print(Text("Standing exemptions", style="bold underline"), highlight=False)
    for regime, exemption in standing.values():
        console.print(
            Text(
                f"  {exemption.id} ({regime}, against any of its measures) → "
                f"{exemption.outcome.value}: {_exemption_text(exemption)}\n"
            ),
            highlight=False,
        )
    for conflict in page.conflicts:
        channels = " and ".join(c.value for c in conflict.channels)
        console.print(
            Text.assemble(
                ("conflict", "magenta"),
                f" {conflict.direction.value} {channels}: {conflict.tolerated_by} tolerates "
                f"what {conflict.prohibited_by} prohibits; the verdict follows {conflict.followed}",
            ),
            highlight=False,
        )
