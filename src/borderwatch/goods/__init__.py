"""Goods: the HS 2022 nomenclature and classification of descriptions."""

from borderwatch.reference.hs import Nomenclature, nomenclature

__all__ = ["Nomenclature", "nomenclature"]
