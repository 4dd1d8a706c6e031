"""The customs CSV loader: every problem names the file, the line, the column and the value."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from borderwatch.errors import InputError, RecordError
from borderwatch.targeting.customs_data import (
    COLUMNS,
    FILES,
    CustomsSplit,
    load_customs_splits,
    read_customs_csv,
)
from tests.targeting.synthetic import row, write_csv, write_splits


def _read(path: Path) -> CustomsSplit:
    with path.open(encoding="utf-8", newline="") as stream:
        return read_customs_csv(stream, str(path))


def _error(
    path: Path, rows: list[dict[str, object]], columns: tuple[str, ...] = COLUMNS
) -> RecordError:
    write_csv(path, rows, columns)
    with pytest.raises(RecordError) as caught:
        _read(path)
    return caught.value


def test_reads_columns_as_arrays(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [row(), row(Date="2020-01-02", Fraud="1", Critical_Fraud="2", Item_Price="5.5")],
    )
    split = _read(path)
    assert len(split) == 2
    assert split.fraud.tolist() == [0, 1]
    assert split.critical.tolist() == [0, 2]
    assert split.value.tolist() == [1000.0, 5.5]
    assert split.day[1] - split.day[0] == 1
    assert split.text["Importer ID"].tolist() == ["I1", "I1"]


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    columns = tuple(c for c in COLUMNS if c != "Importer ID")
    error = _error(tmp_path / "a.csv", [row(), row()], columns)
    assert error.source.endswith("a.csv") and error.line == 1
    assert error.field == "Importer ID"
    assert "Importer ID" in str(error) and "a.csv:1" in str(error)


@pytest.mark.parametrize(
    ("column", "value"), [("Fraud", "2"), ("Fraud", "yes"), ("Critical Fraud", "3")]
)
def test_an_unknown_label_is_named_with_its_line(tmp_path: Path, column: str, value: str) -> None:
    error = _error(tmp_path / "a.csv", [row(), row(), row(**{column.replace(" ", "_"): value})])
    assert (error.line, error.field, error.value) == (4, column, value)
    assert f"a.csv:4: field '{column}' = '{value}'" in str(error)
    assert "must be" in error.hint


def test_critical_fraud_must_agree_with_fraud(tmp_path: Path) -> None:
    error = _error(tmp_path / "a.csv", [row(), row(Fraud="0", Critical_Fraud="2")])
    assert (error.line, error.field) == (3, "Critical Fraud")


@pytest.mark.parametrize(
    ("column", "value"),
    [("Item Price", "12,5"), ("Net Mass", "heavy"), ("Tax Rate", "nan"), ("Item Price", "-1")],
)
def test_an_unreadable_number_is_named(tmp_path: Path, column: str, value: str) -> None:
    error = _error(tmp_path / "a.csv", [row(), row(**{column.replace(" ", "_"): value})])
    assert (error.line, error.field, error.value) == (3, column, value)
    assert "number" in error.problem


def test_a_bad_date_is_named(tmp_path: Path) -> None:
    error = _error(tmp_path / "a.csv", [row(), row(Date="01/02/2020")])
    assert (error.line, error.field) == (3, "Date")


def test_one_row_is_too_few(tmp_path: Path) -> None:
    error = _error(tmp_path / "a.csv", [row()])
    assert error.field == "(rows)" and "too few" in error.problem
    assert "a.csv" in str(error)


def test_a_single_class_in_training_is_refused(tmp_path: Path) -> None:
    write_splits(tmp_path)
    write_csv(tmp_path / FILES["train"], [row(Declaration_ID=str(i)) for i in range(5)])
    with pytest.raises(RecordError) as caught:
        load_customs_splits(tmp_path)
    assert caught.value.source.endswith(FILES["train"])
    assert caught.value.field == "Fraud" and "single class" in caught.value.problem


def test_a_missing_file_says_which_files_are_needed(tmp_path: Path) -> None:
    write_splits(tmp_path)
    (tmp_path / FILES["test"]).unlink()
    with pytest.raises(RecordError, match=r"df_syn_test_eng\.csv"):
        load_customs_splits(tmp_path)


def test_splits_out_of_time_order_are_refused(tmp_path: Path) -> None:
    write_splits(tmp_path)
    write_csv(tmp_path / FILES["test"], [row(Fraud="1", Critical_Fraud="1"), row()])
    with pytest.raises(RecordError) as caught:
        load_customs_splits(tmp_path)
    assert caught.value.field == "Date" and caught.value.source.endswith(FILES["test"])


HEADER = ",".join(COLUMNS) + "\n"


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=400), st.binary(max_size=400).map(lambda b: b.decode("latin-1"))))
def test_any_text_is_rows_or_our_error(body: str) -> None:
    for text in (body, HEADER + body):
        try:
            split = read_customs_csv(io.StringIO(text, newline=""), "fuzz.csv")
        except InputError as error:
            assert "fuzz.csv" in str(error)
        else:
            assert len(split) >= 2


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_in_a_file_are_rows_or_our_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    write_splits(folder, sizes=(20, 5, 5))
    (folder / FILES["valid"]).write_bytes(HEADER.encode() + data)
    try:
        load_customs_splits(folder)
    except InputError as error:
        assert FILES["valid"] in str(error)
