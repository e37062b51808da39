"""How well fusion groups reports of one incident: ``rasad fuse-eval --gold FILE``.

Gold: articles (GUIDELINES §8) with a ``cluster`` field naming the incident several
outlets report. The gold events of one cluster's articles that agree (same event type,
date windows that overlap, the same place by name/alias or within the scorer's radius)
are one gold *incident*; the cluster's *headline* incident is the one most of its
articles report.

Predicted per-article events are tied to gold events by the scorer's one-to-one matching
(GUIDELINES §9), then fused. Figures:

- pairwise precision / recall over pairs of matched events from different articles:
  a pair is predicted together when fusion put both in one fused event, and gold
  together when both match the same gold incident;
- headline recall: the share of multi-outlet headline incidents (k articles) that end
  as ONE fused event with exactly the k sources (``k`` counting the articles whose gold
  has the incident), and the same counting only the articles where extraction found it
  (fusion's own share of the work);
- fused purity (cluster precision): of the fused events with two or more matched
  sources, the share whose matched sources all belong to one gold incident.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from rasad.evaluate.score import haversine_km, score
from rasad.fuse import cluster
from rasad.model import Event, Evidence
from rasad.text.normalize import normalize_key


def _gold_window(ev: Mapping) -> tuple[date, date] | None:
    w = ev.get("date_window")
    try:
        if isinstance(w, list) and len(w) == 2 and w[0] and w[1]:
            return date.fromisoformat(w[0]), date.fromisoformat(w[1])
        if ev.get("event_date"):
            d = date.fromisoformat(ev["event_date"])
            return d - timedelta(days=1), d + timedelta(days=1)
    except ValueError:
        return None
    return None


def _gold_names(ev: Mapping) -> set[str]:
    names = [ev.get("location_ar"), ev.get("location"), *(ev.get("location_aliases") or [])]
    return {normalize_key(str(n)) for n in names if n}


def _radius(ev: Mapping) -> float:
    return {2: 25.0, 3: 75.0}.get(ev.get("geo_precision") or 1, 10.0)


def _gold_distance(a: Mapping, b: Mapping) -> float | None:
    """0 for the same place name, km within the scorer's radius, None when not the same."""
    types_a = {a.get("event_type"), *(a.get("event_type_alt") or [])}
    types_b = {b.get("event_type"), *(b.get("event_type_alt") or [])}
    if not types_a & types_b:
        return None
    wa, wb = _gold_window(a), _gold_window(b)
    if wa is None or wb is None or wa[0] > wb[1] or wb[0] > wa[1]:
        return None
    if _gold_names(a) & _gold_names(b):
        return 0.0
    try:
        ca = (float(a["latitude"]), float(a["longitude"]))
        cb = (float(b["latitude"]), float(b["longitude"]))
    except (KeyError, TypeError, ValueError):
        return None
    km = haversine_km(ca, cb)
    return km if km <= max(_radius(a), _radius(b)) else None


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def event_from_dict(d: Mapping) -> Event:
    """An Event from its JSON form (``Event.to_dict``); unknown keys are ignored."""
    fields = {k: d.get(k) for k in Event.__dataclass_fields__ if k not in ("evidence", "rules")}
    fields["fatalities"] = fields.get("fatalities") or 0
    return Event(**fields, evidence=[Evidence.from_dict(e) for e in d.get("evidence") or []],
                 rules=list(d.get("rules") or []))


def fuse_eval(gold_articles: Sequence[dict], pred_events: Sequence[dict],
              fused_of: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The figures in the module docstring. ``fused_of`` maps a per-article event id to
    its fused event id (e.g. read from a store); by default ``rasad.fuse.cluster`` runs
    on ``pred_events``."""
    if fused_of is None:
        fused_of = {}
        for members in cluster(event_from_dict(e) for e in pred_events):
            for m in members:
                fused_of[m.event_id] = members[0].event_id
    # gold incidents
    uf = _UnionFind()
    by_cluster: dict[str, list[tuple[str, int, Mapping]]] = defaultdict(list)
    for art in gold_articles:
        for i, ev in enumerate(art.get("events") or []):
            if not ev.get("optional"):
                uf.find((art["id"], i))
                if art.get("cluster"):
                    by_cluster[art["cluster"]].append((art["id"], i, ev))
    # closest pairs first; never join two events of one article (they are distinct)
    pairs = []
    for items in by_cluster.values():
        for x, (aid_a, ia, ea) in enumerate(items):
            for aid_b, ib, eb in items[x + 1:]:
                if aid_a != aid_b and (km := _gold_distance(ea, eb)) is not None:
                    pairs.append((km, (aid_a, ia), (aid_b, ib)))
    members: dict[Any, set[str]] = {uf.find(k): {k[0]} for k in list(uf.parent)}
    for _km, a, b in sorted(pairs):
        ra, rb = uf.find(a), uf.find(b)
        if ra != rb and not members[ra] & members[rb]:
            uf.union(ra, rb)
            members[uf.find(ra)] = members.pop(ra) | members.pop(rb)
    # predicted events matched to gold
    rep = score(list(gold_articles), list(pred_events))
    preds_by_article: dict[str, list[dict]] = defaultdict(list)
    for ev in pred_events:
        preds_by_article[str(ev.get("article_id"))].append(ev)
    matched: list[tuple[str, Any, str]] = []  # (article, gold incident, fused id)
    for m in rep.matches:
        pred = preds_by_article[m.article_id][m.pred_index]
        matched.append((m.article_id, uf.find((m.article_id, m.gold_index)),
                        fused_of.get(pred["event_id"], pred["event_id"])))
    # pairwise
    tp = pred_pairs = gold_pairs = 0
    for x, (aa, ga, fa) in enumerate(matched):
        for ab, gb, fb in matched[x + 1:]:
            if aa == ab:
                continue
            same_g, same_f = ga == gb, fa == fb
            tp += same_g and same_f
            pred_pairs += same_f
            gold_pairs += same_g
    # headline incidents
    articles_of: dict[Any, set[str]] = defaultdict(set)
    for (aid, _i) in list(uf.parent):
        articles_of[uf.find((aid, _i))].add(aid)
    found_in: dict[Any, dict[str, str]] = defaultdict(dict)
    sources_of: dict[str, set[str]] = defaultdict(set)
    incident_of_source: dict[str, set[Any]] = defaultdict(set)
    for aid, g, f in matched:
        found_in[g][aid] = f
        sources_of[f].add(aid)
        incident_of_source[f].add(g)
    headlines = []
    for name, items in sorted(by_cluster.items()):
        incidents = {uf.find((aid, i)) for aid, i, _ in items}
        head = max(sorted(incidents, key=str), key=lambda g: len(articles_of[g]))
        k = len(articles_of[head])
        if k < 2:
            continue
        found = found_in.get(head, {})
        fused_ids = set(found.values())
        # one fused event whose matched sources are exactly the articles that found it
        whole = len(fused_ids) == 1 and sources_of[next(iter(fused_ids))] == set(found)
        exact_gold = whole and len(found) == k
        exact_found = whole and len(found) >= 2
        headlines.append({"cluster": name, "k": k, "found": len(found),
                          "fused_events": len(fused_ids), "exact": exact_gold,
                          "exact_given_found": exact_found})
    multi = [f for f, s in sources_of.items() if len(s) >= 2]
    pure = sum(1 for f in multi if len(incident_of_source[f]) == 1)
    found2 = [h for h in headlines if h["found"] >= 2]

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "pairwise_precision": ratio(tp, pred_pairs), "pairwise_recall": ratio(tp, gold_pairs),
        "pairs": {"tp": tp, "predicted": pred_pairs, "gold": gold_pairs},
        "headline_incidents": len(headlines),
        "headline_exact": sum(h["exact"] for h in headlines),
        "headline_recall": ratio(sum(h["exact"] for h in headlines), len(headlines)),
        "headline_found_2plus": len(found2),
        "headline_exact_given_found": sum(h["exact_given_found"] for h in found2),
        "headline_recall_given_found": ratio(sum(h["exact_given_found"] for h in found2),
                                             len(found2)),
        "fused_multi_source": len(multi), "fused_pure": pure,
        "cluster_precision": ratio(pure, len(multi)),
        "matched_events": len(matched), "event_f1": rep.f1,
        "headlines": headlines,
    }
