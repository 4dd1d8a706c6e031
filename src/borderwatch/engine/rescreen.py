"""Which screened declarations would change verdict under another rule base or date."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from borderwatch.engine.screen import screen_declaration
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import DeclarationVerdict, Verdict
from borderwatch.rules.loader import RuleBase

__all__ = ["VerdictChange", "changed_verdicts"]


@dataclass(frozen=True)
class VerdictChange:
    """A declaration whose verdict differs when screened again."""

    declaration_id: str
    before: Verdict
    after: Verdict
    before_rule_base: str
    after_rule_base: str
    items: tuple[tuple[str, Verdict, Verdict], ...]

    @property
    def stricter(self) -> bool:
        """True when the new verdict is stricter than the old one."""
        return self.after.rank > self.before.rank


def changed_verdicts(
    screened: Iterable[tuple[Declaration, DeclarationVerdict]],
    rule_base: RuleBase,
    *,
    regimes: Sequence[str] | None = None,
) -> Iterator[VerdictChange]:
    """Screen each declaration again as of its original date; yield those that changed."""
    for declaration, old in screened:
        new = screen_declaration(
            declaration,
            rule_base,
            regimes=regimes if regimes is not None else old.regimes,
            as_of=old.as_of,
        )
        items = tuple(
            (a.id, a.verdict, b.verdict)
            for a, b in zip(old.items, new.items, strict=True)
            if a.verdict != b.verdict
        )
        if new.verdict != old.verdict or items:
            yield VerdictChange(
                declaration.id, old.verdict, new.verdict, old.rule_base, new.rule_base, items
            )
