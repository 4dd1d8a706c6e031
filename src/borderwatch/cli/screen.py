"""CLI commands: screen (being written)."""
