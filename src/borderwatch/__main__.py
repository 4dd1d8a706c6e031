"""``python -m borderwatch`` runs the CLI."""

from borderwatch.cli.main import run

run()
