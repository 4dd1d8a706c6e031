"""`borderwatch parties match`: screen names against the loaded lists or a list file."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from borderwatch.cli.app import app
from borderwatch.cli.options import open_input
from borderwatch.cli.render import error_console, print_rejected
from borderwatch.errors import InputError
from borderwatch.parties.queries import read_queries
from borderwatch.settings import get_settings
from borderwatch.store import open_database

if TYPE_CHECKING:
    from borderwatch.parties.matcher import PartyMatcher

__all__ = ["MatchOutput", "parties_app", "screener_for"]


class MatchOutput(StrEnum):
    """What `parties match` writes: its own match lines, or yente's scored FtM entities."""

    JSON = "json"
    FTM = "ftm"


parties_app = typer.Typer(
    help="Match names of people, companies and vessels against sanctions lists.",
    no_args_is_help=True,
)
app.add_typer(parties_app, name="parties")


def screener_for(
    lists: list[str] | None, *, threshold: float, required: bool, limit: int = 5
) -> PartyMatcher | None:
    """A matcher over ``lists`` if given, else over the stored snapshots."""
    from borderwatch.store.list_matchers import matcher_from_files, matcher_from_store

    if lists:
        return matcher_from_files(lists, threshold=threshold, limit=limit).matcher
    settings = get_settings()
    default_file = settings.data_dir / "borderwatch.sqlite"
    if not settings.database_url and not default_file.exists() and not required:
        return None
    matcher = matcher_from_store(open_database(), threshold=threshold, limit=limit)
    if matcher is None and required:
        raise InputError(
            "no sanctions list is loaded. Run `borderwatch lists load PATH|URL` "
            "or give --list PATH."
        )
    return matcher


@parties_app.command("match")
def match(
    file: Annotated[str, typer.Argument(help="Queries as JSON lines; - for stdin.")],
    list_path: Annotated[
        list[str] | None,
        typer.Option("--list", help="Match against this list file or URL instead of the store."),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(help="Lowest score reported (default BORDERWATCH_PARTY_THRESHOLD)."),
    ] = None,
    limit: Annotated[int, typer.Option(help="Most matches per query.")] = 5,
    out: Annotated[
        MatchOutput,
        typer.Option(
            "--format",
            help="json: borderwatch's match lines; ftm: yente's results, FtM entities scored.",
        ),
    ] = MatchOutput.JSON,
) -> None:
    """Match each query line and write its matches, best first, as JSON lines.

    Input lines: {"id", "name", "schema"?: Person|Organization|Vessel,
    "birth_date"?, "nationality"?, "id_number"?}. Output lines: {"id",
    "matches": [{"ref", "name", "score", "explanation", "list_snapshot"}]};
    an empty list means nothing scored at the threshold. A bad line is
    reported on stderr with its line and field, and the exit code is 2.
    A query's id_number also finds the entries listing that document
    whatever the name. With --format ftm each line is {"id", "query":
    the party as an FtM entity, "results": the listed entities as FtM
    entities with "score", "match", "features"}, as yente's API answers.

    Examples:

      echo '{"id": "1", "name": "리원호"}' | borderwatch parties match -

      borderwatch parties match travellers.jsonl --list consolidated.xml --threshold 0.7

      borderwatch parties match travellers.jsonl --format ftm
    """
    from borderwatch.parties.documents import DocumentScreener, merge_matches
    from borderwatch.parties.ftm_export import query_entity, scored_entity

    chosen = threshold if threshold is not None else get_settings().party_threshold
    matcher = screener_for(list_path, threshold=chosen, required=True, limit=limit)
    assert matcher is not None  # required=True raises instead
    documents = DocumentScreener(matcher)
    errors = error_console()
    rejected = 0
    stream = open_input(file)
    try:
        for query in read_queries(stream, source=file):
            if query.party is None:
                rejected += 1
                print_rejected(errors, query.error or "unreadable query")
                continue
            by_name = matcher.match_fields(
                query.party.name,
                schema=query.party.schema_ if "schema_" in query.party.model_fields_set else None,
                birth_date=query.party.birth_date,
                nationality=query.party.nationality,
                id_number=query.party.id_number,
            )
            found = merge_matches(by_name, documents.by_document(query.party))[:limit]
            if out is MatchOutput.FTM:
                line = {
                    "id": query.id,
                    "query": query_entity(str(query.id), query.party),
                    "results": [
                        scored_entity(m, documents.entry_of(m), threshold=chosen, datasets=())
                        for m in found
                    ],
                }
            else:
                line = {
                    "id": query.id,
                    "matches": [m.model_dump(exclude={"schema_"}) for m in found],
                }
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if stream is not sys.stdin:
            stream.close()
    if rejected:
        errors.print(f"{rejected} line(s) rejected; the others were matched.")
        raise typer.Exit(2)
