"""Tests of the scorer (GUIDELINES §9) on small hand-made gold and predictions.

All names and places below are invented for the tests. Expected numbers are worked
out by hand in the comments. Distances: the scorer uses a sphere of radius 6371 km, so
along a meridian (same longitude) 1 degree of latitude is 6371 * pi / 180
= 111.19493 km, 0.08 deg = 8.896 km, 0.1 deg = 11.119 km, 0.2 deg = 22.239 km,
0.25 deg = 27.799 km, 0.6 deg = 66.717 km, 0.7 deg = 77.836 km.
"""

from __future__ import annotations

import json
import math

import pytest
from rich.console import Console

from rasad.evaluate import (
    load_gold,
    load_pred,
    render_report,
    report_to_dict,
    score,
)
from rasad.evaluate.score import haversine_km, percentile

KM_PER_DEG = 6371.0 * math.pi / 180  # 111.19493 km

LAT, LON = 35.0, 36.0


def gold_event(**kw) -> dict:
    ev = {
        "event_date": "2020-03-10",
        "date_window": None,
        "time_precision": 1,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Rebels A",
        "actor1_aliases": ["الثوار", "Rebel Front"],
        "actor2": "Army B",
        "actor2_aliases": ["الجيش"],
        "location": "Zaytuna",
        "location_ar": "الزيتونة",
        "location_aliases": ["زيتونة الكبرى", "Zaytunah"],
        "latitude": LAT,
        "longitude": LON,
        "geo_precision": 1,
        "fatalities": 2,
        "captured": None,
        "wounded": None,
        "optional": False,
        "evidence": "gold evidence sentence",
    }
    ev.update(kw)
    return ev


def pred_event(article_id: str = "a1", **kw) -> dict:
    ev = {
        "article_id": article_id,
        "event_date": "2020-03-10",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Rebels A",
        "actor1_ar": None,
        "actor2": "Army B",
        "actor2_ar": None,
        "location": "Zaytuna",
        "location_ar": "الزيتونة",
        "latitude": LAT,
        "longitude": LON,
        "geo_precision": 1,
        "fatalities": 2,
        "captured": None,
        "wounded": None,
        "evidence": [{"text": "pred evidence sentence", "start": 0, "end": 22}],
    }
    ev.update(kw)
    return ev


def article(aid: str = "a1", *events: dict) -> dict:
    return {"id": aid, "published": "2020-03-10", "text": "...", "events": list(events)}


def elsewhere(**kw) -> dict:
    """A predicted place with no name or coordinates in common with the gold default."""
    base = {"location": "Nowhere", "location_ar": "مكان اخر", "latitude": 30.0, "longitude": 40.0}
    base.update(kw)
    return base


# ------------------------------------------------------------------ basic matching


def test_exact_match():
    # one gold, the same event predicted: TP 1, FP 0, FN 0 -> P = R = F1 = 1
    r = score([article("a1", gold_event())], [pred_event()])
    assert (r.tp, r.fp, r.fn) == (1, 0, 0)
    assert (r.precision, r.recall, r.f1) == (1.0, 1.0, 1.0)
    assert r.sub_event_type.value == r.actors.value == r.fatalities.value == 1.0
    assert r.errors == []


def test_wrong_type_is_fp_and_fn():
    # the pred is Explosions, gold Battles: no candidate -> FP 1, FN 1, P = R = F1 = 0
    r = score(
        [article("a1", gold_event())],
        [pred_event(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")],
    )
    assert (r.tp, r.fp, r.fn) == (0, 1, 1)
    assert (r.precision, r.recall, r.f1) == (0.0, 0.0, 0.0)
    assert sorted(e.kind for e in r.errors) == ["FN", "FP"]


def test_event_type_alt_is_accepted():
    # gold Battles with alt "Explosions/Remote violence": the Explosions pred matches -> TP.
    # Its sub-type differs (Air/drone strike vs Armed clash) -> sub-type accuracy 0/1.
    g = gold_event(event_type_alt=["Explosions/Remote violence"])
    p = pred_event(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")
    r = score([article("a1", g)], [p])
    assert (r.tp, r.fp, r.fn) == (1, 0, 0)
    assert (r.sub_event_type.correct, r.sub_event_type.n) == (0, 1)
    # a type in neither event_type nor event_type_alt still fails
    r2 = score([article("a1", g)], [pred_event(event_type="Protests")])
    assert (r2.tp, r2.fp, r2.fn) == (0, 1, 1)


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("pred_date", "matches"),
    [
        ("2020-03-08", True),  # first day of the window (inclusive)
        ("2020-03-09", True),  # inside
        ("2020-03-11", True),  # last day of the window (inclusive)
        ("2020-03-07", False),  # one day before the window
        ("2020-03-12", False),  # one day after the window
        (None, False),  # no predicted date
    ],
)
def test_date_window(pred_date, matches):
    # window [08, 11] wins over event_date 10 and its +-1 day rule
    g = gold_event(event_date="2020-03-10", date_window=["2020-03-08", "2020-03-11"])
    r = score([article("a1", g)], [pred_event(event_date=pred_date)])
    assert (r.tp, r.fp, r.fn) == ((1, 0, 0) if matches else (0, 1, 1))


def test_date_window_with_null_event_date():
    # event_date null, window [2020-03-01, 2020-03-31]: any March day matches
    g = gold_event(event_date=None, date_window=["2020-03-01", "2020-03-31"])
    r = score([article("a1", g)], [pred_event(event_date="2020-03-31")])
    assert r.tp == 1
    r = score([article("a1", g)], [pred_event(event_date="2020-04-01")])
    assert (r.tp, r.fp, r.fn) == (0, 1, 1)


@pytest.mark.parametrize(
    ("pred_date", "matches"),
    [
        ("2020-03-09", True),  # -1 day
        ("2020-03-10", True),  # same day
        ("2020-03-11", True),  # +1 day
        ("2020-03-08", False),  # -2 days
        ("2020-03-12", False),  # +2 days
    ],
)
def test_one_day_rule_without_window(pred_date, matches):
    r = score([article("a1", gold_event(date_window=None))], [pred_event(event_date=pred_date)])
    assert r.tp == int(matches)
    assert r.fp == r.fn == int(not matches)


# ------------------------------------------------------------------ places


def test_place_by_arabic_alias_after_normalization():
    # gold alias "زيتونة الكبرى"; the pred writes it with harakat (damma on the ta
    # marbuta, damma on the kaf): normalize_key makes them equal. No coordinates.
    p = pred_event(**elsewhere(latitude=None, longitude=None, location_ar="زيتونةُ الكُبرى"))
    r = score([article("a1", gold_event())], [p])
    assert r.tp == 1
    assert r.matches[0].name_match is True
    assert r.matches[0].distance_km is None
    assert r.geo_errors_km == []  # no coordinates on the pred -> no geo error


def test_place_by_article_stripping_both_ways():
    # pred "زيتونة" vs gold "الزيتونة": equal once ال is stripped from the gold
    p = pred_event(**elsewhere(latitude=None, longitude=None, location_ar="زيتونة"))
    assert score([article("a1", gold_event())], [p]).tp == 1
    # pred "الكرمة" vs gold "كرمة" (alias list empty): equal once ال is stripped from the pred
    g = gold_event(location="Karma", location_ar="كرمة", location_aliases=[])
    p = pred_event(**elsewhere(latitude=None, longitude=None, location_ar="الكرمة"))
    assert score([article("a1", g)], [p]).tp == 1


def test_place_by_latin_name_case_insensitive():
    # no Arabic name, no coordinates: "ZAYTUNA" equals gold location "Zaytuna"
    p = pred_event(latitude=None, longitude=None, location_ar=None, location="ZAYTUNA")
    assert score([article("a1", gold_event())], [p]).tp == 1


def test_different_name_and_no_coordinates_is_no_match():
    p = pred_event(**elsewhere(latitude=None, longitude=None))
    r = score([article("a1", gold_event())], [p])
    assert (r.tp, r.fp, r.fn) == (0, 1, 1)


@pytest.mark.parametrize(
    ("precision", "dlat", "matches"),
    [
        (1, 0.08, True),  # 8.896 km <= 10
        (1, 0.1, False),  # 11.119 km > 10
        (2, 0.1, True),  # 11.119 km <= 25
        (2, 0.2, True),  # 22.239 km <= 25
        (2, 0.25, False),  # 27.799 km > 25
        (3, 0.25, True),  # 27.799 km <= 75
        (3, 0.6, True),  # 66.717 km <= 75
        (3, 0.7, False),  # 77.836 km > 75
    ],
)
def test_place_by_distance_thresholds(precision, dlat, matches):
    g = gold_event(geo_precision=precision)
    p = pred_event(**elsewhere(latitude=LAT + dlat, longitude=LON))
    r = score([article("a1", g)], [p])
    assert r.tp == int(matches)
    if matches:
        assert r.geo_errors_km[0] == pytest.approx(dlat * KM_PER_DEG)
        assert r.matches[0].name_match is False


def test_haversine_along_meridian_and_parallel():
    assert haversine_km((LAT, LON), (LAT + 0.1, LON)) == pytest.approx(11.1195, abs=1e-3)
    # on the equator one degree of longitude is also 111.195 km
    assert haversine_km((0.0, 10.0), (0.0, 11.0)) == pytest.approx(KM_PER_DEG)


# ------------------------------------------------------------------ one-to-one, greedy


def test_two_preds_one_gold():
    # both preds are candidates; only one can take the gold -> TP 1, FP 1
    r = score([article("a1", gold_event())], [pred_event(), pred_event()])
    assert (r.tp, r.fp, r.fn) == (1, 1, 0)
    assert (r.precision, r.recall) == (0.5, 1.0)
    # equal quality: the tie goes to the first pred
    assert r.matches[0].pred_index == 0


def test_two_golds_one_pred():
    # two identical gold events, one pred -> TP 1, FN 1
    r = score([article("a1", gold_event(), gold_event())], [pred_event()])
    assert (r.tp, r.fp, r.fn) == (1, 0, 1)
    assert (r.precision, r.recall) == (1.0, 0.5)
    assert r.matches[0].gold_index == 0


def test_greedy_prefers_same_sub_event_type():
    # gold Armed clash; pred 0 says Government regains territory, pred 1 Armed clash.
    # Both are candidates; the pair with the same sub-type ranks first -> pred 1 is TP,
    # pred 0 is FP, sub-type accuracy 1/1.
    preds = [pred_event(sub_event_type="Government regains territory"), pred_event()]
    r = score([article("a1", gold_event())], preds)
    assert (r.tp, r.fp, r.fn) == (1, 1, 0)
    assert r.matches[0].pred_index == 1
    assert r.sub_event_type.value == 1.0


def test_greedy_prefers_right_actors_then_name_then_distance():
    g = gold_event()
    # pred 0: wrong actors, exact name; pred 1: right actors, exact name -> pred 1
    preds = [pred_event(actor1="Someone Else"), pred_event()]
    assert score([article("a1", g)], preds).matches[0].pred_index == 1
    # pred 0: coordinates 8.9 km away, other name; pred 1: name match, no coordinates
    preds = [
        pred_event(**elsewhere(latitude=LAT + 0.08, longitude=LON)),
        pred_event(latitude=None, longitude=None),
    ]
    assert score([article("a1", g)], preds).matches[0].pred_index == 1
    # both by distance only: 8.9 km (pred 0) vs 5.6 km (pred 1) -> the nearer, pred 1
    preds = [
        pred_event(**elsewhere(latitude=LAT + 0.08, longitude=LON)),
        pred_event(**elsewhere(latitude=LAT + 0.05, longitude=LON)),
    ]
    r = score([article("a1", g)], preds)
    assert r.matches[0].pred_index == 1
    assert r.geo_errors_km == [pytest.approx(0.05 * KM_PER_DEG)]


def test_greedy_prefers_smaller_date_gap():
    # gold 10 March, no window; preds on the 11th (gap 1) and the 10th (gap 0) -> pred 1
    preds = [pred_event(event_date="2020-03-11"), pred_event(event_date="2020-03-10")]
    r = score([article("a1", gold_event())], preds)
    assert r.matches[0].pred_index == 1


def test_greedy_assigns_each_pred_to_its_best_gold():
    # two golds at the same place and day: clash (0) and territory taken (1).
    # preds: territory taken (0), clash (1). Same-sub-type pairs rank first, so
    # pred 0 -> gold 1, pred 1 -> gold 0: TP 2 and sub-type accuracy 2/2.
    golds = [gold_event(), gold_event(sub_event_type="Non-state actor overtakes territory")]
    preds = [pred_event(sub_event_type="Non-state actor overtakes territory"), pred_event()]
    r = score([article("a1", *golds)], preds)
    assert r.tp == 2
    assert {(m.pred_index, m.gold_index) for m in r.matches} == {(0, 1), (1, 0)}
    assert (r.sub_event_type.correct, r.sub_event_type.n) == (2, 2)


def test_preds_only_match_gold_of_their_article():
    # the same event predicted for article a2: FP in a2, FN in a1
    r = score([article("a1", gold_event()), article("a2")], [pred_event("a2")])
    assert (r.tp, r.fp, r.fn) == (0, 1, 1)


# ------------------------------------------------------------------ optional gold


def test_optional_gold_removes_matching_pred():
    # one optional gold, one pred matching it: neither TP nor FP; no FN either.
    # P undefined (no counted preds), R undefined (no required gold).
    r = score([article("a1", gold_event(optional=True))], [pred_event()])
    assert (r.tp, r.fp, r.fn) == (0, 0, 0)
    assert r.optional_matched == 1
    assert r.n_gold == 0 and r.n_gold_optional == 1
    assert r.precision is None and r.recall is None and r.f1 is None


def test_unmatched_optional_gold_is_not_fn():
    # a required gold found + an optional gold at another place not found: TP 1 only
    golds = [gold_event(), gold_event(optional=True, **elsewhere(location_aliases=[]))]
    r = score([article("a1", *golds)], [pred_event()])
    assert (r.tp, r.fp, r.fn) == (1, 0, 0)
    assert r.optional_matched == 0


def test_required_gold_is_matched_before_optional():
    # optional gold listed first, required second, same event: the single pred goes to
    # the required one (TP 1). A second identical pred then takes the optional one and
    # is dropped (not FP). A third is FP.
    golds = [gold_event(optional=True), gold_event()]
    r = score([article("a1", *golds)], [pred_event()])
    assert (r.tp, r.fp, r.fn) == (1, 0, 0)
    assert r.matches[0].gold_index == 1
    r = score([article("a1", *golds)], [pred_event(), pred_event()])
    assert (r.tp, r.fp, r.fn, r.optional_matched) == (1, 0, 0, 1)
    r = score([article("a1", *golds)], [pred_event(), pred_event(), pred_event()])
    assert (r.tp, r.fp, r.fn, r.optional_matched) == (1, 1, 0, 1)


# ------------------------------------------------------------------ actors


def test_actors_alias_aware():
    # actor1 by a differently cased English alias, actor2 by the Arabic name with ال
    # dropped ("جيش" vs alias "الجيش"), given only in actor2_ar
    p = pred_event(actor1="rebel front", actor2=None, actor2_ar="جيش")
    r = score([article("a1", gold_event())], [p])
    assert (r.actors.correct, r.actors.n) == (1, 1)
    # the Arabic name of actor1 against the Arabic alias, English name wrong
    p = pred_event(actor1="Wrong Name", actor1_ar="الثُّوار")
    assert score([article("a1", gold_event())], [p]).actors.value == 1.0
    # an actor that is neither name nor alias: wrong, with an "actors" error listing both
    p = pred_event(actor2="Army C")
    r = score([article("a1", gold_event())], [p])
    assert (r.actors.correct, r.actor1.correct, r.actor2.correct) == (0, 1, 0)
    err = next(e for e in r.errors if e.kind == "actors")
    assert err.pred == ["Rebels A", "Army C"]
    assert err.gold == ["Rebels A", "Army B"]


def test_alias_without_period_accepts_any_period():
    # gold canonical "Forces of Xland (2020-)"; alias "Forces of Xland" written without a
    # period accepts the prediction's "(1990-)"; without that alias it is wrong
    g = gold_event(actor1="Forces of Xland (2020-)", actor1_aliases=["Forces of Xland"])
    p = pred_event(actor1="Forces of Xland (1990-)")
    assert score([article("a1", g)], [p]).actor1.value == 1.0
    g = gold_event(actor1="Forces of Xland (2020-)", actor1_aliases=[])
    assert score([article("a1", g)], [p]).actor1.value == 0.0
    # a closed period is a period too; another state's forces are not widened
    g = gold_event(actor1="Forces of Xland (2020-)", actor1_aliases=["Forces of Xland"])
    assert score([article("a1", g)], [pred_event(actor1="Forces of Xland (1990-2019)")]
                 ).actor1.value == 1.0
    assert score([article("a1", g)], [pred_event(actor1="Forces of Yland (1990-)")]
                 ).actor1.value == 0.0


def test_battles_actor_order_is_free():
    # gold Battles (Rebels A vs Army B); pred the other way round -> actors right
    p = pred_event(actor1="Army B", actor2="Rebels A")
    r = score([article("a1", gold_event())], [p])
    assert r.actors.value == 1.0
    assert r.actor1.value == 1.0 and r.actor2.value == 1.0


def test_violence_against_civilians_actor_order_matters():
    vac = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
    g = gold_event(**vac, actor2="Civilians X", actor2_aliases=["مدنيون"])
    ok = pred_event(**vac, actor2="Civilians X")
    swapped = pred_event(**vac, actor1="Civilians X", actor2="Rebels A")
    assert score([article("a1", g)], [ok]).actors.value == 1.0
    r = score([article("a1", g)], [swapped])
    assert r.tp == 1  # still a match: actors do not decide matching
    assert (r.actors.correct, r.actors.n) == (0, 1)


def test_null_gold_actor2():
    g = gold_event(actor2=None, actor2_aliases=[])
    # pred actor2 null -> right
    assert score([article("a1", g)], [pred_event(actor2=None)]).actors.value == 1.0
    # pred names an actor2 the gold does not have -> wrong
    assert score([article("a1", g)], [pred_event(actor2="Army B")]).actors.value == 0.0
    # gold names actor2 but the pred leaves it null -> wrong
    assert score([article("a1", gold_event())], [pred_event(actor2=None)]).actors.value == 0.0


# ------------------------------------------------------------------ numbers


def test_fatalities_null_equals_zero():
    # gold 0, pred null -> right (null counts as 0)
    r = score([article("a1", gold_event(fatalities=0))], [pred_event(fatalities=None)])
    assert r.fatalities.value == 1.0
    # gold 2, pred 3 -> wrong, with an error carrying both values
    r = score([article("a1", gold_event(fatalities=2))], [pred_event(fatalities=3)])
    assert (r.fatalities.correct, r.fatalities.n) == (0, 1)
    err = next(e for e in r.errors if e.kind == "fatalities")
    assert (err.pred, err.gold) == (3, 2)


def test_captured_and_wounded():
    # pair 1: gold captured null, pred null -> right (counts only in "captured")
    # pair 2: gold captured 8, pred 8 -> right (in both)
    # pair 3: gold captured 5, pred null -> wrong (in both)
    # captured = 2/3, captured_reported = 1/2
    golds = [
        article("a1", gold_event(captured=None, wounded=4)),
        article("a2", gold_event(captured=8, wounded=None)),
        article("a3", gold_event(captured=5, wounded=None)),
    ]
    preds = [
        pred_event("a1", captured=None, wounded=4),
        pred_event("a2", captured=8, wounded=0),
        pred_event("a3", captured=None, wounded=None),
    ]
    r = score(golds, preds)
    assert (r.captured.correct, r.captured.n) == (2, 3)
    assert (r.captured_reported.correct, r.captured_reported.n) == (1, 2)
    # wounded: 4==4 right, null vs 0 wrong (no null-as-0 rule here), null==null right
    assert (r.wounded.correct, r.wounded.n) == (2, 3)
    assert (r.wounded_reported.correct, r.wounded_reported.n) == (1, 1)
    # each wrong count is listed for the developer, with both figures
    wrong = sorted((e.article_id, e.kind, e.pred, e.gold) for e in r.errors)
    assert wrong == [("a2", "wounded", 0, None), ("a3", "captured", None, 5)]


# ------------------------------------------------------------------ geo error


def test_geo_error_median_and_p90():
    # three matched pairs, each in its own article, with pred coordinates
    # 0, 0.05 and 0.08 degrees north of the gold: 0, 5.5597 and 8.8956 km.
    # median = 5.5597; p90 by linear interpolation: position 0.9 * 2 = 1.8 ->
    # 5.5597 + 0.8 * (8.8956 - 5.5597) = 8.2284 km
    golds = [article(f"a{i}", gold_event()) for i in range(3)]
    preds = [
        pred_event(f"a{i}", latitude=LAT + d, longitude=LON)
        for i, d in enumerate((0.0, 0.05, 0.08))
    ]
    r = score(golds, preds)
    assert r.geo_n == 3
    assert r.geo_median_km == pytest.approx(5.5597, abs=1e-3)
    assert r.geo_p90_km == pytest.approx(8.2284, abs=1e-3)


def test_percentile_edges():
    assert percentile([], 50) is None
    assert percentile([7.0], 90) == 7.0
    # [1, 2, 3, 4]: median at position 1.5 -> 2.5; p90 at 2.7 -> 3.7
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == pytest.approx(2.5)
    assert percentile([4.0, 1.0, 3.0, 2.0], 90) == pytest.approx(3.7)


# ------------------------------------------------------------------ per-type table


def test_per_type_rows():
    # gold: a1 Battles/Armed clash; a1 ERV/Air strike at another place.
    # preds: Battles/Government regains territory matching the clash (wrong sub-type),
    #        ERV/Shelling at a third place (FP). So TP 1, FP 1, FN 1.
    # Battles row:      gold 1, pred 1, TP 1 -> P 1, R 1, F1 1
    #   Armed clash:    gold 1, pred 0, TP 1 (by gold sub-type) -> P none, R 1
    #   Gov. regains:   gold 0, pred 1, TP 0 (tp_pred 1)        -> P 1, R none
    # ERV row:          gold 1, pred 1, TP 0 -> P 0, R 0, F1 0
    #   Air/drone:      gold 1, pred 0 -> R 0, F1 0
    #   Shelling:       gold 0, pred 1 -> P 0, F1 0
    erv = "Explosions/Remote violence"
    golds = [
        article(
            "a1",
            gold_event(),
            gold_event(
                event_type=erv,
                sub_event_type="Air/drone strike",
                **elsewhere(location_aliases=[]),
            ),
        )
    ]
    preds = [
        pred_event(sub_event_type="Government regains territory"),
        pred_event(
            event_type=erv,
            sub_event_type="Shelling/artillery/missile attack",
            **elsewhere(location="Third", location_ar="مكان ثالث", latitude=20.0, longitude=20.0),
        ),
    ]
    r = score(golds, preds)
    assert (r.tp, r.fp, r.fn) == (1, 1, 1)
    rows = {(row.event_type, row.sub_event_type): row for row in r.per_type}
    assert [(row.event_type, row.sub_event_type) for row in r.per_type] == [
        ("Battles", None),
        ("Battles", "Armed clash"),
        ("Battles", "Government regains territory"),
        (erv, None),
        (erv, "Air/drone strike"),
        (erv, "Shelling/artillery/missile attack"),
    ]
    b = rows[("Battles", None)]
    assert (b.gold, b.pred, b.tp, b.precision, b.recall, b.f1) == (1, 1, 1, 1.0, 1.0, 1.0)
    ac = rows[("Battles", "Armed clash")]
    assert (ac.gold, ac.pred, ac.tp, ac.precision, ac.recall) == (1, 0, 1, None, 1.0)
    gr = rows[("Battles", "Government regains territory")]
    got = (gr.gold, gr.pred, gr.tp, gr.tp_pred, gr.precision, gr.recall)
    assert got == (0, 1, 0, 1, 1.0, None)
    e = rows[(erv, None)]
    assert (e.gold, e.pred, e.tp, e.precision, e.recall, e.f1) == (1, 1, 0, 0.0, 0.0, 0.0)
    assert rows[(erv, "Air/drone strike")].f1 == 0.0
    assert rows[(erv, "Shelling/artillery/missile attack")].precision == 0.0


# ------------------------------------------------------------------ articles, errors


def test_empty_article_with_pred_is_fp():
    # gold events [] and one pred -> FP 1; P = 0, R undefined, F1 = 0
    r = score([article("neg")], [pred_event("neg")])
    assert (r.tp, r.fp, r.fn) == (0, 1, 0)
    assert r.precision == 0.0 and r.recall is None and r.f1 == 0.0
    assert r.n_articles_empty == 1
    fp = r.errors[0]
    assert (fp.kind, fp.article_id, fp.evidence) == ("FP", "neg", "pred evidence sentence")


def test_ignored_pred_and_micro_average():
    # a1: exact match (TP); a2: wrong date by 5 days (FP + FN); one pred for unknown "zz".
    # micro: TP 1, FP 1, FN 1 -> P = R = F1 = 0.5; ignored_pred 1; n_pred 3
    golds = [article("a1", gold_event()), article("a2", gold_event())]
    preds = [pred_event("a1"), pred_event("a2", event_date="2020-03-15"), pred_event("zz")]
    r = score(golds, preds)
    assert (r.tp, r.fp, r.fn) == (1, 1, 1)
    assert (r.precision, r.recall, r.f1) == (0.5, 0.5, 0.5)
    assert (r.ignored_pred, r.n_pred, r.n_articles, r.n_articles_with_pred) == (1, 3, 2, 2)
    fn = next(e for e in r.errors if e.kind == "FN")
    assert (fn.article_id, fn.evidence, fn.date) == ("a2", "gold evidence sentence", "2020-03-10")
    assert fn.place == "الزيتونة (Zaytuna)"


def test_report_to_dict_is_json_and_render_runs():
    golds = [article("a1", gold_event()), article("a2", gold_event())]
    preds = [pred_event("a1", fatalities=5), pred_event("a2", event_type="Protests")]
    r = score(golds, preds)
    d = json.loads(json.dumps(report_to_dict(r)))
    assert d["events"]["tp"] == 1 and d["events"]["fp"] == 1 and d["events"]["fn"] == 1
    assert d["attributes"]["fatalities"] == {"value": 0.0, "correct": 0, "n": 1}
    assert {e["kind"] for e in d["errors"]} == {"FP", "FN", "fatalities"}
    assert d["geo_error_km"] == {"n": 1, "median": 0.0, "p90": 0.0}

    console = Console(record=True, width=200)
    render_report(r, console, errors=True)
    out = console.export_text()
    for needle in ("Precision", "Per type", "Errors", "a1", "a2", "fatalities", "FP", "FN"):
        assert needle in out
    console = Console(record=True, width=200)
    render_report(r, console)
    assert "Errors" not in console.export_text()


def test_load_gold_and_pred(tmp_path):
    gp = tmp_path / "gold.jsonl"
    pp = tmp_path / "pred.jsonl"
    gp.write_text(json.dumps(article("a1", gold_event()), ensure_ascii=False) + "\n\n")
    pp.write_text(json.dumps(pred_event(), ensure_ascii=False) + "\n")
    r = score(load_gold(gp), load_pred(pp))
    assert r.tp == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "events": []}\n{not json\n')
    with pytest.raises(ValueError, match=":2:"):
        load_gold(bad)
