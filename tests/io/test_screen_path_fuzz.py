"""The whole `screen` path under fuzzing: bytes in, verdicts or rejects out, never a traceback.

The reader's own properties are in test_reader_fuzz.py; here whatever it
accepts goes on through the real assembly (classifier included), one by one
as `screen` does and all at once as `report` does, and the two must agree.
"""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderwatch.engine.screener import Screener
from borderwatch.io.declarations import read_declarations
from borderwatch.model import Verdict
from tests.io.samples import good
from tests.io.test_reader_fuzz import mutated

#: free text an officer's file may hold where a description goes
descriptions = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300
) | st.sampled_from(["laptop computer", "전기밥솥 1개", "笔记本电脑", "[green]clear[/green]", ""])


@st.composite
def declaration_lines(draw: st.DrawFn) -> list[bytes]:
    lines = []
    for n in range(draw(st.integers(1, 4))):
        items = [
            {
                "id": str(i),
                "description": draw(descriptions),
                **(
                    {"hs": draw(st.sampled_from(["851660", "847130", "100630", "85"]))}
                    if draw(st.booleans())
                    else {}
                ),
                "quantity": draw(st.integers(1, 5)),
            }
            for i in range(draw(st.integers(1, 3)))
        ]
        record = good(f"F{n}", items=items, country=draw(st.sampled_from(["KP", "RU"])))
        lines.append(json.dumps(record, ensure_ascii=draw(st.booleans())).encode())
    return lines


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_bytes_become_verdicts_or_rejects(goods_screener: Screener, data: st.DataObject) -> None:
    raw = data.draw(mutated(data.draw(declaration_lines())))
    parsed = list(
        read_declarations(io.BytesIO(raw), goods_screener.rule_base, source_name="fuzz.jsonl")
    )
    accepted = [p.declaration for p in parsed if p.declaration is not None]
    single = [goods_screener.screen(d) for d in accepted]
    for result in single:
        assert result.verdict in Verdict
        assert result.configuration == goods_screener.configuration
        json.loads(result.model_dump_json())  # every result can be written out
    if accepted:
        batch = goods_screener.screen_batch(accepted)
        assert [batch.declaration_verdict(i) for i in range(len(accepted))] == [
            r.verdict for r in single
        ]
