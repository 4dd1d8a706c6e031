"""Reading the UN Security Council consolidated list in its official XML format.

The file is parsed with defusedxml with document type declarations refused,
so entity expansion ("billion laughs") and external entities cannot be used
against the reader. Errors name the file, the line of the entry, the element
and the value.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as safe_xml

from borderwatch.errors import ListFormatError
from borderwatch.parties.entries import Alias, Document, ListEntry, ListSnapshot, content_hash
from borderwatch.parties.territories import country_from_name, is_unstated

__all__ = ["UN_FORMAT", "parse_un_xml"]

UN_FORMAT = "un-xml"
_ENTRY_TAG = re.compile(rb"<(INDIVIDUAL|ENTITY)\s*>")


def _text(element: Element | None, tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return " ".join((found.text or "").split()) if found is not None else ""


def _values(element: Element, path: str) -> list[str]:
    return [" ".join(v.text.split()) for v in element.findall(path) if v.text and v.text.strip()]


class _Locator:
    """Finds the line of the n-th entry, only when an error needs it."""

    def __init__(self, raw: bytes, source: str) -> None:
        self.raw, self.source = raw, source
        self._lines: list[int] | None = None

    def line_of(self, index: int) -> int | None:
        if self._lines is None:
            self._lines = [
                self.raw.count(b"\n", 0, m.start()) + 1 for m in _ENTRY_TAG.finditer(self.raw)
            ]
        return self._lines[index] if index < len(self._lines) else None

    def error(self, index: int, tag: str, field: str, value: str, problem: str) -> ListFormatError:
        line = self.line_of(index)
        where = f"{self.source}:{line}" if line else self.source
        return ListFormatError(
            f"{where}: {tag} entry {index + 1}, element {field} = {value!r}: {problem}. "
            "Check the file is an unmodified UN consolidated list export."
        )


def _iso_date(value: str, locate: _Locator, index: int, tag: str, field: str) -> str:
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise locate.error(index, tag, field, value, "not a date YYYY-MM-DD") from None


def _birth_dates(element: Element, locate: _Locator, index: int) -> tuple[str, ...]:
    found: list[str] = []
    for dob in element.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        if date := _text(dob, "DATE"):
            found.append(_iso_date(date, locate, index, "INDIVIDUAL", "DATE_OF_BIRTH/DATE"))
        if year := _text(dob, "YEAR"):
            found.append(year)
        start, end = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
        if start.isdigit() and end.isdigit() and 0 <= int(end) - int(start) <= 20:
            found.extend(str(y) for y in range(int(start), int(end) + 1))
    return tuple(dict.fromkeys(found))


def _country_code(name: str) -> str:
    """ISO 3166 alpha-2 for a country name; an unknown name is kept as written."""
    code = country_from_name(name)
    return code if code is not None else ("" if is_unstated(name) else name)


def _nationalities(element: Element) -> tuple[str, ...]:
    """Nationality codes; values the list states as unknown ("na") are left out."""
    codes = (_country_code(n) for n in _values(element, "NATIONALITY/VALUE"))
    return tuple(dict.fromkeys(c for c in codes if c))


def _places(element: Element) -> tuple[str, ...]:
    places = []
    for place in element.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        parts = [_text(place, t) for t in ("CITY", "STATE_PROVINCE", "COUNTRY")]
        if text := ", ".join(p for p in parts if p):
            places.append(text)
    return tuple(places)


def _documents(element: Element) -> tuple[Document, ...]:
    docs = []
    for doc in element.findall("INDIVIDUAL_DOCUMENT"):
        number = _text(doc, "NUMBER")
        if number:
            country = _text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE")
            country = _country_code(country) if country else ""
            docs.append(
                Document(number=number, type=_text(doc, "TYPE_OF_DOCUMENT"), country=country)
            )
    return tuple(docs)


def _entry(element: Element, index: int, locate: _Locator) -> ListEntry:
    tag = element.tag
    ref = _text(element, "REFERENCE_NUMBER")
    if not ref:
        raise locate.error(index, tag, "REFERENCE_NUMBER", ref, "missing reference number")
    parts = [_text(element, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p for p in parts if p)
    if not name:
        raise locate.error(index, tag, "FIRST_NAME", name, "entry has no name")
    alias_tag = "INDIVIDUAL_ALIAS" if tag == "INDIVIDUAL" else "ENTITY_ALIAS"
    aliases = [
        Alias(name=_text(a, "ALIAS_NAME"), quality=_text(a, "QUALITY"))
        for a in element.findall(alias_tag)
        if _text(a, "ALIAS_NAME")
    ]
    if original := _text(element, "NAME_ORIGINAL_SCRIPT"):
        aliases.append(Alias(name=original, quality="original script"))
    listed_on = _text(element, "LISTED_ON")
    person = tag == "INDIVIDUAL"
    return ListEntry(
        ref=ref,
        schema="Person" if person else "Organization",
        name=name,
        aliases=tuple(aliases),
        birth_dates=_birth_dates(element, locate, index) if person else (),
        birth_places=_places(element) if person else (),
        nationalities=_nationalities(element),
        documents=_documents(element) if person else (),
        list_type=_text(element, "UN_LIST_TYPE"),
        listed_on=_iso_date(listed_on, locate, index, tag, "LISTED_ON") if listed_on else None,
        source_id=_text(element, "DATAID") or None,
    )


def _root(raw: bytes, source: str) -> Element:
    try:
        root: Element = safe_xml.fromstring(raw, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise ListFormatError(
            f"{source}: refused: {exc}. A UN list has no document type declaration or "
            "entities; get the file again from the official source."
        ) from exc
    except ParseError as exc:
        line, column = exc.position
        raise ListFormatError(
            f"{source}:{line}: not well-formed XML at column {column} ({exc}). "
            "The file may be truncated or not XML; download it again."
        ) from exc
    except (LookupError, ValueError) as exc:  # an unknown encoding in the XML declaration
        raise ListFormatError(
            f"{source}:1: cannot decode the XML ({exc}). Save the list as UTF-8."
        ) from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(
            f"{source}:1: root element is <{root.tag}>, expected <CONSOLIDATED_LIST>. "
            "This reader takes the UN Security Council consolidated list XML."
        )
    return root


def parse_un_xml(raw: bytes, *, source: str) -> ListSnapshot:
    """Read the UN consolidated list from ``raw`` bytes; ``source`` names it in errors."""
    root = _root(raw, source)
    locate = _Locator(raw, source)
    elements = [*root.iterfind("INDIVIDUALS/INDIVIDUAL"), *root.iterfind("ENTITIES/ENTITY")]
    # the locator counts entries in document order, which is individuals first in UN files
    entries = tuple(_entry(element, index, locate) for index, element in enumerate(elements))
    return ListSnapshot(
        source=source,
        format=UN_FORMAT,
        generated=root.get("dateGenerated"),
        content_hash=content_hash(raw),
        entries=entries,
    )
