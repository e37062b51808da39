"""The lexicon and gazetteer a command works with, built once per process.

Compiling the lexicon (every written form of every entry, about a quarter of a million
automaton keys) takes longer than loading it back, so the compiled lexicon is cached
in rasad's cache directory, keyed by everything it is built from: the data files, the
gazetteer's names and the code that turns them into keys. Any change rebuilds it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from importlib import resources
from pathlib import Path

from rasad.geo.gazetteer import Gazetteer, builtin_gazetteer, cache_dir
from rasad.lexicon import loader, model
from rasad.lexicon.loader import Lexicon
from rasad.text import normalize, tokens, verbs

_gazetteer_path: Path | None = None


def use_gazetteer(path: str | Path | None) -> None:
    """Make :func:`defaults` use the gazetteer store at ``path`` (None: the default)."""
    global _gazetteer_path
    _gazetteer_path = Path(path) if path else None


def defaults() -> tuple[Lexicon, Gazetteer]:
    """The shipped lexicon compiled with the gazetteer's place names. The gazetteer is
    the store given to :func:`use_gazetteer`, else the store in rasad's data directory
    when it exists (``rasad gazetteer import``), else the built-in gazetteer."""
    from rasad.geo.store import default_path

    path = _gazetteer_path or default_path()
    return _defaults(str(path) if path.exists() else "")


def gazetteer_label() -> str:
    """Which gazetteer :func:`defaults` reads, for reports that quote figures."""
    from rasad.geo.store import default_path

    path = _gazetteer_path or default_path()
    if path.exists():
        return f"store {path}"
    return ("built-in (no gazetteer store: `rasad gazetteer import` adds one, e.g. from "
            "OCHA's files in ../shared/data/geo)")


@functools.cache
def _defaults(store_path: str) -> tuple[Lexicon, Gazetteer]:
    gazetteer: Gazetteer
    if store_path:
        from rasad.geo.store import GazetteerStore

        gazetteer = GazetteerStore(store_path)
    else:
        gazetteer = builtin_gazetteer()
    names = sorted(gazetteer.arabic_names())
    return cached_lexicon(names), gazetteer


def cached_lexicon(place_names: list[str]) -> Lexicon:
    """The shipped lexicon with ``place_names``, from the cache when it is current."""
    path = cache_dir() / f"lexicon-{_fingerprint(place_names)}.pickle"
    try:
        with path.open("rb") as fh:
            lexicon = pickle.load(fh)
        if isinstance(lexicon, Lexicon):
            return lexicon
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass  # no cache yet, or an unreadable one: build
    lexicon = Lexicon(place_names=place_names)
    _store(path, lexicon)
    return lexicon


def _fingerprint(place_names: list[str]) -> str:
    h = hashlib.sha256()
    data = resources.files("rasad.lexicon").joinpath("data")
    for entry in sorted(data.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    for module in (loader, model, normalize, tokens, verbs):
        h.update(Path(module.__file__ or "").read_bytes())
    h.update("\n".join(place_names).encode())
    return h.hexdigest()[:20]


def _store(path: Path, lexicon: Lexicon) -> None:
    """Write the cache atomically; an unwritable cache directory is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("lexicon-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".lexicon-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(lexicon, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
