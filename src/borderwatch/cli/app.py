"""The Typer application the command modules attach to."""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(
    name="borderwatch",
    help=(
        "Sanctions screening for customs at land border crossings.\n\n"
        "Screens cargo and travellers' baggage against UN and national measures as of a "
        "date at a crossing, and says what to stop, what to inspect and why, with the "
        "legal basis for every verdict.\n\n"
        "Start with:  borderwatch demo"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """Sanctions screening for customs at land border crossings."""


@app.command()
def version() -> None:
    """Print the borderwatch version."""
    from borderwatch.about import __version__

    typer.echo(__version__)
