"""The notice travellers never got: what changed at a crossing, dated, in Korean, Chinese
and English.

One function answers for the public check page (``/check/{crossing}``) and for
``borderwatch rules notices``, so what is posted at the crossing and what a
worker reads online are the same sentences. The changes themselves are
:func:`~borderwatch.rules.questions.measures_changed`'s; this module only dates
them and words them. Measure names stay as the rule base records them (English);
the framing is translated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from borderwatch.rules.loader import RuleBase
from borderwatch.rules.questions import crossing_of, measures_changed

__all__ = ["NOTICE_LANGUAGES", "Notice", "notice_heading", "notice_lines", "rule_change_notices"]

#: the languages notices are written in, in the order they are posted
NOTICE_LANGUAGES = ("ko", "zh", "en")

_WORDS: dict[str, dict[str, str]] = {
    "came_into_force": {
        "ko": "{date}부터 시행 — {measure}",
        "zh": "自{date}起施行——{measure}",
        "en": "From {date}: came into force — {measure}",
    },
    "ceased": {
        "ko": "{date}부터 적용 중단 — {measure}",
        "zh": "自{date}起停止执行——{measure}",
        "en": "From {date}: no longer applies — {measure}",
    },
    "undated": {"ko": "날짜 미상", "zh": "日期不详", "en": "date not recorded"},
    "approximate": {
        "ko": " (보도에 따른 대략적 날짜)",
        "zh": "（日期系据报道，为大约日期）",
        "en": " (date approximate, as reported)",
    },
    "heading": {
        "ko": "{crossing} 통관 조치 변경 고시 ({since} ~ {until})",
        "zh": "{crossing}口岸措施变更公告（{since}至{until}）",
        "en": "Changes to the measures at {crossing} from {since} to {until}",
    },
    "none": {"ko": "변경된 조치가 없습니다.", "zh": "无措施变更。", "en": "No measure changed."},
}


@dataclass(frozen=True)
class Notice:
    """One change: the day it took effect (None when the rule base gives none), the change
    (``came_into_force`` or ``ceased``), the measure's words, and whether the date is
    approximate (reported practice dated as reported)."""

    day: dt.date | None
    change: str
    measure_id: str
    measure: str
    approximate: bool

    def sentence(self, language: str) -> str:
        """The change in ``language`` (ko, zh or en), dated."""
        day = self.day.isoformat() if self.day else _WORDS["undated"][language]
        text = _WORDS[self.change][language].format(date=day, measure=self.measure)
        return text + (_WORDS["approximate"][language] if self.approximate else "")


def rule_change_notices(
    rule_base: RuleBase, *, crossing: str, since: dt.date, until: dt.date
) -> list[Notice]:
    """Every measure that came into force or ceased at ``crossing`` from ``since`` to
    ``until`` (both days included), oldest first, each dated with its effective day: a
    measure's first day, or the day after its last."""
    crossing_of(rule_base, crossing)  # an unknown crossing is an error naming the known ones
    found = measures_changed(
        rule_base, before=since - dt.timedelta(days=1), after=until, crossing=crossing
    )
    notices = []
    for change in found:
        m = change.measure
        if change.key == "came_into_force":
            day: dt.date | None = m.valid_from
        else:
            day = m.valid_to + dt.timedelta(days=1) if m.valid_to else None
        words = f"{m.legal_act}, {m.provision}: {m.goods.description}"
        notices.append(Notice(day, change.key, m.id, words, m.date_precision == "approximate"))
    # on one day, what ceased before what replaced it
    return sorted(notices, key=lambda n: (n.day or until, n.change != "ceased", n.measure_id))


def notice_heading(crossing: str, since: dt.date, until: dt.date, language: str) -> str:
    """The notice's title in ``language``."""
    return _WORDS["heading"][language].format(
        crossing=crossing, since=since.isoformat(), until=until.isoformat()
    )


def notice_lines(
    rule_base: RuleBase, *, crossing: str, since: dt.date, until: dt.date
) -> list[str]:
    """The posted notice: for each language (ko, zh, en) a heading and one dated line per
    change (or a line saying nothing changed), the languages separated by a blank line."""
    notices = rule_change_notices(rule_base, crossing=crossing, since=since, until=until)
    name = rule_base.crossings[crossing].name
    lines: list[str] = []
    for language in NOTICE_LANGUAGES:
        if lines:
            lines.append("")
        lines.append(notice_heading(name, since, until, language))
        lines += [f"- {n.sentence(language)}" for n in notices] or [_WORDS["none"][language]]
    return lines
