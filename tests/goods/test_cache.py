"""The on-disk cache of built objects: keyed, atomic, tolerant of damage, never shared.

Most tests store small objects (the rules do not depend on what is stored);
one stores the real classifier parts and checks that the loaded classifier
answers exactly as the one built in this process.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from borderwatch.goods import classifier as classifier_module
from borderwatch.goods.built import ClassifierParts, shipped_inputs_digest
from borderwatch.goods.cache import (
    FILE_MAGIC,
    cache_dir,
    load_cached,
    load_or_build,
    store,
)
from borderwatch.goods.classifier import cached_classifier, default_classifier
from borderwatch.goods.ranker_model import shipped_ranker


class Built:
    """Counts how often the cache had to build."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_the_folder_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORDERWATCH_CACHE_DIR", "/srv/cache/bw")
    assert cache_dir() == Path("/srv/cache/bw")
    monkeypatch.delenv("BORDERWATCH_CACHE_DIR")
    assert cache_dir() == Path.home() / ".cache" / "borderwatch"


def test_built_once_then_loaded(tmp_path: Path) -> None:
    build = Built({"a": [1, 2, 3]})
    first = load_or_build(tmp_path, "thing", "key-1", build, dict)
    second = load_or_build(tmp_path, "thing", "key-1", build, dict)
    assert first == ({"a": [1, 2, 3]}, False)
    assert second == ({"a": [1, 2, 3]}, True)
    assert build.calls == 1
    assert [p.name for p in tmp_path.iterdir()] == ["thing.pickle"]  # no temporary left


def test_a_file_for_other_inputs_is_not_used(tmp_path: Path) -> None:
    store(tmp_path, "thing", "key-1", {"from": "inputs 1"})
    build = Built({"from": "inputs 2"})
    assert load_or_build(tmp_path, "thing", "key-2", build, dict) == ({"from": "inputs 2"}, False)
    assert load_cached(tmp_path, "thing", "key-2", dict) == {"from": "inputs 2"}
    assert load_cached(tmp_path, "thing", "key-1", dict) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda good: b"",  # empty
        lambda good: good[: len(good) // 2],  # cut short by a crash
        lambda good: b"not a pickle at all" + good,  # garbage
        lambda good: pickle.dumps(("other-magic", "key", {"a": 1})),  # another layout
        lambda good: pickle.dumps((FILE_MAGIC, "key", ["not", "a", "dict"])),  # another type
    ],
)
def test_a_damaged_file_is_rebuilt_and_replaced(tmp_path: Path, damage: object) -> None:
    path = store(tmp_path, "thing", "key", {"a": 1})
    assert path is not None
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]  # a lambda above
    build = Built({"a": 1})
    assert load_or_build(tmp_path, "thing", "key", build, dict) == ({"a": 1}, False)
    assert load_cached(tmp_path, "thing", "key", dict) == {"a": 1}
    assert build.calls == 1


def test_building_for_new_inputs_removes_the_old_files_of_the_family(tmp_path: Path) -> None:
    load_or_build(tmp_path, "thing-aaa", "aaa", Built({"v": 1}), dict)
    load_or_build(tmp_path, "other-aaa", "aaa", Built({"v": 1}), dict)
    load_or_build(tmp_path, "thing-bbb", "bbb", Built({"v": 2}), dict)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-aaa.pickle", "thing-bbb.pickle"]


def test_an_unwritable_folder_only_costs_the_rebuild(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    build = Built({"a": 1})
    assert load_or_build(blocked, "thing", "key", build, dict) == ({"a": 1}, False)
    assert load_or_build(blocked, "thing", "key", build, dict) == ({"a": 1}, False)
    assert build.calls == 2


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from borderwatch.goods.cache import store
    folder, writer = Path(sys.argv[1]), sys.argv[2]
    for round in range(5):
        store(folder, "shared", "key", [f"{writer}-{round}-{i}" for i in range(30_000)])
    """
)


def test_concurrent_writers_never_leave_a_partial_file(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(n)], env=env)
        for n in range(3)
    ]
    seen = 0
    while any(w.poll() is None for w in writers):
        found = load_cached(tmp_path, "shared", "key", list)
        if found is not None:  # a reader sees one writer's whole list, never a mixture or a part
            assert len(found) == 30_000
            assert len({item.split("-")[0] for item in found}) == 1
            seen += 1
    assert [w.returncode for w in writers] == [0, 0, 0]
    final = load_cached(tmp_path, "shared", "key", list)
    assert final is not None and len(final) == 30_000
    assert [p.name for p in tmp_path.iterdir()] == ["shared.pickle"]


def test_the_cached_classifier_answers_as_the_built_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = default_classifier()
    assert built.labels is not None
    parts = ClassifierParts(built.codes, built.index, built.matcher)
    build = Built(parts)
    monkeypatch.setattr(classifier_module, "build_shipped_parts", build)
    stored, loaded_first = cached_classifier(folder=tmp_path)
    loaded, loaded_second = cached_classifier(folder=tmp_path)
    assert (loaded_first, loaded_second, build.calls) == (False, True, 1)
    assert loaded.index is not built.index  # it really came from the file
    assert loaded.labels is not built.labels
    for description in ("5L rice cooker", "冷冻鱿鱼 20公斤", "가죽 핸드백", "latop computer"):
        assert loaded.classify(description) == built.classify(description)
    assert loaded.version == built.version == stored.version
    assert shipped_inputs_digest()[:32] in next(tmp_path.iterdir()).name


def test_the_label_indexes_are_read_only_when_the_ranker_asks_for_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lexicon classifier never reads the national schedules' label indexes (half of
    its start-up when they were in its cache file); the ranker reads them once, from a
    file of their own, and every classifier made from the same one shares them."""
    built = default_classifier()
    parts = ClassifierParts(built.codes, built.index, built.matcher)
    monkeypatch.setattr(classifier_module, "build_shipped_parts", Built(parts))
    labels = Built(built.with_ranker(shipped_ranker()).labels)
    monkeypatch.setattr(classifier_module, "build_shipped_labels", labels)
    plain, _ = cached_classifier(folder=tmp_path)
    assert plain.classify("5L rice cooker")[0].hs == "851660"
    assert labels.calls == 0
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["classifier"]
    ranked = plain.with_ranker(shipped_ranker())
    assert ranked.classify("5L rice cooker")
    assert labels.calls == 1
    assert sorted(p.name.split("-")[0] for p in tmp_path.iterdir()) == ["classifier", "labels"]
    assert ranked.with_learned(ranked.learned).labels is ranked.labels
    again, _ = cached_classifier(folder=tmp_path)
    assert again.with_ranker(shipped_ranker()).labels is not None and labels.calls == 1
