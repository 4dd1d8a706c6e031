"""The README's Python API example runs as written, and the public names are all there."""

from __future__ import annotations

import re
from pathlib import Path

import borderwatch

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_readme_example_runs() -> None:
    section = README.split("## Python API", 1)[1]
    (code,) = re.findall(r"```python\n(.*?)```", section.split("\n## ", 1)[0], flags=re.S)
    exec(compile(code, "README.md", "exec"), {})


def test_every_public_name_resolves() -> None:
    for name in borderwatch.__all__:
        assert getattr(borderwatch, name) is not None, name


def test_importing_the_package_stays_cheap() -> None:
    import subprocess
    import sys

    probe = "import sys, borderwatch; print(sorted(m for m in sys.modules if m.startswith(('numpy', 'sqlalchemy', 'borderwatch.goods'))))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
