"""Fusion of reports of one incident across articles (rasad.fuse).

Every event here is made by hand; the place names are real, the reports are not.
"""

from __future__ import annotations

import random
from dataclasses import replace

from rasad.extract.frames import bare_rule
from rasad.fuse import HOLDS, MAY_BE, NEARBY, SAME_NAME, cluster, fuse, match_score
from rasad.model import Event, Evidence

BATTLES, REMOTE, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
STRATEGIC = "Strategic developments"
RUSSIA, TURKEY = "Military Forces of Russia (2000-)", "Military Forces of Turkey (2016-)"
REBELS, REGIME = "Opposition Rebels (Syria)", "Military Forces of Syria (2000-2024)"
IDLIB_CENTRE = (35.78, 36.6)  # where a place known only by its governorate is coded


def report(article_id: str, *, date: str = "2019-05-05", window: list[str] | None = None,
           place: str = "أريحا", lat: float = 35.81, lon: float = 36.63, precision: int = 1,
           sub: str = "Air/drone strike", etype: str = "Explosions/Remote violence",
           actor1: str | None = "Military Forces of Russia (2000-)",
           actor2: str | None = "Civilians (Syria)", killed: int = 0,
           wounded: int | None = None, outlet: str | None = None, geo: str | None = None,
           admin1: str = "Idlib", admin2: str | None = "Ariha") -> Event:
    """A hand-made report; ``geo`` is the rule that coded its place (geo.resolve)."""
    ev = Event(
        article_id=article_id, event_date=date, date_window=window, time_precision=1,
        disorder_type="Political violence", event_type=etype, sub_event_type=sub,
        actor1=actor1, actor1_ar=None, inter1=8, actor2=actor2, actor2_ar=None, inter2=7,
        interaction=78, civilian_targeting=None, country="Syria", iso=760, location=None,
        location_ar=place, admin1=admin1, admin2=admin2, latitude=lat, longitude=lon,
        geo_precision=precision, fatalities=killed, captured=None, wounded=wounded,
        source=outlet or f"outlet-{article_id}", source_url=f"https://example.org/{article_id}",
        evidence=[Evidence(f"نص {article_id}", 0, 6)],
        rules=[f"rule.{article_id}", *([geo] if geo else [])],
    )
    ev.assign_id()
    return ev


def located(article_id: str, **kw) -> Event:
    """A report whose place is a gazetteer entry (its own coordinates)."""
    return report(article_id, geo="geo.gazetteer", **kw)


def governorate(article_id: str, **kw) -> Event:
    """A report that names only the governorate ("ريف إدلب"), geo_precision 3."""
    kw = {"place": "ريف إدلب", "lat": IDLIB_CENTRE[0], "lon": IDLIB_CENTRE[1],
          "precision": 3, "admin2": None, **kw}
    return report(article_id, geo="geo.region", **kw)


def unknown_in(article_id: str, **kw) -> Event:
    """A report at a name the gazetteer lacks, coded to the unit the text names."""
    kw = {"place": "مزرعة الوادي", "lat": 35.79, "lon": 36.6, "precision": 2, **kw}
    return report(article_id, geo="geo.unknown_in_admin", **kw)


def groups(evs: list[Event]) -> list[list[str]]:
    """The incidents as sorted lists of article ids, sorted."""
    return sorted(sorted(m.article_id for m in g) for g in cluster(evs))


def test_two_reports_of_one_incident_merge() -> None:
    a = report("a", killed=5)
    b = report("b", date="2019-05-04", window=["2019-05-04", "2019-05-05"], killed=7)
    assert match_score(a, b) is not None
    assert groups([a, b]) == [["a", "b"]]


def test_different_incidents_stay_apart() -> None:
    base = report("a")
    other_place = report("b", place="سراقب", lat=35.86, lon=36.80)  # ~17 km away
    other_day = report("c", date="2019-04-20")
    other_type = report("d", etype="Battles", sub="Armed clash")
    other_actor = report("e", actor1="Military Forces of Turkey (2016-)")
    assert len(cluster([base, other_place, other_day, other_type, other_actor])) == 5


def test_reports_of_one_article_are_never_fused() -> None:
    a1 = report("a")
    a2 = replace(report("a"), event_id="rsd-other")
    assert len(cluster([a1, a2])) == 2


def test_nearby_places_fuse_only_when_both_are_located() -> None:
    a = located("a", place="أريحا")
    near = located("b", place="حي في أريحا", lat=35.84, lon=36.62)  # ~3.5 km
    assert match_score(a, near).place == NEARBY
    outskirts = replace(near, geo_precision=2)  # "أطراف أريحا": still the gazetteer's place
    assert match_score(a, outskirts) is not None
    # an unknown name coded to its district's coordinates says nothing about distance:
    # at most it may be a place of that district (the weakest agreement, tested below)
    fallback = replace(near, geo_precision=2, rules=["rule.b", "geo.unknown_in_admin"])
    assert match_score(a, fallback).place == MAY_BE
    assert match_score(a, replace(fallback, admin2="Idlib")) is None


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


def test_fused_values_hold_for_places_that_hold_each_other() -> None:
    region = governorate("a", killed=5, window=["2019-05-04", "2019-05-05"])
    farm = unknown_in("b", killed=0, wounded=4)
    town = located("c", place="أريحا", precision=2, killed=9)  # "near Ariha"
    assert groups([region, farm, town]) == [["a", "b", "c"]]
    fused = fuse([region, farm, town])
    assert fused.fatalities == 5 and fused.wounded == 4  # lowest reported figures
    assert fused.event_date == "2019-05-05" and fused.date_window is None  # narrowest
    # the finest place: at one precision, a place located itself over a name coded to
    # its district's coordinates
    assert (fused.location_ar, fused.geo_precision) == ("أريحا", 2)
    assert fused.source == "outlet-a; outlet-b; outlet-c"


def test_a_report_of_the_next_day_fuses_two_days_later_does_not() -> None:
    a = report("a", date="2019-05-05")
    next_day = report("b", date="2019-05-06")  # "yesterday" read against another day
    assert match_score(a, next_day).gap  # met thanks to the one-day slack
    assert match_score(a, report("c", date="2019-05-07")) is None


def test_a_missing_actor_is_no_conflict() -> None:
    a = report("a")
    assert match_score(a, report("b", actor1=None, actor2=None)) is not None
    assert match_score(a, report("c", actor1=TURKEY, actor2=None)) is None


def test_related_sub_types_fuse_unrelated_ones_do_not() -> None:
    air = report("a")
    shelling = report("b", sub="Shelling/artillery/missile attack")
    assert match_score(air, shelling).type_tier == 1
    # a bomb on the spot is another incident than a strike from afar at the same place
    assert match_score(air, report("c", sub="Remote explosive/landmine/IED")) is None
    suicide = report("d", sub="Suicide bomb", actor1=None)
    assert match_score(suicide, report("e", sub="Remote explosive/landmine/IED",
                                       actor1=None)) is not None
    # within one event type too: an agreement is not a transfer of territory
    deal = report("f", etype=STRATEGIC, sub="Agreement", actor1=REGIME, actor2=REBELS)
    assert match_score(deal, replace(deal, article_id="g",
                                     sub_event_type="Non-violent transfer of territory")) is None


def test_the_side_that_took_control_must_agree() -> None:
    taken = report("a", etype=BATTLES, sub="Non-state actor overtakes territory",
                   actor1=REBELS, actor2=REGIME)
    withdrawn = report("b", etype=STRATEGIC, sub="Non-violent transfer of territory",
                       actor1=REGIME, actor2=REBELS)
    clash = report("c", etype=BATTLES, sub="Armed clash", actor1=REGIME, actor2=REBELS)
    assert match_score(taken, withdrawn).type_tier == 2
    assert match_score(taken, clash).type_tier == 1
    regained = replace(taken, article_id="d", sub_event_type="Government regains territory")
    assert match_score(taken, regained) is None


def test_related_types_fuse_only_at_the_same_place() -> None:
    clash = located("a", etype=BATTLES, sub="Armed clash", actor1="Hezbollah",
                    actor2="Amal Movement")
    attack = located("b", etype=VAC, sub="Attack", actor1="Hezbollah", actor2=None)
    assert match_score(clash, attack) == match_score(clash, attack)._replace(
        type_tier=2, place=SAME_NAME)
    # the governorate holds the place, but a type disagreement needs the place itself
    assert match_score(clash, governorate("c", etype=VAC, sub="Attack",
                                          actor1="Hezbollah", actor2=None)) is None
    # and the types must be related: a change of control is not an attack
    taken = replace(clash, article_id="d", sub_event_type="Non-state actor overtakes territory")
    assert match_score(attack, taken) is None
    fused = fuse([clash, attack, replace(attack, article_id="e", event_id="rsd-e")])
    assert (fused.event_type, fused.sub_event_type) == (VAC, "Attack")  # the majority


def test_a_governorate_named_as_the_place_holds_its_places() -> None:
    village = located("a", place="كفرنبل", lat=35.61, lon=36.56, admin2="Maarat An Numan")
    region = governorate("b")
    assert match_score(region, village).place == HOLDS
    assert match_score(village, region).place == HOLDS
    assert match_score(region, replace(village, admin1="Hama")) is None
    # containment is weak: it takes the same sub-event type, related ones are not enough
    assert match_score(region, replace(village, sub_event_type=(
        "Shelling/artillery/missile attack"))) is None
    # and dates that overlap without the slack
    assert match_score(region, replace(village, event_date="2019-05-06")) is None


def test_a_city_read_from_its_governorate_s_bare_name_may_be_the_governorate() -> None:
    # "في إدلب": coded to the city, which shares its governorate's name
    seat = located("a", place="إدلب", lat=35.93, lon=36.63, admin2="Idlib")
    seat.rules.append("geo.governorate_seat")
    village = located("b", place="بليون", lat=35.66, lon=36.49, admin2="Ariha")  # ~33 km
    assert match_score(seat, village).place == HOLDS
    assert match_score(village, seat).place == HOLDS
    # the city named as a city ("مدينة إدلب") is a point like any other
    city = located("c", place="إدلب", lat=35.93, lon=36.63, admin2="Idlib")
    assert match_score(city, village) is None
    # and it holds nothing beyond its governorate
    assert match_score(seat, replace(village, admin1="Hama")) is None


def test_near_x_holds_the_located_places_within_25_km() -> None:
    countryside = located("a", place="ريف أريحا", precision=2)  # "the countryside of Ariha"
    village = located("b", place="قرية شرقية", lat=35.81, lon=36.83)  # ~18 km east
    assert match_score(countryside, village) == match_score(countryside, village)._replace(
        place=HOLDS, km=18.035)
    assert match_score(replace(countryside, geo_precision=1), village) is None  # two points
    far = located("c", place="قرية بعيدة", lat=35.81, lon=36.96)  # ~30 km
    assert match_score(countryside, far) is None


def test_a_name_the_gazetteer_lacks_may_be_a_place_of_its_district() -> None:
    town = located("a", place="أريحا")
    farm = unknown_in("b")  # coded to the district of Ariha, the strike by Russia
    assert match_score(town, farm).place == MAY_BE
    # the weakest place agreement takes a named actor in common
    assert match_score(town, replace(farm, actor1="Unidentified Armed Group (Syria)")) is None
    # coded to a whole governorate, the name could be any of hundreds of places
    assert match_score(town, replace(farm, admin2=None)) is None
    # two names the gazetteer lacks are not taken for one place
    assert match_score(farm, unknown_in("c", place="تل الزيتون")) is None


def test_a_coarse_place_that_could_be_several_incidents_joins_none() -> None:
    ariha = located("a", place="أريحا")
    kafranbel = located("b", place="كفرنبل", lat=35.61, lon=36.56, admin2="Maarat An Numan")
    region = governorate("c")
    assert groups([ariha, kafranbel, region]) == [["a"], ["b"], ["c"]]
    assert groups([ariha, region]) == [["a", "c"]]


def test_containment_does_not_chain_two_places() -> None:
    ariha = located("a", place="أريحا")
    region = governorate("b")
    saraqib = located("c", place="سراقب", lat=35.86, lon=36.80, admin2="Saraqib")  # ~16 km
    assert groups([ariha, region, saraqib]) == [["a", "b"], ["c"]]


def test_an_incident_takes_the_best_matching_event_of_an_article() -> None:
    # article b codes the fighting and the capture apart; article a only the capture
    place = {"place": "التمانعة", "lat": 35.48, "lon": 36.73, "admin2": "Maarat An Numan"}
    taken_a = located("a", date="2019-05-05", etype=BATTLES,
                      sub="Non-state actor overtakes territory", actor1=REBELS,
                      actor2=REGIME, **place)
    clash_b = replace(taken_a, article_id="b", event_date="2019-05-04",
                      date_window=["2019-05-04", "2019-05-05"], sub_event_type="Armed clash",
                      event_id="rsd-b1")
    taken_b = replace(taken_a, article_id="b", event_id="rsd-b2")
    incidents = cluster([taken_a, clash_b, taken_b])
    assert sorted(sorted(m.event_id for m in g) for g in incidents) == sorted(
        [sorted([taken_a.event_id, "rsd-b2"]), ["rsd-b1"]])


def test_clustering_does_not_depend_on_input_order() -> None:
    place = {"place": "التمانعة", "lat": 35.48, "lon": 36.73, "admin2": "Maarat An Numan"}
    taken = located("a", etype=BATTLES, sub="Non-state actor overtakes territory",
                    actor1=REBELS, actor2=REGIME, **place)
    evs = [
        taken,
        replace(taken, article_id="b", event_date="2019-05-04", sub_event_type="Armed clash",
                date_window=["2019-05-04", "2019-05-05"], event_id="rsd-b1"),
        replace(taken, article_id="b", event_id="rsd-b2"),
        governorate("c", etype=BATTLES, sub="Non-state actor overtakes territory",
                    actor1=REBELS, actor2=None),
        located("d", killed=3),
        unknown_in("e"),
        report("f", place="سراقب", lat=35.86, lon=36.80),
        report("g", date="2019-04-01"),
    ]
    expected = sorted(sorted(m.event_id for m in g) for g in cluster(evs))
    assert len(expected) == 5  # the capture; b's clash; the strike on Ariha; f; g
    orders = [evs[::-1], *(random.Random(seed).sample(evs, len(evs)) for seed in range(200))]
    for order in orders:
        assert sorted(sorted(m.event_id for m in g) for g in cluster(order)) == expected


def test_a_figure_beats_dead_told_without_one() -> None:
    # "سقط قتلى" is coded as several (3); a source with a figure says more, even a higher one
    bare = report("a", killed=3)
    bare.rules.append(bare_rule("fatalities"))
    fused = fuse([bare, report("b", killed=7), report("c", killed=9)])
    assert fused.fatalities == 7
    # with no figure anywhere, several it is
    other = report("d", killed=3)
    other.rules.append(bare_rule("fatalities"))
    assert fuse([bare, other]).fatalities == 3


def test_a_figure_of_wounded_beats_wounded_told_without_one() -> None:
    bare = report("a", wounded=3)
    bare.rules.append(bare_rule("wounded"))
    assert fuse([bare, report("b", wounded=17), report("c", wounded=20)]).wounded == 17
    assert fuse([bare, report("d")]).wounded == 3
