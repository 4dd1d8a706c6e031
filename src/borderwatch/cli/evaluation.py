"""`borderwatch eval`: measure borderwatch's parts on labelled or simulated data.

The group is a module of its own so that `borderwatch classify-learn` does not load
what the evaluations need (LightGBM, the simulator); each evaluation registers its
command on :data:`eval_app` when imported below.
"""

from __future__ import annotations

import typer

from borderwatch.cli.app import app

__all__ = ["eval_app"]

eval_app = typer.Typer(
    help="Measure borderwatch components on labelled data.", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")

# imported after eval_app exists: each imports it from here to register its command
from borderwatch.cli import eval_baggage, eval_classify, eval_targeting  # noqa: E402, F401
