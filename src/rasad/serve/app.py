"""The web application of ``rasad serve``: a read-only HTTP API over the event database and
the page (map, timeline, evidence) that uses it.

    app = create_app("sqlite:////data/rasad.sqlite")
    uvicorn.run(app, host="127.0.0.1", port=8700)

The database is opened read-only at the connection level (SQLite ``query_only``,
PostgreSQL read-only transactions): no request can change it. Every response carries a
strict Content-Security-Policy; the page's scripts put article text into the page as
text only, never as HTML.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine

from rasad import __version__
from rasad.serve import models, queries
from rasad.serve.queries import EventFilter
from rasad.store.db import Store, make_engine

STATIC = Path(__file__).parent / "static"

# At most this many events in one answer: a page of the list, or the map's points.
MAX_PAGE = 1000
MAX_FEATURES = 10000
GEOJSON = "application/geo+json"


def read_only_engine(url: str) -> Engine:
    """An engine on ``url`` whose connections cannot write."""
    engine = make_engine(url)

    def read_only(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        if engine.dialect.name == "sqlite":
            cur.execute("PRAGMA query_only=ON")
            # filters that scan read mapped pages, not one read() call per page
            cur.execute("PRAGMA mmap_size=1073741824")
        else:
            cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_conn.commit()
        cur.close()

    sa.event.listen(engine, "connect", read_only)
    return engine


def content_security_policy(tiles: str | None) -> str:
    """Nothing but this server's own files, plus images from the tile server if given."""
    img = ["'self'", "data:"]
    if tiles:
        parts = urlsplit(tiles.replace("{s}", "a"))
        host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tiles else parts.netloc
        img.append(f"{parts.scheme}://{host}")
    return "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self'",
        f"img-src {' '.join(img)}", "connect-src 'self'", "font-src 'self'",
        "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
    ])


def _clean(text: str | None) -> str | None:
    """A query string without NUL characters (PostgreSQL text cannot hold them)."""
    return text.replace("\x00", "") if text is not None else None


def _cleaned(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.replace("\x00", "") for v in values or ())


_NUMBER = r"\s*-?[0-9]+(\.[0-9]+)?\s*"
BBOX_PATTERN = f"^{_NUMBER}(,{_NUMBER}){{3}}$"


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """The four numbers of a bbox parameter (its pattern has been checked); a box whose
    minimum is above its maximum holds nothing."""
    if text is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in text.split(","))
    return x0, y0, x1, y1


class _Boundaries:
    """Admin polygons from the gazetteer store, read once per level and kept as bytes."""

    def __init__(self, path: str | Path | bool | None) -> None:
        self.path = path  # None: the user's store; False: none
        self._cache: dict[int, bytes] = {}
        self._lock = threading.Lock()

    def geojson(self, level: int) -> bytes:
        with self._lock:
            if level not in self._cache:
                self._cache[level] = json.dumps(self._collection(level), ensure_ascii=False,
                                                separators=(",", ":")).encode("utf-8")
            return self._cache[level]

    def _collection(self, level: int) -> dict[str, Any]:
        from rasad.geo.store import open_store

        gz = open_store(self.path, create=False) if self.path is not False else None
        features = []
        if gz is not None:
            try:
                features = [{"type": "Feature", "id": place.id,
                             "properties": {"id": place.id, "name": place.name,
                                            "name_ar": place.name_ar, "level": level},
                             "geometry": _rounded(geometry)}
                            for place, geometry in gz.boundaries(level)]
            finally:
                gz.close()
        return {"type": "FeatureCollection", "features": features}


def _rounded(geometry: Any) -> Any:
    """Coordinates to 4 decimals (about 10 m): a third of the bytes, nothing visible lost."""
    if isinstance(geometry, float):
        return round(geometry, 4)
    if isinstance(geometry, list):
        return [_rounded(g) for g in geometry]
    if isinstance(geometry, dict):
        return {k: _rounded(v) for k, v in geometry.items()}
    return geometry


def event_filter(
    since: Annotated[date | None, Query(description="First event date, YYYY-MM-DD")] = None,
    until: Annotated[date | None, Query(description="Last event date, YYYY-MM-DD")] = None,
    event_type: Annotated[list[str] | None, Query(description="ACLED event type "
                                                  "(repeat for several)")] = None,
    sub_event_type: Annotated[list[str] | None, Query()] = None,
    actor: Annotated[str | None, Query(description="Part of an actor's name, English "
                                                   "or Arabic, either side")] = None,
    admin1: Annotated[list[str] | None, Query(description="Governorate")] = None,
    admin2: Annotated[list[str] | None, Query(description="District")] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat (degrees)",
                                      pattern=BBOX_PATTERN)] = None,
    min_sources: Annotated[int | None, Query(ge=1, le=1_000_000,
                                             description="At least this many "
                                                         "reporting articles")] = None,
    q: Annotated[str | None, Query(description="Text in the evidence, actors or place "
                                               "(Arabic is matched normalized)")] = None,
) -> EventFilter:
    """The filters of a request (shared by the event list, the map and the stats)."""
    return EventFilter(
        since=since, until=until,
        event_types=_cleaned(event_type), sub_event_types=_cleaned(sub_event_type),
        actor=_clean(actor), admin1=_cleaned(admin1), admin2=_cleaned(admin2), bbox=_bbox(bbox),
        min_sources=min_sources, q=_clean(q),
    )


Filter = Annotated[EventFilter, Depends(event_filter)]


def create_app(store_url: str, *, gazetteer_path: str | Path | bool | None = None,
               tiles: str | None = None, tiles_attribution: str | None = None) -> FastAPI:
    """The application over the (already migrated) event database at ``store_url``.

    ``gazetteer_path`` is the gazetteer store whose imported admin boundaries the map
    draws (default: the user's store; ``False``: none). ``tiles`` is an optional online
    tile URL template offered as a map layer; without it the page uses nothing online.
    """
    engine = read_only_engine(store_url)
    store = Store(engine)
    boundaries = _Boundaries(gazetteer_path)
    csp = content_security_policy(tiles)
    app = FastAPI(
        title="rasad", version=__version__,
        description="Read-only access to a rasad event database: fused ACLED-style events "
                    "with their sources and evidence.",
        docs_url=None, redoc_url=None,  # both load their scripts from a CDN
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.get("/api/events", response_model=models.EventPage, tags=["events"],
             responses={200: {"content": {GEOJSON: {}},
                              "description": "A page of events (format=geojson: a "
                                             "FeatureCollection of those with coordinates)"},
                        422: {"model": models.Problem}})
    def list_events(
        flt: Filter,
        limit: Annotated[int, Query(ge=1, le=MAX_FEATURES,
                                    description=f"Events per page (at most {MAX_PAGE}; "
                                                f"{MAX_FEATURES} with format=geojson)")] = 100,
        offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
        format: Annotated[str, Query(pattern="^(json|geojson)$")] = "json",
    ) -> Any:
        """Fused events matching the filters, newest first, one page at a time."""
        if format == "geojson":
            flt = replace(flt, located=True)
        limit = min(limit, MAX_FEATURES if format == "geojson" else MAX_PAGE)
        with engine.connect() as conn:
            total = queries.count_events(conn, flt)
            rows = queries.list_events(conn, flt, limit=limit, offset=offset)
        if format == "geojson":
            return JSONResponse(
                {"type": "FeatureCollection", "total": total, "limit": limit, "offset": offset,
                 "features": [queries.feature(r) for r in rows]}, media_type=GEOJSON)
        return {"total": total, "limit": limit, "offset": offset, "events": rows}

    @app.get("/api/events/{event_id}", response_model=models.EventDetail, tags=["events"],
             responses={404: {"model": models.Problem}})
    def get_event(event_id: str) -> Any:
        """One fused event (or the fused event a per-article event id belongs to) with
        every source and its evidence."""
        found = store.sources(event_id) if "\x00" not in event_id else None
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        event, n_sources, sources = found
        d = event.to_dict()
        d["id"] = d.pop("event_id")
        d.pop("article_id")
        return {**d, "n_sources": n_sources, "sources": sources}

    @app.get("/api/stats", response_model=models.Stats, tags=["summaries"])
    def get_stats(flt: Filter) -> Any:
        """Counts of the matching events by day, type, sub-type and governorate."""
        with engine.connect() as conn:
            return queries.stats(conn, flt)

    @app.get("/api/actors", response_model=models.Actors, tags=["summaries"])
    def get_actors(
        q: Annotated[str | None, Query(description="Part of the name")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    ) -> Any:
        """Actors by the number of events they take part in."""
        with engine.connect() as conn:
            return {"actors": queries.actors(conn, q=_clean(q), limit=limit)}

    @app.get("/api/places", response_model=models.Places, tags=["summaries"])
    def get_places(
        q: Annotated[str | None, Query(description="Part of the place name")] = None,
        admin1: Annotated[list[str] | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    ) -> Any:
        """Places by the number of events there."""
        with engine.connect() as conn:
            return {"places": queries.places(
                conn, q=_clean(q), admin1=_cleaned(admin1), limit=limit)}

    @app.get("/api/boundaries", tags=["map"],
             responses={200: {"content": {GEOJSON: {}}}})
    def get_boundaries(level: Annotated[int, Query(ge=1, le=2)] = 1) -> Response:
        """Governorate (1) or district (2) outlines imported into the gazetteer store
        (``rasad gazetteer import … --format ocha-geojson``); empty when none were."""
        return Response(boundaries.geojson(level), media_type=GEOJSON)

    @app.get("/api/config", response_model=models.Config, tags=["map"])
    def get_config() -> Any:
        """Settings the page needs: the optional online tile layer."""
        return {"version": __version__, "read_only": True, "tiles": tiles,
                "tiles_attribution": tiles_attribution}

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.store = store
    return app
