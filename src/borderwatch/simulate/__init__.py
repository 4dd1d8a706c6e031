"""Scenario simulator: declarations with ground truth for the field situation of SCENARIO.md.

``simulate`` yields declarations (what an officer sees) each with its truth
(whose goods, placed by whom, for what pay, and what happened at the
crossing); ``write_run`` writes them as JSON lines that ``borderwatch
screen`` reads. All parameters come from one scenario YAML file.
"""

from borderwatch.simulate.run import SimulatedDeclaration, plan_for, simulate, write_run
from borderwatch.simulate.scenario import Scenario, ScenarioError, default_scenario, load_scenario

__all__ = [
    "Scenario",
    "ScenarioError",
    "SimulatedDeclaration",
    "default_scenario",
    "load_scenario",
    "plan_for",
    "simulate",
    "write_run",
]
