"""`borderwatch lists entry|search|export`: look up a listed entity, or write a list as FtM."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.table import Table

from borderwatch.cli.lists import lists_app
from borderwatch.cli.render import safe, wide_console
from borderwatch.errors import InputError
from borderwatch.model.declaration import Party
from borderwatch.parties.entries import ListEntry
from borderwatch.settings import get_settings
from borderwatch.store import open_database

__all__: list[str] = []

_JSON = typer.Option("--json", help="JSON lines instead of a table.")


def _entry_rows(entry: ListEntry) -> list[tuple[str, str]]:
    """(field, value) lines of an entry, empty fields left out."""
    documents = [
        " ".join(p for p in (d.type, d.number, f"({d.country})" if d.country else "") if p)
        for d in entry.documents
    ]
    aliases = [f"{a.name} ({a.quality})" if a.quality else a.name for a in entry.aliases]
    rows = [
        ("reference", entry.ref),
        ("kind", entry.schema),
        ("name", entry.name),
        ("aliases", "; ".join(aliases)),
        ("birth dates", ", ".join(entry.birth_dates)),
        ("birth places", "; ".join(entry.birth_places)),
        ("nationalities", ", ".join(entry.nationalities)),
        ("documents", "; ".join(documents)),
        ("programme", entry.list_type),
        ("listed on", entry.listed_on or ""),
        ("addresses", "; ".join(entry.addresses)),
        ("relations", "; ".join(entry.relations)),
        ("datasets", ", ".join(entry.datasets)),
    ]
    return [(k, v) for k, v in rows if v]


@lists_app.command("entry")
def entry(
    ref: Annotated[str, typer.Argument(help="The entry's reference, e.g. KPi.054.")],
    snapshot: Annotated[
        str | None, typer.Option(help="Look in this stored snapshot (default: the current ones).")
    ] = None,
    as_json: Annotated[bool, _JSON] = False,
) -> None:
    """Show a listed entity in full: names, documents, programme, listing date, snapshot.

    Examples:

      borderwatch lists entry KPi.054

      borderwatch lists entry KPe.066 --snapshot 3 --json
    """
    from borderwatch.store.listed_entries import entries_by_ref

    found = entries_by_ref(open_database(), ref, snapshot=snapshot)
    if as_json:
        for listed in found:
            s = listed.snapshot
            where = {"id": s.id, "label": s.label, "source": s.source, "current": s.current}
            line = {"entry": listed.entry.to_dict(), "snapshot": where}
            typer.echo(json.dumps(line, ensure_ascii=False))
        return
    console = wide_console()
    for listed in found:
        table = Table(
            "field", "value", title=safe(f"{listed.entry.ref} in {listed.snapshot.label}")
        )
        for field, value in _entry_rows(listed.entry):
            table.add_row(field, safe(value))
        table.add_row("snapshot", safe(f"{listed.snapshot.label} from {listed.snapshot.source}"))
        console.print(table)


@lists_app.command("search")
def search(
    name: Annotated[str | None, typer.Argument(help="A name to look for.")] = None,
    document: Annotated[
        str | None,
        typer.Option(help="A passport or registration number, alone or beside the name."),
    ] = None,
    schema: Annotated[
        str | None, typer.Option(help="Person, Organization or Vessel (default: any).")
    ] = None,
    threshold: Annotated[
        float, typer.Option(help="Lowest score shown (lower than screening's, to browse).")
    ] = 0.6,
    limit: Annotated[int, typer.Option(help="Most entries shown.")] = 10,
    as_json: Annotated[bool, _JSON] = False,
) -> None:
    """Find listed entities by name or document number, ranked, with scores and reasons.

    A document number finds its entry whatever the name (spaces, dashes, case
    and a country code in front do not matter).

    Examples:

      borderwatch lists search "Choe Chun Yong"

      borderwatch lists search --document "KP 654410078" --json
    """
    from borderwatch.parties.documents import DocumentScreener, merge_matches
    from borderwatch.store.list_matchers import matcher_from_store

    if not (name or "").strip() and not (document or "").strip():
        raise InputError("give a NAME, --document NUMBER or both, e.g. lists search 'Kim Chol'.")
    matcher = matcher_from_store(open_database(), threshold=threshold, limit=limit)
    if matcher is None:
        raise InputError("no sanctions list is loaded. Run `borderwatch lists load PATH|URL`.")
    screener = DocumentScreener(matcher, alert_at=get_settings().party_threshold)
    by_name = matcher.match_fields(name, schema=schema, id_number=document) if name else []
    try:
        party = Party.model_validate(
            {"name": name or document or "", "schema": schema or "Person", "id_number": document}
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(
            f"--{first['loc'][0]} {first.get('input')!r}: {first['msg']}. "
            "Give --schema Person, Organization or Vessel."
        ) from exc
    found = merge_matches(by_name, screener.by_document(party))[:limit]
    if as_json:
        for match in found:
            typer.echo(json.dumps(match.model_dump(by_alias=True), ensure_ascii=False))
        return
    table = Table("score", "reference", "name", "kind", "listing", "reasons")
    for match in found:
        table.add_row(f"{match.score:.2f}", safe(match.ref), safe(match.name), match.schema_,
                      safe(match.listing), safe("\n".join(match.explanation)))  # fmt: skip
    console = wide_console()
    console.print(table if found else f"nothing listed scores {threshold:.2f} or more")


@lists_app.command("export")
def export(
    snapshot: Annotated[
        str | None, typer.Argument(help="A stored snapshot (default: every current one).")
    ] = None,
) -> None:
    """Write list entries as FollowTheMoney entities, one a line (flat FtM JSON).

    Each entry becomes a Person, Organization or Vessel, its documents Passport
    or Identification entities and its listing a Sanction, linked by id.

    Examples:

      borderwatch lists export > entities.ftm.json

      borderwatch lists export 3 | jq .schema
    """
    from borderwatch.parties.ftm_export import entry_entities
    from borderwatch.store.list_selections import (
        current_snapshots,
        find_snapshot,
        snapshots_by_hash,
    )

    engine = open_database()
    if snapshot is None:
        chosen = current_snapshots(engine)
    else:
        chosen = snapshots_by_hash(engine, [find_snapshot(engine, snapshot).content_hash])
    for listed in chosen:
        for item in listed.entries:
            for entity in entry_entities(item):
                sys.stdout.write(json.dumps(entity, ensure_ascii=False) + "\n")


@lists_app.command("changes")
def changes(
    snapshot: Annotated[str, typer.Argument(help="Snapshot id or hash digits (lists show).")],
    as_json: Annotated[bool, _JSON] = False,
) -> None:
    """What a snapshot changed against the one it replaced: entries added, removed, amended.

    Examples:

      borderwatch lists changes 4

      borderwatch lists changes 9f2c41d7 --json
    """
    from borderwatch.parties.changes import summarise
    from borderwatch.store.list_history import changes_of
    from borderwatch.store.list_selections import find_snapshot, snapshot_by_id

    engine = open_database()
    chosen = find_snapshot(engine, snapshot)
    previous, found = changes_of(engine, chosen.id)
    if as_json:
        for change in found:
            line = {"snapshot": chosen.label, "ref": change.ref, "name": change.name,
                    "change": change.kind, "fields": list(change.fields)}  # fmt: skip
            typer.echo(json.dumps(line, ensure_ascii=False))
        return
    console = wide_console()
    if previous is None:
        console.print(safe(f"{chosen.label} was not stored over another snapshot of its source"))
        return
    against = snapshot_by_id(engine, previous).label
    console.print(safe(f"{chosen.label} against {against}: {summarise(found)}"))
    if found:
        table = Table("change", "reference", "name", "fields")
        for change in found:
            table.add_row(change.kind, safe(change.ref), safe(change.name),
                          ", ".join(change.fields))  # fmt: skip
        console.print(table)
