"""The audit log's hash chain: appended in the caller's transaction, and every record edited,
deleted, inserted or moved by hand in the database is named by verify."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import Engine, text

from borderwatch.errors import InputError, StoreError
from borderwatch.store import open_database
from borderwatch.store.audit import (
    GENESIS,
    ChainBreak,
    append,
    canonical_json,
    recent_records,
    verify,
)

RECORDS = 8


def _filled(database_url: str, count: int = RECORDS) -> Engine:
    engine = open_database(database_url)
    for n in range(1, count + 1):
        with engine.begin() as conn:
            append(
                conn, f"cli:officer{n}", "list.use", f"un-xml:{n}", {"n": n, "note": "판문점 丹东"}
            )
    return engine


def _sql(engine: Engine, statement: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement), params)


def _first_bad(engine: Engine) -> ChainBreak:
    check = verify(engine)
    assert check.first_break is not None, "verify found the log intact"
    return check.first_break


def test_records_are_chained_and_their_hash_is_the_documented_one(database_url: str) -> None:
    engine = _filled(database_url, 3)
    records = recent_records(engine)
    assert [r.seq for r in records] == [1, 2, 3]
    assert records[0].prev_hash == GENESIS
    assert [r.prev_hash for r in records[1:]] == [r.hash for r in records[:-1]]
    first = records[0]
    body = {
        "seq": 1,
        "at": first.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": "cli:officer1",
        "action": "list.use",
        "subject": "un-xml:1",
        "detail": '{"n":1,"note":"판문점 丹东"}',
        "prev": GENESIS,
    }
    recomputed = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(recomputed.encode()).hexdigest() == first.hash
    assert first.detail == {"n": 1, "note": "판문점 丹东"}
    check = verify(engine)
    assert check.intact and (check.count, check.head_seq, check.head_hash) == (
        3,
        3,
        records[-1].hash,
    )
    engine.dispose()


def test_an_empty_log_is_intact(database_url: str) -> None:
    engine = open_database(database_url)
    check = verify(engine)
    assert check.intact and (check.count, check.head_seq, check.head_hash) == (0, 0, GENESIS)
    engine.dispose()


def test_a_rolled_back_append_leaves_no_record_and_no_gap(database_url: str) -> None:
    engine = _filled(database_url, 2)
    with pytest.raises(RuntimeError), engine.begin() as conn:
        append(conn, "api:kim", "rules.upload", "rb-2", {"previous": "rb-1"})
        raise RuntimeError("the upload failed after the append")
    with engine.begin() as conn:
        assert append(conn, "api:kim", "rules.upload", "rb-2", {}).seq == 3
    assert verify(engine).intact
    engine.dispose()


@pytest.mark.parametrize(
    ("actor", "action", "subject", "detail", "refusal"),
    [
        ("", "user.add", "user:ri", {}, "audit actor '' must be 1 to 200"),
        ("cli:x", "useradd", "user:ri", {}, "dotted lowercase words"),
        ("cli:x", "User.Add", "user:ri", {}, "dotted lowercase words"),
        ("cli:x", "user.add", " ", {}, "audit subject ' ' must be"),
        ("cli:x", "user.add", "user:ri", {"at": dt.date(2026, 1, 1)}, "is not JSON"),
        ("cli:x", "user.add", "user:ri", {"score": float("nan")}, "is not JSON"),
    ],
)
def test_a_record_that_cannot_be_written_is_refused(
    actor: str, action: str, subject: str, detail: dict[str, object], refusal: str
) -> None:
    engine = open_database("sqlite://")
    with pytest.raises(InputError, match=refusal), engine.begin() as conn:
        append(conn, actor, action, subject, detail)
    engine.dispose()


def test_an_edited_record_is_named(database_url: str) -> None:
    engine = _filled(database_url)
    _sql(engine, "UPDATE audit_log SET detail = :d WHERE seq = 5", d=canonical_json({"n": 50}))
    check = verify(engine)
    assert check.first_break is not None and check.first_break.seq == 5
    assert "does not match its hash: it was edited" in check.first_break.problem
    assert check.count == 4
    engine.dispose()


def test_an_edited_actor_or_time_is_named(database_url: str) -> None:
    engine = _filled(database_url)
    _sql(engine, "UPDATE audit_log SET actor = 'cli:someone_else' WHERE seq = 2")
    assert _first_bad(engine).seq == 2
    engine.dispose()


def test_a_record_rehashed_after_editing_is_caught_at_the_next_link(database_url: str) -> None:
    engine = _filled(database_url)
    _sql(engine, "UPDATE audit_log SET hash = :h WHERE seq = 4", h="ab" * 32)
    check = verify(engine)
    assert check.first_break is not None and check.first_break.seq == 4  # its own hash is wrong
    engine.dispose()


def test_a_deleted_record_is_named(database_url: str) -> None:
    engine = _filled(database_url)
    _sql(engine, "DELETE FROM audit_log WHERE seq = 3")
    check = verify(engine)
    assert check.first_break is not None and check.first_break.seq == 3
    assert check.first_break.problem == (
        "record 3 missing: deleted from the log (the next record is 4)"
    )
    engine.dispose()


def test_deleted_records_renumbered_to_hide_the_gap_are_named(database_url: str) -> None:
    engine = _filled(database_url)
    _sql(engine, "DELETE FROM audit_log WHERE seq = 3")
    for seq in range(4, RECORDS + 1):
        _sql(engine, "UPDATE audit_log SET seq = :new WHERE seq = :old", new=seq - 1, old=seq)
    _sql(engine, "UPDATE audit_head SET seq = seq - 1")
    check = verify(engine)
    assert check.first_break is not None and check.first_break.seq == 3
    engine.dispose()


def test_the_newest_records_deleted_are_named(database_url: str) -> None:
    engine = _filled(database_url)
    _sql(engine, "DELETE FROM audit_log WHERE seq >= 7")
    check = verify(engine)
    assert check.first_break is not None and check.first_break.seq == 7
    assert "the newest records (7–8) were deleted" in check.first_break.problem
    engine.dispose()


def test_two_records_swapped_are_named_at_the_first(database_url: str) -> None:
    engine = _filled(database_url)
    _sql(engine, "UPDATE audit_log SET seq = -1 WHERE seq = 3")
    _sql(engine, "UPDATE audit_log SET seq = 3 WHERE seq = 4")
    _sql(engine, "UPDATE audit_log SET seq = 4 WHERE seq = -1")
    check = verify(engine)
    assert check.first_break is not None and check.first_break.seq == 3
    engine.dispose()


def test_contents_swapped_between_two_records_are_named_at_the_first(database_url: str) -> None:
    """Every column but the number exchanged, hashes included."""
    engine = _filled(database_url)
    columns = ("at", "actor", "action", "subject", "detail", "prev_hash", "hash")
    with engine.connect() as conn:
        rows = {
            r.seq: r
            for r in conn.execute(
                text(f"SELECT seq, {', '.join(columns)} FROM audit_log WHERE seq IN (5, 6)")
            )
        }
    for seq, other in ((5, 6), (6, 5)):
        sets = ", ".join(f"{c} = :{c}" for c in columns)
        values = {c: getattr(rows[other], c) for c in columns}
        _sql(engine, f"UPDATE audit_log SET {sets} WHERE seq = :seq", seq=seq, **values)
    check = verify(engine)
    assert check.first_break is not None and check.first_break.seq == 5
    engine.dispose()


def test_a_record_inserted_past_the_head_is_named(database_url: str) -> None:
    engine = _filled(database_url, 3)
    last = recent_records(engine)[-1]
    _sql(
        engine,
        "INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) "
        "VALUES (4, :at, 'cli:x', 'user.add', 'user:ghost', '{}', :prev, :h)",
        at=last.at,
        prev=last.hash,
        h="cd" * 32,
    )
    assert _first_bad(engine).seq == 4
    engine.dispose()


def test_a_changed_head_is_named(database_url: str) -> None:
    engine = _filled(database_url, 3)
    _sql(engine, "UPDATE audit_head SET hash = :h", h="ef" * 32)
    check = verify(engine)
    assert check.first_break is not None and check.first_break.seq == 3
    assert "does not match the log's head" in check.first_break.problem
    _sql(engine, "DELETE FROM audit_head")
    assert "head row" in _first_bad(engine).problem
    with pytest.raises(StoreError, match="audit_head"), engine.begin() as conn:
        append(conn, "cli:x", "user.add", "user:ri", {})
    engine.dispose()


def test_an_anchor_catches_a_chain_rewritten_with_fresh_hashes(database_url: str) -> None:
    """Someone with write access deletes every record from 3 on and appends anew: the chain
    is consistent again, but not with the head noted earlier."""
    engine = _filled(database_url, 5)
    noted = verify(engine)
    assert verify(engine, [(noted.head_seq, noted.head_hash)]).intact
    _sql(engine, "DELETE FROM audit_log WHERE seq >= 3")
    keep = recent_records(engine)[-1]
    _sql(engine, "UPDATE audit_head SET seq = 2, hash = :h", h=keep.hash)
    for n in range(3, 6):
        with engine.begin() as conn:
            append(conn, "cli:intruder", "list.use", f"un-xml:{n}", {"n": n})
    assert verify(engine).intact
    rewritten = verify(engine, [(noted.head_seq, noted.head_hash)])
    assert rewritten.first_break is not None and rewritten.first_break.seq == 5
    assert "rewritten at or before record 5" in rewritten.first_break.problem
    gone = verify(engine, [(9, noted.head_hash)])
    assert gone.first_break is not None and gone.first_break.seq == 9
    engine.dispose()
