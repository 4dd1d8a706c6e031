"""CLI commands: demo (being written)."""
