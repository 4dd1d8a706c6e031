"""Measure files: each measure validated on its own, then checked against the others.

A bad measure is a problem with its file, line, field and value, and the
measures after it are still read, so ``rules check`` lists every problem in
one run. Each measure that validates keeps its :class:`MeasureSite`, so later
checks (unknown HS codes, suspensions) can name the line of the value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from borderwatch.errors import RuleProblem
from borderwatch.model.goods_codes import MAX_RANGE_SPAN
from borderwatch.model.measure import Measure, SourceDocument
from borderwatch.rules.reference import Regime
from borderwatch.rules.yaml_source import LocatedYaml, read_yaml_noting

__all__ = [
    "MAX_PROBLEMS_PER_FILE",
    "MAX_RANGE_SPAN",
    "Found",
    "MeasureSite",
    "cross_check",
    "read_measures",
]

#: problems listed for one file before the rest of it is skipped: past this, it is not a
#: rule base with mistakes but something else, and listing each would take seconds
MAX_PROBLEMS_PER_FILE = 200
_HS_FIELDS = ("hs", "hs_partial", "exclude_hs")
_FILE_KEYS = ("document", "measures")
#: fields of the document a measure takes unless it gives its own
_INHERITED = ("regime", "symbol", "url")


@dataclass(frozen=True)
class MeasureSite:
    """Where a measure was read: its file, its index under ``measures``, and whether it
    names its regime itself (else the file's ``document.regime`` gives it)."""

    source: LocatedYaml
    index: int
    own_regime: bool = False

    def problem(
        self, loc: tuple[int | str, ...], value: object, problem: str, fix: str
    ) -> RuleProblem:
        """A problem with the value at ``loc`` inside this measure, at its line."""
        return self.source.problem(("measures", self.index, *loc), value, problem, fix)

    def where(self, loc: tuple[int | str, ...] = ("id",)) -> str:
        """``file:line`` of the value at ``loc`` inside this measure."""
        line = self.source.line_of(("measures", self.index, *loc))
        return f"{self.source.path}:{line}"


#: measure id -> the measure, its file's document and where it stands
Found = dict[str, tuple[Measure, SourceDocument, MeasureSite]]


def _range_problem(code: str) -> str | None:
    """Why an HS range would be expanded wrongly or slowly, or None when it is fine.

    Ranges of 8 or 10 digit codes expand to nothing (the nomenclature stops at
    subheadings), and a range of a million subheadings takes seconds to expand.
    """
    low, _, high = code.replace(".", "").replace(" ", "").partition("-")
    if not (low.isdigit() and high.isdigit() and len(low) == len(high)):
        return None  # the model's own message is clearer
    if len(low) not in (2, 4, 6):
        return "a range runs between chapters, headings or subheadings (2, 4 or 6 digits)"
    if int(high) - int(low) >= MAX_RANGE_SPAN:
        return f"a range may span at most {MAX_RANGE_SPAN:,} codes"
    return None


def _hs_guards(
    source: LocatedYaml, index: int, raw: dict[Any, Any]
) -> tuple[list[RuleProblem], dict[Any, Any]]:
    """HS values the model cannot take as they are (numbers, single strings, huge ranges),
    and the measure without them, so its other fields are still checked."""
    goods = raw.get("goods")
    if not isinstance(goods, dict):
        return [], raw
    out = []
    kept = dict(goods)
    for name in _HS_FIELDS:
        codes = goods.get(name)
        loc: tuple[int | str, ...] = ("measures", index, "goods", name)
        if codes is None:
            continue
        if not isinstance(codes, list):
            fix = 'Write a list, e.g. ["8471", "8501-8504"].'
            out.append(source.problem(loc, codes, "expected a list of HS codes", fix))
            kept[name] = []
            continue
        kept[name] = []
        for n, code in enumerate(codes):
            if not isinstance(code, str):
                fix = 'Quote it, e.g. "0101": a bare number loses its leading zeros.'
                out.append(source.problem((*loc, n), code, "an HS code must be text", fix))
            elif "-" in code and (why := _range_problem(code)) is not None:
                fix = "Write it with the widest level that fits, e.g. '8471-8473' or '84-85'."
                out.append(source.problem((*loc, n), code, why, fix))
            else:
                kept[name].append(code)
    return out, {**raw, "goods": kept}


def _document(source: LocatedYaml, problems: list[RuleProblem]) -> SourceDocument | None:
    data = source.data
    if "document" not in data:
        fix = "Add `document:` with the title and regime of the legal source the file encodes."
        problems.append(source.problem(("document",), None, "missing", fix, valued=False))
        return None
    try:
        return SourceDocument.model_validate(data["document"])
    except ValidationError as exc:
        problems.extend(source.problems(exc, ("document",)))
        return None


def _measure(
    source: LocatedYaml, index: int, raw: object, inherited: dict[str, str]
) -> Measure | list[RuleProblem]:
    """The measure at ``measures[index]``, or its problems."""
    loc = ("measures", index)
    if not isinstance(raw, dict):
        fix = "Write each measure as a mapping of its fields (id, legal_act, ...)."
        return [source.problem(loc, raw, "expected a mapping", fix)]
    guards, checked = _hs_guards(source, index, raw)
    try:
        measure = Measure.model_validate({**inherited, **checked})
    except ValidationError as exc:
        return guards + source.problems(exc, loc)
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError) as exc:
        # a validator surprised by a value of another type: still a problem of this measure
        why = f"cannot be validated ({type(exc).__name__}: {exc})"
        return [*guards, source.problem(loc, raw.get("id"), why, "Check the types of its fields.")]
    return guards or measure


def _read_file(
    path: Path, problems: list[RuleProblem]
) -> Iterator[tuple[object, Measure | None, SourceDocument, MeasureSite]]:
    """(written id, the measure or None when it has problems, document, site) per measure."""
    source = read_yaml_noting(path, problems)
    if source is None:
        return
    if not isinstance(source.data, dict):
        fix = "A measure file is a mapping with `document:` and `measures:`; see the shipped ones."
        problems.append(source.problem((), source.data, "expected a mapping", fix))
        return
    for key in source.data:
        if key not in _FILE_KEYS:
            fix = "Remove it: a measure file holds only `document:` and `measures:`."
            problems.append(source.problem((str(key),), key, "unknown top-level key", fix))
    document = _document(source, problems)
    raw_document = source.data.get("document")
    # what a measure takes from its file's document unless it says otherwise
    inherited = {
        key: value
        for key in _INHERITED
        if isinstance(raw_document, dict) and isinstance(value := raw_document.get(key), str)
    }
    measures = source.data.get("measures")
    if not isinstance(measures, list):
        fix = "Add `measures:` with a list of measures."
        problems.append(source.problem(("measures",), measures, "expected a list", fix))
        return
    document = document or SourceDocument(title="(not loaded)", regime=inherited.get("regime", ""))
    listed = 0
    for index, raw in enumerate(measures):
        if listed >= MAX_PROBLEMS_PER_FILE:
            fix = "Fix those listed (is it a measure file?) and run the check again."
            why = f"more than {MAX_PROBLEMS_PER_FILE} problems: the measures from here on were not read"
            problems.append(source.problem(("measures", index), raw, why, fix))
            return
        result = _measure(source, index, raw, inherited)
        if isinstance(result, list):
            problems.extend(result)
            listed += len(result)
        written = raw.get("id") if isinstance(raw, dict) else None
        site = MeasureSite(source, index, own_regime=isinstance(raw, dict) and "regime" in raw)
        yield written, None if isinstance(result, list) else result, document, site


def read_measures(files: Iterable[Path], problems: list[RuleProblem]) -> Found:
    """Every measure that validates, by id; problems (bad values, an id used twice, even
    by a measure that does not validate) are added to ``problems`` and the rest is read."""
    found: Found = {}
    first: dict[str, MeasureSite] = {}
    for path in files:
        for written, measure, document, site in _read_file(path, problems):
            if isinstance(written, str) and written in first:
                problems.append(
                    site.problem(
                        ("id",),
                        written,
                        f"this measure id is also used at {first[written].where()}",
                        "Give each measure its own id.",
                    )
                )
                continue
            if isinstance(written, str):
                first[written] = site
            if measure is not None:
                found[measure.id] = (measure, document, site)
    return found


def cross_check(found: Found, regimes: dict[str, Regime], problems: list[RuleProblem]) -> None:
    """Problems between files: a measure naming a regime that regimes.yaml does not define
    (once per file when the file's document names it)."""
    noted: set[str] = set()
    for measure, _, site in found.values():
        if measure.regime in regimes:
            continue
        why = f"regimes.yaml defines no such regime (it has {', '.join(regimes) or 'none'})"
        fix = "Use one of those ids, or add the regime to regimes.yaml."
        if site.own_regime:
            problems.append(site.problem(("regime",), measure.regime, why, fix))
        elif str(site.source.path) not in noted:
            noted.add(str(site.source.path))
            problems.append(site.source.problem(("document", "regime"), measure.regime, why, fix))
