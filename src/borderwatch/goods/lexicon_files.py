"""Reading the lexicon's files, every name with the file and line it is written on.

The lexicon is one YAML file per HS chapter (``85.yaml``), a mapping from each
six-digit HS 2022 subheading to its names, one name per line under its kind::

    "851660":  # Ovens, cookers, cooking plates, ... (the HS 2022 text)
      en:
        - rice cooker
      zh:
        - 电饭煲
      brands:
        - cuckoo

and ``shared.yaml``, the names that truly belong to several subheadings, each
written once with the subheadings and the reason::

    - codes: ["420221", "420222", "420292"]
      reason: HS splits handbags by their outer surface; "bag" alone does not say it
      en:
        - bag

:func:`read_lexicon_files` reads them all and returns every name with its
place, and one :class:`~borderwatch.errors.RuleProblem` (file, line, field,
value, what to do) for each thing wrong: a file that is not a chapter file, a
code that is not an HS 2022 subheading or sits in another chapter's file, a
kind other than en, zh, ko and brands, and a name written twice (a name of
the same kind, whatever its case, is written once in the whole lexicon).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from borderwatch.errors import RuleProblem
from borderwatch.reference.hs import Nomenclature

__all__ = [
    "KINDS",
    "SHARED_FILE",
    "LocatedName",
    "chapter_of_file",
    "read_lexicon_files",
]

#: the kinds of name (the field of a file) and the language the matcher reports for each
KINDS: dict[str, str] = {"en": "en", "zh": "zh", "ko": "ko", "brands": "brand"}
#: the file of the names that belong to several subheadings
SHARED_FILE = "shared.yaml"


_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAGS = {ScalarNode: "tag:yaml.org,2002:str", SequenceNode: "tag:yaml.org,2002:seq"}


class _Loader(_BASE_LOADER):  # type: ignore[misc,valid-type]  # a base chosen at run time
    """Every scalar stays text: codes, kinds and names are text, so YAML's guessing of
    numbers, dates and booleans (``010121`` as octal, ``no`` as False) is skipped (and
    with it a third of the reading time)."""

    def resolve(self, kind: type[Node], value: object, implicit: object) -> str:
        return _TAGS.get(kind, "tag:yaml.org,2002:map")


_CHAPTER_FILE = re.compile(r"^(\d{2})\.yaml$")
_CODE = re.compile(r"^\d{6}$")
_GUIDE = "docs/classification.md explains the format."


@dataclass(slots=True)  # not frozen: a frozen dataclass is slower to make, and there are 70,000
class LocatedName:
    """One name of one subheading, and where it is written."""

    hs: str
    kind: str  # a key of KINDS
    name: str
    path: str  # the file's name, e.g. "85.yaml"
    line: int

    @property
    def place(self) -> str:
        """``file:line``, e.g. ``85.yaml:1234``."""
        return f"{self.path}:{self.line}"


def chapter_of_file(name: str) -> str | None:
    """The chapter a file holds ("85" for ``85.yaml``); None for any other name."""
    found = _CHAPTER_FILE.match(name)
    return found.group(1) if found else None


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


class _FileReader:
    """The names and problems of one file."""

    def __init__(self, path: str, codes: Nomenclature) -> None:
        self.path, self.codes = path, codes
        self.names: list[LocatedName] = []
        self.problems: list[RuleProblem] = []
        self._read: set[int] = set()  # the lists and mappings of names already read

    def again(self, node: Node, field: str, where: Node) -> bool:
        """Whether ``node`` was read before (a YAML alias), with a problem if so: an alias
        would put one written name under several subheadings outside shared.yaml."""
        if id(node) not in self._read:
            self._read.add(id(node))
            return False
        self.problem(
            where,
            field,
            "*alias",
            "names given by a YAML alias",
            f"Write the names out; names of several subheadings go to {SHARED_FILE}.",
        )
        return True

    def problem(self, node: Node | None, field: str, value: object, what: str, fix: str) -> None:
        line = _line(node) if node is not None else None
        self.problems.append(RuleProblem(self.path, line, field, value, what, fix))

    def code(self, node: Node, field: str, chapter: str | None) -> str | None:
        """The subheading written at ``node``, or None (and a problem) if it is not one."""
        code = node.value if isinstance(node, ScalarNode) else None
        if not isinstance(code, str) or not _CODE.match(code) or code not in self.codes:
            self.problem(
                node,
                field,
                code if code is not None else "...",
                "not an HS 2022 subheading",
                'Write the six digits in quotes ("851660") of a subheading that exists '
                "in HS 2022; look it up in the nomenclature.",
            )
            return None
        if chapter is not None and code[:2] != chapter:
            self.problem(
                node,
                field,
                code,
                f"a chapter {code[:2]} subheading in the file of chapter {chapter}",
                f"Move the entry to {code[:2]}.yaml.",
            )
            return None
        return code

    def kinds(
        self, node: Node, field: str, codes: list[str], skip: frozenset[str], where: Node
    ) -> None:
        """The names of a mapping of kinds (``en:``, ``zh:`` ...) for ``codes``."""
        if self.again(node, field, where):
            return
        if not isinstance(node, MappingNode):
            self.problem(
                node,
                field,
                "...",
                "expected kinds of name",
                f"Write en:, zh:, ko:, brands: with a list under each. {_GUIDE}",
            )
            return
        for key, value in node.value:
            kind = str(key.value) if isinstance(key, ScalarNode) else "..."
            if kind in skip:
                continue
            if kind not in KINDS:
                self.problem(
                    key,
                    f"{field}.{kind}",
                    kind,
                    "not a kind of name",
                    "Use en (English), zh (Simplified Chinese), ko (Korean) or brands.",
                )
                continue
            self.names_of(value, f"{field}.{kind}", kind, codes, key)

    def names_of(self, node: Node, field: str, kind: str, codes: list[str], where: Node) -> None:
        if self.again(node, field, where):
            return
        items = node.value if isinstance(node, SequenceNode) else None
        if items is None:
            self.problem(
                node,
                field,
                "...",
                "expected a list of names",
                "Write one name per line, each after '- '.",
            )
            return
        add, path = self.names.append, self.path
        for item in items:
            name = item.value if type(item) is ScalarNode else None
            if not name or name != name.strip():
                self.problem(
                    item,
                    field,
                    name if name is not None else "...",
                    "not a name",
                    "Write the name as plain text on its own line, without spaces around it.",
                )
                continue
            line = item.start_mark.line + 1
            for hs in codes:
                add(LocatedName(hs, kind, name, path, line))

    def chapter(self, root: Node, chapter: str) -> None:
        if not isinstance(root, MappingNode):
            self.problem(
                root,
                "",
                "...",
                "expected a mapping of subheadings",
                f'Start each entry with the code in quotes: "{chapter}0000":. {_GUIDE}',
            )
            return
        seen: dict[str, int] = {}
        for key, value in root.value:
            code = self.code(key, str(key.value) if isinstance(key, ScalarNode) else "", chapter)
            if code is None:
                continue
            if code in seen:
                self.problem(
                    key,
                    code,
                    code,
                    f"the subheading is given twice in this file (first on line {seen[code]})",
                    "Join the two entries into one.",
                )
                continue
            seen[code] = _line(key)
            self.kinds(value, code, [code], frozenset(), key)

    def shared(self, root: Node) -> None:
        groups = root.value if isinstance(root, SequenceNode) else None
        if groups is None:
            self.problem(
                root,
                "",
                "...",
                "expected a list of shared names",
                f"Start each group with '- codes: [...]'. {_GUIDE}",
            )
            return
        for number, group in enumerate(groups):
            field = str(number)
            fields = (
                {str(k.value): v for k, v in group.value} if isinstance(group, MappingNode) else {}
            )
            codes_node, reason = fields.get("codes"), fields.get("reason")
            if not isinstance(reason, ScalarNode) or not str(reason.value).strip():
                self.problem(
                    reason or group,
                    f"{field}.reason",
                    reason.value if isinstance(reason, ScalarNode) else None,
                    "a shared name needs the reason it belongs to several subheadings",
                    "Say why the name alone cannot tell them apart.",
                )
            codes = self.group_codes(codes_node or group, f"{field}.codes")
            if codes:
                self.kinds(group, field, codes, frozenset({"codes", "reason"}), group)

    def group_codes(self, node: Node, field: str) -> list[str]:
        items = node.value if isinstance(node, SequenceNode) else []
        codes = [c for c in (self.code(item, field, None) for item in items) if c is not None]
        if len(set(codes)) < 2 and len(codes) == len(items):
            self.problem(
                node,
                field,
                [getattr(i, "value", "...") for i in items],
                "a shared name belongs to two subheadings or more",
                "List them all, or move the names to the chapter file of the one subheading.",
            )
            return []
        return list(dict.fromkeys(codes))


def _read_file(path: str, text: str, codes: Nomenclature) -> _FileReader:
    reader = _FileReader(path, codes)
    chapter = chapter_of_file(path)
    if chapter is None and path != SHARED_FILE:
        reader.problem(
            None,
            "",
            path,
            "not a lexicon file",
            f"Name the file after its HS chapter (85.yaml), or put shared names in {SHARED_FILE}.",
        )
        return reader
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reader.problems.append(
            RuleProblem(path, line, "", None, f"not valid YAML: {exc}", "Fix the syntax there.")
        )
        return reader
    if root is None:
        return reader
    if chapter is not None:
        reader.chapter(root, chapter)
    else:
        reader.shared(root)
    return reader


def _written_twice(names: Iterable[LocatedName]) -> list[RuleProblem]:
    """A problem for each name written on a second line (same kind, any case)."""
    first: dict[tuple[str, str], LocatedName] = {}
    problems: list[RuleProblem] = []
    for named in names:
        earlier = first.setdefault((named.kind, named.name.casefold()), named)
        if earlier is named or (earlier.line == named.line and earlier.path == named.path):
            continue
        # a shared name comes once for each of its codes, one after the other: reported once
        if not problems or (problems[-1].path, problems[-1].line) != (named.path, named.line):
            problems.append(
                RuleProblem(
                    named.path,
                    named.line,
                    f"{named.hs}.{named.kind}",
                    named.name,
                    f"the name is already written at {earlier.place} (for {earlier.hs})",
                    "Keep it once: remove one if it was a slip; if it truly names goods "
                    f"of both subheadings, list it once in {SHARED_FILE} with the reason.",
                )
            )
    return problems


def read_lexicon_files(
    files: Iterable[tuple[str, str]], codes: Nomenclature
) -> tuple[list[LocatedName], list[RuleProblem]]:
    """Every name of ``files`` ((file name, text) pairs) with its place, and the problems."""
    names: list[LocatedName] = []
    problems: list[RuleProblem] = []
    for path, text in files:
        reader = _read_file(path, text, codes)
        names.extend(reader.names)
        problems.extend(reader.problems)
    problems.extend(_written_twice(names))
    return names, problems
