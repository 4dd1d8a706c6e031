"""The screening assembly: one object every entry point screens with.

A :class:`Screener` holds the rule base, the regimes, the goods classifier,
the party matcher with the list snapshots it was built on, and the
thresholds. ``screen``, ``demo``, ``rescreen``, ``report``, ``eval`` and the
HTTP service all screen through one, so the same declaration gets the same
verdict whichever of them is asked. Its :attr:`~Screener.configuration` is
recorded with every result, so a later re-screening can rebuild exactly the
same assembly (see :mod:`borderwatch.assembly`).

Pure: building one from settings and the store is the assembly module's job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from borderwatch.engine.party_check import PartyCheck
from borderwatch.engine.protocols import GoodsClassifier
from borderwatch.engine.screen import screen_declaration
from borderwatch.model.declaration import Declaration
from borderwatch.model.verdict import DeclarationVerdict, ScreeningConfiguration
from borderwatch.reference.hs_versions import tables_version
from borderwatch.rules.loader import RuleBase

if TYPE_CHECKING:  # numpy and the tables load only when a batch is screened
    from borderwatch.engine.batch import BatchResult

__all__ = ["PartyCheck", "Screener"]


class Screener:
    """Rule base, regimes, classifier, party check and thresholds, built once."""

    def __init__(
        self,
        rule_base: RuleBase,
        *,
        parties: PartyCheck,
        classify_confidence: float,
        classifier: GoodsClassifier | None = None,
        regimes: Sequence[str] | None = None,
        rule_base_source: str | None = None,
    ) -> None:
        self.rule_base = rule_base
        self.regimes = tuple(regimes) if regimes is not None else None
        self.classifier = classifier
        self.classify_confidence = classify_confidence
        self.parties = parties
        self.configuration = ScreeningConfiguration(
            rule_base=rule_base.version,
            rule_base_source=rule_base_source,
            regimes=self.regimes,
            classifier=classifier.version if classifier is not None else None,
            classify_confidence=classify_confidence,
            party_lists=parties.lists,
            party_threshold=parties.threshold,
            party_confirm_score=parties.confirm_score,
            hs_tables=tables_version(),
        )

    @property
    def skipped_reason(self) -> str | None:
        """A note for results when a check was left out on purpose."""
        if self.parties.lists is None:
            return "parties not screened (--no-parties): this verdict covers the goods only"
        return None

    def screen(
        self, declaration: Declaration, *, as_of: dt.date | None = None
    ) -> DeclarationVerdict:
        """The verdict for one declaration, as of ``as_of`` (default: its own date)."""
        result = self._screened(declaration, as_of, self.parties)
        reasons = result.reasons
        if self.skipped_reason and declaration.parties():
            reasons = (*reasons, self.skipped_reason)
        return result.model_copy(update={"reasons": reasons})

    def screen_goods(
        self, declaration: Declaration, *, as_of: dt.date | None = None
    ) -> DeclarationVerdict:
        """The verdict on the goods alone: parties are not matched against any list.

        For the public pre-departure check, where the traveller is anonymous: the
        items are screened exactly as :meth:`screen` screens them, and no name is
        looked up or reported.
        """
        return self._screened(declaration, as_of, None)

    def _screened(
        self, declaration: Declaration, as_of: dt.date | None, parties: PartyCheck | None
    ) -> DeclarationVerdict:
        """The engine's verdict with this assembly; parties matched by ``parties`` (None:
        not at all), the configuration recorded."""
        result = screen_declaration(
            declaration,
            self.rule_base,
            regimes=self.regimes,
            as_of=as_of,
            classifier=self.classifier,
            classify_confidence=self.classify_confidence,
            party_screener=parties.matcher if parties else None,
            party_confirm_score=parties.confirm_score if parties else None,
            parties_unavailable=parties.unavailable if parties else None,
        )
        return result.model_copy(update={"configuration": self.configuration})

    def screen_batch(self, declarations: Sequence[Declaration]) -> BatchResult:
        """Verdict ranks for many declarations at once, each as of its own date.

        The vectorised path; whatever it cannot put in a table is screened by
        :meth:`screen`'s engine, so every verdict equals :meth:`screen`'s.
        """
        from borderwatch.engine.batch import ItemBatch
        from borderwatch.engine.batch_screen import screen_batch

        batch = ItemBatch.from_declarations(declarations, self.rule_base)
        return screen_batch(
            batch,
            self.rule_base,
            regimes=self.regimes,
            classifier=self.classifier,
            classify_confidence=self.classify_confidence,
            parties=self.parties,
        )
