"""Building an ItemBatch straight from columns (CSV, Parquet, a database query)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from borderwatch.engine.batch import ItemBatch
from borderwatch.model.declaration import Channel, Direction
from borderwatch.rules.loader import RuleBase
from borderwatch.rules.scope import Situation

__all__ = ["batch_from_columns", "epoch_days"]


def epoch_days(rule_base: RuleBase, days: npt.NDArray[np.datetime64]) -> npt.NDArray[np.datetime64]:
    """Each day replaced by the first day of its epoch (measures in force unchanged within)."""
    bounds = np.array([d.isoformat() for d in rule_base.change_dates[1:]], dtype="datetime64[D]")
    index = np.searchsorted(bounds, days, side="right")
    starts = np.r_[np.array(["1900-01-01"], dtype="datetime64[D]"), bounds]
    first_days: npt.NDArray[np.datetime64] = starts[index]
    return first_days


def batch_from_columns(
    rule_base: RuleBase,
    *,
    declaration: npt.NDArray[np.int64],
    day: npt.NDArray[np.datetime64],
    crossing: npt.NDArray[np.int64],
    crossings: Sequence[str],
    direction: npt.NDArray[np.int64],
    country: npt.NDArray[np.int64],
    countries: Sequence[str],
    channel: npt.NDArray[np.int64],
    category: npt.NDArray[np.int64],
    categories: Sequence[str | None],
    code: npt.NDArray[np.int64],
    quantity: npt.NDArray[np.float64],
    value_usd: npt.NDArray[np.float64],
    piece: npt.NDArray[np.int64],
    piece_area: npt.NDArray[np.float64],
) -> ItemBatch:
    """Columns to an ItemBatch; ``direction`` and ``channel`` index Direction and Channel,
    ``country`` indexes ``countries`` (ISO 3166 codes of the other side).

    Every item carries its own country: the measures in force depend on it
    (the UN DPRK measures bind goods to and from KP, not to Russia).
    ``code`` indexes HS 2022 codes (``CODE_INDEX``): a code of an older HS
    version must be screened as what it became, so declarations holding such
    codes belong in :meth:`ItemBatch.from_declarations`, which sends them to
    the engine.
    """
    epoch = epoch_days(rule_base, day).astype(np.int64)
    # one int64 key per item: small fields packed above the epoch day number
    width = max(len(crossings), len(categories), len(countries), 2) + 1
    key = epoch
    for column in (crossing, direction, country, channel, category):
        key = key * width + column
    unique, situation = np.unique(key, return_inverse=True)
    directions, channels = list(Direction), list(Channel)
    situations = []
    for packed in unique.tolist():
        packed, cat = divmod(packed, width)
        packed, ch = divmod(packed, width)
        packed, k = divmod(packed, width)
        packed, d = divmod(packed, width)
        e, c = divmod(packed, width)
        situations.append(
            Situation(
                dt.date(1970, 1, 1) + dt.timedelta(days=e),
                crossings[c],
                directions[d],
                countries[k],
                channels[ch],
                categories[cat],
            )
        )
    return ItemBatch(
        declaration=declaration,
        situation=situation.reshape(-1).astype(np.int64),
        code=code,
        quantity=quantity,
        value_usd=value_usd,
        piece=piece,
        piece_area=piece_area,
        situations=situations,
        fallback={},
    )
