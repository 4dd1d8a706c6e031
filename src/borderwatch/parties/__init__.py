"""Party screening: sanctions lists as data, Korean/Chinese/organisation names, the matcher.

- :mod:`~borderwatch.parties.un_xml`, :mod:`~borderwatch.parties.ftm_json` read lists;
  :mod:`~borderwatch.parties.sources` fetches a path or URL and picks the reader.
- :mod:`~borderwatch.parties.hangul`, :mod:`~borderwatch.parties.han_readings` (Han read in
  Korean), :mod:`~borderwatch.parties.normalize`,
  :mod:`~borderwatch.parties.korean_names`, :mod:`~borderwatch.parties.organisation_names`
  and :mod:`~borderwatch.parties.forms` turn names into comparable keys.
- :mod:`~borderwatch.parties.blocking`, :mod:`~borderwatch.parties.features` and
  :mod:`~borderwatch.parties.matcher` find and score candidates.

Submodules are imported on use so that reading the store does not load the
list readers.
"""

from __future__ import annotations

__all__: list[str] = []
