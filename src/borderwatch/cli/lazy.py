"""Commands imported on use: ``borderwatch version`` and ``--help`` load no command module.

Each command module registers its commands on :data:`borderwatch.cli.app.app`
when imported, and imports what its commands need (the classifier, numpy,
SQLAlchemy, matplotlib ...). :class:`LazyGroup` knows the commands by name
and one-line help from a table of :class:`LazyCommand`, and imports a
command's module only when that command is run or asked for its own help.
The group's overview (``borderwatch --help``) is written from the table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:  # typer >= 0.26 vendors click; only the types are taken from it
    from typer._click import Command, Context, HelpFormatter

__all__ = ["LazyCommand", "LazyCommands", "LazyGroup"]


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """A command known before its module is imported: the module and its one-line help."""

    module: str
    help: str


class LazyCommands(MutableMapping[str, "Command"]):
    """Name -> command, importing a command's module the first time it is looked up.

    ``loaded`` holds the commands built so far; iterating gives every name
    (loaded ones first, then the table's, in table order) without importing.
    """

    def __init__(
        self,
        loaded: MutableMapping[str, Command],
        table: Mapping[str, LazyCommand],
        registered: Callable[[str], Command | None],
    ) -> None:
        self.loaded = loaded
        self.table = table
        self._registered = registered

    def __getitem__(self, name: str) -> Command:
        if name in self.loaded:
            return self.loaded[name]
        if name not in self.table:
            raise KeyError(name)
        importlib.import_module(self.table[name].module)
        command = self._registered(name)
        if command is None:
            raise LookupError(
                f"module {self.table[name].module} registers no command {name!r}; "
                "fix the table in borderwatch.cli.app"
            )
        self.loaded[name] = command
        return command

    def __setitem__(self, name: str, command: Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from self.loaded
        yield from (name for name in self.table if name not in self.loaded)

    def __len__(self) -> int:
        return len(set(self.loaded) | set(self.table))

    def __contains__(self, name: object) -> bool:
        return name in self.loaded or name in self.table

    def outline(self, name: str) -> Command | None:
        """The loaded command, or a stand-in that carries only the table's name and help."""
        if name in self.loaded:
            return self.loaded[name]
        spec = self.table.get(name)
        return None if spec is None else TyperCommand(name, help=spec.help, short_help=spec.help)


class LazyGroup(TyperGroup):
    """A Typer group whose commands come from :attr:`table`, imported on use.

    Subclasses set :attr:`table` and :meth:`registered`, which returns the
    command a module registered under a name once that module is imported.
    """

    table: ClassVar[Mapping[str, LazyCommand]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(self.commands, self.table, self.registered)
        self._outline = False

    @classmethod
    def registered(cls, name: str) -> Command | None:
        """The command registered as ``name`` (after its module is imported)."""
        raise NotImplementedError

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)  # names only: TyperGroup's version looks up every command

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        commands = self.commands
        if self._outline and isinstance(commands, LazyCommands):
            return commands.outline(cmd_name)
        return commands.get(cmd_name)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        self._outline = True  # the overview lists commands from the table, importing none
        try:
            super().format_help(ctx, formatter)
        finally:
            self._outline = False
