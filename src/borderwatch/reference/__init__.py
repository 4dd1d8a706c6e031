"""Reference data at the bottom of every layer: the HS nomenclature and its versions, ISO codes.

Nothing here imports another borderwatch package, so model, rules, goods and
the rest may all use it.
"""
