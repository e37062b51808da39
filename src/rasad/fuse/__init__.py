"""Fusion: reports of the same incident from different articles become one event.

Two reports (per-article events) can be one incident when all of these hold
(``match_score``):

1. type: the same sub-event type, or two that outlets give for one incident, listed
   together in ``FAMILIES``: one fight, coded as a clash or as the change of control it
   ended in (the side that took control must agree: regained by the state, overtaken by
   a non-state actor); a change of control with or without fighting (a transfer of
   territory); a weapon fired from afar (air strike, shelling, chemical weapon: from the
   ground they look alike); a bomb on the spot (IED, suicide bomb, grenade); people shot
   at, "clashes" to one outlet and an attack to another; a massacre, by shelling or air
   strike to one outlet and an attack to another; someone taken, an arrest to one outlet
   and an abduction to another; a crowd, with or without force used. Other pairs are
   distinct incidents even within one event type: an air strike is not an IED, an
   agreement is not a transfer of territory;
2. date: the two windows (``date_window``, else ``[event_date, event_date]``) overlap
   once each is widened by ``DATE_SLACK_DAYS`` (one day: an outlet that publishes the
   next morning resolves "yesterday" and "today" against a different day);
3. place, one of:

   a. the same place: the same normalized Arabic name, or coordinates within
      ``PLACE_KM`` (10) km when both places were located themselves (a gazetteer entry
      at geo_precision 1 or 2; a place coded to its unit's coordinates says nothing
      about distances);
   b. one place holds the other: an admin unit named as the place (a governorate or a
      district, "ريف إدلب" at geo_precision 3) holds every place coded inside it (the
      same country and governorate, and the same district when it names one), and so
      does a city read from its governorate's bare name ("في إدلب", which may be the
      governorate: rule ``geo.governorate_seat``); a place located "near X" or in "the
      countryside of X" (geo_precision 2) holds the located places within ``AREA_KM``
      (25 km, the scorer's radius at that precision);
   c. weakest, a name the gazetteer lacks, coded to the district the text puts it in
      (geo_precision 2, GUIDELINES §4), may be any located place of that district; this
      takes a named actor in common (rule 4 below with a name shared, not merely no
      conflict). A name coded only to its governorate could be any of hundreds of
      places and is not taken for one; two such names are never taken for one place.

   b and c are weaker than a: they take the sub-event type of the incident (rule 1's
   families are not enough) and dates that overlap without the slack, and an event joins
   by them only the one incident it could join at all (a coarse place that could be any
   of several incidents joins none). Reports of different event types (rule 1's families
   across types) take a: the type disagreement must be made up for by the place;
4. actors: the named, specific actors (not ``Civilians``, ``Unidentified Armed Group``,
   ``Protesters`` or ``Rioters``, which many outlets use for what another names
   precisely) of the two share at least one name, or one side names none: a missing
   actor is no conflict;
5. different articles (an article's own events are distinct incidents: within-article
   merging already joined its retellings).

A report joins an incident (a fused event and its reports) when: its article is not
among the incident's (5); rule 1 holds with every report of the incident; its specific
actors share a name with those of the reports, or one side names none (4); its window
meets the fused window (2); its place is the same (a) as the fused event's or as one
report's, or holds or lies in (b, c) the fused event's place. Containment is tested
against the fused place only (the finest of the incident), so that a coarse report
cannot chain two distant places into one incident.

Placing: the events of one article are placed together, best pairs first (``assign``).
Every (event, incident) pair that may join is ranked by ``Agreement``: dates that
overlap without the slack; the same sub-event type, then the same event type, then
related types; the fewest reports with another sub-type; the same place name, then
nearby, then containment; distance; a shared named actor; then the canonical order of
the events and the order the incidents were made in. An incident takes at most one event
of the article; an event that joins none starts an incident.

Canonical order (which makes ``cluster`` independent of the order of its input): the
articles by their earliest event (event date, article id, event id), the events of an
article by event date, then event id. The store places each article as it is ingested,
the same way, so that ingesting in canonical order gives ``cluster``'s result; ``rasad
fuse`` regroups everything canonically.

A fused event keeps every source and takes these values (the stated rule):

- ``fatalities``: ACLED's conservative rule across sources, the LOWEST figure among the
  sources that report deaths (a source that reports none has not reported "0 killed",
  it simply did not say); 0 when none reports deaths. A source that tells of dead
  without a figure ("سقط قتلى", coded as several) gives way to any source with a figure.
  ``captured`` and ``wounded`` the same way (the wounded without a figure, "وجرحى", give
  way too), null when no source says anything.
- date: the narrowest window consistent with all sources, the intersection of their
  windows (when the one-day slack made them meet without overlapping, the gap between
  them); ``event_date`` is the most common source date inside that window (earliest on
  a tie), ``time_precision`` the best (lowest) among sources.
- place: the finest place (lowest ``geo_precision``; then a place located itself over one
  known by its unit; then the place most sources name; then the name in sorted order),
  with its admin units and coordinates: a place a coarser report holds is finer.
- sub-event type: the one most sources give (ties: the territorial and more specific
  types first, then sorted order), with its event type; actors and their inter codes
  from the first source (in canonical order) that has that sub-type and the most
  specific actor names.
- ``source``: the outlets, sorted and joined with "; "; ``evidence``/``source_url``
  from the first source; ``rules``: the union of every source's rules.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import NamedTuple

from rasad.extract.coding import UNIDENTIFIED
from rasad.extract.frames import bare_rule
from rasad.extract.merge import SEAT_RULE
from rasad.geo.polygon import haversine_km
from rasad.geo.resolve import IN_UNIT_RULES
from rasad.model import Event, Window, event_window
from rasad.text.normalize import normalize_key
from rasad.text.numbers import lowest

DATE_SLACK_DAYS = 1
PLACE_KM = 10.0
AREA_KM = 25.0

_B, _E, _V = "Battles", "Explosions/Remote violence", "Violence against civilians"
_S, _P, _R = "Strategic developments", "Protests", "Riots"
_CLASH, _REGAIN, _OVERTAKE = ("Armed clash", "Government regains territory",
                              "Non-state actor overtakes territory")
_TRANSFER = "Non-violent transfer of territory"
_AIR, _SHELL, _CHEM = "Air/drone strike", "Shelling/artillery/missile attack", "Chemical weapon"

# (event_type, sub_event_type) groups whose members outlets give for one incident (rule 1
# of the module docstring, in the same order)
FAMILIES: tuple[frozenset[tuple[str, str]], ...] = tuple(frozenset(f) for f in (
    {(_B, _CLASH), (_B, _REGAIN)},
    {(_B, _CLASH), (_B, _OVERTAKE)},
    {(_B, _REGAIN), (_S, _TRANSFER)},
    {(_B, _OVERTAKE), (_S, _TRANSFER)},
    {(_E, _AIR), (_E, _SHELL), (_E, _CHEM)},
    {(_E, "Remote explosive/landmine/IED"), (_E, "Suicide bomb"), (_E, "Grenade")},
    {(_B, _CLASH), (_V, "Attack")},
    {(_E, _AIR), (_E, _SHELL), (_E, _CHEM), (_V, "Attack")},
    {(_S, "Arrests"), (_V, "Abduction/forced disappearance")},
    {(_P, "Peaceful protest"), (_P, "Protest with intervention"),
     (_P, "Excessive force against protesters"), (_R, "Violent demonstration")},
    {(_R, "Violent demonstration"), (_R, "Mob violence")},
))

_GENERIC_PREFIXES = ("Civilians", UNIDENTIFIED, "Protesters", "Rioters")
_TERRITORIAL = (_REGAIN, _OVERTAKE)
# how an admin unit named as the place is coded (geo.resolve)
_UNIT_RULES = ("geo.district", "geo.region")
# place agreement, strongest first (rule 3 of the module docstring)
SAME_NAME, NEARBY, HOLDS, MAY_BE = range(4)


def windows_meet(a: Window, b: Window, slack: int = DATE_SLACK_DAYS) -> bool:
    """Whether the windows overlap once each is widened by ``slack`` days (one by default:
    an outlet publishing the next morning)."""
    return a.meets(b, slack)


def type_tier(a: Event, b: Event) -> int | None:
    """0 for the same sub-event type, 1 for related sub-types of one event type, 2 for
    related types (``FAMILIES``), None when the two cannot be one incident."""
    ka, kb = (a.event_type, a.sub_event_type), (b.event_type, b.sub_event_type)
    if ka == kb:
        return 0
    if not any(ka in f and kb in f for f in FAMILIES):
        return None
    return 1 if a.event_type == b.event_type else 2


def compatible_types(event_type: str, sub_event_type: str) -> set[str]:
    """The event types of reports that may be one incident with this type."""
    key = (event_type, sub_event_type)
    return {event_type} | {t for f in FAMILIES if key in f for t, _ in f}


def _place_key(ev: Event) -> str:
    # "الدرج" and "درج", "أم الخلاخيل" and "ام الخلاخيل": one name
    return normalize_key(ev.location_ar or ev.location or "").replace("ال", "").replace(" ", "")


def _located(ev: Event) -> bool:
    """Whether the coordinates are the place's own (a gazetteer entry, exact or near),
    not those of the district or governorate an unknown place was coded to."""
    return (ev.geo_precision or 3) <= 2 and any(
        r in ("geo.gazetteer", "geo.fuzzy") for r in ev.rules)


def _unit(ev: Event) -> tuple[str | None, str, str | None] | None:
    """(country, admin1, admin2) of a place that is an admin unit (a governorate or
    district named as the place), else None."""
    if _located(ev) or not ev.admin1 or not IN_UNIT_RULES.isdisjoint(ev.rules):
        return None
    if (ev.geo_precision or 0) >= 3 or any(r in _UNIT_RULES for r in ev.rules):
        return ev.country, ev.admin1, ev.admin2
    return None


def _somewhere_in(ev: Event) -> tuple[str | None, str, str] | None:
    """(country, admin1, admin2) of the district a name the gazetteer lacks was coded to
    (a governorate is too large for the name to be taken for any of its places)."""
    if (_located(ev) or not ev.admin1 or not ev.admin2
            or IN_UNIT_RULES.isdisjoint(ev.rules)):
        return None
    return ev.country, ev.admin1, ev.admin2


def _inside(ev: Event, unit: tuple[str | None, str, str | None]) -> bool:
    country, admin1, admin2 = unit
    return (ev.admin1 == admin1 and (not country or not ev.country or ev.country == country)
            and (admin2 is None or ev.admin2 == admin2))


def _km(a: Event, b: Event) -> float | None:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def same_place(a: Event, b: Event) -> float | None:
    """0 for the same place name, the distance in km when both places were located
    themselves and lie within ``PLACE_KM``, else None."""
    ka, kb = _place_key(a), _place_key(b)
    if ka and ka == kb:
        return 0.0
    if _located(a) and _located(b):
        km = _km(a, b)
        return km if km is not None and km <= PLACE_KM else None
    return None


def _holds(a: Event, b: Event) -> tuple[int, float] | None:
    unit = _unit(a)
    if unit is not None:
        return (HOLDS, 0.0) if _inside(b, unit) else None
    if SEAT_RULE in a.rules and SEAT_RULE not in b.rules and a.admin1:
        # "في إدلب" was read as the city, but may be the governorate
        return (HOLDS, 0.0) if _inside(b, (a.country, a.admin1, None)) else None
    if a.geo_precision == 2 and _located(a) and _located(b):
        km = _km(a, b)
        return (HOLDS, km) if km is not None and km <= AREA_KM else None
    unit = _somewhere_in(a)
    if unit is not None and _located(b) and _inside(b, unit):
        return MAY_BE, 0.0
    return None


def place_holds(a: Event, b: Event) -> tuple[int, float] | None:
    """``(HOLDS, km)`` when one place holds the other, ``(MAY_BE, 0)`` when a name the
    gazetteer lacks may be the other, located, place of its unit; else None (rule 3 b, c
    of the module docstring; km is 0 where the admin units say nothing about it)."""
    found = [h for h in (_holds(a, b), _holds(b, a)) if h is not None]
    return min(found) if found else None


def _specific(ev: Event) -> set[str]:
    return {a for a in (ev.actor1, ev.actor2) if a and not a.startswith(_GENERIC_PREFIXES)}


class Agreement(NamedTuple):
    """How well an event agrees with an incident; smaller is better."""

    gap: bool  # the dates meet only thanks to the slack
    type_tier: int  # the worst ``type_tier`` with the incident's reports
    other_subs: int  # reports with another sub-event type
    place: int  # SAME_NAME, NEARBY, HOLDS or MAY_BE
    km: float
    no_shared_actor: bool


def join_score(ev: Event, fused: Event, members: Sequence[Event]) -> Agreement | None:
    """How well ``ev`` agrees with an incident (its fused event and its reports), or
    None when it cannot join it (the rules of the module docstring)."""
    we, wf = event_window(ev), event_window(fused)
    # the date first: it is cheap, and most incidents fail it
    if we is None or wf is None or not windows_meet(we, wf):
        return None
    if not members or any(m.article_id == ev.article_id for m in members):
        return None
    tiers = [type_tier(ev, m) for m in members]
    if None in tiers:
        return None
    tier = max(t for t in tiers if t is not None)
    mine = _specific(ev)
    theirs = set().union(*(_specific(m) for m in members))
    shared = bool(mine & theirs)
    if mine and theirs and not shared:
        return None
    near = [km for km in (same_place(ev, x) for x in (fused, *members)) if km is not None]
    if near:
        km = min(near)
        place = SAME_NAME if km == 0 else NEARBY
    else:
        held = place_holds(ev, fused)
        if held is None or tier == 2 or type_tier(ev, fused) != 0:
            return None
        place, km = held
        if place == MAY_BE and not shared:
            return None
    overlap = we.lo <= wf.hi and wf.lo <= we.hi
    if place >= HOLDS and not overlap:
        return None
    return Agreement(not overlap, tier, sum(t != 0 for t in tiers), place, round(km, 3),
                     not shared)


def match_score(a: Event, b: Event) -> Agreement | None:
    """How well two reports agree (smaller is better), or None when they cannot be one."""
    return join_score(a, b, [b])


def canonical_key(ev: Event) -> tuple[str, str, str]:
    """Sort key of the canonical order: event date (undated last), article id, event id."""
    return (ev.event_date or "9999", ev.article_id, ev.event_id)


def assign(evs: Sequence[Event], incidents: Sequence[tuple[Event, Sequence[Event]]],
           ) -> list[int | None]:
    """For the events of one article, the index of the incident (fused event, its
    reports) each joins, None for a new incident: best ``Agreement`` first, each incident
    taking at most one of the events; ties go to the event first in canonical order, then
    to the earlier incident. An event joins by containment (``HOLDS``, ``MAY_BE``) only
    the one incident it could join at all."""
    rank = sorted(range(len(evs)), key=lambda i: canonical_key(evs[i]))
    pairs: list[tuple[Agreement, int, int]] = []
    for r, i in enumerate(rank):
        scored = [(s, r, k) for k, (fused, members) in enumerate(incidents)
                  if (s := join_score(evs[i], fused, members)) is not None]
        if len(scored) > 1:  # a coarse place that could be any of them is none of them
            scored = [p for p in scored if p[0].place < HOLDS]
        pairs += scored
    out: list[int | None] = [None] * len(evs)
    taken: set[int] = set()
    for _s, r, k in sorted(pairs):
        i = rank[r]
        if out[i] is None and k not in taken:
            out[i] = k
            taken.add(k)
    return out


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
    low = lowest(v for v in vals if v > 0)  # a report of no deaths does not lower a toll
    if low is not None:
        return low
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
    # place: finest, then located itself, then most named, then sorted
    names = Counter(_place_key(m) for m in ms)
    place = min(ms, key=lambda m: (m.geo_precision or 9, not _located(m),
                                   -names[_place_key(m)], _place_key(m), canonical_key(m)))
    # sub-event type (with its event type) and actors
    subs = Counter((m.event_type, m.sub_event_type) for m in ms)
    etype, sub = min(subs, key=lambda s: (-subs[s], s[1] not in _TERRITORIAL, s[1], s[0]))
    with_sub = [m for m in ms if (m.event_type, m.sub_event_type) == (etype, sub)]
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
        event_type=etype,
        sub_event_type=sub,
        disorder_type=actor_src.disorder_type,
        actor1=actor_src.actor1, actor1_ar=actor_src.actor1_ar, inter1=actor_src.inter1,
        actor2=actor_src.actor2, actor2_ar=actor_src.actor2_ar, inter2=actor_src.inter2,
        interaction=actor_src.interaction, civilian_targeting=actor_src.civilian_targeting,
        country=place.country, iso=place.iso, location=place.location,
        location_ar=place.location_ar, admin1=place.admin1, admin2=place.admin2,
        latitude=place.latitude, longitude=place.longitude, geo_precision=place.geo_precision,
        fatalities=_conservative(_figures(ms, "fatalities"), default=0) or 0,
        captured=_conservative((m.captured for m in ms), default=None),
        wounded=_conservative(_figures(ms, "wounded"), default=None),
        source="; ".join(outlets) or None,
        evidence=list(first.evidence),
        rules=rules,
    )


def _figures(ms: list[Event], attr: str) -> list[int | None]:
    """The sources' ``attr`` figures; a source that tells of dead or wounded without a
    figure ("سقط قتلى وجرحى", coded as several) gives way to any source with one."""
    bare = bare_rule(attr)
    told = [getattr(m, attr) for m in ms if bare not in m.rules and getattr(m, attr)]
    return told or [getattr(m, attr) for m in ms]


def _days(w: Window, slack: int = DATE_SLACK_DAYS) -> Iterable[date]:
    d = w.lo - timedelta(days=slack)
    while d <= w.hi + timedelta(days=slack):
        yield d
        d += timedelta(days=1)


def cluster(events: Iterable[Event]) -> list[list[Event]]:
    """Group per-article events into incidents, in canonical order (order-independent)."""
    by_article: dict[str, list[Event]] = defaultdict(list)
    for ev in events:
        by_article[ev.article_id].append(ev)
    incidents: list[tuple[Event, list[Event]]] = []
    # the incidents by the days their reports' windows (widened by the slack) cover: a
    # fused window lies within them, so an event's candidates are those of its own days
    by_day: dict[date, set[int]] = defaultdict(set)
    for evs in sorted(by_article.values(), key=lambda es: min(map(canonical_key, es))):
        evs = sorted(evs, key=canonical_key)
        windows = [w for w in map(event_window, evs) if w is not None]
        near = sorted({k for w in windows for d in _days(w) for k in by_day.get(d, ())})
        joins = assign(evs, [incidents[k] for k in near])
        for ev, j in zip(evs, joins, strict=True):
            if j is None:
                k = len(incidents)
                incidents.append((fuse([ev]), [ev]))
            else:
                k = near[j]
                members = [*incidents[k][1], ev]
                incidents[k] = (fuse(members, incidents[k][0].event_id), members)
            if (w := event_window(ev)) is not None:
                for d in _days(w):
                    by_day[d].add(k)
    return [members for _, members in incidents]
