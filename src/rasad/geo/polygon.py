"""Small pure-Python geometry for admin polygons: bounding box, centroid, point in polygon.

GeoJSON ``Polygon`` and ``MultiPolygon`` geometries in lon/lat (CRS84). Point in polygon
is even-odd ray casting over every ring (holes included), which is exact for the simple
polygons of admin boundaries; no dependency (shapely) is needed for admin1/admin2 units.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

Ring = Sequence[Sequence[float]]
EARTH_KM = 6371.0088


def polygons(geometry: Mapping[str, Any]) -> list[list[Ring]]:
    """The polygons (each a list of rings: outer first, then holes) of a geometry."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords]
    if kind == "MultiPolygon":
        return list(coords)
    raise ValueError(f"not a polygon geometry: {kind!r}")


def bbox(geometry: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat)."""
    xs: list[float] = []
    ys: list[float] = []
    for poly in polygons(geometry):
        for ring in poly:
            for pt in ring:
                xs.append(float(pt[0]))
                ys.append(float(pt[1]))
    if not xs:
        raise ValueError("empty geometry")
    return min(xs), min(ys), max(xs), max(ys)


def _ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area and centroid (shoelace) of a ring."""
    a = cx = cy = 0.0
    n = len(ring)
    for i in range(n):
        x0, y0 = float(ring[i][0]), float(ring[i][1])
        x1, y1 = float(ring[(i + 1) % n][0]), float(ring[(i + 1) % n][1])
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2
    if a == 0:
        return 0.0, float(ring[0][0]), float(ring[0][1])
    return a, cx / (6 * a), cy / (6 * a)


def centroid(geometry: Mapping[str, Any]) -> tuple[float, float]:
    """The area-weighted centroid as (lat, lon); holes are subtracted."""
    total = sx = sy = 0.0
    for poly in polygons(geometry):
        for k, ring in enumerate(poly):
            if len(ring) < 3:
                continue
            a, x, y = _ring_area_centroid(ring)
            a = abs(a) if k == 0 else -abs(a)
            total += a
            sx += a * x
            sy += a * y
    if total == 0:
        x0, y0, x1, y1 = bbox(geometry)
        return (y0 + y1) / 2, (x0 + x1) / 2
    return sy / total, sx / total


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(geometry: Mapping[str, Any], lat: float, lon: float) -> bool:
    """True when the point (lat, lon) lies inside the polygon(s) (even-odd rule)."""
    for poly in polygons(geometry):
        if not poly or not _in_ring(lon, lat, poly[0]):
            continue
        if not any(_in_ring(lon, lat, hole) for hole in poly[1:]):
            return True
    return False


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))
