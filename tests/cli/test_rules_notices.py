"""`borderwatch rules notices`: the notice to post at a crossing, in Korean, Chinese and
English, each change dated; the same sentences as the public check page lists."""

from __future__ import annotations

import datetime as dt

from borderwatch.rules.loader import shipped_rule_base
from borderwatch.rules.notices import notice_lines, rule_change_notices
from tests.cli.running import run_borderwatch

MARCH = ("--crossing", "dandong", "--since", "2019-02-01", "--until", "2019-03-31")


def test_the_dandong_notice_of_march_2019_in_three_languages() -> None:
    done = run_borderwatch("rules", "notices", *MARCH)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    ko, zh, en = (i for i, line in enumerate(lines) if not line.startswith("- ") and line)
    assert lines[ko] == "Dandong – Sinuiju 통관 조치 변경 고시 (2019-02-01 ~ 2019-03-31)"
    assert lines[zh] == "Dandong – Sinuiju口岸措施变更公告（2019-02-01至2019-03-31）"
    assert lines[en] == "Changes to the measures at Dandong – Sinuiju from 2019-02-01 to 2019-03-31"
    assert ko < zh < en
    korean, chinese, english = lines[ko + 1 : zh - 1], lines[zh + 1 : en - 1], lines[en + 1 :]
    # what ceased, then what replaced it, each dated with the day it took effect
    assert len(korean) == len(chinese) == len(english) == 2
    assert korean[0].startswith("- 2019-03-01부터 적용 중단 — Reported port practice")
    assert korean[1].startswith("- 2019-03-01부터 시행 — Reported port practice")
    assert chinese[0].startswith("- 自2019-03-01起停止执行——Reported port practice")
    assert chinese[1].startswith("- 自2019-03-01起施行——Reported port practice")
    assert english[0].startswith("- From 2019-03-01: no longer applies — Reported port practice")
    assert "two electronic items per returning worker" in english[0]
    assert english[1].startswith("- From 2019-03-01: came into force — Reported port practice")
    assert "no electronic items in returning workers' baggage" in english[1]
    assert all(line.endswith("(date approximate, as reported)") for line in english)
    assert all("보도에 따른 대략적 날짜" in line for line in korean)


def test_a_quiet_period_says_nothing_changed() -> None:
    done = run_borderwatch(
        "rules",
        "notices",
        "--crossing",
        "dandong",
        "--since",
        "2019-04-01",
        "--until",
        "2019-06-30",
    )
    assert done.returncode == 0, done.stderr
    assert "변경된 조치가 없습니다." in done.stdout
    assert "无措施变更。" in done.stdout and "No measure changed." in done.stdout


def test_errors_say_what_to_do() -> None:
    unknown = run_borderwatch("rules", "notices", "--crossing", "atlantis", "--since", "2019-01-01")
    assert unknown.returncode == 3 and "known crossings: changbai, dandong" in unknown.stderr
    backwards = run_borderwatch(
        "rules",
        "notices",
        "--crossing",
        "dandong",
        "--since",
        "2019-04-01",
        "--until",
        "2019-03-01",
    )
    assert backwards.returncode == 2 and "give the earlier day to --since" in backwards.stderr


def test_help_teaches_with_an_example() -> None:
    done = run_borderwatch("rules", "notices", "--help")
    assert done.returncode == 0
    assert "borderwatch rules notices --crossing dandong --since 2019-02-01" in done.stdout


def test_the_page_and_the_command_word_a_change_alike() -> None:
    base = shipped_rule_base()
    day = dt.date(2019, 3, 20)
    listed = rule_change_notices(base, crossing="dandong", since=day - dt.timedelta(90), until=day)
    posted = notice_lines(base, crossing="dandong", since=day - dt.timedelta(90), until=day)
    assert len(listed) == 2
    for notice in listed:
        for language in ("ko", "zh", "en"):
            assert f"- {notice.sentence(language)}" in posted
