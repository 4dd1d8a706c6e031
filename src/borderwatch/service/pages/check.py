"""What the public check does with a traveller's lines: read a quantity where one is
written, screen the items as a returning worker's baggage, and say per item what will
happen, in plain words.

Pure: no I/O, nothing kept. The verdicts are the engine's
(:meth:`~borderwatch.engine.screener.Screener.screen_goods`); this module only
reads them for a traveller. An item the classifier could not place with the
screener's confidence is never reported as passing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from borderwatch.engine.screener import Screener
from borderwatch.model.declaration import Channel, Declaration, Direction, Item, Traveller
from borderwatch.model.verdict import ItemVerdict, LegalBasis, Verdict

__all__ = [
    "MAX_LINES",
    "MAX_LINE_CHARS",
    "Allowance",
    "CheckResult",
    "ItemOutcome",
    "check_items",
    "read_line",
]

#: the most lines one check screens; more are left out, and the page says so
MAX_LINES = 30
#: the longest line kept (a description, not a document)
MAX_LINE_CHARS = 200
#: the category of traveller the public check screens as
TRAVELLER_CATEGORY = "returning_worker"

_CN_NUMBERS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_CN_NUMBERS |= {"九": 9, "十": 10}
_KO_NUMBERS = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4}
_KO_NUMBERS |= {"다섯": 5}
#: counters written straight after a number: "两台", "2台", "三件"
_ATTACHED = "件|个|個|台|臺|部|双|雙|瓶|箱|条|條|只"
#: counters that end a word, so a space follows when the goods come after them: "2개 노트북",
#: "2 pcs laptop" (and "2 대형 TV" is two large TVs, not "형 TV")
_SPACED = "개|대|벌|켤레|장|병|상자|pcs|pieces|piece|units"
_COUNTERS = f"{_ATTACHED}|{_SPACED}"
_CN = "|".join(_CN_NUMBERS)
_KO = "|".join(sorted(_KO_NUMBERS, key=len, reverse=True))
#: "2 laptops", "2x laptop", "2 x laptop", "2台笔记本", "2개 노트북", "两台笔记本电脑"
_LEADING = re.compile(
    rf"^(?P<n>\d{{1,4}})(?:\s*[x×*]\s+|[x×*]|\s*(?:{_ATTACHED})\s*|\s*(?:{_SPACED})\s+|\s+)"
    rf"(?P<rest>\S.*)$"
    rf"|^(?P<cn>{_CN})\s*(?:{_ATTACHED}|(?:{_SPACED})\s)\s*(?P<cnrest>\S.*)$",
    re.IGNORECASE,
)
#: "laptop x2", "laptop ×2", "전기밥솥 1개", "笔记本电脑两台", "노트북 두 대"
_TRAILING = re.compile(
    rf"^(?P<rest>.*?\S)(?:\s+[x]\s*(?P<x>\d{{1,4}})|\s*[×*]\s*(?P<times>\d{{1,4}})"
    rf"|\s*(?P<n>\d{{1,4}})\s*(?:{_COUNTERS})|\s*(?P<cn>{_CN})\s*(?:{_COUNTERS})"
    rf"|\s+(?P<ko>{_KO})\s*(?:{_COUNTERS}))\.?$",
    re.IGNORECASE,
)


def read_line(line: str) -> tuple[str, int]:
    """A line as (description, quantity): a count written before or after the goods is
    read, in digits, Chinese numerals or Korean native numbers with a counter; 1 when
    there is none (or it is 0)."""
    text = " ".join(line.split())[:MAX_LINE_CHARS]
    found = _LEADING.match(text)
    if found:
        count = int(found["n"]) if found["n"] else _CN_NUMBERS[found["cn"]]
        rest = found["rest"] or found["cnrest"]
    else:
        found = _TRAILING.match(text)
        if not found:
            return text, 1
        rest = found["rest"]
        digits = found["x"] or found["times"] or found["n"]
        count = (
            int(digits)
            if digits
            else _CN_NUMBERS[found["cn"]]
            if found["cn"]
            else _KO_NUMBERS[found["ko"]]
        )
    return (rest, count) if count > 0 else (text, 1)


@dataclass(frozen=True)
class ItemOutcome:
    """One line as the page shows it: what was written, read as what, and what happens."""

    line: str
    description: str
    quantity: int
    outcome: str  # pass | refused | inspect | uncertain
    why: tuple[str, ...]  # message keys, in order
    hs: str | None
    legal_basis: tuple[LegalBasis, ...]


@dataclass(frozen=True)
class Allowance:
    """How many of some goods a returning worker may carry here (0: none), and how many
    the lines use."""

    measure: str
    goods: str
    allowed: int
    used: int
    citation: str


@dataclass(frozen=True)
class CheckResult:
    items: tuple[ItemOutcome, ...]
    allowances: tuple[Allowance, ...]
    left_out: int = 0  # lines beyond MAX_LINES
    rule_base: str = ""
    notes: tuple[str, ...] = field(default=())


_REFUSED = {Verdict.PROHIBITED, Verdict.EXCEEDS_ALLOWANCE, Verdict.LICENCE_REQUIRED}
_SHOWN = ("applied", "tolerated")


def _outcome(
    verdict: ItemVerdict, confidence: float, conflicted: bool
) -> tuple[str, tuple[str, ...]]:
    """pass, refused, inspect or uncertain, and why (message keys); ``conflicted``: a
    reported practice tolerates what a law prohibits (the engine follows the law)."""
    top = verdict.classification[0].score if verdict.classification else 0.0
    if verdict.hs is None or top < confidence:
        return "uncertain", ("why_uncertain",)
    if verdict.verdict in _REFUSED:
        outcome = "refused"
    elif verdict.verdict is Verdict.CLEAR:
        outcome = "pass"
    else:
        outcome = "inspect"
    why = [f"why_{verdict.verdict.value}"]
    if conflicted:
        why.append("why_tolerated")
    return outcome, tuple(why)


def _allowances(
    screener: Screener, verdicts: tuple[ItemVerdict, ...], quantities: list[int]
) -> tuple[Allowance, ...]:
    """Per measure that singles out travellers' categories and counts or bans items."""
    used: dict[str, int] = {}
    basis: dict[str, LegalBasis] = {}
    for verdict, quantity in zip(verdicts, quantities, strict=True):
        for b in verdict.legal_basis:
            if b.status in _SHOWN:
                used[b.measure] = used.get(b.measure, 0) + quantity
                basis.setdefault(b.measure, b)
    found = []
    for measure_id, count in used.items():
        measure = screener.rule_base.measure(measure_id)
        if not measure.scope.traveller_categories:
            continue
        allowance = measure.effect.allowance
        if measure.effect.type == "prohibit":
            allowed = 0
        elif allowance is not None and allowance.max_items is not None:
            allowed = allowance.max_items
        else:
            continue
        citation = basis[measure_id].citation()
        found.append(Allowance(measure_id, measure.goods.description, allowed, count, citation))
    return tuple(sorted(found, key=lambda a: a.measure))


def check_items(
    screener: Screener,
    *,
    crossing: str,
    day: dt.date,
    direction: Direction,
    lines: list[str],
) -> CheckResult:
    """Screen ``lines`` (one item each; blank lines skipped) as a returning worker's
    baggage at ``crossing`` on ``day``; no party is matched and nothing is kept."""
    written = [" ".join(line.split())[:MAX_LINE_CHARS] for line in lines]
    written = [line for line in written if line]
    kept, left_out = written[:MAX_LINES], max(0, len(written) - MAX_LINES)
    if not kept:
        return CheckResult((), (), left_out)
    read = [read_line(line) for line in kept]
    declaration = Declaration(
        id="public-check",
        date=day,
        crossing=crossing,
        direction=direction,
        country="KP",
        channel=Channel.BAGGAGE,
        traveller=Traveller(name="anonymous traveller", category=TRAVELLER_CATEGORY),
        items=tuple(
            Item(id=str(n), description=description, quantity=Decimal(quantity))
            for n, (description, quantity) in enumerate(read, start=1)
        ),
    )
    verdict = screener.screen_goods(declaration)
    conflicted = {c.item for c in verdict.conflicts}
    outcomes = []
    for line, (description, quantity), item in zip(kept, read, verdict.items, strict=True):
        outcome, why = _outcome(item, screener.classify_confidence, item.id in conflicted)
        shown = tuple(b for b in item.legal_basis if b.status in _SHOWN)
        hs = item.hs if outcome != "uncertain" else None
        outcomes.append(ItemOutcome(line, description, quantity, outcome, why, hs, shown))
    quantities = [quantity for _, quantity in read]
    return CheckResult(
        tuple(outcomes),
        _allowances(screener, verdict.items, quantities),
        left_out,
        verdict.rule_base,
    )
