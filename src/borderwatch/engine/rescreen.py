"""Which screened declarations would change verdict, and what caused each change."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from borderwatch.engine.screener import Screener
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import DeclarationVerdict, ScreeningConfiguration, Verdict

__all__ = ["UNEXPLAINED", "VerdictChange", "changed_verdicts"]

#: the cause named when a verdict changed although nothing in its assembly did
UNEXPLAINED = (
    "nothing in the configuration changed: the verdict did not reproduce; "
    "report this as a defect with the declaration"
)


@dataclass(frozen=True)
class VerdictChange:
    """A declaration whose verdict differs when screened again, and why."""

    declaration_id: str
    before: Verdict
    after: Verdict
    before_rule_base: str
    after_rule_base: str
    items: tuple[tuple[str, Verdict, Verdict], ...]
    causes: tuple[str, ...]

    @property
    def stricter(self) -> bool:
        """True when the new verdict is stricter than the old one."""
        return self.after.rank > self.before.rank


def _causes(old: DeclarationVerdict, new: DeclarationVerdict) -> tuple[str, ...]:
    if old.configuration is None:
        return ("screened before configurations were recorded; compared with today's settings",)
    assert new.configuration is not None
    return tuple(old.configuration.differences(new.configuration)) or (UNEXPLAINED,)


def changed_verdicts(
    screened: Iterable[tuple[Declaration, DeclarationVerdict]],
    screener_for: Callable[[ScreeningConfiguration | None], Screener],
) -> Iterator[VerdictChange]:
    """Screen each declaration again as of its original date; yield those that changed.

    ``screener_for`` gives the assembly for a recorded configuration (None
    for results stored before configurations were), changed only where the
    caller was asked to change it.
    """
    for declaration, old in screened:
        new = screener_for(old.configuration).screen(declaration, as_of=old.as_of)
        items = tuple(
            (a.id, a.verdict, b.verdict)
            for a, b in zip(old.items, new.items, strict=True)
            if a.verdict != b.verdict
        )
        if new.verdict != old.verdict or items:
            yield VerdictChange(
                declaration.id,
                old.verdict,
                new.verdict,
                old.rule_base,
                new.rule_base,
                items,
                _causes(old, new),
            )
