"""Checks on text before it is stored, each failing with a message that says what to do."""

from __future__ import annotations

from borderwatch.errors import InputError

__all__ = ["bounded_text"]


def bounded_text(field: str, value: object, *, limit: int, required: bool = True) -> str:
    """``value`` stripped, when it is text of at most ``limit`` characters without NUL.

    PostgreSQL cannot store NUL in text, and a length checked here is one
    that fails with a clear message instead of a database error.
    """
    if not isinstance(value, str):
        raise InputError(f"{field} must be text, not {type(value).__name__} {value!r}")
    text = value.strip()
    if required and not text:
        raise InputError(f"{field} is empty; give it (at most {limit:,} characters)")
    if len(text) > limit:
        raise InputError(
            f"{field} is {len(text):,} characters long; at most {limit:,} are kept. "
            f"Shorten it: {text[:40]!r}..."
        )
    if "\x00" in text:
        raise InputError(f"{field} contains a NUL character (\\x00): {text[:40]!r}; remove it")
    return text
