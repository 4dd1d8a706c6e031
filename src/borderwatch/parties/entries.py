"""List entries and snapshots: what a sanctions list says, independent of its format.

A :class:`ListEntry` is one designated person, organisation or vessel with its
names, identifiers and the facts used to tell it apart from namesakes. A
:class:`ListSnapshot` is one version of one list, identified by the hash of
the file it was read from, so a screening result can name exactly what it
was screened against.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Alias", "Document", "ListEntry", "ListSnapshot", "content_hash"]


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name of an entry; ``quality`` is the list's own grading (Good, Low, a.k.a.)."""

    name: str
    quality: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """An identity document or registration number of an entry."""

    number: str
    type: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One designated party as a list states it."""

    ref: str
    schema: str
    name: str
    aliases: tuple[Alias, ...] = ()
    birth_dates: tuple[str, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    documents: tuple[Document, ...] = ()
    list_type: str = ""
    listed_on: str | None = None
    source_id: str | None = None
    #: postal addresses as the list gives them (FtM ``Address`` entities, written out)
    addresses: tuple[str, ...] = ()
    #: links to other entities the list states, e.g. "Membership organization: Ilsim Bank"
    relations: tuple[str, ...] = ()
    #: the datasets an FtM entity names (OpenSanctions' ``datasets``); empty for other formats
    datasets: tuple[str, ...] = ()

    def all_names(self) -> list[str]:
        """The primary name then every alias, without empty or repeated ones."""
        names = [self.name, *(a.name for a in self.aliases)]
        return list(dict.fromkeys(n for n in names if n.strip()))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary that :meth:`from_dict` reads back."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ListEntry:
        """Rebuild an entry written by :meth:`to_dict`."""
        return cls(
            ref=data["ref"],
            schema=data["schema"],
            name=data["name"],
            aliases=tuple(Alias(**a) for a in data.get("aliases", ())),
            birth_dates=tuple(data.get("birth_dates", ())),
            birth_places=tuple(data.get("birth_places", ())),
            nationalities=tuple(data.get("nationalities", ())),
            documents=tuple(Document(**d) for d in data.get("documents", ())),
            list_type=data.get("list_type", ""),
            listed_on=data.get("listed_on"),
            source_id=data.get("source_id"),
            addresses=tuple(data.get("addresses", ())),
            relations=tuple(data.get("relations", ())),
            datasets=tuple(data.get("datasets", ())),
        )


def content_hash(raw: bytes) -> str:
    """The SHA-256 of a list file as hex: the identity of a snapshot."""
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class ListSnapshot:
    """One version of one list: where it came from, when it was generated, its entries."""

    source: str
    format: str
    generated: str | None
    content_hash: str
    entries: tuple[ListEntry, ...] = field(repr=False)

    @property
    def label(self) -> str:
        """A short name for results: format, generation date and the hash's first 12 digits."""
        day = (self.generated or "undated")[:10]
        return f"{self.format}:{day}:{self.content_hash[:12]}"
