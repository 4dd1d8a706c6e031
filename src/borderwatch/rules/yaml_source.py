"""Reading YAML safely, remembering where each value stood, for errors with line numbers.

A rule base may be a user's own folder (``--rule-base``), so every file is
input: whatever it holds ends in a :class:`RuleBaseError` naming the file and
line, never a traceback, a hang or gigabytes of memory. To that end

* a file is at most :data:`MAX_FILE_BYTES` and must be UTF-8;
* timestamps stay text: the pydantic models parse dates, so ``2016-13-45``
  is reported as a bad value of its field rather than crashing the parser;
* the node graph is composed and checked before any Python object is built:
  anchors and aliases are allowed (the shipped files share exemption lists
  with them) but may repeat at most :data:`MAX_ALIAS_NODES` nodes per file,
  and may not refer to themselves — so a "billion laughs" file is refused in
  the time it takes to parse its text;
* a key given twice in one mapping is an error (YAML would keep the last
  silently).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from borderwatch.errors import RuleBaseError, RuleProblem

__all__ = ["MAX_ALIAS_NODES", "MAX_FILE_BYTES", "LocatedYaml", "read_yaml", "read_yaml_noting"]

#: the largest file read: the shipped files are under 7 kB, one legal source each
MAX_FILE_BYTES = 512 * 1024
#: how many nodes the aliases of one file may add once expanded (the shipped ones add 58)
MAX_ALIAS_NODES = 100_000

try:  # libyaml's parser where PyYAML was built with it (the wheels are), else the Python one
    from yaml import CSafeLoader as _SafeLoader

    _C_PARSER = True
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

    _C_PARSER = False

_TAG_PREFIX = "tag:yaml.org,2002:"
#: steps of a pydantic error location that name a schema, not a key ("function-after[...]")
_SCHEMA_STEP = re.compile(r"^(function-|[a-z-]+\[)")


class _Loader(_SafeLoader):
    """A safe loader that keeps timestamps as text and names the node of a bad scalar."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, LookupError, AttributeError, ArithmeticError) as exc:
            # an explicit tag on text it cannot hold (`!!int x`, a bare `!!float`), an
            # integer of 5,000 digits
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.tag} value cannot be read ({exc})", node.start_mark
            ) from exc


def _timestamp_as_text(loader: _Loader, node: Node) -> Any:
    return loader.construct_yaml_str(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [child for pair in node.value for child in pair]
    return list(node.value) if isinstance(node, SequenceNode) else []


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


class _Refused(Exception):
    """Problems that stop one file from being read; :func:`read_yaml` turns them into one error."""

    def __init__(self, problems: list[RuleProblem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _at(path: Path, node: Node, problem: str, fix: str) -> RuleProblem:
    return RuleProblem(str(path), _line(node), "", None, problem, fix)


def _twice(mapping: MappingNode) -> Iterator[tuple[Node, Node, int]]:
    """(key, value, line of the first) for each key given again in ``mapping``."""
    first: dict[tuple[str, str], int] = {}
    for key, value in mapping.value:
        if isinstance(key, ScalarNode):
            name = (key.tag, key.value)
            if name in first:
                yield key, value, first[name]
            first.setdefault(name, _line(key))


def _expanded_sizes(path: Path, root: Node) -> tuple[dict[int, int], list[MappingNode]]:
    """Each node's size with its aliases expanded, and the mappings that give a key twice.

    One walk over the node graph, without recursion; an alias inside the node it
    names is refused, as its value would have no end.
    """
    size: dict[int, int] = {}
    started: set[int] = set()
    twice: list[MappingNode] = []
    stack: list[tuple[Node, list[Node] | None]] = [(root, None)]
    while stack:
        node, children = stack.pop()
        if children is not None:  # its children are done
            size[id(node)] = 1 + sum([size[id(child)] for child in children])
        elif id(node) in size:
            continue
        elif isinstance(node, ScalarNode):
            size[id(node)] = 1
        elif id(node) in started:  # reached again from inside itself
            problem = "an alias refers to a node that contains it, so the value has no end"
            raise _Refused([_at(path, node, problem, "Write the value out instead.")])
        else:
            started.add(id(node))
            if isinstance(node, MappingNode) and next(_twice(node), None):
                twice.append(node)
            children = _children(node)
            stack.append((node, children))
            stack.extend((child, None) for child in children)
    return size, twice


def _refuse_repetition(path: Path, root: Node, size: dict[int, int]) -> None:
    """Refuse a file whose aliases would repeat more than MAX_ALIAS_NODES nodes."""
    distinct = len(size)

    def too_big(node: Node) -> bool:
        return size[id(node)] - distinct > MAX_ALIAS_NODES

    if not too_big(root):
        return
    node = root  # down to the innermost node that is too big alone: where repetition starts
    while (inner := next((c for c in _children(node) if too_big(c)), None)) is not None:
        node = inner
    problem = (
        f"aliases here expand to {size[id(node)]:,} nodes; the aliases of one file may "
        f"repeat at most {MAX_ALIAS_NODES:,}"
    )
    raise _Refused([_at(path, node, problem, "Write the values out, or share smaller blocks.")])


def _paths(root: Node) -> dict[int, tuple[str, ...]]:
    """The key path of every node, as first reached from ``root`` (for messages only)."""
    paths: dict[int, tuple[str, ...]] = {id(root): ()}
    stack = [root]
    while stack:
        node = stack.pop()
        at = paths[id(node)]
        if isinstance(node, MappingNode):
            steps = [(str(k.value), v) for k, v in node.value if isinstance(k, ScalarNode)]
        elif isinstance(node, SequenceNode):
            steps = [(str(index), child) for index, child in enumerate(node.value)]
        else:
            steps = []
        for step, child in steps:
            if id(child) not in paths:
                paths[id(child)] = (*at, step)
                stack.append(child)
    return paths


def _duplicate_keys(path: Path, root: Node, mappings: list[MappingNode]) -> list[RuleProblem]:
    """A problem for each key given a second time in the same mapping."""
    paths = _paths(root)
    problems = [
        RuleProblem(
            str(path),
            _line(key),
            ".".join((*paths.get(id(mapping), ()), str(key.value))),
            value.value if isinstance(value, ScalarNode) else "...",
            f"the key is given twice in one mapping (first on line {first}); "
            "YAML would keep only the last",
            "Remove one, or rename it if two entries were meant.",
        )
        for mapping in mappings
        for key, value, first in _twice(mapping)
    ]
    return sorted(problems, key=lambda p: p.line or 0)


def _located_hint(kind: str) -> str:
    hints = {
        "missing": "Add it; docs/rule-base.md lists the fields.",
        "extra_forbidden": "Remove it or correct its spelling; docs/rule-base.md lists the fields.",
        "date_from_datetime_parsing": "Write a real date as YYYY-MM-DD.",
        "date_parsing": "Write a real date as YYYY-MM-DD.",
        "date_type": "Write a real date as YYYY-MM-DD.",
    }
    return hints.get(kind, "Correct the value.")


class LocatedYaml:
    """A parsed YAML document with its node tree, to name the line of any value."""

    def __init__(self, path: Path, data: Any, root: Node | None) -> None:
        self.path = path
        self.data = data
        self._root = root

    def locate(self, loc: tuple[int | str, ...]) -> tuple[int | None, tuple[int | str, ...]]:
        """The line of the value at ``loc`` (or of its nearest parent that exists), and
        ``loc`` without pydantic's schema steps (``function-after[...]``)."""
        node = self._root
        line = _line(node) if node is not None else None
        shown: list[int | str] = []
        for part in loc:
            child = None
            if isinstance(node, MappingNode):
                child = next((v for k, v in node.value if k.value == str(part)), None)
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                child = node.value[part] if 0 <= part < len(node.value) else None
            if child is None and isinstance(part, str) and _SCHEMA_STEP.match(part):
                continue
            shown.append(part)
            node = child
            if child is not None:
                line = _line(child)
        return line, tuple(shown)

    def line_of(self, loc: tuple[int | str, ...]) -> int | None:
        """1-based line of the value at ``loc`` (keys and list indexes), or its nearest parent."""
        return self.locate(loc)[0]

    def problem(
        self,
        loc: tuple[int | str, ...],
        value: object,
        problem: str,
        fix: str,
        *,
        valued: bool = True,
    ) -> RuleProblem:
        """A problem with the value at ``loc``, at its line."""
        line, shown = self.locate(loc)
        field = ".".join(str(p) for p in shown)
        return RuleProblem(str(self.path), line, field, value, problem, fix, valued)

    def problems(
        self, exc: ValidationError, prefix: tuple[int | str, ...] = ()
    ) -> list[RuleProblem]:
        """One problem, naming file, line, field and value, for each error pydantic found."""
        out = []
        for error in exc.errors():
            loc = prefix + tuple(error["loc"])
            kind = error["type"]
            value = error.get("input")
            hint = _located_hint(kind)
            out.append(self.problem(loc, value, error["msg"], hint, valued=kind != "missing"))
        return out

    def error(self, exc: ValidationError, prefix: tuple[int | str, ...] = ()) -> RuleBaseError:
        """A RuleBaseError naming file, line, field and value for each problem."""
        problems = self.problems(exc, prefix)
        return RuleBaseError("\n".join(str(p) for p in problems), problems)


def _read_text(path: Path) -> str:
    def refuse(line: int | None, problem: str, fix: str) -> _Refused:
        return _Refused([RuleProblem(str(path), line, "", None, problem, fix)])

    if not path.exists():
        raise refuse(None, "the file does not exist", "Check the path, or create the file.")
    if not path.is_file():
        raise refuse(None, "not a regular file", "Point to a YAML file.")
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise refuse(None, f"cannot be read ({exc.strerror})", "Check its permissions.") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise refuse(
            None,
            f"larger than {MAX_FILE_BYTES:,} bytes, the most borderwatch reads from one YAML file",
            "Split it into smaller files (the rule base takes one per legal source).",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise refuse(
            line,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} here is not part of a character)",
            "Save the file as UTF-8.",
        ) from exc


def _syntax_error(path: Path, text: str, exc: BaseException) -> RuleProblem:
    """The problem for a parser error: its line, and its reason without parser jargon."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    fix = "Fix the syntax there."
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses, by position
        # libyaml counts bytes of the UTF-8 it was given, the Python reader characters
        if _C_PARSER:
            line = text.encode()[: exc.position].count(b"\n") + 1
        else:
            line = text[: exc.position].count("\n") + 1
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else "?"
        reason = f"character {character}: {exc.reason}"
        fix = "Remove the character; YAML is plain text."
    elif isinstance(exc, RecursionError):
        reason = "nested too deeply"
    elif isinstance(exc, yaml.MarkedYAMLError):
        reason = " ".join(part for part in (exc.context, exc.problem) if part)
        if isinstance(exc, yaml.constructor.ConstructorError):
            fix = "Write plain values (text, numbers, lists, mappings) without !!tags."
    else:
        reason = str(exc)
    reason = " ".join(reason.replace(_TAG_PREFIX, "!!").split())
    return RuleProblem(str(path), line, "", None, f"not valid YAML: {reason}", fix)


def _parse(path: Path) -> LocatedYaml:
    text = _read_text(path)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return LocatedYaml(path, None, None)
        size, twice = _expanded_sizes(path, root)
        _refuse_repetition(path, root, size)
        if twice:
            raise _Refused(_duplicate_keys(path, root, twice))
        return LocatedYaml(path, loader.construct_document(root), root)
    except (yaml.YAMLError, RecursionError) as exc:
        raise _Refused([_syntax_error(path, text, exc)]) from exc
    finally:
        loader.dispose()


def read_yaml(path: Path) -> LocatedYaml:
    """Parse ``path`` safely and within bounds.

    Any problem is a RuleBaseError naming the file and line; its ``problems``
    hold each one, for a caller that goes on to the next file.
    """
    try:
        return _parse(path)
    except _Refused as refused:
        message = "\n".join(str(p) for p in refused.problems)
        raise RuleBaseError(message, refused.problems) from None


def read_yaml_noting(path: Path, problems: list[RuleProblem]) -> LocatedYaml | None:
    """:func:`read_yaml`, adding its problems to ``problems`` (None then) instead of raising,
    so a caller reading many files goes on to the next."""
    try:
        return read_yaml(path)
    except RuleBaseError as exc:
        problems.extend(exc.problems)
        return None
