"""CLI commands: rules (being written)."""
