"""Goods: the HS 2022 nomenclature and classification of descriptions."""

from borderwatch.goods.nomenclature import Nomenclature, nomenclature

__all__ = ["Nomenclature", "nomenclature"]
