"""Score predicted events against gold articles (GUIDELINES §9).

A predicted event only ever matches a gold event of the same article. A pair is a
*candidate* when the event type agrees (or the predicted type is one of the gold
``event_type_alt``), the place agrees (a normalized name, or coordinates within 10 km,
25 km for gold geo_precision 2, 75 km for 3) and the date agrees (inside the gold
``date_window``, else within one day of the gold ``event_date``). Candidates are taken
one-to-one, best pairs first. Required gold events are matched first; the predictions
left over are then matched against the optional gold events and those pairs are removed
from both sides (neither TP nor FP; unmatched optional gold are not FN).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rasad.text.normalize import normalize_key

# Largest distance (km) between predicted and gold coordinates that still counts as the
# same place, by gold geo_precision; precision 1 or unknown uses the first.
PLACE_RADIUS_KM = {1: 10.0, 2: 25.0, 3: 75.0}
DATE_TOLERANCE_DAYS = 1
EARTH_RADIUS_KM = 6371.0

# Row order of the per-type table (GUIDELINES §2); unknown labels come after, sorted.
TYPE_ORDER: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
ORDER_FREE_TYPES = frozenset({"Battles"})


# --------------------------------------------------------------------------- report


@dataclass(slots=True)
class Accuracy:
    """``correct`` of ``n`` matched pairs; ``value`` is None when ``n`` is 0."""

    correct: int = 0
    n: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.n if self.n else None

    def add(self, ok: bool) -> None:
        self.n += 1
        self.correct += int(ok)


@dataclass(slots=True)
class TypeRow:
    """One row of the per-type table.

    ``sub_event_type`` is None on the row of a whole event type. ``gold`` counts
    required gold events with this label, ``pred`` the scored predictions with it.
    ``tp`` counts matched pairs whose *gold* event has the label (the recall side);
    ``tp_pred`` those whose *prediction* has it (the precision side). The two differ
    only when a pair disagrees on the label (event_type_alt, or a wrong sub-type).
    """

    event_type: str
    sub_event_type: str | None
    gold: int = 0
    pred: int = 0
    tp: int = 0
    tp_pred: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp_pred / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)


@dataclass(slots=True)
class ErrorItem:
    """A false positive, a false negative, or a wrong attribute on a matched pair.

    ``kind`` is ``"FP"``, ``"FN"``, ``"sub_event_type"``, ``"actors"`` or
    ``"fatalities"``. Type, sub-type, place, date and evidence describe the predicted
    event for an FP and the gold event otherwise; ``pred`` / ``gold`` hold the two
    disagreeing values of an attribute error.
    """

    article_id: str
    kind: str
    event_type: str | None
    sub_event_type: str | None
    place: str | None
    date: str | None
    evidence: str | None
    pred: Any = None
    gold: Any = None


@dataclass(slots=True)
class MatchedPair:
    """A true positive: indexes into the article's predictions and gold events."""

    article_id: str
    pred_index: int
    gold_index: int
    distance_km: float | None
    name_match: bool
    sub_event_type_ok: bool
    actors_ok: bool
    fatalities_ok: bool


@dataclass(slots=True)
class Report:
    """Everything the scorer measures; see ``report_to_dict`` for the JSON form."""

    # articles
    n_articles: int = 0
    n_articles_with_gold: int = 0  # with at least one required gold event
    n_articles_empty: int = 0  # gold ``events: []``
    n_articles_with_pred: int = 0  # gold articles that received a prediction
    # events
    n_gold: int = 0  # required gold events
    n_gold_optional: int = 0
    n_pred: int = 0  # predictions read, including ignored ones
    ignored_pred: int = 0  # article id not in gold
    optional_matched: int = 0  # predictions removed with an optional gold event
    tp: int = 0
    fp: int = 0
    fn: int = 0
    # attributes on matched pairs
    sub_event_type: Accuracy = field(default_factory=Accuracy)
    actors: Accuracy = field(default_factory=Accuracy)
    actor1: Accuracy = field(default_factory=Accuracy)
    actor2: Accuracy = field(default_factory=Accuracy)
    fatalities: Accuracy = field(default_factory=Accuracy)
    captured: Accuracy = field(default_factory=Accuracy)  # null == null counts
    captured_reported: Accuracy = field(default_factory=Accuracy)  # gold not null
    wounded: Accuracy = field(default_factory=Accuracy)
    wounded_reported: Accuracy = field(default_factory=Accuracy)
    geo_errors_km: list[float] = field(default_factory=list)
    per_type: list[TypeRow] = field(default_factory=list)
    errors: list[ErrorItem] = field(default_factory=list)
    matches: list[MatchedPair] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)

    @property
    def geo_n(self) -> int:
        return len(self.geo_errors_km)

    @property
    def geo_median_km(self) -> float | None:
        return percentile(self.geo_errors_km, 50)

    @property
    def geo_p90_km(self) -> float | None:
        return percentile(self.geo_errors_km, 90)


def _f1(p: float | None, r: float | None) -> float | None:
    """Harmonic mean; an undefined side counts as 0 unless both are undefined."""
    if p is None and r is None:
        return None
    p, r = p or 0.0, r or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def percentile(values: Iterable[float], q: float) -> float | None:
    """The ``q``-th percentile with linear interpolation (numpy's default)."""
    xs = sorted(values)
    if not xs:
        return None
    pos = (len(xs) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


# --------------------------------------------------------------------------- loading


def _read_jsonl(path: str | Path) -> list[dict]:
    rows: list[dict] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: not valid JSON: {exc.msg}") from exc
            if not isinstance(row, dict):
                raise ValueError(f"{path}:{lineno}: expected a JSON object")
            rows.append(row)
    return rows


def load_gold(path: str | Path) -> list[dict]:
    """Gold articles, one JSON object per line, each with ``id`` and ``events``."""
    articles = _read_jsonl(path)
    for i, art in enumerate(articles, 1):
        if "id" not in art or not isinstance(art.get("events"), list):
            raise ValueError(f"{path}: article {i} lacks an id or an events list")
    return articles


def load_pred(path: str | Path) -> list[dict]:
    """Predicted events, one JSON object per line (rasad's event output)."""
    return _read_jsonl(path)


# --------------------------------------------------------------------------- helpers


def _name_keys(*names: Any) -> set[str]:
    """Normalized forms of the given names, each with and without a leading ال."""
    keys: set[str] = set()
    for name in names:
        if not isinstance(name, str):
            continue
        key = normalize_key(name)
        if not key:
            continue
        keys.add(key)
        if key.startswith("ال") and len(key) > 3:
            keys.add(key[2:].strip())
    return keys


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _coords(ev: Mapping) -> tuple[float, float] | None:
    lat, lon = ev.get("latitude"), ev.get("longitude")
    if lat is None or lon is None:
        return None
    try:
        return float(lat), float(lon)
    except (TypeError, ValueError):
        return None


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _place_radius(gold: Mapping) -> float:
    return PLACE_RADIUS_KM.get(gold.get("geo_precision") or 1, PLACE_RADIUS_KM[1])


def _first_evidence(ev: Mapping) -> str | None:
    evid = ev.get("evidence")
    if isinstance(evid, str):
        return evid
    for item in _as_list(evid):
        if isinstance(item, Mapping) and isinstance(item.get("text"), str):
            return item["text"]
        if isinstance(item, str):
            return item
    return None


def _place(ev: Mapping) -> str | None:
    ar, en = ev.get("location_ar"), ev.get("location")
    if ar and en:
        return f"{ar} ({en})"
    return ar or en


def _date_label(ev: Mapping) -> str | None:
    if ev.get("event_date"):
        return ev["event_date"]
    window = ev.get("date_window")
    if isinstance(window, (list, tuple)) and len(window) == 2:
        return f"{window[0]}..{window[1]}"
    return None


def _fatal(value: Any) -> int:
    return value or 0


class _Gold:
    """A gold event with its comparison keys computed once."""

    __slots__ = (
        "actor_keys",
        "coords",
        "date",
        "ev",
        "index",
        "place_keys",
        "radius",
        "types",
        "window",
    )

    def __init__(self, ev: Mapping, index: int) -> None:
        self.ev = ev
        self.index = index
        self.types = {ev.get("event_type"), *_as_list(ev.get("event_type_alt"))}
        self.place_keys = _name_keys(
            ev.get("location_ar"), ev.get("location"), *_as_list(ev.get("location_aliases"))
        )
        self.coords = _coords(ev)
        self.radius = _place_radius(ev)
        self.date = _parse_date(ev.get("event_date"))
        window = ev.get("date_window")
        self.window: tuple[date, date] | None = None
        if isinstance(window, (list, tuple)) and len(window) == 2:
            lo, hi = _parse_date(window[0]), _parse_date(window[1])
            if lo and hi:
                self.window = (lo, hi)
        self.actor_keys = {
            slot: (
                None
                if ev.get(slot) is None
                else _name_keys(ev.get(slot), *_as_list(ev.get(f"{slot}_aliases")))
            )
            for slot in ("actor1", "actor2")
        }


class _Pred:
    __slots__ = ("actor_keys", "coords", "date", "ev", "index", "place_keys")

    def __init__(self, ev: Mapping, index: int) -> None:
        self.ev = ev
        self.index = index
        self.place_keys = _name_keys(ev.get("location_ar"), ev.get("location"))
        self.coords = _coords(ev)
        self.date = _parse_date(ev.get("event_date"))
        self.actor_keys = {
            slot: _name_keys(ev.get(slot), _without_period(ev.get(slot)), ev.get(f"{slot}_ar"))
            for slot in ("actor1", "actor2")
        }


# ACLED's period of a state's forces: "Military Forces of Israel (1948-)"
_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)$")


def _without_period(name: Any) -> str | None:
    """A predicted actor's name without its period, so that a gold alias written without
    one ("Military Forces of Israel") accepts the forces of that state in any period. The
    gold's own canonical name keeps its period: only an alias so written widens."""
    return _PERIOD.sub("", name) if isinstance(name, str) else None


def _actor_ok(pred_keys: set[str], gold_keys: set[str] | None) -> bool:
    """A null gold actor wants a null prediction; otherwise any shared name counts."""
    if gold_keys is None:
        return not pred_keys
    return bool(pred_keys & gold_keys)


def _actors(p: _Pred, g: _Gold) -> tuple[bool, bool]:
    """(actor1 right, actor2 right), crossing the sides for order-free types."""
    p1, p2 = p.actor_keys["actor1"], p.actor_keys["actor2"]
    g1, g2 = g.actor_keys["actor1"], g.actor_keys["actor2"]
    straight = (_actor_ok(p1, g1), _actor_ok(p2, g2))
    if g.ev.get("event_type") not in ORDER_FREE_TYPES or all(straight):
        return straight
    crossed = (_actor_ok(p1, g2), _actor_ok(p2, g1))
    return crossed if sum(crossed) > sum(straight) else straight


@dataclass(slots=True)
class _Candidate:
    pred: _Pred
    gold: _Gold
    distance_km: float | None
    name_match: bool
    date_gap: int
    sub_ok: bool
    actors: tuple[bool, bool]

    def rank(self) -> tuple:
        """Sort key: best pairs first, then deterministic tie-breaks by position."""
        return (
            not self.sub_ok,
            -sum(self.actors),
            self.pred.ev.get("event_type") != self.gold.ev.get("event_type"),
            not self.name_match,
            math.inf if self.distance_km is None else self.distance_km,
            self.date_gap,
            self.pred.index,
            self.gold.index,
        )


def _candidate(p: _Pred, g: _Gold) -> _Candidate | None:
    """The pair if it satisfies the §9 match rule, else None."""
    if p.ev.get("event_type") not in g.types:
        return None
    # date
    if g.window is not None:
        if p.date is None or not g.window[0] <= p.date <= g.window[1]:
            return None
        gap = abs((p.date - g.date).days) if g.date else 0
    elif g.date is not None:
        if p.date is None:
            return None
        gap = abs((p.date - g.date).days)
        if gap > DATE_TOLERANCE_DAYS:
            return None
    else:  # the gold event has no date at all: nothing to check
        gap = 0
    # place
    name_match = bool(p.place_keys & g.place_keys)
    distance = haversine_km(p.coords, g.coords) if p.coords and g.coords else None
    if not name_match and (distance is None or distance > g.radius):
        return None
    return _Candidate(
        pred=p,
        gold=g,
        distance_km=distance,
        name_match=name_match,
        date_gap=gap,
        sub_ok=p.ev.get("sub_event_type") == g.ev.get("sub_event_type"),
        actors=_actors(p, g),
    )


def _greedy(preds: list[_Pred], golds: list[_Gold]) -> list[_Candidate]:
    """One-to-one matching, best candidate pairs first."""
    cands = [c for p in preds for g in golds if (c := _candidate(p, g)) is not None]
    cands.sort(key=_Candidate.rank)
    used_p: set[int] = set()
    used_g: set[int] = set()
    taken: list[_Candidate] = []
    for c in cands:
        if c.pred.index in used_p or c.gold.index in used_g:
            continue
        used_p.add(c.pred.index)
        used_g.add(c.gold.index)
        taken.append(c)
    return taken


# --------------------------------------------------------------------------- scoring


def score(gold_articles: list[dict], pred_events: list[dict]) -> Report:
    """Score predicted events against gold articles; see the module docstring."""
    rep = Report(n_articles=len(gold_articles), n_pred=len(pred_events))
    gold_ids: dict[str, int] = {}
    for i, art in enumerate(gold_articles):
        aid = str(art["id"])
        if aid in gold_ids:
            raise ValueError(f"gold article id {aid!r} appears twice")
        gold_ids[aid] = i

    preds_by_article: dict[str, list[dict]] = defaultdict(list)
    for ev in pred_events:
        aid = ev.get("article_id")
        if aid is None or str(aid) not in gold_ids:
            rep.ignored_pred += 1
            continue
        preds_by_article[str(aid)].append(ev)

    gold_count: dict[tuple[str, str | None], int] = defaultdict(int)
    pred_count: dict[tuple[str, str | None], int] = defaultdict(int)
    tp_gold: dict[tuple[str, str | None], int] = defaultdict(int)
    tp_pred: dict[tuple[str, str | None], int] = defaultdict(int)

    def bump(counter: dict, ev: Mapping) -> None:
        et = ev.get("event_type") or "?"
        counter[(et, None)] += 1
        counter[(et, ev.get("sub_event_type") or "?")] += 1

    for art in gold_articles:
        aid = str(art["id"])
        events = art.get("events") or []
        required = [_Gold(ev, i) for i, ev in enumerate(events) if not ev.get("optional")]
        optional = [_Gold(ev, i) for i, ev in enumerate(events) if ev.get("optional")]
        preds = [_Pred(ev, i) for i, ev in enumerate(preds_by_article.get(aid, []))]
        rep.n_gold += len(required)
        rep.n_gold_optional += len(optional)
        rep.n_articles_with_gold += bool(required)
        rep.n_articles_empty += not events
        rep.n_articles_with_pred += bool(preds)

        matched = _greedy(preds, required)
        used = {c.pred.index for c in matched}
        left = [p for p in preds if p.index not in used]
        opt_matched = _greedy(left, optional)
        dropped = {c.pred.index for c in opt_matched}
        rep.optional_matched += len(dropped)

        scored = [p for p in preds if p.index not in dropped]
        for p in scored:
            bump(pred_count, p.ev)
        for g in required:
            bump(gold_count, g.ev)

        matched.sort(key=lambda c: (c.gold.index, c.pred.index))
        for c in matched:
            _score_pair(rep, aid, c)
            bump(tp_gold, c.gold.ev)
            bump(tp_pred, c.pred.ev)

        matched_g = {c.gold.index for c in matched}
        for p in scored:
            if p.index not in used:
                rep.fp += 1
                rep.errors.append(_error(aid, "FP", p.ev))
        for g in required:
            if g.index not in matched_g:
                rep.fn += 1
                rep.errors.append(_error(aid, "FN", g.ev))

    rep.per_type = _type_rows(gold_count, pred_count, tp_gold, tp_pred)
    return rep


def _error(aid: str, kind: str, ev: Mapping, pred: Any = None, gold: Any = None) -> ErrorItem:
    return ErrorItem(
        article_id=aid,
        kind=kind,
        event_type=ev.get("event_type"),
        sub_event_type=ev.get("sub_event_type"),
        place=_place(ev),
        date=_date_label(ev),
        evidence=_first_evidence(ev),
        pred=pred,
        gold=gold,
    )


def _score_pair(rep: Report, aid: str, c: _Candidate) -> None:
    p, g = c.pred.ev, c.gold.ev
    rep.tp += 1
    actors_ok = all(c.actors)
    fatal_ok = _fatal(p.get("fatalities")) == _fatal(g.get("fatalities"))
    rep.sub_event_type.add(c.sub_ok)
    rep.actors.add(actors_ok)
    rep.actor1.add(c.actors[0])
    rep.actor2.add(c.actors[1])
    rep.fatalities.add(fatal_ok)
    wrong_counts: list[tuple[str, int | None, int | None]] = []
    for name, all_acc, reported_acc in (
        ("captured", rep.captured, rep.captured_reported),
        ("wounded", rep.wounded, rep.wounded_reported),
    ):
        ok = p.get(name) == g.get(name)
        all_acc.add(ok)
        if g.get(name) is not None:
            reported_acc.add(ok)
        if not ok:
            wrong_counts.append((name, p.get(name), g.get(name)))
    if c.pred.coords and c.gold.coords:
        rep.geo_errors_km.append(haversine_km(c.pred.coords, c.gold.coords))
    rep.matches.append(
        MatchedPair(
            article_id=aid,
            pred_index=c.pred.index,
            gold_index=c.gold.index,
            distance_km=c.distance_km,
            name_match=c.name_match,
            sub_event_type_ok=c.sub_ok,
            actors_ok=actors_ok,
            fatalities_ok=fatal_ok,
        )
    )
    if not c.sub_ok:
        rep.errors.append(
            _error(aid, "sub_event_type", g, p.get("sub_event_type"), g.get("sub_event_type"))
        )
    if not actors_ok:
        rep.errors.append(
            _error(
                aid,
                "actors",
                g,
                [p.get("actor1") or p.get("actor1_ar"), p.get("actor2") or p.get("actor2_ar")],
                [g.get("actor1"), g.get("actor2")],
            )
        )
    if not fatal_ok:
        rep.errors.append(_error(aid, "fatalities", g, p.get("fatalities"), g.get("fatalities")))
    for name, pred, gold in wrong_counts:
        rep.errors.append(_error(aid, name, g, pred, gold))


def _order_key(label: str, order: tuple[str, ...]) -> tuple[int, int, str]:
    """Known labels in guideline order, then unknown ones alphabetically."""
    return (0, order.index(label), "") if label in order else (1, 0, label)


def _type_rows(
    gold_count: Mapping, pred_count: Mapping, tp_gold: Mapping, tp_pred: Mapping
) -> list[TypeRow]:
    keys = set(gold_count) | set(pred_count)
    rows: list[TypeRow] = []
    for t in sorted({t for t, _ in keys}, key=lambda t: _order_key(t, tuple(TYPE_ORDER))):
        order = TYPE_ORDER.get(t, ())
        subs = sorted(
            {s for tt, s in keys if tt == t and s is not None},
            key=lambda s, order=order: _order_key(s, order),
        )
        for sub in (None, *subs):
            k = (t, sub)
            rows.append(
                TypeRow(
                    event_type=t,
                    sub_event_type=sub,
                    gold=gold_count.get(k, 0),
                    pred=pred_count.get(k, 0),
                    tp=tp_gold.get(k, 0),
                    tp_pred=tp_pred.get(k, 0),
                )
            )
    return rows


# --------------------------------------------------------------------------- JSON


def _acc_dict(a: Accuracy) -> dict:
    return {"value": a.value, "correct": a.correct, "n": a.n}


def report_to_dict(r: Report) -> dict:
    """A JSON-ready dict of the report (for ``rasad evaluate --json``)."""
    return {
        "articles": {
            "total": r.n_articles,
            "with_gold_events": r.n_articles_with_gold,
            "empty": r.n_articles_empty,
            "with_predictions": r.n_articles_with_pred,
        },
        "events": {
            "gold": r.n_gold,
            "gold_optional": r.n_gold_optional,
            "pred": r.n_pred,
            "ignored_pred": r.ignored_pred,
            "optional_matched": r.optional_matched,
            "tp": r.tp,
            "fp": r.fp,
            "fn": r.fn,
            "precision": r.precision,
            "recall": r.recall,
            "f1": r.f1,
        },
        "attributes": {
            "sub_event_type": _acc_dict(r.sub_event_type),
            "actors": _acc_dict(r.actors),
            "actor1": _acc_dict(r.actor1),
            "actor2": _acc_dict(r.actor2),
            "fatalities": _acc_dict(r.fatalities),
            "captured": _acc_dict(r.captured),
            "captured_reported": _acc_dict(r.captured_reported),
            "wounded": _acc_dict(r.wounded),
            "wounded_reported": _acc_dict(r.wounded_reported),
        },
        "geo_error_km": {"n": r.geo_n, "median": r.geo_median_km, "p90": r.geo_p90_km},
        "per_type": [
            {
                "event_type": row.event_type,
                "sub_event_type": row.sub_event_type,
                "gold": row.gold,
                "pred": row.pred,
                "tp": row.tp,
                "tp_pred": row.tp_pred,
                "precision": row.precision,
                "recall": row.recall,
                "f1": row.f1,
            }
            for row in r.per_type
        ],
        "errors": [asdict(e) for e in r.errors],
        "matches": [asdict(m) for m in r.matches],
    }
