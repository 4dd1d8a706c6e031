"""Who and what crosses where, week by week: the flows before any declaration is written.

The plan draws, from its own random stream, the returning workers (crossing,
managing company, own electronic items), the legitimate consignments and the
senders of sanctioned goods, who choose a channel and a crossing each week by
a logit on expected cost: freight or the per-bag fee, the detour to their
buyers, and the chance of seizure times the loss, as they perceive it from
recent weeks. The declarations themselves are drawn later from another
stream, so the detection benchmark can use plans alone, cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from borderwatch.simulate.scenario import Scenario
from borderwatch.simulate.timeline import Schedule, crossing_schedule

__all__ = ["CHANNELS", "Plan", "make_plan", "perceived_cost"]

#: route options are (crossing, channel); channel 0 is cargo, 1 is baggage
CHANNELS = ("cargo", "baggage")
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Plan:
    """Flat arrays, one row per worker, per sanctioned cargo shipment, per consignment."""

    scenario: Scenario
    weeks: int
    schedule: Schedule
    worker_week: IntArray
    worker_crossing: IntArray
    worker_company: IntArray
    worker_electronics: IntArray  # own electronic items carried
    worker_placed: IntArray  # bags placed by trade officials
    shipment_week: IntArray  # sanctioned goods sent as cargo
    shipment_crossing: IntArray
    shipment_misdeclared: npt.NDArray[np.bool_]  # declared as an ordinary good
    consignment_week: IntArray  # legitimate cargo
    consignment_crossing: IntArray
    route_shares: FloatArray  # [week, crossing, channel]

    def flagged_counts(self) -> IntArray:
        """[week, crossing]: declarations showing sanctioned goods (placed, own electronics, cargo).

        Misdeclared consignments are left out: the declaration does not show them.
        """
        counts = np.zeros((self.weeks, len(self.schedule.crossings)), dtype=np.int64)
        flagged = (self.worker_placed > 0) | (self.worker_electronics > 0)
        np.add.at(counts, (self.worker_week[flagged], self.worker_crossing[flagged]), 1)
        shown = ~self.shipment_misdeclared
        np.add.at(counts, (self.shipment_week[shown], self.shipment_crossing[shown]), 1)
        return counts


def perceived_cost(scenario: Scenario, schedule: Schedule) -> FloatArray:
    """[week, crossing, channel] expected cost of a shipment, risk as senders perceive it."""
    values = schedule.values
    evasion = scenario.evasion
    electronic_share = np.mean([scenario.goods[g].electronic for g in scenario.placement.goods])
    risk_now = np.stack(
        [
            values["cargo_inspection"] * evasion.detection.get("cargo", 1.0),
            1
            - (1 - values["baggage_inspection"] * evasion.detection.get("baggage", 1.0))
            * (1 - values["electronics_screening"] * electronic_share),
        ],
        axis=-1,
    )
    belief = np.empty_like(risk_now)
    for week in range(len(risk_now)):
        previous = belief[week - 1] if week else risk_now[0]
        belief[week] = (1 - evasion.risk_update) * previous + evasion.risk_update * risk_now[week]
    fee = np.stack([values["freight_cost"], np.full_like(values["freight_cost"], 0.0)], axis=-1)
    fee[..., 1] = float(np.mean(scenario.placement.pay_per_bag))
    cost: FloatArray = fee + values["detour_cost"][..., None] + belief * evasion.loss_if_seized
    return cost


def _route_shares(scenario: Scenario, schedule: Schedule) -> FloatArray:
    utility = -scenario.evasion.sensitivity * perceived_cost(scenario, schedule)
    flat = utility.reshape(len(utility), -1)
    flat = np.exp(flat - flat.max(axis=1, keepdims=True))
    shares: FloatArray = (flat / flat.sum(axis=1, keepdims=True)).reshape(utility.shape)
    return shares


def _workers(
    scenario: Scenario, schedule: Schedule, weeks: int, rng: np.random.Generator
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    crossings = schedule.crossings
    share = np.array([scenario.crossings[c].worker_share for c in crossings])
    counts = rng.poisson(scenario.workers.per_week * share / share.sum(), size=(weeks, len(share)))
    week = np.repeat(np.repeat(np.arange(weeks), len(share)), counts.ravel())
    crossing = np.repeat(np.tile(np.arange(len(share)), weeks), counts.ravel())
    weights = np.array([c.weight for c in scenario.workers.companies])
    company = rng.choice(len(weights), size=len(week), p=weights / weights.sum())
    allowance = schedule.values["electronics_allowance"][week, crossing]
    awareness = np.exp(-schedule.weeks_since_ban[week, crossing] / scenario.workers.awareness_weeks)
    bring = np.where(allowance > 0, 1.0, awareness) * scenario.workers.electronics_propensity
    # while allowed, a worker takes up to the allowance; unaware workers take what they used to
    most = np.maximum(np.where(allowance > 0, allowance, 2), 1).astype(np.int64)
    electronics = np.where(rng.random(len(week)) < bring, rng.integers(1, most + 1), 0)
    return week, crossing, company, electronics.astype(np.int64)


def make_plan(scenario: Scenario, weeks: int, rng: np.random.Generator) -> Plan:
    """Draw the flows of ``weeks`` weeks."""
    schedule = crossing_schedule(scenario, weeks)
    n_crossings = len(schedule.crossings)
    week, crossing, company, electronics = _workers(scenario, schedule, weeks, rng)
    placed = np.zeros(len(week), dtype=np.int64)
    readiness = np.array([c.placement for c in scenario.workers.companies])[company]
    shares = _route_shares(scenario, schedule)
    sent = rng.poisson(scenario.evasion.shipments_per_week, size=weeks)
    cargo_week: list[IntArray] = []
    cargo_crossing: list[IntArray] = []
    for w in range(weeks):
        routes = rng.multinomial(sent[w], shares[w].ravel()).reshape(n_crossings, 2)
        for c in range(n_crossings):
            here = np.flatnonzero((week == w) & (crossing == c)) if routes[c, 1] else None
            bags = 0
            if here is not None and len(here):
                slots = np.repeat(here, scenario.evasion.baggage_per_worker)
                weight = readiness[slots]
                bags = min(int(routes[c, 1]), int(np.count_nonzero(weight)))
                if bags:
                    chosen = rng.choice(slots, size=bags, replace=False, p=weight / weight.sum())
                    np.add.at(placed, chosen, 1)
            by_cargo = int(routes[c, 0]) + int(routes[c, 1]) - bags  # full luggage: freight
            cargo_week.append(np.full(by_cargo, w, dtype=np.int64))
            cargo_crossing.append(np.full(by_cargo, c, dtype=np.int64))
    cargo_share = np.array([scenario.crossings[c].cargo_share for c in schedule.crossings])
    legit = rng.poisson(
        scenario.cargo.consignments_per_week * cargo_share / cargo_share.sum(),
        size=(weeks, n_crossings),
    )
    shipment_week = np.concatenate(cargo_week) if cargo_week else np.zeros(0, np.int64)
    misdeclared = rng.random(len(shipment_week)) < scenario.evasion.misdeclared_share
    return Plan(
        scenario=scenario,
        weeks=weeks,
        schedule=schedule,
        worker_week=week,
        worker_crossing=crossing,
        worker_company=company,
        worker_electronics=electronics,
        worker_placed=placed,
        shipment_week=shipment_week,
        shipment_crossing=np.concatenate(cargo_crossing) if cargo_week else np.zeros(0, np.int64),
        shipment_misdeclared=misdeclared,
        consignment_week=np.repeat(np.repeat(np.arange(weeks), n_crossings), legit.ravel()),
        consignment_crossing=np.repeat(np.tile(np.arange(n_crossings), weeks), legit.ravel()),
        route_shares=shares,
    )
