"""`rasad gazetteer bench`: how far from the gold coordinates the resolver puts places.

For every gold event of a dev set with coordinates, the gold ``location_ar`` is resolved
in its article's context, as extraction would: the article's country and governorate
(:func:`rasad.extract.analyze`), the district or governorate named in the sentence of the
gold evidence, and the place-type word found before the name there. Each distinct
(article, place, coordinates) counts once. Reported: the share within 5 km and 25 km of
gold, the median error in km, and the places not resolved at all.

Runs with the built-in gazetteer, and with a store holding the OCHA files of
``../shared/data/geo`` (imported into a temporary store; said so when absent), or with
the store given.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rasad.geo.gazetteer import Gazetteer, bare_key, builtin_gazetteer
from rasad.geo.polygon import haversine_km
from rasad.geo.resolve import PlaceQuery, resolve
from rasad.text.normalize import normalize_key

OCHA_FILES = (
    ("ocha_syr_2015/syr_admin1.geojson", "ocha-geojson"),
    ("ocha_syr_2015/syr_admin2.geojson", "ocha-geojson"),
    ("ocha_syr_2015/syr_admin4_communities.csv", "ocha"),
    ("geonames/admin1CodesASCII.txt", "geonames"),
    ("geonames/admin2Codes.txt", "geonames"),
)


def _articles(path: Path, limit: int | None) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if limit and len(out) >= limit:
                    break
    return out


def _mention(analysis, key: str, evidence: str):
    """The sentence facts of the gold evidence, the sentence that names the gold place
    (None when none does) and the mention of the place there."""
    from rasad.extract.places import PlaceMention

    doc = analysis.document
    ev = normalize_key(evidence or "")[:60]
    loose = bare_key(key)
    home = None
    for sf in analysis.sentences:
        text = doc.norm.text[sf.view.sentence.start:sf.view.sentence.end]
        if ev and (ev in text or text[:60] in normalize_key(evidence)):
            home = sf
            break
    order = [home] if home is not None else []
    order += [sf for sf in analysis.sentences if sf is not home]
    for sf in order:
        for p in sf.places:
            names = {p.name, p.core or ""}
            if key in names or loose in {bare_key(n) for n in names if n}:
                return sf if home is None else home, sf, p
    return home, None, PlaceMention(0, 0, key, None, 1, False, "bench")


def evaluate(gold: list[dict[str, Any]], gazetteer: Gazetteer, lexicon,
             table_articles: int = 0) -> dict[str, Any]:
    from rasad.extract import _qualifier, analyze, resolve_targets
    from rasad.model import Article

    errors: list[float] = []
    unresolved = 0
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str, float, float]] = set()
    for n, art in enumerate(gold):
        events = [e for e in art.get("events") or () if e.get("latitude") is not None
                  and e.get("location_ar")]
        if not events:
            continue
        article = Article(id=art["id"], text=art["text"], title=art.get("title"),
                          url=art.get("url"), outlet=art.get("outlet"),
                          published=_day(art.get("published")))
        analysis = analyze(article, lexicon, gazetteer)
        ctx = analysis.context
        for e in events:
            key = normalize_key(e["location_ar"])
            ident = (art["id"], key, e["latitude"], e["longitude"])
            if ident in seen:
                continue
            seen.add(ident)
            sf, owner, p = _mention(analysis, key, e.get("evidence", ""))
            qualifier = _qualifier(sf, gazetteer, ctx) if sf is not None else None
            if owner is not None:  # as extraction codes it, beside its sentence's places
                r = resolve_targets(analysis.document, owner, [(p, owner.view)], gazetteer,
                                    ctx, qualifier)[0]
            else:
                query = PlaceQuery(p.name or key, p.kind, p.precision, p.near, p.region,
                                   p.core if p.core and p.core != p.name else None)
                r = resolve(query, e["location_ar"], gazetteer, ctx, qualifier)
            km = None
            if r.latitude is not None:
                km = haversine_km(r.latitude, r.longitude, e["latitude"], e["longitude"])
                errors.append(km)
            else:
                unresolved += 1
            if n < table_articles:
                rows.append({
                    "article": art["id"], "gold": e["location_ar"],
                    "gold_precision": e.get("geo_precision"), "resolved": r.place_id,
                    "resolved_name": r.location, "admin1": r.admin1, "admin2": r.admin2,
                    "precision": r.geo_precision, "rule": r.rule,
                    "km": None if km is None else round(km, 1),
                })
    total = len(errors) + unresolved
    return {
        "places": total,
        "within_5km": round(sum(k <= 5 for k in errors) / total, 3) if total else None,
        "within_25km": round(sum(k <= 25 for k in errors) / total, 3) if total else None,
        "median_km": round(statistics.median(errors), 1) if errors else None,
        "unresolved": unresolved,
        "table": rows,
    }


def _day(value):
    from datetime import date

    return date.fromisoformat(value) if value else None


def run(gold_path: Path, *, geo_dir: Path | None = None, store_path: Path | None = None,
        limit: int | None = None, table_articles: int = 0,
        log: Callable[[str], None] = print) -> dict[str, Any]:
    from rasad.geo.importers import import_file
    from rasad.geo.store import GazetteerStore
    from rasad.runtime import cached_lexicon

    gold = _articles(gold_path, limit)
    result: dict[str, Any] = {"gold": str(gold_path), "articles": len(gold), "runs": {}}
    started = time.perf_counter()
    g = builtin_gazetteer()
    result["runs"]["built-in"] = evaluate(gold, g, cached_lexicon(sorted(g.arabic_names())),
                                          table_articles)
    log(f"built-in gazetteer: {time.perf_counter() - started:.1f}s")
    with tempfile.TemporaryDirectory(prefix="rasad-geo-bench-") as tmp:
        label, store = None, None
        if store_path is not None:
            label, store = f"store {store_path}", GazetteerStore(store_path)
        elif geo_dir is not None:
            present = [(geo_dir / f, fmt) for f, fmt in OCHA_FILES if (geo_dir / f).exists()]
            if not present:
                log(f"no OCHA files under {geo_dir}: only the built-in gazetteer is measured")
                result["note"] = f"no OCHA files under {geo_dir}"
            else:
                store = GazetteerStore(Path(tmp) / "gazetteer.sqlite")
                for f, fmt in present:
                    s = import_file(store, f, fmt)
                    log(f"imported {f} into a temporary store: {s.new} new, "
                        f"{s.updated} updated, {s.skipped} skipped")
                label = "with OCHA imported"
        if store is not None and label is not None:
            started = time.perf_counter()
            lexicon = cached_lexicon(sorted(store.arabic_names()))
            result["runs"][label] = evaluate(gold, store, lexicon, table_articles)
            log(f"{label}: {time.perf_counter() - started:.1f}s")
            store.close()
    return result


def render(result: dict[str, Any], console) -> None:
    from rich.table import Table

    t = Table(title=f"place resolution on {result['gold']} ({result['articles']} articles)")
    for col in ("gazetteer", "places", "within 5 km", "within 25 km", "median km",
                "unresolved"):
        t.add_column(col)
    for label, r in result["runs"].items():
        t.add_row(label, str(r["places"]), f"{(r['within_5km'] or 0):.1%}",
                  f"{(r['within_25km'] or 0):.1%}", str(r["median_km"]), str(r["unresolved"]))
    console.print(t)
    for label, r in result["runs"].items():
        if not r["table"]:
            continue
        tt = Table(title=f"places of the first articles — {label}")
        for col in ("article", "gold", "gold p", "resolved", "name", "admin2", "p", "rule",
                    "km"):
            tt.add_column(col, overflow="fold")
        for row in r["table"]:
            tt.add_row(row["article"], row["gold"], str(row["gold_precision"]),
                       row["resolved"] or "-", row["resolved_name"], row["admin2"] or "",
                       str(row["precision"]), row["rule"],
                       "-" if row["km"] is None else f"{row['km']:.1f}")
        console.print(tt)
