"""Read-only queries over the fused events for the HTTP API.

Everything here is SQL on the ``fused_events`` table (one row per incident across
outlets), built with SQLAlchemy Core so SQLite and PostgreSQL answer alike. Filters are
one :class:`EventFilter`, shared by the event list, the map's GeoJSON and the statistics,
so the timeline, the map and the count always describe the same set of events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from rasad.serve.models import EventSummary
from rasad.store.schema import fused_events as fe
from rasad.text.normalize import search_key

# The fields of an event in a list or on the map (the detail view adds the rest): the
# response model's, ``id`` being the fused event id.
_SUMMARY_COLUMNS = [fe.c.event_id.label("id"), *(fe.c[name] for name in EventSummary.model_fields
                                                  if name != "id")]


def _like_escape(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern (escape character ``\\``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which fused events a request asks for; empty fields filter nothing."""

    since: date | None = None
    until: date | None = None
    event_types: Sequence[str] = field(default_factory=tuple)
    sub_event_types: Sequence[str] = field(default_factory=tuple)
    actor: str | None = None
    admin1: Sequence[str] = field(default_factory=tuple)
    admin2: Sequence[str] = field(default_factory=tuple)
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    min_sources: int | None = None
    q: str | None = None
    located: bool = False  # only events with coordinates (the map)

    def conditions(self, *, dates: bool = True) -> list[Any]:
        """The WHERE clauses; ``dates=False`` leaves out the date range (the timeline shows
        every day of the other filters, so that a brush can widen as well as narrow)."""
        c: list[Any] = []
        if dates and self.since:
            c.append(fe.c.event_date >= self.since.isoformat())
        if dates and self.until:
            c.append(fe.c.event_date <= self.until.isoformat())
        if self.event_types:
            c.append(fe.c.event_type.in_(list(self.event_types)))
        if self.sub_event_types:
            c.append(fe.c.sub_event_type.in_(list(self.sub_event_types)))
        if self.actor and self.actor.strip():
            pattern = f"%{_like_escape(self.actor.strip())}%"
            c.append(sa.or_(*(col.ilike(pattern, escape="\\") for col in (
                fe.c.actor1, fe.c.actor2, fe.c.actor1_ar, fe.c.actor2_ar))))
        if self.admin1:
            c.append(fe.c.admin1.in_(list(self.admin1)))
        if self.admin2:
            c.append(fe.c.admin2.in_(list(self.admin2)))
        if self.bbox is not None:
            x0, y0, x1, y1 = self.bbox
            c += [fe.c.longitude.between(x0, x1), fe.c.latitude.between(y0, y1)]
        if self.min_sources:
            c.append(fe.c.n_sources >= self.min_sources)
        if self.q and (key := search_key(self.q)):
            c.append(fe.c.search_text.like(f"%{_like_escape(key)}%", escape="\\"))
        if self.located:
            c += [fe.c.latitude.is_not(None), fe.c.longitude.is_not(None)]
        return c


def _most_first(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _summary(row: Any) -> dict[str, Any]:
    return dict(row._mapping)


def count_events(conn: Connection, flt: EventFilter) -> int:
    """How many fused events match."""
    q = sa.select(sa.func.count()).select_from(fe).where(*flt.conditions())
    return int(conn.execute(q).scalar_one())


def list_events(conn: Connection, flt: EventFilter, *, limit: int,
                offset: int) -> list[dict[str, Any]]:
    """One page of matching events, newest first (ties by id, so pages are stable)."""
    q = (sa.select(*_SUMMARY_COLUMNS).where(*flt.conditions())
         .order_by(fe.c.event_date.desc(), fe.c.event_id).limit(limit).offset(offset))
    return [_summary(r) for r in conn.execute(q)]


def stats(conn: Connection, flt: EventFilter) -> dict[str, Any]:
    """Counts of the matching events by day (over every date), type, sub-type and
    governorate, with their fatalities.

    One pass over the matching rows without the date range, counted here (SQL's GROUP BY
    would sort them once per grouping); the range applies to everything but the days.
    """
    q = (sa.select(fe.c.event_date, fe.c.event_type, fe.c.sub_event_type, fe.c.admin1,
                   fe.c.fatalities).where(*flt.conditions(dates=False)))
    lo = flt.since.isoformat() if flt.since else None
    hi = flt.until.isoformat() if flt.until else None
    days: dict[str, list[int]] = {}
    types: Counter[str] = Counter()
    subs: Counter[str] = Counter()
    admins: Counter[str] = Counter()
    total = deaths = 0
    for day, etype, sub, admin1, killed in conn.execute(q):
        killed = killed or 0
        if day is not None:
            d = days.setdefault(day, [0, 0])
            d[0] += 1
            d[1] += killed
        if (lo and (day is None or day < lo)) or (hi and (day is None or day > hi)):
            continue
        total += 1
        deaths += killed
        types[etype] += 1
        subs[sub] += 1
        if admin1 is not None:
            admins[admin1] += 1
    shown = [d for d in days if not (lo and d < lo) and not (hi and d > hi)]
    first, last = (min(shown), max(shown)) if shown else (None, None)
    return {
        "total": total, "fatalities": deaths, "date_min": first, "date_max": last,
        "by_day": [{"date": d, "events": v[0], "fatalities": v[1]}
                   for d, v in sorted(days.items())],
        "by_type": [{"event_type": k, "events": n} for k, n in _most_first(types)],
        "by_sub_event_type": [{"sub_event_type": k, "events": n}
                              for k, n in _most_first(subs)],
        "by_admin1": [{"admin1": k, "events": n} for k, n in _most_first(admins)],
    }


def actors(conn: Connection, *, q: str | None, limit: int) -> list[dict[str, Any]]:
    """Actors by number of events they take part in (either side), most first, each with
    the Arabic form the reports use most."""
    sides = sa.union_all(
        sa.select(fe.c.actor1.label("name"), fe.c.actor1_ar.label("name_ar"))
        .where(fe.c.actor1.is_not(None)),
        sa.select(fe.c.actor2.label("name"), fe.c.actor2_ar.label("name_ar"))
        .where(fe.c.actor2.is_not(None)),
    ).subquery()
    stmt = sa.select(sides.c.name, sides.c.name_ar, sa.func.count())
    if q and q.strip():
        pattern = f"%{_like_escape(q.strip())}%"
        stmt = stmt.where(sa.or_(sides.c.name.ilike(pattern, escape="\\"),
                                 sides.c.name_ar.ilike(pattern, escape="\\")))
    counts: dict[str, int] = {}
    arabic: dict[str, tuple[int, str]] = {}
    for name, name_ar, k in conn.execute(stmt.group_by(sides.c.name, sides.c.name_ar)):
        counts[name] = counts.get(name, 0) + k
        if name_ar and (k, name_ar) > arabic.get(name, (0, "")):
            arabic[name] = (k, name_ar)
    ranked = sorted(counts, key=lambda n: (-counts[n], n))[:limit]
    return [{"name": n, "name_ar": arabic[n][1] if n in arabic else None, "events": counts[n]}
            for n in ranked]


def places(conn: Connection, *, q: str | None, admin1: Sequence[str],
           limit: int) -> list[dict[str, Any]]:
    """Places with events, by number of events, most first."""
    keys = (fe.c.location, fe.c.location_ar, fe.c.admin1, fe.c.admin2, fe.c.country,
            fe.c.latitude, fe.c.longitude, fe.c.geo_precision)
    stmt = sa.select(*keys, sa.func.count()).where(
        sa.or_(fe.c.location.is_not(None), fe.c.location_ar.is_not(None)))
    if q and q.strip():
        pattern = f"%{_like_escape(q.strip())}%"
        stmt = stmt.where(sa.or_(fe.c.location.ilike(pattern, escape="\\"),
                                 fe.c.location_ar.ilike(pattern, escape="\\")))
    if admin1:
        stmt = stmt.where(fe.c.admin1.in_(list(admin1)))
    stmt = (stmt.group_by(*keys)
            .order_by(sa.func.count().desc(), fe.c.location_ar, fe.c.location).limit(limit))
    names = [k.name for k in keys]
    return [{**dict(zip(names, r[:-1], strict=True)), "events": r[-1]}
            for r in conn.execute(stmt)]


def feature(summary: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON point feature of an event summary (which must have coordinates)."""
    return {"type": "Feature", "id": summary["id"],
            "geometry": {"type": "Point",
                         "coordinates": [summary["longitude"], summary["latitude"]]},
            "properties": summary}
