"""The inspection queue in the order officers work it: verdict, then risk, then waiting.

Screening says what the law requires; the risk profiles and the model in use
say which of the declarations the law sends to inspection deserve the officer
first. Within one verdict, a declaration in the red lane comes first, then the
higher score (the profiles' risk, combined with the model's chance for a bag
when a model is in use), then the one waiting longest. The API and the bench both order the queue
here, so they list the same declarations in the same order.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection

if TYPE_CHECKING:  # LightGBM is loaded only once a model is in use
    from borderwatch.targeting.baggage_model import BaggageModel

from borderwatch.model.declaration import Declaration
from borderwatch.model.risk_profile import Lane
from borderwatch.rules.loader import RuleBase
from borderwatch.store.inspection import QueuedDeclaration, QueueFilter, queued_in_order
from borderwatch.store.targeting_models import StoredModel, current_model, model_content
from borderwatch.targeting.profiles import ProfileRisk, Screened, match_profiles, profile_risk
from borderwatch.targeting.stored_bags import CHANNELS, Channel, bags_around, stored_features

__all__ = ["MODEL_IN_USE", "ModelInUse", "Targeted", "rank_queue", "read_model", "targeted_queue"]


@dataclass(frozen=True)
class Targeted:
    """A queued declaration with the risk its profiles add up to and, when a model is in
    use and the declaration is baggage, the model's chance of paid-for goods."""

    queued: QueuedDeclaration
    risk: ProfileRisk
    learned: float | None = None

    @property
    def score(self) -> float:
        """The profiles' risk and the model's chance, combined as 1 − (1 − r)(1 − p)."""
        if self.learned is None:
            return self.risk.score
        return 1.0 - (1.0 - self.risk.score) * (1.0 - self.learned)


def read_model(conn: Connection, stored: StoredModel) -> BaggageModel:
    """Stored model ``stored`` as a model to score with (LightGBM is loaded here)."""
    from borderwatch.targeting.baggage_model import BaggageModel

    text = model_content(conn, stored.id)
    return BaggageModel.from_text(text, f"stored targeting model {stored.id}")


class ModelInUse:
    """The stored models in use (one per channel), each read from the store again only when
    another is chosen."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # by channel: content hashes differ between stores, ids do not
        self._models: dict[str, tuple[str, BaggageModel]] = {}

    def get(self, conn: Connection, channel: Channel = "baggage") -> BaggageModel | None:
        stored = current_model(conn, channel)
        if stored is None:
            return None
        with self._lock:
            held = self._models.get(channel)
            if held is None or held[0] != stored.content_hash:
                held = (stored.content_hash, read_model(conn, stored))
                self._models[channel] = held
            return held[1]


#: this process's copy of the model in use
MODEL_IN_USE = ModelInUse()


def _learned(
    conn: Connection,
    crossing: str,
    queued: list[QueuedDeclaration],
    channel: Channel,
    model: BaggageModel,
    parsed: dict[int, Declaration],
) -> dict[int, float]:
    """The model's chance per queued declaration of ``channel``, each described among every
    declaration of it stored for its day at the crossing and with the store's records, as
    in training. The declarations read on the way are kept in ``parsed`` by stored id, so
    the profiles do not read them again."""
    dates = {q.date for q in queued if q.channel == channel}
    if not dates:
        return {}
    around = bags_around(conn, {crossing: dates}, channel)
    parsed.update(zip(around.ids, around.declarations, strict=True))
    features = stored_features(conn, around, channel, crossing)
    if any(name not in features.names for name in model.features):
        return {}  # a model of other columns: the profiles alone rank, as before any model
    chance = model.score(features)
    return {ident: float(chance[n]) for n, ident in enumerate(around.ids)}


def _scored(
    queued: QueuedDeclaration,
    rule_base: RuleBase,
    learned: float | None,
    parsed: Declaration | None,
) -> Targeted:
    declaration = parsed or Declaration.model_validate_json(queued.document)
    screened = Screened.of_stored(json.loads(queued.result)) if queued.result else None
    risk = profile_risk(match_profiles(declaration, rule_base, screened))
    return Targeted(queued, risk, learned)


def _urgency(entry: Targeted) -> tuple[int, int, float]:
    """Sort key, smallest first: stricter verdict, red lane, higher score."""
    return (-entry.queued.verdict.rank, entry.risk.lane is not Lane.RED, -entry.score)


def rank_queue(
    queued: Iterable[QueuedDeclaration],
    rule_base: RuleBase,
    learned: Mapping[int, float] | None = None,
    parsed: Mapping[int, Declaration] | None = None,
) -> list[Targeted]:
    """``queued`` (in verdict, then arrival order) scored and put in working order; the sort
    is stable, so among equals the one waiting longest stays first. ``learned``: the
    model's chance by stored declaration id, where there is one; ``parsed``: declarations
    already read, by stored id."""
    chances, read = learned or {}, parsed or {}
    scored = (
        _scored(q, rule_base, chances.get(q.declaration), read.get(q.declaration)) for q in queued
    )
    return sorted(scored, key=_urgency)


def targeted_queue(
    conn: Connection,
    crossing: str,
    rule_base: RuleBase,
    *,
    limit: int,
    narrowed: QueueFilter | None = None,
) -> list[Targeted]:
    """The first ``limit`` declarations of ``crossing``'s queue in working order, scored by
    the risk profiles and by the model in use (``targeting train``), if any.

    Risk reorders only within a verdict, so the store's verdict order is read until
    ``limit`` declarations are kept and the verdict of the last one kept is passed:
    the declarations scored are those that could still make the first ``limit``.
    """
    narrowed = narrowed or QueueFilter()
    kept: list[QueuedDeclaration] = []
    for queued in queued_in_order(conn, crossing, channel=narrowed.channel):
        if len(kept) >= limit and queued.verdict.rank < kept[-1].verdict.rank:
            break
        if narrowed.keeps(queued):
            kept.append(queued)
    learned: dict[int, float] = {}
    parsed: dict[int, Declaration] = {}
    for channel in CHANNELS:
        model = MODEL_IN_USE.get(conn, channel) if kept else None
        if model is not None:
            learned |= _learned(conn, crossing, kept, channel, model, parsed)
    return rank_queue(kept, rule_base, learned, parsed)[:limit]
