"""Every string the officers' pages use exists in Korean, Chinese and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from borderwatch.model.decision import Outcome
from borderwatch.service.pages.bench_messages import BENCH_MESSAGES, bench_language

TEMPLATES = Path(__file__).resolve().parents[3] / "src/borderwatch/service/pages/templates"


def test_every_message_is_in_every_language() -> None:
    for key, texts in BENCH_MESSAGES.items():
        assert set(texts) == {"ko", "zh", "en"}, key
        assert all(text.strip() for text in texts.values()), key


def test_every_key_the_templates_use_is_there() -> None:
    used = set()
    for template in TEMPLATES.glob("bench_*.html"):
        used |= set(re.findall(r'\bt\("(\w+)"[,)]', template.read_text()))
    used |= {f"outcome_{o.value}" for o in Outcome}
    used |= {"site_title", "language"}  # base.html's
    assert used - set(BENCH_MESSAGES) == set()


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ({"lang": "zh"}, "ko", "en", "zh"),
        ({"lang": "fr"}, "ko", "zh", "ko"),
        ({}, None, "zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ({}, None, "fr-FR,ko;q=0.5", "ko"),
        ({}, "xx", "", "en"),
    ],
)
def test_the_language_is_asked_remembered_or_guessed(
    query: dict[str, str], cookie: str | None, accept: str, expected: str
) -> None:
    assert bench_language(query, cookie, accept) == expected
