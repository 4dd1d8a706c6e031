"""classify, classify-learn and eval classify as a user runs them: real processes and files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli.running import run_borderwatch


def run(*args: str, stdin: str = "", store: Path | None = None) -> subprocess.CompletedProcess[str]:
    env: dict[str, str | None] = {"COLUMNS": "200"}
    if store is not None:
        env["BORDERWATCH_DATABASE_URL"] = f"sqlite:///{store}"
    return run_borderwatch(*args, stdin=stdin, env=env)


def test_classify_one_description_prints_a_table(tmp_path: Path) -> None:
    done = run("classify", "2x Samsung 32in TV", store=tmp_path / "s.sqlite")
    assert done.returncode == 0, done.stderr
    assert "852872" in done.stdout and "Reception apparatus for television" in done.stdout


def test_classify_json_lines_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "description": "冷冻鱿鱼 20公斤"},
        {"id": "b"},
        {"id": "c", "description": "가죽 핸드백", "lang": "ko"},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n"
    done = run("classify", "-", stdin=stdin, store=tmp_path / "s.sqlite")
    assert done.returncode == 2
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "c"]
    assert out[0]["candidates"][0]["hs"] == "030743"
    assert out[1]["candidates"][0]["hs"] == "420221"
    for o in out:
        assert len(o["candidates"]) >= 5
        scores = [c["score"] for c in o["candidates"]]
        assert scores == sorted(scores, reverse=True)
        assert all(c["explanation"] for c in o["candidates"])
    assert "stdin:2: field 'description'" in done.stderr
    assert "stdin:4: field '(line)'" in done.stderr


def test_confirm_export_import_and_use(tmp_path: Path) -> None:
    store, other = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    description = "Cuckoo twin-pressure IH 10-cup"
    done = run("classify-learn", "confirm", description, "851660", "--officer", "Kim", store=store)
    assert done.returncode == 0, done.stderr
    bad = run("classify-learn", "confirm", "gadget", "851699", store=store)
    assert bad.returncode == 2 and "'851699'" in bad.stderr
    exported = tmp_path / "decisions.csv"
    assert run("classify-learn", "export", "--out", str(exported), store=store).returncode == 0
    assert description in exported.read_text(encoding="utf-8")
    done = run("classify-learn", "import", str(exported), store=other)
    assert done.returncode == 0 and "1 decision(s) imported" in done.stderr
    used = run("classify", description, "--format", "json", store=other)
    best = json.loads(used.stdout)["candidates"][0]
    assert best["hs"] == "851660" and "confirmed by officers" in best["explanation"]
    ignored = run("classify", description, "--format", "json", "--no-learned", store=other)
    assert "confirmed by officers" not in ignored.stdout


def test_eval_classify_reports_accuracy_and_confusions(tmp_path: Path) -> None:
    labelled = tmp_path / "l.csv"
    labelled.write_text(
        # the last label is wrong on purpose: it must show as a confusion
        "description,hs6\nrice cooker,851660\nfrozen squid,030743\nelectric rice cooker,630790\n",
        encoding="utf-8",
    )
    done = run("eval", "classify", str(labelled), "--format", "json", store=tmp_path / "s.sqlite")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["rows"] == 3
    assert report["top1"] == {"2": 0.6667, "4": 0.6667, "6": 0.6667}
    assert report["confusions"] == [{"expected": "630790", "predicted": "851660", "count": 1}]
    table = run("eval", "classify", str(labelled), store=tmp_path / "s.sqlite")
    assert "top-1" in table.stdout and "most frequent confusions" in table.stdout
    # the cooker (UNSCR 2397 electrical), the squid (2371 seafood), 6307 (2375 textiles)
    assert report["covered_by_measures"] == 3
    # the wrong label puts the cooker under the textiles measure: listed as escaped
    escaped = report["confidently_escaped_measures"]
    assert [(e["expected"], e["predicted"]) for e in escaped] == [("630790", "851660")]
    broken = tmp_path / "b.csv"
    broken.write_text("name,value\nx,1\n", encoding="utf-8")
    failed = run("eval", "classify", str(broken))
    assert failed.returncode == 2 and "description,hs6" in failed.stderr
    short = tmp_path / "s.csv"
    short.write_text("description,hs6\nrice cooker,851660\nx,1\n", encoding="utf-8")
    failed = run("eval", "classify", str(short))
    assert failed.returncode == 2
    assert all(part in failed.stderr for part in ("s.csv:3", "'hs6'", "'1'"))


def test_eval_classify_reads_tariff_lines_other_headers_and_breaks_down(tmp_path: Path) -> None:
    labelled = tmp_path / "shop.csv"
    labelled.write_text(
        "title,hs_code,lang\n"
        "rice cooker,8516.60.0000,en\n"
        "冷冻鱿鱼,0307.43,zh\n"
        "frozen squid,30743,en\n",  # a spreadsheet dropped the leading zero
        encoding="utf-8",
    )
    chart = tmp_path / "reliability.png"
    done = run(
        "eval", "classify", str(labelled), "--format", "json", "--by", "lang", "--plot", str(chart)
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["rows"] == 3 and report["top1"]["6"] == 1.0
    assert chart.read_bytes().startswith(b"\x89PNG")
    taken = [t["rows"] for t in report["by_threshold"]]
    assert taken == sorted(taken, reverse=True) and taken[0] == 3  # all three score >= 0.3
    assert {k: v["rows"] for k, v in report["by"].items()} == {"lang=en": 2, "lang=zh": 1}
    wrong_column = run("eval", "classify", str(labelled), "--by", "kind")
    assert wrong_column.returncode == 2 and "lang" in wrong_column.stderr


def test_screen_classifies_items_without_hs_unless_told_not_to(tmp_path: Path) -> None:
    declaration = {
        "id": "T1",
        "date": "2018-06-01",
        "crossing": "dandong",
        "direction": "export",
        "country": "KP",
        "channel": "cargo",
        "items": [{"id": "1", "description": "Lenovo ThinkPad laptop"}],
    }
    stdin = json.dumps(declaration) + "\n"
    on = json.loads(run("screen", "-", "--regimes", "UN", stdin=stdin).stdout)
    assert on["items"][0]["verdict"] == "prohibited" and on["items"][0]["hs"] == "847130"
    off = json.loads(run("screen", "-", "--regimes", "UN", "--no-classify", stdin=stdin).stdout)
    assert off["items"][0]["verdict"] == "refer"
