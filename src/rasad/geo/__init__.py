"""Places: the built-in gazetteer of the region (see :mod:`rasad.geo.gazetteer`)."""

from rasad.geo.gazetteer import Gazetteer, MemoryGazetteer, Place, builtin_gazetteer

__all__ = ["Gazetteer", "MemoryGazetteer", "Place", "builtin_gazetteer"]
