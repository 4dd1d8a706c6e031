"""borderwatch: sanctions enforcement and inspection targeting at land border crossings."""

from borderwatch.errors import BorderwatchError

__version__ = "0.1.0"

__all__ = ["BorderwatchError", "__version__"]
