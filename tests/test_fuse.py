"""Fusion of reports of one incident across articles (rasad.fuse)."""

from __future__ import annotations

import itertools
from dataclasses import replace

from rasad.fuse import cluster, fuse, match_score
from rasad.model import Event, Evidence


def report(article_id: str, *, date: str = "2019-05-05", window: list[str] | None = None,
           place: str = "أريحا", lat: float = 35.81, lon: float = 36.63, precision: int = 1,
           sub: str = "Air/drone strike", etype: str = "Explosions/Remote violence",
           actor1: str | None = "Military Forces of Russia (2000-)",
           actor2: str | None = "Civilians (Syria)", killed: int = 0,
           wounded: int | None = None, outlet: str | None = None) -> Event:
    ev = Event(
        article_id=article_id, event_date=date, date_window=window, time_precision=1,
        disorder_type="Political violence", event_type=etype, sub_event_type=sub,
        actor1=actor1, actor1_ar=None, inter1=8, actor2=actor2, actor2_ar=None, inter2=7,
        interaction=78, civilian_targeting=None, country="Syria", iso=760, location=None,
        location_ar=place, admin1="Idlib", admin2="Ariha", latitude=lat, longitude=lon,
        geo_precision=precision, fatalities=killed, captured=None, wounded=wounded,
        source=outlet or f"outlet-{article_id}", source_url=f"https://example.org/{article_id}",
        evidence=[Evidence(f"نص {article_id}", 0, 6)], rules=[f"rule.{article_id}"],
    )
    ev.assign_id()
    return ev


def test_two_reports_of_one_incident_merge() -> None:
    a = report("a", killed=5)
    b = report("b", date="2019-05-04", window=["2019-05-04", "2019-05-05"], killed=7)
    assert match_score(a, b) is not None
    groups = cluster([a, b])
    assert len(groups) == 1 and {m.article_id for m in groups[0]} == {"a", "b"}


def test_different_incidents_stay_apart() -> None:
    base = report("a")
    other_place = report("b", place="سراقب", lat=35.86, lon=36.80)  # ~17 km away
    other_day = report("c", date="2019-04-20")
    other_type = report("d", etype="Battles", sub="Armed clash")
    other_actor = report("e", actor1="Military Forces of Turkey (2016-)")
    groups = cluster([base, other_place, other_day, other_type, other_actor])
    assert len(groups) == 5


def test_reports_of_one_article_are_never_fused() -> None:
    a1 = report("a")
    a2 = replace(report("a"), event_id="rsd-other")
    assert len(cluster([a1, a2])) == 2


def test_nearby_places_fuse_only_when_both_are_located() -> None:
    a = report("a", place="أريحا")
    a.rules.append("geo.gazetteer")
    near = report("b", place="حي في أريحا", lat=35.84, lon=36.62)  # ~3.5 km
    near.rules.append("geo.gazetteer")
    assert match_score(a, near) is not None
    outskirts = replace(near, geo_precision=2)  # "أطراف أريحا": still the gazetteer's place
    assert match_score(a, outskirts) is not None
    # an unknown name coded to its district's coordinates says nothing about distance
    fallback = replace(near, geo_precision=2, rules=["rule.b", "geo.unknown_in_admin"])
    assert match_score(a, fallback) is None


def test_generic_actors_are_compatible_with_named_ones() -> None:
    a = report("a")
    b = report("b", actor1="Unidentified Armed Group (Syria)")
    assert match_score(a, b) is not None


def test_fused_values_follow_the_stated_rules() -> None:
    a = report("a", killed=0, precision=2, place="ريف أريحا")  # does not report deaths
    b = report("b", killed=7, wounded=10, window=["2019-05-04", "2019-05-05"])
    c = report("c", killed=5, wounded=None)
    fused = fuse([a, b, c])
    assert fused.fatalities == 5  # lowest figure among sources that report deaths
    assert fused.wounded == 10
    assert fused.captured is None
    assert fused.event_date == "2019-05-05" and fused.date_window is None
    assert fused.location_ar == "أريحا" and fused.geo_precision == 1  # the finest place
    assert fused.source == "outlet-a; outlet-b; outlet-c"
    assert fused.rules == ["rule.a", "rule.b", "rule.c"]
    assert fused.event_id.startswith("fsd-")


def test_fused_date_is_the_narrowest_consistent_window() -> None:
    a = report("a", date="2019-05-03", window=["2019-05-01", "2019-05-05"])
    b = report("b", date="2019-05-04", window=["2019-05-03", "2019-05-07"])
    fused = fuse([a, b])
    assert fused.date_window == ["2019-05-03", "2019-05-05"]
    assert fused.event_date in ("2019-05-03", "2019-05-04")


def test_clustering_does_not_depend_on_input_order() -> None:
    evs = [report("a"), report("b", killed=3), report("c", place="سراقب", lat=35.86,
                                                        lon=36.80),
           report("d", place="سراقب", lat=35.86, lon=36.80), report("e", date="2019-04-01")]
    expected = sorted(sorted(m.event_id for m in g) for g in cluster(evs))
    for perm in itertools.permutations(evs):
        got = sorted(sorted(m.event_id for m in g) for g in cluster(list(perm)))
        assert got == expected
