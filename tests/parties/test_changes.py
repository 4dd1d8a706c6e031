"""What changed between two snapshots: golden cases by reference, with the fields amended."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderwatch.parties.changes import EntryChange, diff_entries, summarise
from borderwatch.parties.entries import Alias, Document, ListEntry

KIM = ListEntry(ref="KPi.001", schema="Person", name="KIM CHOL", birth_dates=("1970",))
RI = ListEntry(ref="KPi.002", schema="Person", name="RI SU")
BANK = ListEntry(ref="KPe.001", schema="Organization", name="SAMPLE BANK")

#: (before, after, expected changes, why)
GOLDEN = [
    ((KIM, RI), (KIM, RI), [], "the same entries"),
    ((KIM,), (KIM, BANK), [EntryChange("KPe.001", "SAMPLE BANK", "added")], "a new listing"),
    ((KIM, RI), (KIM,), [EntryChange("KPi.002", "RI SU", "removed")], "a delisting"),
    ((KIM,), (ListEntry(ref="KPi.001", schema="Person", name="KIM CHOL", birth_dates=("1970",),
                        documents=(Document("PD1", "Passport"),)),),
     [EntryChange("KPi.001", "KIM CHOL", "amended", ("documents",))], "a new passport"),
    ((KIM,), (ListEntry(ref="KPi.001", schema="Person", name="KIM CHOL SU",
                        aliases=(Alias("KIM CHOL"),), birth_dates=("1970-01-02",)),),
     [EntryChange("KPi.001", "KIM CHOL SU", "amended", ("name", "aliases", "birth_dates"))],
     "renamed, the old name kept as an alias, birth date made exact"),
    ((RI, BANK), (KIM, BANK),
     [EntryChange("KPi.001", "KIM CHOL", "added"), EntryChange("KPi.002", "RI SU", "removed")],
     "one listing for another"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after", "expected", "why"), GOLDEN)
def test_changes_between_snapshots(
    before: tuple[ListEntry, ...], after: tuple[ListEntry, ...], expected: object, why: str
) -> None:
    assert diff_entries(before, after) == expected, why


def test_the_summary_counts_kinds_and_fields() -> None:
    changes = diff_entries((KIM, RI), (BANK, ListEntry(ref="KPi.002", schema="Person", name="RI")))
    assert summarise(changes) == "1 added, 1 removed, 1 amended (name 1)"
    assert summarise([]) == "no change"


_ENTRIES = st.lists(
    st.builds(ListEntry, ref=st.sampled_from(["a", "b", "c", "d"]), schema=st.just("Person"),
              name=st.sampled_from(["X", "Y"])),
    max_size=4,
)  # fmt: skip


@given(_ENTRIES, _ENTRIES)
def test_applying_the_changes_gives_the_new_references(
    before: list[ListEntry], after: list[ListEntry]
) -> None:
    changes = diff_entries(before, after)
    refs = {e.ref for e in before}
    refs |= {c.ref for c in changes if c.kind == "added"}
    refs -= {c.ref for c in changes if c.kind == "removed"}
    assert refs == {e.ref for e in after}
