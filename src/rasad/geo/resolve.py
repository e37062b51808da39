"""From a place mention in its sentence and article to coordinates and admin units.

Uses what the text says: the place-type word (قرية vs مدينة), the governorate or district
named beside it or elsewhere in the article, the article's country; population breaks
the remaining ties (the gazetteer returns candidates biggest first). A name no gazetteer
knows is still reported, coded to the district or governorate the text names, with
geo_precision 2 (GUIDELINES §4).
"""

from __future__ import annotations

from dataclasses import dataclass

from rasad.geo.gazetteer import Gazetteer, Place

_ADMIN_KINDS = ("admin1", "admin2", "country")
_SETTLEMENTS = ("city", "town", "village", "camp", "neighbourhood", "airport", "crossing",
                "other")
_POINT_KINDS = {
    "village": ("village", "town", "city", "other"),
    "town": ("town", "village", "city", "other"),
    "city": ("city", "town"),
    "camp": ("camp", "city", "town", "village"),
    "neighbourhood": ("neighbourhood", "village", "town", "other"),
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


def resolve(
    mention: PlaceQuery, written: str, gazetteer: Gazetteer, ctx: GeoContext,
    qualifier: Place | None = None,
) -> ResolvedPlace:
    """Code one place mention; ``written`` is the name as the original text spells it."""
    admin1 = qualifier.admin1 if qualifier else ctx.admin1
    if mention.region or mention.kind in ("admin1", "region"):
        unit = gazetteer.admin1(mention.name, ctx.country) or gazetteer.country(mention.name)
        if unit is not None:
            return _coded(unit, written, 3 if unit.kind in _ADMIN_KINDS else 2, "geo.region")
    if mention.kind in ("admin2", "admin3"):
        unit = gazetteer.admin2(mention.name, ctx.country)
        if unit is not None:
            return _coded(unit, written, 2, "geo.district")
    candidates = gazetteer.lookup(mention.name)
    if not candidates and mention.core:
        candidates = gazetteer.lookup(mention.core)
    best = _best(candidates, mention, ctx, admin1, qualifier)
    if best is not None:
        precision = 2 if mention.near or mention.precision == 2 else 1
        if best.kind in ("admin1", "country") and mention.kind is None:
            precision = 3
        return _coded(best, written, precision, "geo.gazetteer")
    unit = qualifier or (gazetteer.admin1(ctx.admin1, ctx.country) if ctx.admin1 else None)
    if unit is not None:
        return ResolvedPlace(
            written, written, unit.country, unit.admin1 or unit.name, unit.admin2,
            unit.latitude, unit.longitude, 2, None, "geo.unknown_in_admin",
        )
    return ResolvedPlace(written, written, ctx.country, None, None, None, None, 2, None,
                         "geo.unknown")


def _best(
    candidates: list[Place], mention: PlaceQuery, ctx: GeoContext, admin1: str | None,
    qualifier: Place | None,
) -> Place | None:
    if not candidates:
        return None
    # a named point is a settlement rather than the admin unit of the same name (Jenin
    # the city, not Jenin governorate), unless the words say it is a unit
    wanted = _POINT_KINDS.get(mention.kind or "", _SETTLEMENTS)

    def rank(p: Place) -> tuple[int, int, int, int]:
        return (
            0 if qualifier is not None and _inside(p, qualifier) else 1,
            0 if admin1 and p.admin1 == admin1 else 1,
            0 if ctx.country and p.country == ctx.country else 1,
            0 if not wanted or p.kind in wanted else 1,
        )

    return min(candidates, key=rank)


def _inside(p: Place, unit: Place) -> bool:
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
