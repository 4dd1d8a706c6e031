"""Getting a list from a path or a URL and choosing its reader.

The format is the caller's choice or guessed from the first bytes: XML is
the UN consolidated list, JSON is FollowTheMoney entities. A download is
streamed (a ``progress`` callback hears of every chunk) and may be
conditional: given the ``ETag`` and ``Last-Modified`` of the copy loaded
before, a server answering ``304 Not Modified`` sends nothing
(:func:`download_list`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from borderwatch.errors import InputError, ListFormatError
from borderwatch.parties.entries import ListSnapshot
from borderwatch.parties.un_xml import UN_FORMAT, parse_un_xml
from borderwatch.settings import get_settings

__all__ = [
    "FORMATS",
    "MAX_LIST_BYTES",
    "Download",
    "Progress",
    "download_list",
    "fetch_list",
    "is_url",
    "parse_list",
    "read_list",
]

#: told (bytes received so far, bytes in all when the server said) after every chunk
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class Download:
    """A list fetched from a URL, or ``raw`` None when the server said it had not changed.

    ``etag`` and ``last_modified`` are the server's validators of this copy
    (of the copy held, after a 304), to send with the next request."""

    raw: bytes | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304: the copy loaded before is still the list."""
        return self.raw is None


def is_url(location: str) -> bool:
    """True for an http(s) URL, False for a path."""
    return location.startswith(("http://", "https://"))


FTM_FORMAT = "ftm"
FORMATS = (UN_FORMAT, FTM_FORMAT)


MAX_LIST_BYTES = 500 * 1024 * 1024
# One read may wait this long at most, so a stalled server is noticed before
# the overall deadline when that is long; the deadline bounds the total.
_READ_WAIT = 30.0


def _too_slow(location: str, timeout: float, received: int) -> InputError:
    return InputError(
        f"{location}: the download took more than {timeout:g} s in all ({received:,} bytes "
        "received). Try again later, raise --timeout (BORDERWATCH_FETCH_TIMEOUT), or download "
        "the file and load it by path."
    )


def _too_big(location: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        f"{location}: {size:,} bytes or more, over the {max_bytes:,}-byte limit for a list "
        "download. Check the URL names a sanctions list, or download it and load it by path."
    )


def _conditions(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _download(
    location: str,
    *,
    timeout: float,
    max_bytes: int,
    headers: dict[str, str],
    progress: Progress | None,
) -> Download:
    deadline = time.monotonic() + timeout
    wait = httpx.Timeout(min(timeout, _READ_WAIT))
    chunks: list[bytes] = []
    received = 0
    with httpx.stream(
        "GET", location, timeout=wait, follow_redirects=True, headers=headers
    ) as response:
        etag = response.headers.get("etag")
        modified = response.headers.get("last-modified")
        if response.status_code == httpx.codes.NOT_MODIFIED and headers:
            return Download(None, etag or headers.get("If-None-Match"), modified)
        response.raise_for_status()
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise _too_big(location, int(declared), max_bytes)
        total = int(declared) if declared.isdigit() else None
        for chunk in response.iter_bytes():
            received += len(chunk)
            if received > max_bytes:
                raise _too_big(location, received, max_bytes)
            chunks.append(chunk)
            if progress is not None:
                progress(received, total)
            if time.monotonic() > deadline:
                raise _too_slow(location, timeout, received)
    return Download(b"".join(chunks), etag, modified)


def download_list(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int = MAX_LIST_BYTES,
    etag: str | None = None,
    last_modified: str | None = None,
    progress: Progress | None = None,
) -> Download:
    """Stream the list at ``url``; with ``etag`` / ``last_modified`` of the copy held, ask
    for it only if it changed (a 304 gives a :class:`Download` with no bytes).

    A download must end within ``timeout`` seconds in all (default: the
    ``BORDERWATCH_FETCH_TIMEOUT`` setting), however slowly the server sends,
    and may not exceed ``max_bytes``; ``progress`` hears of every chunk.
    """
    total = get_settings().fetch_timeout if timeout is None else timeout
    if total <= 0:
        raise InputError(f"download timeout {total:g} s must be above 0; give e.g. 120.")
    started = time.monotonic()
    try:
        return _download(
            url,
            timeout=total,
            max_bytes=max_bytes,
            headers=_conditions(etag, last_modified),
            progress=progress,
        )
    except httpx.HTTPStatusError as exc:
        raise InputError(
            f"{url}: the server answered {exc.response.status_code}. "
            "Check the URL, or download the file and load it by path."
        ) from exc
    except httpx.TimeoutException as exc:
        waited = time.monotonic() - started
        raise InputError(
            f"{url}: the server stopped sending ({type(exc).__name__} after "
            f"{waited:.0f} s). Try again later, or download the file and load it by path."
        ) from exc
    except httpx.HTTPError as exc:
        raise InputError(f"{url}: cannot fetch ({exc}). Check the network and the URL.") from exc


def fetch_list(
    location: str, *, timeout: float | None = None, max_bytes: int = MAX_LIST_BYTES
) -> bytes:
    """The bytes of a list at a local path or an http(s) URL (see :func:`download_list`)."""
    if is_url(location):
        raw = download_list(location, timeout=timeout, max_bytes=max_bytes).raw
        assert raw is not None  # asked unconditionally, a server cannot answer 304
        return raw
    try:
        return Path(location).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {location}: {exc.strerror}. Check the path.") from exc


def _guess_format(raw: bytes, source: str) -> str:
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return UN_FORMAT
    if head in (b"{", b"["):
        return FTM_FORMAT
    raise ListFormatError(
        f"{source}:1: neither XML nor JSON (starts with {raw[:20]!r}). "
        f"Give --format, one of {', '.join(FORMATS)}."
    )


def parse_list(raw: bytes, *, source: str, fmt: str | None = None) -> ListSnapshot:
    """Parse ``raw`` in format ``fmt`` (guessed when None)."""
    chosen = fmt or _guess_format(raw, source)
    if chosen == UN_FORMAT:
        return parse_un_xml(raw, source=source)
    if chosen == FTM_FORMAT:
        from borderwatch.parties.ftm_json import parse_ftm_json  # its schema table loads on use

        return parse_ftm_json(raw, source=source)
    raise InputError(f"unknown list format {chosen!r}; use one of {', '.join(FORMATS)}.")


def read_list(
    location: str, *, fmt: str | None = None, timeout: float | None = None
) -> ListSnapshot:
    """Fetch and parse the list at ``location`` (path or URL; see :func:`fetch_list`)."""
    return parse_list(fetch_list(location, timeout=timeout), source=location, fmt=fmt)
