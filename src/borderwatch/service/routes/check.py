"""The public pre-departure check: ``/check`` lists the crossings, ``/check/{crossing}``
shows the form, screens the items sent (``POST``, or ``GET`` with the same fields so a
result is linkable) and lists the rule changes of the 90 days before the date.

No sign-in, no cookie, nothing stored: the store is never read or written, and the
only thing kept is the rate limit's count of recent checks per address.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs, urlencode

import anyio.to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from borderwatch.engine.screener import Screener
from borderwatch.model.declaration import Direction
from borderwatch.rules.loader import RuleBase
from borderwatch.rules.notices import NOTICE_LANGUAGES, rule_change_notices
from borderwatch.rules.reference import Crossing
from borderwatch.service.client import client_address
from borderwatch.service.pages.check import MAX_LINE_CHARS, MAX_LINES, check_items
from borderwatch.service.pages.guard import RateLimit
from borderwatch.service.pages.messages import (
    LANGUAGE_NAMES,
    LANGUAGES,
    language_of,
    translator,
)
from borderwatch.service.state import screener_of, settings_of
from borderwatch.settings import Settings

__all__ = ["STATIC", "router"]

PAGES = Path(__file__).resolve().parents[1] / "pages"
#: the stylesheet and anything else the pages load, served at /static
STATIC = PAGES / "static"
#: the days before the travel date whose rule changes the page lists
CHANGES_DAYS = 90
#: the most characters of items read from one request
MAX_ITEMS_CHARS = MAX_LINES * (MAX_LINE_CHARS + 2)

router = APIRouter(include_in_schema=False)
_templates = Environment(
    loader=FileSystemLoader(PAGES / "templates"), autoescape=True, auto_reload=False
)


def _limit(request: Request) -> RateLimit:
    limiter: RateLimit | None = getattr(request.app.state, "check_rate_limit", None)
    if limiter is None:
        limiter = request.app.state.check_rate_limit = RateLimit()
    return limiter


def _render(
    request: Request,
    template: str,
    language: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **values: object,
) -> HTMLResponse:
    page = _templates.get_template(template).render(
        t=translator(language),
        path=request.url.path,
        max_chars=MAX_ITEMS_CHARS,
        max_lines=MAX_LINES,
        lang=language,
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        **values,
    )
    return HTMLResponse(page, status_code=status, headers=headers)


def _chosen_language(request: Request, fields: dict[str, str]) -> str:
    """?lang= when it names a page language; else the script of the items; else the
    browser's first Korean or Chinese preference; else English."""
    asked = fields.get("lang", "")
    if asked in LANGUAGES:
        return asked
    if fields.get("items", "").strip():
        return language_of(fields["items"])
    for part in request.headers.get("accept-language", "").split(","):
        code = part.strip()[:2].lower()
        if code in LANGUAGES:
            return code
    return "en"


def _fields(query: dict[str, list[str]]) -> dict[str, str]:
    chosen = {name: values[0] for name, values in query.items() if values}
    if "items" in chosen:
        chosen["items"] = chosen["items"][:MAX_ITEMS_CHARS]
    return {name: value for name, value in chosen.items() if len(value) <= MAX_ITEMS_CHARS}


def _crossings(base: RuleBase) -> list[Crossing]:
    """The crossings to list: the Chinese ones (where the check is meant for) first."""
    return sorted(base.crossings.values(), key=lambda c: (c.country != "CN", c.id))


@router.api_route("/check", methods=["GET", "HEAD"], response_class=HTMLResponse)
async def crossings(
    request: Request, screener: Annotated[Screener, Depends(screener_of)]
) -> HTMLResponse:
    """The list of crossings, each a link to its check page."""
    fields = _fields(parse_qs(request.url.query))
    language = _chosen_language(request, fields)
    known = _crossings(screener.rule_base)
    return _render(request, "crossings.html", language, crossings=known, query={})


@router.api_route("/check/{crossing}", methods=["GET", "HEAD", "POST"], response_class=HTMLResponse)
async def check(
    crossing: str,
    request: Request,
    screener: Annotated[Screener, Depends(screener_of)],
    settings: Annotated[Settings, Depends(settings_of)],
) -> HTMLResponse:
    """The form; with items sent, the answer item by item; below, the recent changes."""
    query = parse_qs(request.url.query)
    if request.method == "POST":
        body = (await request.body()).decode("utf-8", errors="replace")
        query |= parse_qs(body)
    fields = _fields(query)
    language = _chosen_language(request, fields)
    t = translator(language)
    base = screener.rule_base
    place = base.crossings.get(crossing)
    if place is None:
        known = _crossings(base)
        return _render(
            request, "not_found.html", language, 404, crossing=crossing, crossings=known, query={}
        )
    problems = []
    try:
        day = dt.date.fromisoformat(fields["date"]) if fields.get("date") else dt.date.today()
    except ValueError:
        problems.append(t("bad_date"))
        day = dt.date.today()
    direction = Direction.IMPORT if fields.get("direction") == "import" else Direction.EXPORT
    items = fields.get("items", "")
    result = None
    if items.strip() and not problems:
        limiter = _limit(request)
        wait = limiter.retry_after(client_address(request, settings.trusted_networks()))
        if wait:
            return _render(
                request,
                "rate_limited.html",
                language,
                429,
                {"Retry-After": str(wait)},
                limit=limiter.limit,
                seconds=wait,
                query={},
            )
        result = await anyio.to_thread.run_sync(
            lambda: check_items(
                screener,
                crossing=crossing,
                day=day,
                direction=direction,
                lines=items.splitlines(),
            )
        )
    elif request.method == "POST" and not problems:
        problems.append(t("no_items"))
    since = day - dt.timedelta(days=CHANGES_DAYS)
    notices = rule_change_notices(base, crossing=crossing, since=since, until=day)
    shared = {"date": day.isoformat(), "direction": direction.value}
    if items.strip():
        shared["items"] = items
    return _render(
        request,
        "check.html",
        language,
        400 if problems else 200,
        crossing=place,
        day=day,
        direction=direction.value,
        items=items,
        problems=problems,
        result=result,
        notices=notices,
        notice_languages=NOTICE_LANGUAGES,
        since=since,
        query=shared,
        result_link=f"/check/{crossing}?{urlencode(shared | {'lang': language})}",
    )


def language_link(path: str, query: dict[str, str], language: str) -> str:
    """``path`` with ``query`` and ``lang=language``: the switcher keeps what was asked."""
    return f"{path}?{urlencode(query | {'lang': language})}"


_templates.globals["language_link"] = language_link
