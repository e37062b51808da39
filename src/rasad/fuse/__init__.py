"""Fusion: reports of the same incident from different articles become one event.

A per-article event joins an incident (a cluster of reports) when all of these hold:

1. the same ``event_type`` as the incident;
2. its date window and the incident's fused window (``date_window``, else
   ``[event_date, event_date]``) overlap once each is widened by ``DATE_SLACK_DAYS``
   (one day: an outlet that publishes the next morning resolves "yesterday" and "today"
   against a different day);
3. the same place as the incident or as one of its reports: the same normalized Arabic
   place name, or coordinates within ``PLACE_KM`` (10) km when both places were located
   themselves (geo_precision 1; a village coded to its district's coordinates says
   nothing about distances);
4. compatible actors: its named, specific actors (not ``Civilians``, ``Unidentified
   Armed Group`` or ``Protesters``, which many outlets use for what another names
   precisely) share at least one name with those of the incident's reports, or one
   side names none;
5. a different article from every report already in the incident (an article's own
   events are distinct incidents: within-article merging already joined its retellings).

A fused event keeps every source and takes these values (the stated rule):

- ``fatalities``: ACLED's conservative rule across sources, the LOWEST figure among the
  sources that report deaths (a source that reports none has not reported "0 killed",
  it simply did not say); 0 when none reports deaths. ``captured`` and ``wounded`` the
  same way, null when no source says anything.
- date: the narrowest window consistent with all sources, the intersection of their
  windows (when the one-day slack made them meet without overlapping, the gap between
  them); ``event_date`` is the most common source date inside that window (earliest on
  a tie), ``time_precision`` the best (lowest) among sources.
- place: the finest place (lowest ``geo_precision``; then the place most sources name;
  then the name in sorted order), with its admin units and coordinates.
- sub-event type: the one most sources give (ties: the territorial and more specific
  types first, then sorted order); actors and their inter codes from the first source
  (in canonical order) that has that sub-type and the most specific actor names.
- ``source``: the outlets, sorted and joined with "; "; ``evidence``/``source_url``
  from the first source; ``rules``: the union of every source's rules.

Canonical order of sources (which makes the result independent of the order articles
were ingested in): by event date, then article id, then event id. ``cluster`` groups a
batch in that order; the store does the same incrementally, one new event at a time,
and ``rasad fuse`` regroups everything canonically. Where several incidents would
take a report, the best-agreeing one does (overlapping dates, then distance, then the
same sub-event type).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from rasad.geo.polygon import haversine_km
from rasad.model import Event
from rasad.text.normalize import normalize_key

DATE_SLACK_DAYS = 1
PLACE_KM = 10.0

_GENERIC_PREFIXES = ("Civilians", "Unidentified Armed Group", "Protesters", "Rioters")
_TERRITORIAL = ("Government regains territory", "Non-state actor overtakes territory")


@dataclass(frozen=True, slots=True)
class Window:
    lo: date
    hi: date


def event_window(ev: Event) -> Window | None:
    """The days the event may have happened on, or None without a date."""
    w = ev.date_window
    try:
        if w and len(w) == 2 and w[0] and w[1]:
            return Window(date.fromisoformat(w[0]), date.fromisoformat(w[1]))
        if ev.event_date:
            d = date.fromisoformat(ev.event_date[:10])
            return Window(d, d)
    except ValueError:
        return None
    return None


def _place_key(ev: Event) -> str:
    # "الدرج" and "درج", "أم الخلاخيل" and "ام الخلاخيل": one name
    return normalize_key(ev.location_ar or ev.location or "").replace("ال", "").replace(" ", "")


def _located(ev: Event) -> bool:
    """Whether the coordinates are the place's own (a gazetteer entry, exact or near),
    not those of the district or governorate an unknown place was coded to."""
    return (ev.geo_precision or 3) <= 2 and any(
        r in ("geo.gazetteer", "geo.fuzzy") for r in ev.rules)


def place_distance(a: Event, b: Event) -> float | None:
    """0 for the same place name, the distance in km when within reach, else None.

    Coordinates count only where both places were located themselves (geo_precision 1):
    a place coded to its district or governorate carries that unit's coordinates, which
    say nothing about the distance between two such villages.
    """
    ka, kb = _place_key(a), _place_key(b)
    if ka and ka == kb:
        return 0.0
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    km = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
    if _located(a) and _located(b):
        return km if km <= PLACE_KM else None
    return None


def _specific(ev: Event) -> set[str]:
    return {a for a in (ev.actor1, ev.actor2) if a and not a.startswith(_GENERIC_PREFIXES)}


def actors_compatible(a: Event, b: Event) -> bool:
    """Whether the specific actors of both share a name, or one side names none."""
    sa, sb = _specific(a), _specific(b)
    return not sa or not sb or bool(sa & sb)


def windows_meet(a: Window, b: Window, slack: int = DATE_SLACK_DAYS) -> bool:
    """Whether the windows overlap once each is widened by ``slack`` days."""
    d = timedelta(days=slack)
    return a.lo - d <= b.hi and b.lo - d <= a.hi


def match_score(a: Event, b: Event) -> tuple | None:
    """How well two reports agree (smaller is better), or None when they cannot be one."""
    if not actors_compatible(a, b):
        return None
    return _score(a, b)


def _score(a: Event, b: Event) -> tuple | None:
    """Type, date and place agreement (the actor test is made per cluster)."""
    if a.event_type != b.event_type:
        return None
    wa, wb = event_window(a), event_window(b)
    if wa is None or wb is None or not windows_meet(wa, wb):
        return None
    km = place_distance(a, b)
    if km is None:
        return None
    overlap = wa.lo <= wb.hi and wb.lo <= wa.hi
    return (not overlap, round(km, 3), a.sub_event_type != b.sub_event_type)


def canonical_key(ev: Event) -> tuple[str, str, str]:
    """Sort key of the canonical order: event date (undated last), article id, event id."""
    return (ev.event_date or "9999", ev.article_id, ev.event_id)


def fused_id(seed_event_id: str) -> str:
    """The fused event id grown from the id of its first (seed) report."""
    return "fsd-" + hashlib.sha1(seed_event_id.encode("utf-8")).hexdigest()[:16]


def fused_window(members: Sequence[Event]) -> Window | None:
    """The intersection of the members' windows (the gap, when they only meet by slack)."""
    windows = [w for w in (event_window(m) for m in members) if w is not None]
    if not windows:
        return None
    lo, hi = max(w.lo for w in windows), min(w.hi for w in windows)
    if lo > hi:  # met only thanks to the slack: the gap between them
        lo, hi = hi, lo
    return Window(lo, hi)


def _conservative(values: Iterable[int | None], *, default: int | None) -> int | None:
    vals = [v for v in values if v is not None]
    positive = [v for v in vals if v > 0]
    if positive:
        return min(positive)
    return 0 if vals else default


def fuse(members: Sequence[Event], event_id: str | None = None) -> Event:
    """The fused event of reports of one incident (see the module docstring for the rules)."""
    if not members:
        raise ValueError("fuse() needs at least one event")
    ms = sorted(members, key=canonical_key)
    first = ms[0]
    window = fused_window(ms)
    # date
    event_date = first.event_date
    date_window = None
    if window is not None:
        inside = [m.event_date for m in ms if m.event_date
                  and window.lo.isoformat() <= m.event_date[:10] <= window.hi.isoformat()]
        if inside:
            counts = Counter(inside)
            event_date = min(counts, key=lambda d: (-counts[d], d))
        else:
            event_date = window.lo.isoformat()
        if window.lo != window.hi:
            date_window = [window.lo.isoformat(), window.hi.isoformat()]
    precisions = [m.time_precision for m in ms if m.time_precision is not None]
    # place: finest, then most named, then sorted
    names = Counter(_place_key(m) for m in ms)
    place = min(ms, key=lambda m: (m.geo_precision or 9, -names[_place_key(m)],
                                   _place_key(m), canonical_key(m)))
    # sub-event type and actors
    subs = Counter(m.sub_event_type for m in ms)
    sub = min(subs, key=lambda s: (-subs[s], s not in _TERRITORIAL, s))
    with_sub = [m for m in ms if m.sub_event_type == sub]
    actor_src = min(with_sub, key=lambda m: (-len(_specific(m)), m.actor1 is None,
                                             canonical_key(m)))
    outlets = sorted({m.source for m in ms if m.source})
    rules = sorted({r for m in ms for r in m.rules})
    return replace(
        first,
        event_id=event_id or fused_id(first.event_id),
        event_date=event_date,
        date_window=date_window,
        time_precision=min(precisions) if precisions else None,
        sub_event_type=sub,
        disorder_type=actor_src.disorder_type,
        actor1=actor_src.actor1, actor1_ar=actor_src.actor1_ar, inter1=actor_src.inter1,
        actor2=actor_src.actor2, actor2_ar=actor_src.actor2_ar, inter2=actor_src.inter2,
        interaction=actor_src.interaction, civilian_targeting=actor_src.civilian_targeting,
        country=place.country, iso=place.iso, location=place.location,
        location_ar=place.location_ar, admin1=place.admin1, admin2=place.admin2,
        latitude=place.latitude, longitude=place.longitude, geo_precision=place.geo_precision,
        fatalities=_conservative((m.fatalities for m in ms), default=0) or 0,
        captured=_conservative((m.captured for m in ms), default=None),
        wounded=_conservative((m.wounded for m in ms), default=None),
        source="; ".join(outlets) or None,
        evidence=list(first.evidence),
        rules=rules,
    )


def best_cluster(ev: Event, clusters: Iterable[tuple[Event, Sequence[Event]]]) -> int | None:
    """Index of the cluster (fused event, its members) that ``ev`` joins, or None.

    ``ev`` must agree with the fused event on type and date, be at the place of the fused
    event or of one of its members, and share a specific actor with some member (when
    both name one); it must not come from an article already among the cluster's
    sources. The best-agreeing cluster wins; ties go to the earlier cluster.
    """
    best: tuple | None = None
    best_i: int | None = None
    mine = _specific(ev)
    for i, (fused, members) in enumerate(clusters):
        if any(m.article_id == ev.article_id for m in members):
            continue
        if mine:
            theirs = set().union(*(_specific(m) for m in members))
            if theirs and not mine & theirs:
                continue
        if not _dates_meet(ev, fused):  # cheap, and most clusters fail it: test it first
            continue
        scores = [s for s in (_score(ev, x) for x in (fused, *members)) if s is not None]
        if not scores:
            continue
        s = min(scores)
        if best is None or s < best:
            best, best_i = s, i
    return best_i


def _dates_meet(a: Event, b: Event) -> bool:
    wa, wb = event_window(a), event_window(b)
    return wa is not None and wb is not None and windows_meet(wa, wb)


def cluster(events: Iterable[Event]) -> list[list[Event]]:
    """Group per-article events into incidents, in canonical order (order-independent)."""
    clusters: list[tuple[Event, list[Event]]] = []
    for ev in sorted(events, key=canonical_key):
        i = best_cluster(ev, clusters)
        if i is None:
            clusters.append((fuse([ev]), [ev]))
        else:
            members = [*clusters[i][1], ev]
            clusters[i] = (fuse(members, clusters[i][0].event_id), members)
    return [members for _, members in clusters]
