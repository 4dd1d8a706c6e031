"""Korean personal names: surnames in every spelling, and surname/given splits.

Surnames are data (``data/korean-surnames.yaml``). Spellings that share a
sound key are one surname class, so Ri, Li, Lee, Yi and Rhee, or Pak, Park
and Bak, compare as equal. A Hangul name is split after its surname whether
or not a space follows it (리원호 and 리 원호 are one name).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from borderwatch.errors import ReferenceDataError
from borderwatch.parties.normalize import fold, sound_key

__all__ = ["SurnameTable", "surname_table"]


@dataclass(frozen=True)
class SurnameTable:
    """Sound key -> surname class, and Hangul surname -> surname class."""

    by_key: dict[str, int]
    by_hangul: dict[str, int]
    spellings: dict[str, tuple[str, ...]]

    def class_of(self, token: str) -> int | None:
        """The surname class of a folded Latin token or a Hangul surname, if known."""
        found = self.by_hangul.get(token)
        return found if found is not None else self.by_key.get(sound_key(token))

    def hangul_of(self, surname_class: int) -> str:
        """The first Hangul spelling of a surname class, for explanations."""
        return next((h for h, c in self.by_hangul.items() if c == surname_class), "?")

    def split_hangul(self, word: str) -> tuple[str, str]:
        """(surname, given name) of a Hangul name written with or without a space."""
        joined = word.replace(" ", "")
        if len(joined) >= 3 and joined[:2] in self.by_hangul:
            return joined[:2], joined[2:]
        return joined[:1], joined[1:]


def _build(rows: list[dict[str, object]]) -> SurnameTable:
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    hangul_keys: dict[str, list[str]] = {}
    spellings: dict[str, tuple[str, ...]] = {}
    for row in rows:
        hangul, names = row.get("hangul"), row.get("spellings")
        if not isinstance(hangul, str) or not isinstance(names, list) or not names:
            raise ReferenceDataError(
                f"korean-surnames.yaml: row {row!r} needs 'hangul' and a list of 'spellings'."
            )
        keys = [sound_key(fold(str(n))) for n in names]
        hangul_keys.setdefault(hangul, []).extend(keys)
        spellings[hangul] = tuple(dict.fromkeys((*spellings.get(hangul, ()), *map(str, names))))
    for keys in hangul_keys.values():  # a surname may have several rows
        for key in keys:
            parent[find(key)] = find(keys[0])
    roots: dict[str, int] = {}
    by_key = {key: roots.setdefault(find(key), len(roots)) for key in list(parent)}
    by_hangul = {h: by_key[keys[0]] for h, keys in hangul_keys.items()}
    return SurnameTable(by_key=by_key, by_hangul=by_hangul, spellings=spellings)


@cache
def surname_table() -> SurnameTable:
    """The shipped surname table, read once."""
    text = files("borderwatch.parties").joinpath("data/korean-surnames.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return _build(list(data["surnames"]))
