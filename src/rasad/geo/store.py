"""The gazetteer store: one SQLite file of places, names, admin units and polygons.

Where: ``$RASAD_HOME/gazetteer.sqlite`` when ``RASAD_HOME`` is set, else
``$XDG_DATA_HOME/rasad/gazetteer.sqlite`` (default ``~/.local/share/rasad``). Unlike the
caches (``$RASAD_HOME`` or ``~/.cache/rasad``), the store holds what the user imported, so
it lives in the data directory. ``rasad extract`` uses it when the file exists.

Tables:

- ``places``: one row per place or admin unit (id ``source:source_id``, e.g.
  ``geonames:170063``, ``ocha:C4091``, ``adm2:SY0702``), with names in Arabic and Latin
  script (all alternates, JSON), feature class/code, kind, coordinates, population,
  country, admin1/2/3 codes and names (English and Arabic), parent admin unit, and a
  digest of the row that makes imports idempotent;
- ``names``: normalized key -> place, exact keys (:func:`name_key`, the text layer's
  ``normalize_key``) and loose keys (without the article ال, hamza and spaces);
- ``admin_names``: the same for admin units, with their ids and P-codes;
- ``geometries``: GeoJSON polygons of admin units with their bounding boxes;
- ``seeds``: district seat towns for :meth:`nearest_admin` where no polygon is known;
- ``admin_codes``: GeoNames admin1/admin2 code tables (code -> name, admin unit);
- ``meta``, ``imports``: settings (stop names, matcher floors) and the import log.

A new store is seeded from the built-in gazetteer, so it answers every lookup the
built-in one answers, in the same order (:class:`rasad.geo.gazetteer.MemoryGazetteer`
ranking: admin tier, population, exact before loose, country, id).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasad.geo import gazetteer as gz
from rasad.geo import polygon
from rasad.geo.gazetteer import (
    COUNTRY_PRIO,
    AdminLookups,
    MemoryGazetteer,
    Place,
    admin_keys,
    bare_key,
    index_keys,
    loose_keys,
    matcher_names,
    name_key,
)

SCHEMA_VERSION = 1
STORE_NAME = "gazetteer.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS places (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_ar TEXT,
    names TEXT NOT NULL,            -- JSON list: every Arabic and Latin name
    kind TEXT NOT NULL,
    feature_class TEXT,
    feature_code TEXT,
    country TEXT NOT NULL,
    country_code TEXT NOT NULL,
    admin1 TEXT, admin2 TEXT, admin3 TEXT,
    admin1_code TEXT, admin2_code TEXT, admin3_code TEXT,
    admin1_ar TEXT, admin2_ar TEXT, admin3_ar TEXT,
    parent_id TEXT,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    population INTEGER NOT NULL DEFAULT 0,
    tier INTEGER NOT NULL,
    in_matcher INTEGER NOT NULL DEFAULT 1,
    seq INTEGER NOT NULL,
    digest TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS places_admin1 ON places(country_code, admin1);
CREATE INDEX IF NOT EXISTS places_source ON places(source);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL, loose INTEGER NOT NULL, place_id TEXT NOT NULL,
    PRIMARY KEY (key, loose, place_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_place ON names(place_id);
CREATE TABLE IF NOT EXISTS admin_names (
    kind TEXT NOT NULL, key TEXT NOT NULL, loose INTEGER NOT NULL, place_id TEXT NOT NULL,
    PRIMARY KEY (kind, key, loose, place_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS admin_names_place ON admin_names(place_id);
CREATE TABLE IF NOT EXISTS geometries (
    place_id TEXT PRIMARY KEY, level INTEGER NOT NULL, country_code TEXT NOT NULL,
    min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL, geojson TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seeds (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, place_id TEXT NOT NULL, lat REAL, lon REAL
);
CREATE TABLE IF NOT EXISTS admin_codes (
    code TEXT PRIMARY KEY, level INTEGER NOT NULL, country_code TEXT NOT NULL,
    name TEXT, asciiname TEXT, geonameid TEXT, place_id TEXT
);
CREATE TABLE IF NOT EXISTS imports (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT, format TEXT, at TEXT,
    read INTEGER, new INTEGER, updated INTEGER, unchanged INTEGER, skipped INTEGER
);
"""

_COLUMNS = (
    "id", "source", "source_id", "name", "name_ar", "names", "kind", "feature_class",
    "feature_code", "country", "country_code", "admin1", "admin2", "admin3", "admin1_code",
    "admin2_code", "admin3_code", "admin1_ar", "admin2_ar", "admin3_ar", "parent_id",
    "latitude", "longitude", "population", "tier", "in_matcher",
)


def data_dir() -> Path:
    """rasad's data directory: ``$RASAD_HOME``, else ``$XDG_DATA_HOME/rasad``, else
    ``~/.local/share/rasad``."""
    home = os.environ.get("RASAD_HOME")
    if home:
        return Path(home)
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "rasad"


def default_path() -> Path:
    """Where the store lives unless a path is given."""
    return data_dir() / STORE_NAME


@dataclass(slots=True)
class Row:
    """A place as stored (everything :class:`Place` has, and more)."""

    id: str
    source: str
    source_id: str
    name: str
    name_ar: str | None
    names: list[str]
    kind: str
    feature_class: str | None
    feature_code: str | None
    country: str
    country_code: str
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    admin1_code: str | None = None
    admin2_code: str | None = None
    admin3_code: str | None = None
    admin1_ar: str | None = None
    admin2_ar: str | None = None
    admin3_ar: str | None = None
    parent_id: str | None = None
    latitude: float = 0.0
    longitude: float = 0.0
    population: int = 0
    in_matcher: bool = True
    loose_names: tuple[str, ...] = ()  # extra names indexed only loosely

    def values(self) -> tuple[Any, ...]:
        return (
            self.id, self.source, self.source_id, self.name, self.name_ar,
            json.dumps(self.names, ensure_ascii=False), self.kind, self.feature_class,
            self.feature_code, self.country, self.country_code, self.admin1, self.admin2,
            self.admin3, self.admin1_code, self.admin2_code, self.admin3_code, self.admin1_ar,
            self.admin2_ar, self.admin3_ar, self.parent_id, round(self.latitude, 7),
            round(self.longitude, 7), int(self.population), gz._TIER.get(self.kind, 3),
            int(self.in_matcher),
        )

    def digest(self) -> str:
        import hashlib

        raw = json.dumps([*self.values(), list(self.loose_names)], ensure_ascii=False)
        return hashlib.sha1(raw.encode()).hexdigest()

    def place(self) -> Place:
        return Place(self.id, self.name, self.name_ar, self.kind, self.country,
                     self.country_code, self.admin1, self.admin2, self.latitude,
                     self.longitude, self.population)


def _place_of(r: sqlite3.Row | Sequence[Any]) -> Place:
    return Place(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10])


_PLACE_COLS = ", ".join(
    f"p.{c}" for c in ("id", "name", "name_ar", "kind", "country", "country_code", "admin1",
                       "admin2", "latitude", "longitude", "population", "tier", "seq"))


class GazetteerStore(AdminLookups):
    """A :class:`rasad.geo.gazetteer.Gazetteer` backed by a SQLite file.

    Opening a path that does not exist creates the store and seeds it from the built-in
    gazetteer (``seed=False`` leaves it empty, for tests). Lookups are cached in memory;
    every write clears the cache.
    """

    def __init__(self, path: str | Path | None = None, *, seed: bool = True,
                 builtin: MemoryGazetteer | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._pid = -1
        self._conn: sqlite3.Connection | None = None
        self._cache: dict[tuple[str, ...], Any] = {}
        self._admin_cache: dict[tuple[str, str, str | None], Place | None] = {}
        self._arabic: tuple[str, ...] | None = None
        self._seq: int | None = None
        self._shapes: dict[tuple[str, int], list[tuple[tuple[float, ...], dict, str]]] = {}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self.conn
        with self.transaction():
            for stmt in _SCHEMA.split(";"):
                if stmt.strip():
                    conn.execute(stmt)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        seeded = self.meta("seeded") if seed else ""
        if seeded is None or (builtin is None and seeded != gz.builtin_version()):
            # new, or seeded by an older rasad: its built-in places (a prison added, a
            # name mended) join the imported ones
            self.seed(builtin or gz.builtin_gazetteer(),
                      version=None if builtin else gz.builtin_version())

    # -- connection and transactions

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection of this process (a forked worker opens its own)."""
        if self._conn is None or self._pid != os.getpid():
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._pid = os.getpid()
        return self._conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside happen, or none do."""
        conn = self.conn
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            self.invalidate()
            raise
        conn.execute("COMMIT")
        self.invalidate()

    def invalidate(self) -> None:
        self._cache.clear()
        self._admin_cache.clear()
        self._seq = None
        self._arabic = None
        self._shapes.clear()

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- writing

    def seed(self, builtin: MemoryGazetteer, version: str | None = None) -> int:
        """Copy the built-in gazetteer into the store (its admin units, places, district
        seeds, stop names and matcher floors), replacing the built-in places an earlier
        seeding left. Rows of other sources are kept. ``version``: the built-in's
        fingerprint, recorded so that a later version seeds again."""
        n = 0
        with self.transaction() as conn:
            ids = {place.id for place in builtin._places}
            stale = [pid for (pid,) in conn.execute(
                "SELECT id FROM places WHERE source='builtin'") if pid not in ids]
            for table, column in (("names", "place_id"), ("admin_names", "place_id"),
                                  ("places", "id")):
                conn.executemany(f"DELETE FROM {table} WHERE {column}=?",
                                 [(pid,) for pid in stale])
            for place, keys in zip(builtin._places, builtin._names, strict=True):
                sid = place.id.partition(":")[2]
                row = Row(
                    place.id, "builtin", place.id, place.name, place.name_ar, list(keys),
                    place.kind, None, None, place.country, place.country_code, place.admin1,
                    place.admin2, latitude=place.latitude, longitude=place.longitude,
                    population=place.population,
                )
                if place.kind == "admin1":
                    row.admin1_code = sid
                elif place.kind == "admin2":
                    row.admin2_code = sid
                existing = conn.execute("SELECT source FROM places WHERE id=?",
                                        (place.id,)).fetchone()
                if existing is not None and existing[0] != "builtin":
                    continue  # imported data over a built-in entry wins
                self.put(row, keys=list(keys))
                n += 1
            conn.execute("DELETE FROM seeds")
            for pid, points in builtin._seed_points.items():
                conn.executemany("INSERT INTO seeds (place_id, lat, lon) VALUES (?, ?, ?)",
                                 [(pid, lat, lon) for lat, lon in points])
            self.set_meta("stop", json.dumps(sorted(builtin._stop), ensure_ascii=False))
            self.set_meta("min_population", json.dumps(builtin._min_pop))
            self.set_meta("seeded", version or "builtin")
        return n

    def put(self, row: Row, *, keys: Sequence[str] | None = None) -> str:
        """Insert or update one place: 'new', 'updated' or 'unchanged'."""
        conn = self.conn
        digest = row.digest()
        old = conn.execute("SELECT digest, seq FROM places WHERE id=?", (row.id,)).fetchone()
        if old is not None and old[0] == digest:
            return "unchanged"
        if old is None:
            if self._seq is None:
                self._seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM places").fetchone()[0]
            self._seq += 1
            seq = self._seq
        else:
            seq = old[1]
        marks = ", ".join("?" * (len(_COLUMNS) + 2))
        conn.execute(
            f"INSERT OR REPLACE INTO places ({', '.join(_COLUMNS)}, seq, digest) "
            f"VALUES ({marks})", (*row.values(), seq, digest),
        )
        if keys is None:
            keys, bares = index_keys(row.names)
        else:
            bares = loose_keys(keys)
        extra = [bare_key(name_key(n)) for n in row.loose_names]
        conn.execute("DELETE FROM names WHERE place_id=?", (row.id,))
        conn.executemany("INSERT OR IGNORE INTO names VALUES (?, 0, ?)",
                         [(k, row.id) for k in keys])
        conn.executemany("INSERT OR IGNORE INTO names VALUES (?, 1, ?)",
                         [(b, row.id) for b in (*bares, *extra) if b])
        conn.execute("DELETE FROM admin_names WHERE place_id=?", (row.id,))
        if row.kind in ("country", "admin1", "admin2"):
            akeys = admin_keys(row.id, keys)
            conn.executemany("INSERT OR IGNORE INTO admin_names VALUES (?, ?, 0, ?)",
                             [(row.kind, k, row.id) for k in akeys])
            conn.executemany("INSERT OR IGNORE INTO admin_names VALUES (?, ?, 1, ?)",
                             [(row.kind, b, row.id) for b in map(bare_key, akeys) if b])
        return "new" if old is None else "updated"

    def put_geometry(self, place_id: str, level: int, country_code: str,
                     geometry: dict[str, Any]) -> bool:
        """Store an admin unit's polygon; False when the same one is already there."""
        text = json.dumps(geometry, separators=(",", ":"))
        old = self.conn.execute("SELECT geojson FROM geometries WHERE place_id=?",
                                (place_id,)).fetchone()
        if old is not None and old[0] == text:
            return False
        x0, y0, x1, y1 = polygon.bbox(geometry)
        self.conn.execute("INSERT OR REPLACE INTO geometries VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          (place_id, level, country_code, x0, y0, x1, y1, text))
        return True

    def boundaries(self, level: int) -> Iterator[tuple[Place, dict[str, Any]]]:
        """The imported polygons of admin units of ``level`` (1 or 2), with their units."""
        rows = self.conn.execute(
            "SELECT place_id, geojson FROM geometries WHERE level=? ORDER BY place_id", (level,),
        ).fetchall()
        for place_id, text in rows:
            place = self.place(place_id)
            if place is not None:
                yield place, json.loads(text)

    def row(self, place_id: str) -> Row | None:
        """Everything stored about one place."""
        cur = self.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM places WHERE id=?", (place_id,))
        r = cur.fetchone()
        if r is None:
            return None
        d = dict(zip(_COLUMNS, r, strict=True))
        d["names"] = json.loads(d["names"])
        d["in_matcher"] = bool(d["in_matcher"])
        d.pop("tier")
        loose = self.conn.execute(
            "SELECT key FROM names WHERE place_id=? AND loose=1", (place_id,)).fetchall()
        row = Row(**d)
        own = {bare_key(k) for k in index_keys(row.names)[0]}
        row.loose_names = tuple(k for (k,) in loose if k not in own)
        return row

    # -- the Gazetteer interface

    def lookup(self, name: str) -> list[Place]:
        """Places named ``name``, best first (the built-in gazetteer's order)."""
        ck = ("lookup", name)
        if ck in self._cache:
            return list(self._cache[ck])
        key = name_key(name)
        found: list[Place] = []
        if key:
            rows = self.conn.execute(
                f"SELECT {_PLACE_COLS}, MIN(n.loose) FROM names n JOIN places p "
                "ON p.id = n.place_id WHERE (n.key=? AND n.loose=0) OR (n.key=? AND n.loose=1) "
                "GROUP BY p.id", (key, bare_key(key)),
            ).fetchall()
            rows.sort(key=lambda r: (r[11], -r[10], r[13], COUNTRY_PRIO.get(r[5], 99), r[0]))
            found = [_place_of(r) for r in rows]
        gz._remember(self._cache, ck, tuple(found))  # bounded: a bulk run meets many names
        return found

    def arabic_names(self) -> tuple[str, ...]:
        """Every normalized Arabic name for the matcher (the built-in rules: no stop names,
        no names under 3 letters, floors of population for some countries)."""
        if self._arabic is None:
            self._arabic = matcher_names(
                self.conn.execute(
                    "SELECT DISTINCT p.kind, p.country_code, p.population, n.key FROM names n "
                    "JOIN places p ON p.id = n.place_id WHERE n.loose=0 AND p.in_matcher=1"),
                frozenset(json.loads(self.meta("stop") or "[]")),
                json.loads(self.meta("min_population") or "{}"))
        return self._arabic

    def nearest_admin(
        self, lat: float, lon: float, country_code: str
    ) -> tuple[str | None, str | None]:
        """(admin1, admin2) of a point: the admin2 polygon that contains it when the store
        has polygons for the country, else the nearest district seed (as the built-in
        gazetteer does), else the nearest admin1 centroid."""
        cc = (country_code or "").upper()
        unit = self.containing(lat, lon, cc, 2)
        if unit is not None:
            return unit.admin1, unit.admin2 or unit.name
        ck = ("seeds2", cc)
        if ck not in self._cache:
            rows = self.conn.execute(
                "SELECT latitude, longitude, admin1, name, seq FROM places WHERE kind='admin2' "
                "AND country_code=? ORDER BY seq", (cc,)).fetchall()
            points: list[tuple[float, float, str | None, str]] = []
            extra: dict[str, list[tuple[float, float]]] = {}
            ids = self.conn.execute(
                "SELECT p.name, s.lat, s.lon FROM seeds s JOIN places p ON p.id=s.place_id "
                "WHERE p.country_code=? ORDER BY s.seq", (cc,)).fetchall()
            for name, slat, slon in ids:
                extra.setdefault(name, []).append((slat, slon))
            for plat, plon, a1, name, _ in rows:
                points.append((plat, plon, a1, name))
                points.extend((s[0], s[1], a1, name) for s in extra.get(name, ()))
            self._cache[ck] = points
        seeds2 = self._cache[ck]
        if seeds2:
            best = min(seeds2, key=lambda s: gz._distance2(lat, lon, s[0], s[1]))
            return best[2], best[3]
        unit = self.containing(lat, lon, cc, 1)
        if unit is not None:
            return unit.name, None
        rows1 = self.conn.execute(
            "SELECT latitude, longitude, name FROM places WHERE kind='admin1' AND "
            "country_code=? ORDER BY seq", (cc,)).fetchall()
        if rows1:
            best1 = min(rows1, key=lambda s: gz._distance2(lat, lon, s[0], s[1]))
            return best1[2], None
        return None, None

    # -- beyond the interface

    def nearest_admin2(self, lat: float, lon: float, country_code: str, admin1: str) -> str | None:
        a1, a2 = self.nearest_admin(lat, lon, country_code)
        return a2 if a1 == admin1 else None

    def containing(self, lat: float, lon: float, country_code: str, level: int) -> Place | None:
        """The admin unit of ``level`` (1 or 2) whose polygon contains the point."""
        key = (country_code, level)
        if key not in self._shapes:
            rows = self.conn.execute(
                "SELECT place_id, min_lon, min_lat, max_lon, max_lat, geojson FROM geometries "
                "WHERE country_code=? AND level=?", key).fetchall()
            self._shapes[key] = [((r[1], r[2], r[3], r[4]), json.loads(r[5]), r[0]) for r in rows]
        for (x0, y0, x1, y1), geom, pid in self._shapes[key]:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and polygon.contains(geom, lat, lon):
                return self.place(pid)
        return None

    def place(self, place_id: str) -> Place | None:
        r = self.conn.execute(f"SELECT {_PLACE_COLS} FROM places p WHERE p.id=?",
                              (place_id,)).fetchone()
        return _place_of(r) if r else None

    def places(self) -> Iterable[Place]:
        for r in self.conn.execute(f"SELECT {_PLACE_COLS} FROM places p ORDER BY p.seq"):
            yield _place_of(r)

    def __len__(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]

    def names_within(self, admin1: str | None = None, admin2: str | None = None,
                     country_code: str | None = None) -> list[tuple[str, str]]:
        """(exact key, place id) of the settlements of an admin unit (for fuzzy matching)."""
        ck = ("within", admin1 or "", admin2 or "", country_code or "")
        if ck not in self._cache:
            where, args = ["n.loose=0", "p.tier=3"], []
            for col, val in (("admin1", admin1), ("admin2", admin2),
                             ("country_code", country_code)):
                if val:
                    where.append(f"p.{col}=?")
                    args.append(val)
            self._cache[ck] = self.conn.execute(
                f"SELECT n.key, n.place_id FROM names n JOIN places p ON p.id=n.place_id "
                f"WHERE {' AND '.join(where)}", args).fetchall()
        return self._cache[ck]

    def stats(self) -> dict[str, Any]:
        """Counts by source, kind and country; names, polygons, imports."""
        q = self.conn.execute
        return {
            "path": str(self.path),
            "places": len(self),
            "by_source": dict(q("SELECT source, COUNT(*) FROM places GROUP BY source "
                                "ORDER BY 2 DESC").fetchall()),
            "by_kind": dict(q("SELECT kind, COUNT(*) FROM places GROUP BY kind "
                              "ORDER BY 2 DESC").fetchall()),
            "by_country": dict(q("SELECT country_code, COUNT(*) FROM places GROUP BY 1 "
                                 "ORDER BY 2 DESC").fetchall()),
            "with_arabic_name": q("SELECT COUNT(*) FROM places WHERE name_ar IS NOT NULL "
                                  "AND name_ar != ''").fetchone()[0],
            "name_keys": q("SELECT COUNT(*) FROM names").fetchone()[0],
            "polygons": dict(q("SELECT 'admin' || level, COUNT(*) FROM geometries "
                               "GROUP BY level").fetchall()),
            "admin_codes": q("SELECT COUNT(*) FROM admin_codes").fetchone()[0],
            "matcher_names": len(self.arabic_names()),
            "imports": [dict(zip(("file", "format", "at", "read", "new", "updated",
                                  "unchanged", "skipped"), r, strict=True))
                        for r in q("SELECT file, format, at, read, new, updated, unchanged, "
                                   "skipped FROM imports ORDER BY seq").fetchall()],
        }

    def _admin_match(self, kind: str, key: str, loose: bool, cc: str | None) -> Place | None:
        rows = self.conn.execute(
            f"SELECT {_PLACE_COLS} FROM admin_names a JOIN places p ON p.id=a.place_id "
            "WHERE a.kind=? AND a.key=? AND a.loose=?", (kind, key, int(loose))).fetchall()
        rows = [r for r in rows if cc is None or r[5] == cc]
        if not rows:
            return None
        return _place_of(min(rows, key=lambda r: (r[11], -r[10], COUNTRY_PRIO.get(r[5], 99),
                                                  r[0])))


def open_store(path: str | Path | None = None, *, create: bool = True) -> GazetteerStore | None:
    """The store at ``path`` (default :func:`default_path`); None when it does not exist
    and ``create`` is False."""
    p = Path(path) if path is not None else default_path()
    if not create and not p.exists():
        return None
    return GazetteerStore(p)
