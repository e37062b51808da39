"""`rasad explain`: every match, frame, drop and event of an article, with rule ids."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from rasad.extract import Analysis, analyze
from rasad.extract.document import Document, SentenceView
from rasad.extract.frames import ActorRef, Frame
from rasad.model import Article
from rasad.runtime import defaults


def explain_article(article: Article) -> dict[str, Any]:
    """The whole analysis of an article as plain data (also the `--json` output)."""
    lexicon, gazetteer = defaults()
    analysis = analyze(article, lexicon, gazetteer, full=True)
    doc = analysis.document
    sentences = []
    for sf in analysis.sentences:
        v = sf.view
        sentences.append({
            "index": v.sentence.index,
            "text": _orig(doc, v.sentence.start, v.sentence.end)[0],
            "matches": [
                {"category": t.category, "rule": t.entry_id, "prefix": t.m.prefix,
                 **_span(doc, v, t.i, t.j)}
                for t in v.matches
            ],
            "places": [
                {"name": p.name, "kind": p.kind, "region": p.region, "near": p.near,
                 "precision": p.precision, "rule": p.rule, **_span(doc, v, p.i, p.j)}
                for p in sf.places
            ],
            "dates": [
                {"date": d.date.isoformat() if d.date else None,
                 "window": [w.isoformat() for w in d.window] if d.window else None,
                 "precision": d.precision, "rule": d.rule, **_span(doc, v, d.start, d.end)}
                for d in sf.dates
            ],
            "numbers": [
                {"value": q.value, "exact": q.exact, "noun": q.noun, "class": q.noun_class,
                 "rule": q.rule, **_span(doc, v, q.start, q.end)}
                for q in sf.quantities
            ],
            "frames": [_frame(doc, v, f) for f in sf.frames],
        })
    return {
        "article_id": article.id,
        "published": article.published.isoformat() if article.published else None,
        "context": {"country": analysis.context.country, "admin1": analysis.context.admin1},
        "sentences": sentences,
        "dropped": [
            {"sentence": d.frame.sentence, "trigger": d.frame.trigger.entry_id,
             "reason": d.reason}
            for d in analysis.dropped
        ],
        "events": [e.to_dict() for e in analysis.events],
    }


def _orig(doc: Document, start: int, end: int) -> tuple[str, int, int]:
    s, e = doc.norm.to_original(start, end)
    return doc.article.text[s:e], s, e


def _span(doc: Document, v: SentenceView, i: int, j: int) -> dict[str, Any]:
    if i >= j or j > len(v.tokens):
        return {"text": "", "start": None, "end": None}
    text, s, e = _orig(doc, v.tokens[i].start, v.tokens[j - 1].end)
    return {"text": text, "start": s, "end": e}


def _actor(doc: Document, v: SentenceView, a: ActorRef | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"entries": list(a.ids), "rule": a.rule, **_span(doc, v, a.i, a.j)}


def _frame(doc: Document, v: SentenceView, f: Frame) -> dict[str, Any]:
    return {
        "trigger": f.trigger.entry_id,
        "trigger_text": _span(doc, v, f.trigger.i, f.trigger.j)["text"],
        "sub_event_type": f.sub_event_type,
        "family": f.family,
        "agent": _actor(doc, v, f.agent),
        "patient": _actor(doc, v, f.patient),
        "places": [p.name for p in f.places],
        "date": f.date.date.isoformat() if f.date and f.date.date else None,
        "fatalities": f.fatalities,
        "wounded": f.wounded,
        "captured": f.captured,
        "modality": f.modality,
        "rules": f.rules,
    }


def render_explanation(result: dict[str, Any], console: Console) -> None:
    """Print an explanation as tables: per sentence its matches and frames, then events."""
    ctx = result["context"]
    console.print(
        f"published {result['published'] or 'unknown'} · country {ctx['country'] or '?'} · "
        f"governorate {ctx['admin1'] or '?'}", highlight=False,
    )
    for s in result["sentences"]:
        if not (s["matches"] or s["frames"]):
            continue
        console.rule(f"sentence {s['index']}")
        console.print(s["text"], highlight=False)
        table = Table(show_header=True, header_style="bold")
        for col in ("kind", "text", "rule", "span", "detail"):
            table.add_column(col, overflow="fold")
        for m in s["matches"]:
            table.add_row(m["category"], m["text"], m["rule"], f"{m['start']}-{m['end']}",
                          f"prefix {m['prefix']}" if m["prefix"] else "")
        for p in s["places"]:
            detail = ", ".join(x for x in (p["kind"], "region" if p["region"] else "",
                                            "near" if p["near"] else "") if x)
            table.add_row("place", p["text"], p["rule"], f"{p['start']}-{p['end']}", detail)
        for d in s["dates"]:
            table.add_row("date", d["text"], d["rule"], f"{d['start']}-{d['end']}",
                          f"{d['date']} (precision {d['precision']})")
        for q in s["numbers"]:
            table.add_row("number", q["text"], q["rule"], f"{q['start']}-{q['end']}",
                          f"{q['value']} {q['class'] or ''}")
        console.print(table)
        for f in s["frames"]:
            agent = f["agent"]["text"] if f["agent"] else "-"
            patient = f["patient"]["text"] if f["patient"] else "-"
            console.print(
                f"  frame {f['trigger']} «{f['trigger_text']}» → {f['sub_event_type']}; "
                f"agent {agent}; patient {patient}; places {', '.join(f['places']) or '-'}; "
                f"date {f['date'] or '-'}; killed {f['fatalities']}, wounded {f['wounded']}, "
                f"captured {f['captured']}"
                + (f"; modality {f['modality']}" if f["modality"] else ""),
                highlight=False,
            )
    for d in result["dropped"]:
        console.print(f"dropped: sentence {d['sentence']} {d['trigger']}: {d['reason']}",
                      highlight=False)
    console.rule(f"{len(result['events'])} events")
    for e in result["events"]:
        console.print(
            f"{e['event_date']} · {e['event_type']} / {e['sub_event_type']} · "
            f"{e['actor1'] or '-'} vs {e['actor2'] or '-'} · {e['location_ar']} "
            f"({e['admin1'] or '?'}, precision {e['geo_precision']}) · killed {e['fatalities']}"
            f", captured {e['captured']}, wounded {e['wounded']}", highlight=False,
        )
        console.print(f"   rules: {', '.join(e['rules'])}", highlight=False)


__all__ = ["Analysis", "explain_article", "render_explanation"]
