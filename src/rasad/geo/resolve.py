"""From a place mention in its sentence and article to coordinates and admin units.

Uses what the text says, in this order: the district or governorate named beside the
place (the qualifier), the article's governorate and country, the place-type word (قرية vs
مدينة vs مطار), the distance to the places of the same article already resolved without
doubt (``GeoContext.points``); population breaks the remaining ties (the gazetteer
returns candidates biggest first). A name with no exact or loose match is matched
fuzzily (rapidfuzz) against the settlements of the district or governorate the text
names, with a high threshold and only when one candidate stands out. A name no
gazetteer knows is still reported, coded to the district or governorate the text names,
with geo_precision 2 (GUIDELINES §4).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from rasad.geo.gazetteer import Gazetteer, Place, bare_key, name_key
from rasad.geo.polygon import haversine_km

# Fuzzy matching: InDel similarity (0-100) of the loose keys (no article, hamza, spaces),
# at least FUZZY_MIN_LETTERS letters, and FUZZY_MARGIN above the second best place.
FUZZY_THRESHOLD = 88.0
FUZZY_MIN_LETTERS = 5
FUZZY_MARGIN = 3.0
NEAR_KM = 25.0  # distance buckets to the article's other places
FAR_KM = 50.0  # a small village this far from all of them is a namesake
CITY_KM = 15.0  # how far from a city's point its quarters and suburbs lie
CITY_KINDS = ("city", "town")  # places that hold quarters (حي X بمدينة Y)

_ADMIN_KINDS = ("admin1", "admin2", "country")
_DISTRICT_KINDS = ("admin2", "admin3")
_SETTLEMENTS = ("city", "town", "village", "camp", "neighbourhood", "airport", "crossing",
                "other")
_POINT_KINDS = {
    "village": ("village", "town", "city", "other"),
    "town": ("town", "village", "city", "other"),
    "city": ("city", "town"),
    "camp": ("camp", "city", "town", "village"),
    "neighbourhood": ("neighbourhood", "village", "town", "other"),
    # "ناحية X" is the subdistrict before a village of that name; "منطقة X" is not: in
    # news it is most often the area around the town X (منطقة دركوش)
    "admin3": ("admin3", "admin2"),
}


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    """Where an event happened, as coded."""

    location: str
    location_ar: str
    country: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    place_id: str | None
    rule: str


@dataclass(frozen=True, slots=True)
class PlaceQuery:
    """A place as the text names it: normalized name and what the words around it say."""

    name: str
    kind: str | None = None  # from the place-type word: village, town, city, admin2 …
    precision: int = 1
    near: bool = False  # "near X", "the outskirts of X"
    region: bool = False  # "ريف X", "جنوب X": a region, not a point
    core: str | None = None  # the name without its type word (مطار X -> X), tried second


@dataclass(slots=True)
class GeoContext:
    """What the article says about where it is: its country and governorate."""

    country: str | None = None
    admin1: str | None = None
    # (lat, lon) of the article's places resolved without doubt so far; resolve() adds
    # to it, and prefers, among otherwise equal candidates, the one nearest to them
    points: list[tuple[float, float]] = field(default_factory=list)
    admin2: str | None = None  # the district the article names ("التابعة لمنطقة X")


# an area coded as a whole: a governorate, a countryside, a mountain (جبل الزاوية)
REGION_RULE = "geo.region"


def resolve(
    mention: PlaceQuery, written: str, gazetteer: Gazetteer, ctx: GeoContext,
    qualifier: Place | None = None,
) -> ResolvedPlace:
    """Code one place mention; ``written`` is the name as the original text spells it."""
    admin1 = qualifier.admin1 if qualifier else ctx.admin1
    if mention.region or mention.kind in ("admin1", "region"):
        unit = gazetteer.admin1(mention.name, ctx.country) or gazetteer.country(mention.name)
        if unit is not None:
            return _coded(unit, written, 3 if unit.kind in _ADMIN_KINDS else 2, REGION_RULE)
    if mention.kind in ("admin2", "admin3"):
        unit = gazetteer.admin2(mention.name, ctx.country)
        if unit is not None:
            return _coded(unit, written, 2, "geo.district")
    candidates = gazetteer.lookup(mention.name)
    if not candidates and mention.core:
        candidates = gazetteer.lookup(mention.core)
    rule = "geo.gazetteer"
    if not candidates:
        fuzzy = fuzzy_candidates(mention.core or mention.name, gazetteer, ctx, qualifier)
        if fuzzy:
            candidates, rule = [fuzzy[0][0]], "geo.fuzzy"
    best, decided = _best(candidates, mention, ctx, admin1, qualifier)
    if best is not None:
        precision = 2 if mention.near or mention.precision == 2 else 1
        if best.kind in ("admin1", "country") and mention.kind is None:
            precision = 3
        elif best.kind in _DISTRICT_KINDS or mention.kind in _DISTRICT_KINDS:
            precision = 2  # a district or subdistrict is an area, not the place itself
        if decided and best.kind not in _ADMIN_KINDS and precision == 1:
            ctx.points.append((best.latitude, best.longitude))
        return _coded(best, written, precision, rule)
    # an unknown name is coded to the unit the text names: its sentence's, else the
    # district the article names, else the article's governorate
    unit = qualifier if qualifier is not None and qualifier.kind != "admin1" else None
    if unit is None and ctx.admin2:
        unit = gazetteer.admin2(ctx.admin2, ctx.country)
        if unit is not None and qualifier is not None and unit.admin1 != (
                qualifier.admin1 or qualifier.name):
            unit = None  # the sentence names another governorate
    unit = unit or qualifier or (
        gazetteer.admin1(ctx.admin1, ctx.country) if ctx.admin1 else None)
    if unit is not None:
        return _in_unit(written, unit, "geo.unknown_in_admin")
    return ResolvedPlace(written, written, ctx.country, None, None, None, None, 2, None,
                         "geo.unknown")


def _in_unit(written: str, unit: Place, rule: str) -> ResolvedPlace:
    """A place the gazetteer lacks, coded to the unit that holds it. Precision 2 even in
    a governorate: the place is named, and events are merged and matched as places
    (§4 "a place missing from the gazetteer"), not as the governorate itself."""
    return ResolvedPlace(
        written, written, unit.country, unit.admin1 or unit.name, unit.admin2,
        unit.latitude, unit.longitude, 2, None, rule,
    )


UNKNOWN_RULES = frozenset({"geo.unknown_in_admin", "geo.unknown"})
# the rules of a name the gazetteer lacks, coded to the unit that holds it
IN_UNIT_RULES = frozenset({"geo.unknown_in_admin", "geo.sentence_district"})
_SURE_RULES = frozenset({"geo.gazetteer", "geo.fuzzy"})


def settle_unknowns(
    resolved: list[ResolvedPlace], neighbours: list[ResolvedPlace], gazetteer: Gazetteer,
) -> list[ResolvedPlace]:
    """Names no gazetteer knows, told in one sentence with places it does know ("أطراف
    بلدتي بينين والرويحة", "جبل الأربعين قرب مدينة أريحا"), lie in their district when
    all of those share one: coded to that district (precision 2, rule
    ``geo.sentence_district``) rather than to the governorate or the article's district.
    ``neighbours`` are the sentence's other places, resolved."""
    if not any(r.rule in UNKNOWN_RULES for r in resolved):
        return resolved
    districts = {(r.country, r.admin1, r.admin2) for r in (*resolved, *neighbours)
                 if r.rule in _SURE_RULES and r.admin2 and r.geo_precision <= 2
                 and not (r.place_id or "").startswith(("adm1:", "country:"))}
    if len(districts) != 1:
        return resolved
    country, admin1, admin2 = next(iter(districts))
    unit = gazetteer.admin2(admin2, country)
    if unit is None or (unit.admin1 or "") != (admin1 or ""):
        return resolved
    return [
        _in_unit(r.location_ar, unit, "geo.sentence_district")
        if r.rule in UNKNOWN_RULES and (r.admin1 is None or r.admin1 == admin1) else r
        for r in resolved
    ]


def _rank(
    p: Place, mention: PlaceQuery, ctx: GeoContext, admin1: str | None,
    qualifier: Place | None,
) -> tuple[int, int, int, int, int]:
    """Smaller is better: in the named unit, in the article's governorate and country,
    of the kind the type word says, near the article's other places."""
    # a named point is a settlement rather than the admin unit of the same name (Jenin
    # the city, not Jenin governorate), unless the words say it is a unit
    wanted = _POINT_KINDS.get(mention.kind or "", _SETTLEMENTS)
    points = ctx.points
    near = 0
    if points:
        d = min(haversine_km(p.latitude, p.longitude, lat, lon) for lat, lon in points)
        near = min(int(d // NEAR_KM), 8)
    return (
        0 if qualifier is not None and _inside(p, qualifier) else 1,
        0 if admin1 and p.admin1 == admin1 else 1,
        0 if ctx.country and p.country == ctx.country else 1,
        0 if not wanted or p.kind in wanted else 1,
        near,
    )


def _best(
    candidates: list[Place], mention: PlaceQuery, ctx: GeoContext, admin1: str | None,
    qualifier: Place | None,
) -> tuple[Place | None, bool]:
    """The best candidate, and whether it was beyond doubt (alone, or the only one in
    the unit the sentence names)."""
    if not candidates:
        return None, False
    ranked = sorted(((_rank(p, mention, ctx, admin1, qualifier), i)
                     for i, p in enumerate(candidates)))
    best = candidates[ranked[0][1]]
    if mention.kind in _DISTRICT_KINDS:
        # "مديرية حيس": a district the gazetteer lacks is named after its seat, the town
        # or village of that name in the country, wherever the article began
        if ctx.country and best.country != ctx.country:
            return None, False
    elif _far_village(best, ctx, qualifier, inside=ranked[0][0][0] == 0):
        return None, False
    decided = qualifier is not None and ranked[0][0][0] == 0 and (
        len(ranked) == 1 or ranked[1][0][0] == 1)
    return best, decided


def _far_village(
    p: Place, ctx: GeoContext, qualifier: Place | None = None, *, inside: bool = False
) -> bool:
    """A village or town in another country than the text's, a city in another country
    than the unit its sentence names, or a small village that lies where the text does not
    place it, is more likely a namesake of a place the gazetteer lacks: not taken. A small
    village lies where the text does not place it when it is outside the unit its sentence
    names, outside the district the article names (when the sentence names no finer unit),
    or far (> FAR_KM) from every place of the article placed beyond doubt."""
    if p.kind == "city":
        # a city the sentence itself places in another country ("صيدا بريف درعا" is not
        # Lebanon's Sidon); without such a unit, a city abroad may well be meant
        return qualifier is not None and p.country != qualifier.country and not inside
    if p.kind not in ("village", "town"):
        return False
    # a village or a town in another country than the one the text places it in, whatever
    # its size ("صلاح الدين" in Tripoli is not the Iraqi town)
    country = qualifier.country if qualifier is not None else ctx.country
    if country and p.country != country and not inside:
        return True
    if p.kind != "village":
        return False
    if p.population >= 1000:
        return False
    if qualifier is not None and not inside:
        return True
    if ctx.admin2 and p.admin2 and p.admin2 != ctx.admin2 and (
            qualifier is None or (qualifier.kind == "admin1"
                                  and (qualifier.admin1 or qualifier.name) == ctx.admin1)):
        return True
    if qualifier is None and ctx.admin1 and p.admin1 and p.admin1 != ctx.admin1:
        return True
    if inside:
        return False
    points = ctx.points
    if not points:
        return False
    return min(haversine_km(p.latitude, p.longitude, a, b) for a, b in points) > FAR_KM


def rank_candidates(
    name: str, gazetteer: Gazetteer, ctx: GeoContext | None = None,
    qualifier: Place | None = None, kind: str | None = None,
) -> list[tuple[Place, float, list[str]]]:
    """Every candidate for a name with a score (0-100) and the reasons, best first (what
    ``rasad gazetteer lookup`` shows). Fuzzy candidates come when nothing matches."""
    ctx = ctx or GeoContext()
    mention = PlaceQuery(name_key(name), kind)
    admin1 = qualifier.admin1 if qualifier else ctx.admin1
    found = [(p, 100.0) for p in gazetteer.lookup(name)]
    if not found:
        found = fuzzy_candidates(name, gazetteer, ctx, qualifier, margin=0.0)
    out = []
    for order, (p, similarity) in enumerate(found):
        r = _rank(p, mention, ctx, admin1, qualifier)
        reasons = [label for flag, label in zip(
            r[:4], ("in the named unit", "in the article's governorate",
                    "in the article's country", "of the named kind"), strict=True) if flag == 0]
        if ctx.points:
            reasons.append(f"within {(r[4] + 1) * NEAR_KM:.0f} km of the article's places")
        if similarity < 100:
            reasons.append(f"fuzzy {similarity:.0f}")
        score = (similarity - 30 * (r[0] if qualifier else 0) - 15 * r[1] * bool(admin1)
                 - 10 * r[2] * bool(ctx.country) - 5 * r[3] - 2 * r[4] - 0.01 * order)
        out.append((p, round(max(score, 0.0), 2), reasons))
    out.sort(key=lambda t: -t[1])
    return out


_BARE_SCOPES: dict[int, tuple[list[str], list[str], list[tuple[str, str]]]] = {}


def _bare_scope(scope: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """The bare keys and place ids of a (cached) scope list, computed once per list."""
    hit = _BARE_SCOPES.get(id(scope))
    if hit is None or hit[2] is not scope:
        if len(_BARE_SCOPES) > 256:
            _BARE_SCOPES.clear()
        hit = ([bare_key(k) for k, _ in scope], [pid for _, pid in scope], scope)
        _BARE_SCOPES[id(scope)] = hit
    return hit[0], hit[1]


def fuzzy_candidates(
    name: str, gazetteer: Gazetteer, ctx: GeoContext, qualifier: Place | None = None,
    *, threshold: float = FUZZY_THRESHOLD, margin: float = FUZZY_MARGIN,
) -> list[tuple[Place, float]]:
    """Settlements of the named district (or the article's governorate) whose name is a
    close spelling of ``name``: [(place, similarity)], best first; empty when none
    reaches ``threshold`` or the best is not ``margin`` above the next place."""
    within = getattr(gazetteer, "names_within", None)
    place_of = getattr(gazetteer, "place", None)
    if within is None or place_of is None:
        return []
    target = bare_key(name_key(name))
    if len(target) < FUZZY_MIN_LETTERS:
        return []
    if qualifier is not None and qualifier.kind == "admin2":
        scope = within(admin1=qualifier.admin1, admin2=qualifier.admin2 or qualifier.name)
    elif qualifier is not None and qualifier.kind == "admin1":
        scope = within(admin1=qualifier.admin1 or qualifier.name)
    elif ctx.admin1:
        scope = within(admin1=ctx.admin1)
    else:
        return []
    bares, pids = _bare_scope(scope)
    best: dict[str, float] = {}
    # one C-level pass over the unit's names (rapidfuzz), not a Python loop per name
    for _, sim, k in process.extract(target, bares, scorer=fuzz.ratio, limit=None,
                                     score_cutoff=threshold - margin):
        pid = pids[k]
        if sim > best.get(pid, 0):
            best[pid] = sim
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < threshold:
        return []
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < margin:
        return []
    out = []
    for pid, sim in ranked:
        p = place_of(pid)
        if p is not None:
            out.append((p, sim))
    return out


def _inside(p: Place, unit: Place) -> bool:
    if unit.kind in CITY_KINDS:  # a quarter or suburb of the city named
        return haversine_km(p.latitude, p.longitude, unit.latitude, unit.longitude) <= CITY_KM
    if unit.kind == "admin2":
        return p.admin2 == unit.admin2 or p.admin2 == unit.name
    if unit.kind == "admin1":
        return p.admin1 == (unit.admin1 or unit.name)
    return p.country == unit.country


def _coded(p: Place, written: str, precision: int, rule: str) -> ResolvedPlace:
    admin1 = p.admin1 if p.kind != "admin1" else (p.admin1 or p.name)
    return ResolvedPlace(
        p.name, written, p.country, admin1, p.admin2, p.latitude, p.longitude, precision,
        p.id, rule,
    )
