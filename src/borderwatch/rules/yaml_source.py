"""YAML reading that remembers where each value stood, for errors with line numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from borderwatch.errors import RuleBaseError

__all__ = ["LocatedYaml", "read_yaml"]


class LocatedYaml:
    """A parsed YAML document plus its node tree, to find a value's line."""

    def __init__(self, path: Path, data: Any, root: yaml.Node | None) -> None:
        self.path = path
        self.data = data
        self._root = root

    def line_of(self, loc: tuple[int | str, ...]) -> int | None:
        """1-based line of the value at ``loc`` (keys and list indexes), or its nearest parent."""
        node = self._root
        line = node.start_mark.line + 1 if node else None
        for part in loc:
            child = None
            if isinstance(node, yaml.MappingNode):
                child = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                child = node.value[part] if part < len(node.value) else None
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line

    def error(self, exc: ValidationError, prefix: tuple[int | str, ...] = ()) -> RuleBaseError:
        """A RuleBaseError naming file, line, field and value for each problem."""
        lines = []
        for problem in exc.errors():
            loc = prefix + tuple(problem["loc"])
            field = ".".join(str(p) for p in loc)
            where = f"{self.path}:{self.line_of(loc)}"
            lines.append(f"{where}: {field} = {problem.get('input')!r}: {problem['msg']}")
        return RuleBaseError(
            "the rule base does not validate:\n  "
            + "\n  ".join(lines)
            + "\nFix the values named above; `borderwatch rules check` lists every problem."
        )


def read_yaml(path: Path) -> LocatedYaml:
    """Parse ``path`` safely; a syntax error names the file and line."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise RuleBaseError(f"{path}{line}: not valid YAML: {exc}. Fix the syntax there.") from exc
    return LocatedYaml(path, data, root)
