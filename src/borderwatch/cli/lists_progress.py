"""The download progress bar of `lists load`: bytes so far, of the total when the server
says it, on standard error so standard output stays the command's result."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from borderwatch.cli.render import error_console, safe
from borderwatch.parties.sources import Progress as ProgressCallback
from borderwatch.parties.sources import is_url

__all__ = ["download_progress"]


@contextmanager
def download_progress(location: str) -> Iterator[ProgressCallback | None]:
    """A callback drawing a progress bar for downloading ``location`` (None for a path)."""
    if not is_url(location):
        yield None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=error_console(),
        transient=True,
    )
    task = bar.add_task(safe(f"downloading {location}"), total=None)

    def advance(received: int, total: int | None) -> None:
        bar.update(task, completed=received, total=total)

    with bar:
        yield advance
