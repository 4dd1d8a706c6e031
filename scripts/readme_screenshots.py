"""Copy the README's screenshots from build/screenshots/ into docs/screenshots/, made small.

tests/service/pages/test_pages_browser.py (run by ``make test``) writes the main pages at
1280x800 and 800x1280 into build/screenshots/ (gitignored); this copies the curated six
that README.md shows. With Pillow installed each is reduced to a 256-colour palette (the
pages are flat colours and text, so it reads the same at a third of the size); without
it the PNGs are copied as they are.

Usage: python scripts/readme_screenshots.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILT = ROOT / "build" / "screenshots"
SHOWN = ROOT / "docs" / "screenshots"
#: the pages README.md shows, each at both widths
PAGES = ("check-dandong-ko", "bench-queue", "bench-declaration")
SIZES = ("1280x800", "800x1280")


def copy_small(source: Path, target: Path) -> None:
    """``source`` to ``target``, reduced to a palette when Pillow is at hand."""
    try:
        from PIL import Image
    except ImportError:
        shutil.copyfile(source, target)
        return
    with Image.open(source) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(target, optimize=True)


def main() -> int:
    SHOWN.mkdir(parents=True, exist_ok=True)
    for page in PAGES:
        for size in SIZES:
            source = BUILT / f"pages-{page}-{size}.png"
            if not source.exists():
                print(f"{source} is missing: run the browser tests first (make test)")
                return 1
            target = SHOWN / f"{page}-{size}.png"
            copy_small(source, target)
            print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
