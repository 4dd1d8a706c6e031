"""Getting a list from a path or a URL and choosing its reader.

The format is the caller's choice or guessed from the first bytes: XML is
the UN consolidated list, JSON is FollowTheMoney entities.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from borderwatch.errors import InputError, ListFormatError
from borderwatch.parties.entries import ListSnapshot
from borderwatch.parties.un_xml import UN_FORMAT, parse_un_xml

__all__ = ["FORMATS", "fetch_list", "parse_list", "read_list"]

FTM_FORMAT = "ftm"
FORMATS = (UN_FORMAT, FTM_FORMAT)


def fetch_list(location: str, *, timeout: float = 60.0) -> bytes:
    """The bytes of a list at a local path or an http(s) URL."""
    if location.startswith(("http://", "https://")):
        try:
            response = httpx.get(location, timeout=timeout, follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            raise InputError(
                f"{location}: the server answered {exc.response.status_code}. "
                "Check the URL, or download the file and load it by path."
            ) from exc
        except httpx.HTTPError as exc:
            raise InputError(
                f"{location}: cannot fetch ({exc}). Check the network and the URL."
            ) from exc
        return response.content
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


def read_list(location: str, *, fmt: str | None = None) -> ListSnapshot:
    """Fetch and parse the list at ``location`` (path or URL)."""
    return parse_list(fetch_list(location), source=location, fmt=fmt)
