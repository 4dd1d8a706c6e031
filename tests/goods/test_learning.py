"""Officers' decisions: stored, used by the classifier, and moved as CSV — on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from borderwatch.errors import RecordError
from borderwatch.goods.classifier import default_classifier
from borderwatch.store import open_database
from borderwatch.store.classification_decisions import (
    CSV_COLUMNS,
    Confirmation,
    export_csv,
    import_csv,
    learned_examples,
    record_confirmation,
    stored_confirmations,
)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The store, disposed of after the test."""
    opened = open_database(database_url)
    yield opened
    opened.dispose()


def test_round_trip_through_the_store_and_csv(engine: Engine) -> None:
    record_confirmation(engine, Confirmation("Kimchi fridge 2-door", "841829", lang="en"))
    record_confirmation(
        engine,
        Confirmation("김치냉장고", "841829", lang="ko", suggested="841830", officer="Pak"),
    )
    stored = list(stored_confirmations(engine))
    assert [(c.description, c.hs, c.is_correction) for c in stored] == [
        ("Kimchi fridge 2-door", "841829", False),
        ("김치냉장고", "841829", True),
    ]
    out = io.StringIO()
    assert export_csv(engine, out) == 2
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert "김치냉장고,841829,ko,841830,Pak," in text

    with engine.begin() as conn:  # an empty store, as at another crossing
        conn.exec_driver_sql("DELETE FROM classification_decisions")
    imported, errors = import_csv(engine, io.StringIO(text), source="moved.csv")
    assert (imported, errors) == (2, [])
    again = list(stored_confirmations(engine))
    assert [(c.description, c.hs, c.suggested, c.officer) for c in again] == [
        (c.description, c.hs, c.suggested, c.officer) for c in stored
    ]


def test_stored_decisions_change_the_next_classification(engine: Engine) -> None:
    description = "Kimchi refrigerator with two compartments"
    for _ in range(3):
        record_confirmation(engine, Confirmation(description, "841829"))
    base = default_classifier()
    learned = base.with_learned(learned_examples(engine))
    assert learned.classify(description)[0].hs == "841829"
    assert learned.classify("kimchi refrigerator, two compartments")[0].hs == "841829"


def test_bad_rows_are_reported_and_the_rest_imported(engine: Engine) -> None:
    data = "description,hs\nrice cooker,851660\nwidget,999999\n,851660\nsteel pot,732393\n"
    imported, errors = import_csv(engine, io.StringIO(data), source="in.csv")
    assert imported == 2
    assert [(e.line, e.field, e.value) for e in errors] == [
        (3, "hs", "999999"),
        (4, "description", ""),
    ]


def test_a_file_broken_midway_keeps_what_came_before(engine: Engine) -> None:
    data = "description,hs\nrice cooker,8516.60\nbad\rline,851660\nsteel pot,732393\n"
    imported, errors = import_csv(engine, io.StringIO(data), source="in.csv")
    assert imported == 1  # the code written with a dot is read as 851660
    assert [(e.line, e.field) for e in errors] == [(3, "csv")]
    assert [c.hs for c in stored_confirmations(engine)] == ["851660"]


def test_a_file_without_the_columns_is_refused(engine: Engine) -> None:
    with pytest.raises(RecordError, match="missing column"):
        import_csv(engine, io.StringIO("text,code\na,1\n"), source="x.csv")


def test_unknown_codes_are_never_stored(engine: Engine) -> None:
    with pytest.raises(RecordError, match="'851699'"):
        record_confirmation(engine, Confirmation("gadget", "851699"))
    assert list(stored_confirmations(engine)) == []
