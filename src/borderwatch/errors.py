"""The exceptions borderwatch raises, all under one root.

::

    BorderwatchError                      exit 1, HTTP 500
    ├── InputError                        exit 2, HTTP 422   bad declaration, list or file
    │   ├── RecordError                                      one record: file, line, field, value
    │   ├── ListFormatError                                  a sanctions list that cannot be read
    │   └── ConflictError                 exit 2, HTTP 409   clashes with what the store holds
    ├── RuleBaseError                     exit 3, HTTP 500   the rule base does not validate;
    │                                                        .problems: each RuleProblem (file,
    │                                                        line, field, value, what to do)
    ├── ReferenceDataError                exit 3, HTTP 500   unknown crossing, regime, currency...
    ├── SettingsError                     exit 3, HTTP 500   a BORDERWATCH_* variable that cannot be used
    ├── StoreError                        exit 4, HTTP 503   the database cannot be reached or migrated
    ├── NotFoundError                     exit 5, HTTP 404   an id that is not in the store
    ├── AuditChainError                   exit 6, HTTP 500   the audit log was tampered with
    └── NotPermittedError                 exit 7, HTTP 403   the role or crossing may not do this

Status codes are class attributes, so a subclass changes them by declaring them,
and the CLI and the HTTP API translate errors at one boundary each.
Every message names what failed, the offending value and what to do next.
"""

from __future__ import annotations

import reprlib
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AuditChainError",
    "BorderwatchError",
    "ConflictError",
    "InputError",
    "ListFormatError",
    "NotFoundError",
    "NotPermittedError",
    "RecordError",
    "ReferenceDataError",
    "RuleBaseError",
    "RuleProblem",
    "SettingsError",
    "StoreError",
]


class BorderwatchError(Exception):
    """Root of every error borderwatch raises on purpose."""

    exit_code: int = 1
    http_status: int = 500


class InputError(BorderwatchError):
    """Input that cannot be accepted as it is."""

    exit_code = 2
    http_status = 422


class RecordError(InputError):
    """One record of an input file is wrong; names where and how to fix it."""

    def __init__(
        self,
        *,
        source: str,
        line: int | None,
        field: str,
        value: object,
        problem: str,
        hint: str,
    ) -> None:
        self.source = source
        self.line = line
        self.field = field
        self.value = value
        self.problem = problem
        self.hint = hint
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: field '{field}' = {value!r}: {problem}. {hint}")

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready description for reject reports."""
        return {
            "source": self.source,
            "line": self.line,
            "field": self.field,
            "value": self.value
            if isinstance(self.value, str | int | float | None)
            else str(self.value),
            "problem": self.problem,
            "hint": self.hint,
        }


class ListFormatError(InputError):
    """A sanctions list file that is not in the format it claims to be."""


class ConflictError(InputError):
    """Input that clashes with what the store already holds: a client id reused for a
    different declaration, a second first decision, an amendment of an amended decision."""

    http_status = 409


_VALUE = reprlib.Repr()
_VALUE.maxstring = _VALUE.maxother = 80
_VALUE.maxlevel = 2


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rule-base file: where, which field, which value, what to do.

    ``value`` is printed with a bounded repr, so a huge or deeply nested value
    (a YAML bomb, a pasted table) costs a line, not the terminal.
    """

    path: str
    line: int | None
    field: str
    value: object
    problem: str
    fix: str
    #: False when there is no value to show (a required field that is missing)
    valued: bool = True

    @property
    def where(self) -> str:
        """``file:line``, or the file alone when the line is not known."""
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    @property
    def detail(self) -> str:
        """The problem without its place: ``field = value: what is wrong. What to do.``"""
        field = ""
        if self.field:
            shown = f" = {_VALUE.repr(self.value)}" if self.valued else ""
            field = f"{self.field}{shown}: "
        return f"{field}{self.problem.rstrip('.')}. {self.fix}"

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"


class RuleBaseError(BorderwatchError):
    """The rule base (measures, crossings, regimes) does not validate.

    ``problems`` holds each problem found when the loader went on past the
    first; the message lists the first few and points to ``rules check``.
    """

    exit_code = 3
    #: problems listed in the message; ``borderwatch rules check`` lists them all
    shown = 10

    def __init__(self, message: str, problems: Sequence[RuleProblem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)

    @classmethod
    def listing(cls, problems: Sequence[RuleProblem], directory: str) -> RuleBaseError:
        """One error for every problem in the rule base at ``directory``."""
        head = [str(p) for p in problems[: cls.shown]]
        more = len(problems) - len(head)
        if more:
            head.append(f"... and {more} more")
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        return cls(
            f"the rule base in {directory} does not validate ({count}):\n  "
            + "\n  ".join(head)
            + f"\nFix them; `borderwatch rules check --rule-base {shlex.quote(directory)}` "
            "lists every problem.",
            problems,
        )


class ReferenceDataError(BorderwatchError):
    """A name that reference data does not know: crossing, regime, currency."""

    exit_code = 3


class SettingsError(BorderwatchError):
    """A ``BORDERWATCH_*`` environment variable holds a value that cannot be used."""

    exit_code = 3


class StoreError(BorderwatchError):
    """The store cannot be opened, migrated or written."""

    exit_code = 4
    http_status = 503


class NotFoundError(BorderwatchError):
    """Something asked for by id is not in the store."""

    exit_code = 5
    http_status = 404


class AuditChainError(BorderwatchError):
    """The audit log's hash chain is broken: a record was edited, deleted or moved."""

    exit_code = 6


class NotPermittedError(BorderwatchError):
    """The caller's role or crossing does not allow what was asked (an officer amending)."""

    exit_code = 7
    http_status = 403


def unreadable_csv(source: str, line: int, exc: Exception, *, rest_skipped: bool) -> RecordError:
    """The error for a CSV file that stops being readable at ``line`` (an unclosed quote,
    a stray carriage return); ``rest_skipped`` when the rows before it were kept."""
    return RecordError(
        source=source,
        line=line,
        field="csv",
        value=str(exc),
        problem="not readable as CSV"
        + ("; the rest of the file was not read" if rest_skipped else ""),
        hint="Save the file as CSV (UTF-8) with quotes around fields that hold commas"
        + (", then load it again (rows already taken are kept)." if rest_skipped else "."),
    )
