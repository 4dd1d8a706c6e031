"""Inspection targeting: ranking declarations by risk so officers open the likeliest first.

The public Customs Import Declaration Datasets (:mod:`.customs_data`) are the
measured case: history features from earlier declarations only
(:mod:`.customs_features`), a LightGBM ranker (:mod:`.customs_model`) and the
figures at an inspection share (:mod:`.metrics`).
"""
