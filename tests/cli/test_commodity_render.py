"""The commodity page as printed: rule-base values as typed, citations when a measure has them."""

from __future__ import annotations

import datetime as dt
import io

from rich.console import Console

from borderwatch.cli.render import print_measures
from borderwatch.cli.render_commodity import print_commodity_page
from borderwatch.model import Direction
from borderwatch.rules.commodity import CommodityPage, commodity_page
from borderwatch.rules.loader import shipped_rule_base

RULES = shipped_rule_base()


def _printed(page: CommodityPage, *, notes: tuple[str, ...] = ()) -> str:
    out = io.StringIO()
    console = Console(file=out, width=400, color_system=None, soft_wrap=True)
    print_commodity_page(console, page, as_of_default=False, selection="regimes UN", notes=notes)
    return out.getvalue()


def _laptops() -> CommodityPage:
    return commodity_page(
        RULES,
        code="847130",
        day=dt.date(2018, 1, 10),
        crossing="dandong",
        direction=Direction.EXPORT,
        regimes=frozenset({"UN"}),
    )


def test_markup_in_the_rule_base_is_printed_as_typed() -> None:
    page = _laptops()
    first = page.measures[0]
    hostile_measure = first.measure.model_copy(update={"source": "[bold]src", "note": "[/]"})
    hostile = first.model_copy(update={"id": "[green]OK[/green]", "measure": hostile_measure})
    text = _printed(page.model_copy(update={"measures": (hostile,)}), notes=("[red]x",))
    assert "[green]OK[/green]" in text and "[bold]src" in text and "[/]" in text
    assert "[red]x" in text


def test_symbol_and_link_are_printed_when_a_measure_has_them() -> None:
    page = _laptops()
    entry = next(e for e in page.measures if e.id == "UN-2397-OP7-industrial-machinery")
    bare = entry.measure.model_copy(update={"symbol": None, "url": None})
    unlinked = tuple(
        e.model_copy(update={"measure": bare}) if e is entry else e for e in page.measures
    )
    assert "S/RES/2397 (2017)" not in _printed(page.model_copy(update={"measures": unlinked}))
    cited = entry.measure.model_copy(
        update={"symbol": "S/RES/2397 (2017)", "url": "https://undocs.org/S/RES/2397(2017)"}
    )
    updated = tuple(
        e.model_copy(update={"measure": cited}) if e is entry else e for e in page.measures
    )
    text = _printed(page.model_copy(update={"measures": updated}))
    assert (
        "UNSCR 2397 (2017) OP7 (provision number not verified) · S/RES/2397 (2017) · "
        "https://undocs.org/S/RES/2397(2017)"
    ) in text
    out = io.StringIO()
    print_measures(Console(file=out, width=400, color_system=None), [cited], title="t")
    assert "S/RES/2397 (2017)" in out.getvalue()


def test_the_page_reads_in_order_path_then_measures_then_what_was_not_chosen() -> None:
    text = _printed(_laptops())
    order = [
        text.index("847130  Automatic data processing machines"),
        text.index("Export to KP (leaving CN)"),
        text.index("UN-2397-OP7-industrial-machinery"),
        text.index("Not selected: measures of CN, CN-PORT"),
        text.index("CN-2018-4-export-ban"),
        text.index("conflict export baggage"),
    ]
    assert order == sorted(order)
    assert "Import from KP" not in text  # --direction export
