"""Import gazetteer files into the store: GeoNames dumps, OCHA places CSV, OCHA GeoJSON.

Formats:

- ``geonames``: a GeoNames country dump (``SY.txt``, or ``SY.zip`` holding it; also
  ``allCountries``), 19 tab-separated columns, read line by line (bounded memory).
  ``admin1CodesASCII.txt`` and ``admin2Codes.txt`` (recognised by their names) fill the
  admin code tables and add their Latin names to the matching admin units.
- ``ocha``: an OCHA populated places / admin4 communities CSV (``NAME_ARA``, ``NAME_EN``,
  ``PCODE``, ``ADMIN1_COD`` … ``ADMIN3_ARA``, ``LATITUDE``, ``LONGITUDE``, ``CAPIT_LVL``),
  read row by row. Admin units are those of the store with the same P-code (the built-in
  Syrian units are keyed by OCHA P-codes), so places get the same admin names as events.
  The subdistricts (ناحية, ``ADMIN3_*``) the rows name become admin3 units placed at the
  mean of their communities: reporting names them ("منطقة الحمراء شرق حماة") and no
  point gazetteer holds them.
- ``ocha-geojson``: OCHA admin1/admin2 boundaries (``PCODE``/``NAME_EN``/``NAME_ARA``,
  ``ADMIN1_COD`` for districts; or HDX's ``ADM1_PCODE``/``ADM1_EN``/``ADM1_AR`` …). The
  polygon is stored, its centroid becomes the unit's coordinates (precision-3 coding),
  and its names are added to the unit's names.

Every file is imported in one transaction: a file that fails (I/O error, interrupt)
leaves the store as it was. A malformed line is reported (line number, reason) and
skipped. Importing the same file twice changes nothing (rows are compared by digest).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from rasad.geo import polygon
from rasad.geo.gazetteer import _LATIN_ONLY_RE, _kind_of, is_arabic, name_key
from rasad.geo.store import GazetteerStore, Row

FORMATS = ("geonames", "ocha", "ocha-geojson")
MAX_PROBLEMS = 50  # problems kept for the report (all are counted)
# Which imported names go into the matcher automaton (the others are found after a
# place-type word, قرية X, or through a name the matcher knows): GeoNames populated
# places of this size (the built-in gazetteer's floor). OCHA communities do not: on the
# dev set their 5,251 village names add more false events than they find (event F1
# 0.711 without them in the matcher, 0.671 with them; built-in alone 0.703).
MATCHER_MIN_POPULATION = 500

# GeoNames feature classes/codes imported, and the kind they get.
_S_KINDS = {
    "AIRP": "airport", "AIRB": "airport", "AIRF": "airport", "AIRH": "airport",
    "AIRQ": "airport", "CMP": "camp", "CMPRF": "camp", "CMPMN": "camp", "CMPQ": "camp",
    "MILB": "other", "INSM": "other", "PRN": "other", "BDG": "other", "DAM": "other",
    "HSP": "other", "STDM": "other", "UNIV": "other", "PS": "other", "PSTB": "other",
    "RSTN": "other", "MSQE": "other", "CSTL": "other", "RUIN": "other", "FRM": "other",
}
_T_CODES = {"MT", "MTS", "HLL", "HLLS", "PK", "PKS", "PLAT", "RDGE", "VAL", "WAD", "MND"}
_OCHA_QUALIFIERS = ("الكبير", "الكبيره", "الصغير", "الصغيره", "الشرقي", "الشرقيه",
                    "الغربي", "الغربيه", "الشمالي", "الشماليه", "الجنوبي", "الجنوبيه",
                    "الفوقاني", "التحتاني", "القبلي", "البحري", "الجديد", "الجديده",
                    "القديم", "القديمه", "فوقاني", "تحتاني")


class ImportError_(Exception):
    """A file that cannot be imported at all (unknown format, missing columns)."""


@dataclass(slots=True)
class ImportSummary:
    """What one import did."""

    file: str
    format: str
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[int, str]] = field(default_factory=list)
    polygons: int = 0

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def skip(self, line: int, reason: str, *, malformed: bool = True) -> None:
        self.skipped += 1
        self.reasons[reason] += 1
        if malformed and len(self.problems) < MAX_PROBLEMS:
            self.problems.append((line, reason))

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "format": self.format, "read": self.read, "new": self.new,
                "updated": self.updated, "unchanged": self.unchanged,
                "skipped": self.skipped, "reasons": dict(self.reasons),
                "problems": [list(p) for p in self.problems], "polygons": self.polygons}


Progress = Callable[[int], None]  # called with the number of bytes (or features) done


def import_file(store: GazetteerStore, path: str | Path, fmt: str,
                progress: Progress | None = None) -> ImportSummary:
    """Import one file in one transaction; see the module docstring."""
    path = Path(path)
    if fmt not in FORMATS:
        raise ImportError_(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    summary = ImportSummary(str(path), fmt)
    tick = progress or (lambda n: None)
    with store.transaction() as conn:
        if fmt == "geonames":
            low = path.name.lower()
            if low.startswith("admin1codes") or low.startswith("admin2codes"):
                _import_admin_codes(store, path, summary, tick, 1 if "admin1" in low else 2)
            else:
                with _open_dump(path) as (fh, _size):
                    _import_geonames(store, fh, summary, tick)
        elif fmt == "ocha":
            with _open_text(path) as fh:
                _import_ocha_csv(store, fh, summary, tick)
        else:
            _import_geojson(store, path, summary, tick)
        conn.execute(
            "INSERT INTO imports (file, format, at, read, new, updated, unchanged, skipped) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (str(path), fmt, datetime.now(UTC).isoformat(timespec="seconds"), summary.read,
             summary.new, summary.updated, summary.unchanged, summary.skipped))
    return summary


def total_size(path: str | Path) -> int:
    """The number of bytes the importer will report progress over."""
    path = Path(path)
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            return _member(zf, path).file_size
    return path.stat().st_size


# ------------------------------------------------------------------------ files


class _open_text:
    """A text file (UTF-8, BOM tolerated), undecodable bytes replaced."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> TextIO:
        self.fh = self.path.open(encoding="utf-8-sig", errors="replace", newline="")
        return self.fh

    def __exit__(self, *exc: object) -> None:
        self.fh.close()


def _member(zf: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    want = path.stem + ".txt"
    infos = [i for i in zf.infolist() if not i.is_dir()]
    for i in infos:
        if Path(i.filename).name == want:
            return i
    txts = [i for i in infos if i.filename.endswith(".txt")
            and not Path(i.filename).name.lower().startswith("readme")]
    if len(txts) == 1:
        return txts[0]
    raise ImportError_(f"{path}: no {want} inside the zip")


class _open_dump:
    """A GeoNames dump, plain or zipped, as lines of text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zf: zipfile.ZipFile | None = None

    def __enter__(self) -> tuple[TextIO, int]:
        if self.path.suffix.lower() == ".zip":
            try:
                self.zf = zipfile.ZipFile(self.path)
            except zipfile.BadZipFile as e:
                raise ImportError_(f"{self.path}: not a zip file ({e})") from e
            info = _member(self.zf, self.path)
            raw = self.zf.open(info)
            self.fh = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
            return self.fh, info.file_size
        self.fh = self.path.open(encoding="utf-8", errors="replace", newline="")
        return self.fh, self.path.stat().st_size

    def __exit__(self, *exc: object) -> None:
        self.fh.close()
        if self.zf is not None:
            self.zf.close()


def _lines(fh: TextIO, tick: Progress) -> Iterator[tuple[int, str]]:
    done = 0
    for n, line in enumerate(fh, 1):
        done += len(line.encode("utf-8", "replace")) if not line.isascii() else len(line)
        if n % 2000 == 0:
            tick(done)
        yield n, line.rstrip("\r\n")
    tick(done)


# --------------------------------------------------------------------- GeoNames


def _country_names(store: GazetteerStore) -> dict[str, str]:
    rows = store.conn.execute("SELECT country_code, name FROM places WHERE kind='country'")
    return dict(rows.fetchall())


def _gn_admin1(store: GazetteerStore) -> dict[tuple[str, str], tuple[str, str | None, str]]:
    """(ISO2, GeoNames admin1 code) -> (admin1 name, Arabic name, place id)."""
    from rasad.geo.gazetteer import _data_bytes, _parse_admin, _yaml

    out: dict[tuple[str, str], tuple[str, str | None, str]] = {}
    admin = _parse_admin(_yaml(_data_bytes("admin.yaml")), {})
    for (cc, gn), p in admin.by_gn.items():
        out[(cc, gn)] = (p.name, p.name_ar, p.id)
    for code, cc, name, pid in store.conn.execute(
            "SELECT code, country_code, name, place_id FROM admin_codes WHERE level=1"):
        key = (cc, code.split(".", 1)[1])
        if key not in out:
            out[key] = (name, None, pid or f"gn-adm1:{code}")
    return out


def _names_of(cols: list[str]) -> list[str]:
    names: list[str] = []
    for n in (cols[1], cols[2], *cols[3].split(",")):
        n = n.strip()
        if n and n not in names and (is_arabic(n) or _LATIN_ONLY_RE.match(n)):
            names.append(n)
    return names


def _geonames_kind(fclass: str, fcode: str, name: str, names: list[str], pop: int) -> str | None:
    if fclass == "P":
        if fcode == "PPLX":
            return "neighbourhood"
        if fcode in ("PPLC", "PPLA") and pop < 10_000:
            return "town"
        return _kind_of(name, names, pop)
    if fclass == "S":
        return _S_KINDS.get(fcode)
    if fclass == "T" and fcode in _T_CODES:
        return "other"
    return None


def _import_geonames(store: GazetteerStore, fh: TextIO, s: ImportSummary,
                     tick: Progress) -> None:
    countries = _country_names(store)
    admin1 = _gn_admin1(store)
    admin2_names = dict(store.conn.execute(
        "SELECT code, name FROM admin_codes WHERE level=2").fetchall())
    for n, line in _lines(fh, tick):
        if not line.strip() or line.startswith("#"):
            continue
        s.read += 1
        cols = line.split("\t")
        if len(cols) != 19:
            s.skip(n, f"expected 19 tab-separated columns, found {len(cols)}")
            continue
        try:
            gid = int(cols[0])
            lat, lon = float(cols[4]), float(cols[5])
            pop = int(cols[14] or 0)
        except ValueError:
            s.skip(n, "bad geonameid, coordinates or population")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            s.skip(n, "coordinates out of range")
            continue
        fclass, fcode, cc = cols[6], cols[7], cols[8].upper()
        if cc == "IL" and cols[10] == "WE":
            cc = "PS"
        names = _names_of(cols)
        if not names:
            s.skip(n, "no name")
            continue
        kind = _geonames_kind(fclass, fcode, cols[2] or cols[1], names, pop)
        if kind is None:
            s.skip(n, f"feature {fclass}.{fcode} not imported", malformed=False)
            continue
        a1 = admin1.get((cc, cols[10]))
        a1_name = a1[0] if a1 else None
        a2_name = admin2_names.get(f"{cc}.{cols[10]}.{cols[11]}") if cols[11] else None
        if a1_name and cc in ("SY", "PS"):  # districts from the store's own units
            a1b, a2b = store.nearest_admin(lat, lon, cc)
            a2_name = a2b if a1b == a1_name else store.nearest_admin2(lat, lon, cc, a1_name)
        elif a1_name is None and cc in countries:
            a1_name, a2b = store.nearest_admin(lat, lon, cc)
            a2_name = a2_name or a2b
        arabic = [x for x in names if is_arabic(x)]
        row = Row(
            f"geonames:{gid}", "geonames", str(gid), cols[2] or cols[1],
            _display_arabic(arabic, cols[2] or cols[1]), names, kind, fclass, fcode,
            countries.get(cc, cc), cc, a1_name, a2_name, None,
            f"{cc}.{cols[10]}" if cols[10] else None,
            f"{cc}.{cols[10]}.{cols[11]}" if cols[11] else None,
            cols[12] or None, a1[1] if a1 else None, None, None, a1[2] if a1 else None,
            lat, lon, pop, in_matcher=fclass == "P" and pop >= MATCHER_MIN_POPULATION,
        )
        s.count(store.put(row))


def _display_arabic(arabic: list[str], latin: str) -> str | None:
    if not arabic:
        return None
    from rasad.geo.gazetteer import _best_arabic

    return _best_arabic(arabic, name_key(latin), frozenset())


def _import_admin_codes(store: GazetteerStore, path: Path, s: ImportSummary, tick: Progress,
                        level: int) -> None:
    """admin1CodesASCII.txt / admin2Codes.txt: code, name, asciiname, geonameid."""
    admin1 = _gn_admin1(store) if level == 1 else {}
    with _open_text(path) as fh:
        for n, line in _lines(fh, tick):
            if not line.strip():
                continue
            s.read += 1
            cols = line.split("\t")
            if len(cols) != 4 or cols[0].count(".") != level:
                s.skip(n, f"expected 4 columns and an admin{level} code")
                continue
            code, name, ascii_name, gid = cols
            cc = code.split(".", 1)[0].upper()
            unit = admin1.get((cc, code.split(".")[1])) if level == 1 else None
            pid = unit[2] if unit and not unit[2].startswith("gn-") else None
            old = store.conn.execute(
                "SELECT name, asciiname, geonameid, place_id FROM admin_codes WHERE code=?",
                (code,)).fetchone()
            new = (name, ascii_name, gid, pid)
            if old == new:
                s.unchanged += 1
                continue
            store.conn.execute("INSERT OR REPLACE INTO admin_codes VALUES (?, ?, ?, ?, ?, ?, ?)",
                               (code, level, cc, name, ascii_name, gid, pid))
            if pid:  # the GeoNames names of a known unit become more of its names
                row = store.row(pid)
                if row is not None:
                    extra = [x for x in (name, ascii_name) if x and x not in row.names]
                    if extra:
                        row.names = [*row.names, *extra]
                        store.put(row)
            s.count("new" if old is None else "updated")


# ------------------------------------------------------------------------ OCHA


_OCHA_NEEDED = ("PCODE", "LATITUDE", "LONGITUDE")


def _f(row: dict[str, str], *keys: str) -> str:
    for k in keys:
        v = (row.get(k) or "").strip()
        if v:
            return v
    return ""


def _admin_names(store: GazetteerStore, pcode: str, fallback_en: str) -> tuple[str | None, str]:
    """(English name, place id) of an admin unit by P-code, preferring the store's."""
    row = store.conn.execute("SELECT name, name_ar FROM places WHERE id IN (?, ?)",
                             (f"adm1:{pcode}", f"adm2:{pcode}")).fetchone()
    return (row[0] if row else (fallback_en or None)), (row[1] if row else "")


def _import_ocha_csv(store: GazetteerStore, fh: TextIO, s: ImportSummary,
                     tick: Progress) -> None:
    done = [0]

    def counted() -> Iterator[str]:
        for line in fh:
            done[0] += len(line.encode("utf-8", "replace"))
            yield line

    reader = csv.DictReader(counted())
    header = reader.fieldnames or []
    missing = [c for c in _OCHA_NEEDED if c not in header]
    if missing or not ({"NAME_ARA", "NAME_EN"} & set(header)):
        raise ImportError_(f"not an OCHA places CSV: missing columns "
                           f"{', '.join(missing) or 'NAME_ARA/NAME_EN'}")
    countries = _country_names(store)
    units: dict[str, tuple[str | None, str]] = {}
    subdistricts: dict[str, _Subdistrict] = {}

    def unit(code: str, en: str) -> str | None:
        if not code:
            return en or None
        if code not in units:
            units[code] = _admin_names(store, code, en)
        return units[code][0]

    for rec in reader:
        n = reader.line_num
        s.read += 1
        if s.read % 500 == 0:
            tick(done[0])
        if None in rec:  # more fields than the header
            s.skip(n, "more fields than the header")
            continue
        pcode = _f(rec, "PCODE")
        ar = _f(rec, "NAME_ARA")
        en = _f(rec, "NAME_EN", "NAM_EN_REF")
        if not pcode:
            s.skip(n, "no PCODE")
            continue
        if not (ar or en):
            s.skip(n, "no name")
            continue
        try:
            lat = float(_f(rec, "LATITUDE", "GEOM_LAT"))
            lon = float(_f(rec, "LONGITUDE", "GEOM_LON"))
        except ValueError:
            s.skip(n, "bad coordinates")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
            s.skip(n, "coordinates out of range")
            continue
        a1c, a2c, a3c = _f(rec, "ADMIN1_COD"), _f(rec, "ADMIN2_COD"), _f(rec, "ADMIN3_COD")
        cc = (a1c or pcode)[:2].upper() if (a1c or pcode)[:2].isalpha() else "SY"
        if cc not in countries:
            cc = "SY"
        capital = _f(rec, "CAPIT_LVL")
        kind = {"1": "city", "2": "town", "3": "town"}.get(capital, "village")
        names = [x for x in dict.fromkeys((ar, en, _f(rec, "NAM_EN_REF"))) if x]
        loose = _loose_variants(ar)
        row = Row(
            f"ocha:{pcode}", "ocha", pcode, en or ar, ar or None, names, kind, "P",
            {"1": "PPLA", "2": "PPLA2", "3": "PPLA3"}.get(capital, "PPL"),
            countries.get(cc, cc), cc, unit(a1c, _f(rec, "ADMIN1_EN")),
            unit(a2c, _f(rec, "ADMIN2_EN")), _f(rec, "ADMIN3_EN") or None, a1c or None,
            a2c or None, a3c or None, _f(rec, "ADMIN1_ARA") or None,
            _f(rec, "ADMIN2_ARA") or None, _f(rec, "ADMIN3_ARA") or None,
            f"adm2:{a2c}" if a2c else None, lat, lon, 0, in_matcher=False,
            loose_names=loose,
        )
        s.count(store.put(row))
        if a3c and row.admin2:
            sub = subdistricts.get(a3c)
            if sub is None:
                sub = subdistricts[a3c] = _Subdistrict(row)
            sub.add(lat, lon)
    for code in sorted(subdistricts):
        s.count(store.put(subdistricts[code].row()))
    tick(done[0])


class _Subdistrict:
    """An admin3 unit gathered from the communities that name it: the first row gives
    its names and admin units, all of them its point (their mean)."""

    __slots__ = ("first", "lat", "lon", "n")

    def __init__(self, first: Row) -> None:
        self.first, self.lat, self.lon, self.n = first, 0.0, 0.0, 0

    def add(self, lat: float, lon: float) -> None:
        self.lat, self.lon, self.n = self.lat + lat, self.lon + lon, self.n + 1

    def row(self) -> Row:
        f = self.first
        ar, en = f.admin3_ar or "", f.admin3 or ""
        return Row(
            f"adm3:{f.admin3_code}", f.source, f.admin3_code or "", en or ar, ar or None,
            [x for x in dict.fromkeys((ar, en)) if x], "admin3", "A", "ADM3", f.country,
            f.country_code, f.admin1, f.admin2, en or None, f.admin1_code, f.admin2_code,
            f.admin3_code, f.admin1_ar, f.admin2_ar, f.admin3_ar, f.parent_id,
            self.lat / self.n, self.lon / self.n, 0, in_matcher=False,
        )


def _loose_variants(ar: str) -> tuple[str, ...]:
    """Names a community is also called by: without a qualifier word (خوين الكبير ->
    خوين), indexed loosely only."""
    if not ar:
        return ()
    words = name_key(ar).split()
    out = []
    if len(words) >= 2 and words[-1] in _OCHA_QUALIFIERS and len(words[0]) >= 3:
        out.append(" ".join(words[:-1]))
    if len(words) >= 2 and words[0] == "ام" and len("".join(words[1:])) >= 5:
        out.append(" ".join(words[1:]))  # أم الخلاخيل -> الخلاخيل
    return tuple(out)


# --------------------------------------------------------------------- GeoJSON


def _level_of(props: dict[str, Any]) -> tuple[int, str, str, str, str] | None:
    """(level, pcode, English name, Arabic name, parent pcode) of a boundary feature."""
    if props.get("ADM2_PCODE"):
        return (2, props["ADM2_PCODE"], props.get("ADM2_EN", ""), props.get("ADM2_AR", ""),
                props.get("ADM1_PCODE", ""))
    if props.get("ADM1_PCODE"):
        return (1, props["ADM1_PCODE"], props.get("ADM1_EN", ""), props.get("ADM1_AR", ""), "")
    pcode = props.get("PCODE")
    if not pcode:
        return None
    en = props.get("NAME_EN") or props.get("NAM_EN_REF") or ""
    ar = props.get("NAME_ARA") or props.get("NAME_AR") or ""
    if props.get("ADMIN2_COD"):
        return 3, pcode, en, ar, props["ADMIN2_COD"]
    if props.get("ADMIN1_COD"):
        return 2, pcode, en, ar, props["ADMIN1_COD"]
    return 1, pcode, en, ar, ""


def _import_geojson(store: GazetteerStore, path: Path, s: ImportSummary,
                    tick: Progress) -> None:
    """Boundary files are a few MB: read whole (features are then handled one by one)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            doc = json.load(fh)
    except ValueError as e:
        raise ImportError_(f"{path}: not JSON ({e})") from e
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ImportError_(f"{path}: not a GeoJSON FeatureCollection")
    countries = _country_names(store)
    for n, feat in enumerate(doc.get("features") or (), 1):
        s.read += 1
        if n % 5 == 0:
            tick(n)
        props = (feat or {}).get("properties") or {}
        geom = (feat or {}).get("geometry") or {}
        info = _level_of(props)
        if info is None:
            s.skip(n, "no PCODE / ADM1_PCODE / ADM2_PCODE")
            continue
        level, pcode, en, ar, parent = info
        if level > 2:
            s.skip(n, "admin3 boundaries are not imported", malformed=False)
            continue
        try:
            lat, lon = polygon.centroid(geom)
        except (ValueError, TypeError, IndexError, KeyError) as e:
            s.skip(n, f"bad geometry ({e})")
            continue
        cc = pcode[:2].upper()
        pid = f"adm{level}:{pcode}"
        row = store.row(pid)
        if row is None:
            if not (en or ar):
                s.skip(n, "no name")
                continue
            parent_row = store.row(f"adm1:{parent}") if parent else None
            row = Row(pid, "ocha", pcode, en or ar, ar or None, [], f"admin{level}", "A",
                      f"ADM{level}", countries.get(cc, cc), cc,
                      parent_row.name if parent_row else (en if level == 1 else None),
                      (en or ar) if level == 2 else None,
                      parent_id=parent_row.id if parent_row else None)
            if level == 1:
                row.admin1_code = pcode
            else:
                row.admin1_code, row.admin2_code = parent or None, pcode
        extra = [x for x in (ar, en, props.get("NAM_EN_REF") or "") if x and x not in row.names]
        row.names = [*row.names, *extra]
        row.name_ar = row.name_ar or ar or None
        if level == 1:
            row.admin1_ar = row.admin1_ar or ar or None
        else:
            row.admin2_ar = row.admin2_ar or ar or None
        row.latitude, row.longitude = round(lat, 5), round(lon, 5)
        if row.source == "builtin":
            row.source = "builtin+ocha"
        outcome = store.put(row)
        changed = store.put_geometry(pid, level, cc, geom)
        s.polygons += int(changed)
        if outcome == "unchanged" and changed:
            outcome = "updated"
        s.count(outcome)
    tick(s.read)
