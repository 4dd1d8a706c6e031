"""Shared fixtures: the store on SQLite and on a real PostgreSQL server, shared data."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from borderwatch.assembly import ScreeningChoices, build_screener
from borderwatch.engine.screener import Screener

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
_SAVED = pytest.StashKey[tuple[Path, dict[str, str | None]]]()
POSTGRES_ADMIN_URL = os.environ.get(
    "BORDERWATCH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


_FOLDERS = ("BORDERWATCH_DATA_DIR", "BORDERWATCH_CACHE_DIR")


def pytest_configure(config: pytest.Config) -> None:
    """No test reads or writes the user's store or cache; child processes inherit this.

    Set before collection, not in a fixture: a module may start an application
    as it is imported (test_openapi_fuzz.py: schemathesis reads the schema,
    which runs the app's start-up, opening the store and the caches).
    """
    root = Path(tempfile.mkdtemp(prefix="borderwatch-tests-"))
    config.stash[_SAVED] = (root, {name: os.environ.get(name) for name in _FOLDERS})
    os.environ["BORDERWATCH_DATA_DIR"] = str(root / "data")
    os.environ["BORDERWATCH_CACHE_DIR"] = str(root / "cache")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SAVED not in config.stash:
        return
    root, saved = config.stash[_SAVED]
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def goods_screener() -> Screener:
    """The assembly `borderwatch demo` uses: every regime, the classifier, parties left out."""
    return build_screener(ScreeningChoices(learned=False, parties=False))


@pytest.fixture(scope="session")
def code_screener() -> Screener:
    """Goods screened by their declared codes only: quick to build, same verdict every time."""
    return build_screener(ScreeningChoices(classify=False, learned=False, parties=False))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the repository; tests that need it skip without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


def _postgres_database() -> Iterator[str]:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"bw_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        if os.environ.get("CI"):
            raise  # CI has a PostgreSQL server: its absence is a failure, not a skip
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
    else:
        yield from _postgres_database()
