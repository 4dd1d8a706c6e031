"""A learned score for baggage: how likely a declaration carries goods paid to be placed.

Gradient-boosted trees (LightGBM) over :mod:`baggage_features`: they take
missing values (no company history yet, no screening) and interactions
(many bags on one bus with the same luxury goods) without hand tuning,
and give each prediction's per-feature contributions, which become the
reason an officer reads.

A model file is one JSON header line — format, format version, the
borderwatch version that wrote it, the feature names — then LightGBM's
own text. A file of another format version is refused with the reason
rather than read into wrong columns.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import numpy.typing as npt

from borderwatch.about import __version__
from borderwatch.errors import InputError
from borderwatch.targeting.baggage_features import BaggageFeatures

__all__ = [
    "FEATURE_WORDS",
    "FORMAT",
    "FORMAT_VERSION",
    "BaggageModel",
    "Contribution",
    "ModelFormatError",
    "reasons",
    "value_at_stake",
]

FORMAT = "borderwatch-baggage-model"
#: raised whenever the header or the meaning of a column changes
FORMAT_VERSION = 1

#: how an officer reads each feature
FEATURE_WORDS: Mapping[str, str] = {
    "items": "goods lines",
    "total_value_cny": "declared value (CNY)",
    "max_line_value_cny": "value of the dearest line (CNY)",
    "max_quantity": "most units on one line",
    "commercial_lines": "lines in commercial quantities",
    "luxury_lines": "luxury lines",
    "luxury_value_cny": "value of luxury lines (CNY)",
    "pieces": "pieces of baggage",
    "area_m2": "luggage area (m²)",
    "area_share_of_allowance": "share of the 1 m² allowance used",
    "notable_piece_area_m2": "area of bags holding only luxury or commercial goods (m²)",
    "electronics_units": "electronic items",
    "electronics_over_allowance": "electronic items over the allowance",
    "group_size": "declarations in the group",
    "shared_hs6_others": "other bags in the group with the same goods (HS6)",
    "shared_hs4_others": "other bags in the group with the same kind of goods (HS4)",
    "group_luxury_share": "share of the group declaring luxury goods",
    "group_top_kind_share": "share of the group carrying its commonest notable goods",
    "group_notable_area_share": "share of the group's allowance in bags of notable goods",
    "company_past_inspections": "earlier inspections of the company's workers",
    "company_past_seizure_rate": "share of the company's earlier inspections that seized goods",
    "verdict_rank": "screening verdict",
    "party_score": "party list match score",
    "classification_doubt": "doubt about the code of a line declared in words",
}

_PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 10,
    "feature_fraction": 0.9,
    "num_threads": 1,  # the host is shared; a few thousand rows need no more
    "deterministic": True,
    "verbose": -1,
}
_ROUNDS = 200


class ModelFormatError(InputError):
    """A model file this version of borderwatch will not read, and why."""


@dataclass(frozen=True)
class Contribution:
    """One feature's push on one declaration's score (log-odds), with its value."""

    feature: str
    value: float
    push: float

    def words(self) -> str:
        """``luxury lines 2 (+1.35)``."""
        value = "unknown" if np.isnan(self.value) else f"{self.value:.3g}"
        return f"{FEATURE_WORDS.get(self.feature, self.feature)} {value} ({self.push:+.2f})"


@dataclass(frozen=True)
class BaggageModel:
    """A trained booster and the feature names it reads, in order."""

    booster: lgb.Booster
    features: tuple[str, ...]

    @classmethod
    def fit(
        cls,
        data: BaggageFeatures,
        labels: npt.ArrayLike,
        *,
        features: Sequence[str] | None = None,
        weights: npt.ArrayLike | None = None,
        rows: npt.ArrayLike | None = None,
        seed: int = 0,
    ) -> BaggageModel:
        """Train on ``rows`` of ``data`` (all by default) with 0/1 labels (1: placed goods).

        ``weights`` reweights outcomes observed with unequal chances (1 / selection
        probability), so a policy's own choices do not skew what is learned.
        """
        names = tuple(features or data.names)
        index = np.arange(len(data.group)) if rows is None else np.asarray(rows)
        y = np.asarray(labels, dtype=np.float64)[index]
        if len(np.unique(y)) < 2:
            raise ValueError("training needs both declarations with and without placed goods")
        w = None if weights is None else np.asarray(weights, dtype=np.float64)[index]
        train = lgb.Dataset(data.select(names)[index], label=y, weight=w, feature_name=list(names))
        booster = lgb.train(_PARAMS | {"seed": seed}, train, num_boost_round=_ROUNDS)
        return cls(booster, names)

    def score(self, data: BaggageFeatures) -> npt.NDArray[np.float64]:
        """The probability of placed goods, per declaration."""
        return np.asarray(self.booster.predict(data.select(self.features)), dtype=np.float64)

    def explain(self, data: BaggageFeatures, top: int = 3) -> list[list[Contribution]]:
        """Per declaration, the features that pushed its score up the most."""
        x = data.select(self.features)
        pushes = np.asarray(self.booster.predict(x, pred_contrib=True))[:, :-1]  # last: bias
        explained = []
        for row in range(len(x)):
            order = np.argsort(-pushes[row], kind="stable")[:top]
            explained.append(
                [
                    Contribution(self.features[j], float(x[row, j]), float(pushes[row, j]))
                    for j in order
                    if pushes[row, j] > 0
                ]
            )
        return explained

    def to_text(self) -> str:
        """The header line and the booster's text: what a model file and the store hold."""
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "borderwatch": __version__,
            "features": list(self.features),
        }
        return json.dumps(header) + "\n" + self.booster.model_to_string()

    def save(self, path: Path) -> None:
        """Write :meth:`to_text` to ``path``."""
        path.write_text(self.to_text(), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> BaggageModel:
        """Read a model file, refusing one this version cannot trust to mean the same."""
        return cls.from_text(path.read_text(encoding="utf-8"), str(path))

    @classmethod
    def from_text(cls, text: str, where: str) -> BaggageModel:
        """A model from :meth:`to_text`'s output (``where`` names it in errors)."""
        header_line, _, body = text.partition("\n")
        try:
            header = json.loads(header_line)
        except json.JSONDecodeError:
            raise ModelFormatError(f"{where}: no borderwatch model header on line 1") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ModelFormatError(f"{where}: not a {FORMAT} file")
        version = header.get("format_version")
        if version != FORMAT_VERSION:
            raise ModelFormatError(
                f"{where}: model format version {version} (written by borderwatch "
                f"{header.get('borderwatch', '?')}); this borderwatch reads version "
                f"{FORMAT_VERSION} only — retrain the model"
            )
        features = tuple(header.get("features", ()))
        booster = lgb.Booster(model_str=body)
        if tuple(booster.feature_name()) != features:
            raise ModelFormatError(f"{where}: the header's features do not match the model's")
        return cls(booster, features)


def reasons(data: BaggageFeatures, explained: Sequence[Sequence[Contribution]]) -> list[str]:
    """Per declaration, the shared-pattern finding first (the bus-as-unit signal an officer
    can check on the spot), then the features that raised its score."""
    shared = data.column("shared_hs6_others") if "shared_hs6_others" in data.names else None
    said = []
    for row, contributions in enumerate(explained):
        parts = []
        code = data.shared_code[row]
        if shared is not None and code is not None:
            others = int(shared[row])
            bags = "other bag" if others == 1 else "other bags"
            parts.append(f"{others} {bags} on {data.group[row]} carry {code}")
        parts.extend(c.words() for c in contributions)
        said.append("; ".join(parts) or "no single feature stands out")
    return said


def value_at_stake(data: BaggageFeatures, probability: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """What opening each bag is worth: the chance of paid-for goods times its declared value.

    When more bags carry placed goods than officers can open (a third of a
    busload against a 10 % rate), telling them apart is not enough: the
    probability is near 1 for all of them, and the declared value decides
    which are worth the few openings.
    """
    return np.asarray(probability, dtype=np.float64) * data.column("total_value_cny")
