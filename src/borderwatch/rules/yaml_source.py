"""YAML reading that remembers where each value stood, for errors with line numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from borderwatch.errors import RuleBaseError

__all__ = ["LocatedYaml", "read_yaml"]


#: libyaml's parser where PyYAML was built with it (the wheels are), else the Python one
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LocatedYaml:
    """A parsed YAML document; its node tree, to find a value's line, is built on demand.

    Only an error needs line numbers, so a valid rule base is parsed once.
    """

    def __init__(self, path: Path, data: Any, text: str | None) -> None:
        self.path = path
        self.data = data
        self._text = text

    def line_of(self, loc: tuple[int | str, ...]) -> int | None:
        """1-based line of the value at ``loc`` (keys and list indexes), or its nearest parent."""
        if self._text is None:
            return None
        node = yaml.compose(self._text, Loader=_LOADER)
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
        data = yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise RuleBaseError(f"{path}{line}: not valid YAML: {exc}. Fix the syntax there.") from exc
    return LocatedYaml(path, data, text)
