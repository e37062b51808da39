"""The lexicon and gazetteer a command works with, built once per process."""

from __future__ import annotations

import functools

from rasad.geo.gazetteer import Gazetteer, builtin_gazetteer
from rasad.lexicon.loader import Lexicon


@functools.cache
def defaults() -> tuple[Lexicon, Gazetteer]:
    """The shipped lexicon compiled with the built-in gazetteer's place names."""
    gazetteer = builtin_gazetteer()
    return Lexicon(place_names=gazetteer.arabic_names()), gazetteer
