"""HS code lists and keywords as the rule base writes them: ranges, prefixes, whole words."""

from __future__ import annotations

import functools
import re

from borderwatch.reference.hs import nomenclature

__all__ = ["MAX_RANGE_SPAN", "expand_hs", "keyword_pattern"]

#: the widest HS range accepted: wider ones take seconds to expand and are a typo
MAX_RANGE_SPAN = 10_000


def expand_hs(codes: list[str]) -> tuple[str, ...]:
    """'86-89' -> ('86', '87', '88', '89'); '5701-5705' -> headings; plain codes stay."""
    out: list[str] = []
    for raw in codes:
        if not isinstance(raw, str):
            raise ValueError(f'HS code {raw!r} must be written as text, e.g. "8471"')
        code = raw.replace(".", "").replace(" ", "")
        if "-" in code:
            low, high = code.split("-", 1)
            if len(low) != len(high) or not (low.isdigit() and high.isdigit()) or low > high:
                raise ValueError(f"HS range {raw!r} must be two codes of one length, low-high")
            if len(low) not in (2, 4, 6):
                raise ValueError(f"HS range {raw!r} must run between 2, 4 or 6 digit codes")
            if int(high) - int(low) >= MAX_RANGE_SPAN:
                raise ValueError(f"HS range {raw!r} spans more than {MAX_RANGE_SPAN:,} codes")
            width = len(low)
            known = nomenclature()
            # a range spans reserved codes (chapter 77 is empty in HS 2022): keep real ones
            out.extend(
                code
                for n in range(int(low), int(high) + 1)
                if (code := str(n).zfill(width)) in known
            )
        else:
            if not code.isdigit() or len(code) not in (2, 4, 6, 8, 10):
                raise ValueError(f"HS code {raw!r} must have 2, 4, 6, 8 or 10 digits")
            out.append(code[:6])
    return tuple(dict.fromkeys(out))


@functools.lru_cache(maxsize=1024)
def keyword_pattern(word: str) -> re.Pattern[str]:
    """A keyword as a whole word in Latin script ('ngl' is not in 'sunglasses'),
    with an optional plural ending; Han and Hangul keywords match anywhere, as
    those scripts put no spaces between words."""
    if not re.search(r"[a-z0-9]", word):
        return re.compile(re.escape(word))
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?:e?s)?(?![a-z0-9])")
