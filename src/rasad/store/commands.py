"""The store's commands: ``rasad ingest``, ``events``, ``sources``, ``reextract``, ``fuse``
and ``fuse-eval``. ``register(app)`` adds them to the ``rasad`` Typer app."""

from __future__ import annotations

import json
import resource
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rasad.io import atomic_output
from rasad.io.readers import ReadProblem
from rasad.model import Event
from rasad.options import err, out, parse_day

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Database URL (default: $RASAD_DB, else rasad.sqlite in $RASAD_HOME or "
                 "~/.local/share/rasad); postgresql://user@host/db works too.")]
EXPORT_FORMATS = ("jsonl", "csv", "geojson", "parquet")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _open(db: str | None):
    from rasad.store import open_store

    try:
        return open_store(db)
    except Exception as e:
        err.print(f"cannot open database {db or '(default)'}: {type(e).__name__}: {e}",
                  highlight=False)
        raise typer.Exit(2) from e


def _extractor():
    from rasad.extract import extract
    from rasad.runtime import defaults
    from rasad.store.extractor import extractor_fingerprint

    lexicon, gazetteer = defaults()
    return (lambda article: extract(article, lexicon, gazetteer)), extractor_fingerprint()


class IngestStats:
    """Counters of one ``rasad ingest`` run and the inputs it skipped."""

    def __init__(self) -> None:
        self.read = self.new = self.duplicate = self.events = 0
        self.skipped: list[tuple[str, str]] = []

    def problem(self, p: ReadProblem) -> None:
        self.skipped.append((p.path, p.reason))
        err.print(f"[yellow]skipped[/] {p.path}: {p.reason}", markup=True, highlight=False)


def ingest(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Files (.html .warc .warc.gz .rss .atom .xml .txt .json .jsonl .jsonl.gz), "
             "folders, glob patterns, http(s) URLs, or - for stdin.")] = None,
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", help="An RSS/Atom feed (URL or file); repeatable.")] = None,
    db: DbOption = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date for inputs that carry none (YYYY-MM-DD).")] = None,
    limit: Annotated[int | None, typer.Option(help="Stop after reading this many articles.")]
        = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read articles, extract their events, store them and fuse reports of one incident.

    Examples:

      rasad ingest saved-pages/ crawl.warc.gz

      rasad ingest --feed https://example.org/rss.xml --db sqlite:///news.sqlite

      rasad ingest ../shared/eval/dev/articles.jsonl

    Ingesting an article twice (same URL, or the same text) changes nothing. Each article
    is stored in one transaction with its events. Inputs that cannot be read are reported
    and skipped; the exit status is then 1.
    """
    from rasad.ingest import iter_articles

    sources, feeds = list(inputs or []), list(feed or [])
    if not sources and not feeds:
        raise typer.BadParameter("give at least one input or --feed")
    store = _open(db)
    extract_fn, fingerprint = _extractor()
    stats = IngestStats()
    run_id = store.start_run("ingest", {"inputs": sources, "feeds": feeds})
    started = time.perf_counter()
    status = "failed"
    articles = iter_articles(sources, feeds=feeds, published=parse_day(published),
                             on_problem=stats.problem)
    show = not quiet and err.is_terminal
    try:
        with _progress(show) as (bar, task):
            for article in articles:
                stats.read += 1
                try:
                    result = store.add_article(article, extract_fn, extractor=fingerprint,
                                               run_id=run_id)
                except Exception as e:  # one article's failure must not cost the batch
                    stats.problem(ReadProblem(article.path or article.id,
                                              f"failed: {type(e).__name__}: {e}"))
                else:
                    if result.status == "new":
                        stats.new += 1
                        stats.events += result.events
                    else:
                        stats.duplicate += 1
                if bar is not None:
                    took = time.perf_counter() - started
                    bar.update(task, completed=stats.read, events=stats.events,
                               rate=stats.read / took if took else 0.0, dup=stats.duplicate)
                if limit is not None and stats.read >= limit:
                    break
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(run_id, status=status, read=stats.read, new=stats.new,
                         duplicate=stats.duplicate, skipped=len(stats.skipped),
                         n_events=stats.events,
                         problems=[f"{p}: {r}" for p, r in stats.skipped])
    took = time.perf_counter() - started
    counts = store.counts()
    _summary(stats, took, counts)
    if stats.skipped:
        raise typer.Exit(1)


@contextmanager
def _progress(show: bool) -> Iterator[tuple[Progress | None, Any]]:
    if not show:
        yield None, None
        return
    with Progress(
        TextColumn("ingesting"), BarColumn(), TextColumn("{task.completed} articles"),
        TextColumn("{task.fields[rate]:.1f} art/s"), TextColumn("{task.fields[events]} events"),
        TextColumn("{task.fields[dup]} duplicates"), TimeElapsedColumn(),
        console=err, transient=True,
    ) as bar:
        yield bar, bar.add_task("ingest", total=None, events=0, rate=0.0, dup=0)


def _summary(stats: IngestStats, took: float, counts: dict[str, int]) -> None:
    rate = stats.read / took if took > 0 else 0.0
    err.print(
        f"read {stats.read}, new {stats.new}, duplicate {stats.duplicate}, "
        f"skipped {len(stats.skipped)}; {stats.events} events stored in {took:.1f}s "
        f"({rate:.1f} articles/s, peak memory {_peak_mb():.0f} MB); database now holds "
        f"{counts['articles']} articles, {counts['events']} events, "
        f"{counts['fused_events']} fused events", highlight=False)
    if stats.skipped:
        reasons = Counter(r.split(" (")[0] for _, r in stats.skipped)
        table = Table(title="skipped")
        table.add_column("reason")
        table.add_column("count", justify="right")
        for reason, n in reasons.most_common():
            table.add_row(reason, str(n))
        err.print(table)


# ---------------------------------------------------------------- export

def fused_dict(ev: Event, n_sources: int, sources: list[dict[str, Any]]) -> dict[str, Any]:
    """A fused event's JSON form: the event's fields, ``n_sources`` and its ``sources``."""
    d = ev.to_dict()
    d["n_sources"] = n_sources
    d["sources"] = [{"article_id": s["article_id"], "outlet": s["outlet"],
                     "source_url": s["source_url"], "event_id": s["event_id"],
                     "evidence": s["evidence"]} for s in sources]
    return d


def events(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Events on or after this day.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before this day.")] = None,
    type_: Annotated[list[str] | None, typer.Option(
        "--type", help="Event type or sub-event type; repeatable.")] = None,
    actor: Annotated[list[str] | None, typer.Option(
        help="Part of an actor's name (English or Arabic); repeatable.")] = None,
    admin1: Annotated[list[str] | None, typer.Option(
        help="Governorate (admin1); repeatable.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="jsonl, csv, geojson or parquet.")] = "jsonl",
    output: Annotated[str, typer.Option("-o", "--output", help="Output file (default: stdout).")]
        = "-",
    per_article: Annotated[bool, typer.Option(
        "--per-article", help="Per-article events instead of fused incidents.")] = False,
) -> None:
    """Export stored events: fused incidents (default) or per-article events.

    Examples:

      rasad events --since 2023-01-01 --type "Air/drone strike" -o strikes.jsonl

      rasad events --admin1 Idlib --format geojson -o idlib.geojson

      rasad events --per-article --format parquet -o events.parquet

    A fused event in JSONL (and GeoJSON properties, Parquet) carries `n_sources` and
    `sources`: one entry per report (article_id, outlet, source_url, evidence).
    """
    from rasad.io import open_writer
    from rasad.io.writers import geojson_feature

    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r} "
                                 f"(expected one of: {', '.join(EXPORT_FORMATS)})")
    if fmt == "parquet" and output == "-":
        raise typer.BadParameter("parquet needs an output file (-o FILE)")
    for day in (since, until):
        parse_day(day)  # a clear error for a malformed date
    store = _open(db)
    filters = {"since": since, "until": until, "types": type_ or (), "actors": actor or (),
               "admin1": admin1 or ()}
    if per_article:
        rows: Iterator[tuple[Event, dict[str, Any]]] = (
            (ev, ev.to_dict()) for ev in store.article_events(**filters))
    else:
        rows = ((ev, fused_dict(ev, n, srcs)) for ev, n, srcs in store.fused(**filters))
    n = 0
    if fmt == "parquet":
        n = _write_parquet(output, (d for _, d in rows))
    elif fmt == "csv":
        with atomic_output(output) as fh, open_writer("csv", fh) as w:
            for ev, _ in rows:
                w.write(ev)
            n = w.count
    elif fmt == "geojson":
        with atomic_output(output) as fh:
            fh.write('{"type": "FeatureCollection", "features": [\n')
            for ev, d in rows:
                feature = geojson_feature(ev)
                feature["properties"] = d
                fh.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False))
                n += 1
            fh.write("\n]}\n" if n else "]}\n")
    else:
        with atomic_output(output) as fh:
            for _, d in rows:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
                n += 1
    kind = "per-article events" if per_article else "fused events"
    err.print(f"wrote {n} {kind}" + (f" to {output}" if output != "-" else ""),
              highlight=False)


def _write_parquet(output: str, dicts: Iterator[dict[str, Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for d in dicts:
        d = dict(d)
        for key in ("evidence", "sources"):  # nested lists: kept as JSON text
            if key in d:
                d[key] = json.dumps(d[key], ensure_ascii=False)
        d["rules"] = ";".join(d.get("rules") or [])
        d["date_window"] = json.dumps(d.get("date_window")) if d.get("date_window") else None
        rows.append(d)
    table = pa.Table.from_pylist(rows) if rows else pa.table({})
    with atomic_output(output, binary=True) as fh:
        pq.write_table(table, fh)
    return len(rows)


def sources(
    event_id: Annotated[str, typer.Argument(help="A fused event id (fsd-…) or a "
                                                 "per-article event id (rsd-…).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show every report (article, outlet, URL, evidence) behind a fused event."""
    store = _open(db)
    found = store.sources(event_id)
    if found is None:
        err.print(f"no event {event_id!r} in the database", highlight=False)
        raise typer.Exit(1)
    ev, n, srcs = found
    if as_json:
        print(json.dumps(fused_dict(ev, n, srcs), ensure_ascii=False, indent=1))
        return
    place = f"{ev.location_ar or ev.location} ({ev.admin1 or '?'}, p{ev.geo_precision})"
    actors = " vs ".join(a for a in (ev.actor1, ev.actor2) if a) or "-"
    window = f" [{ev.date_window[0]} – {ev.date_window[1]}]" if ev.date_window else ""
    out.print(f"{ev.event_id} · {ev.event_date}{window} · {ev.event_type} / "
              f"{ev.sub_event_type} · {actors} · {place} · killed {ev.fatalities}, "
              f"captured {ev.captured}, wounded {ev.wounded} · {n} source(s)", highlight=False)
    table = Table()
    for col in ("article", "outlet", "date", "sub-event", "place", "killed", "evidence", "url"):
        table.add_column(col, overflow="fold")
    for s in srcs:
        evidence = " … ".join(e["text"] for e in s["evidence"] or [])
        table.add_row(s["article_id"], s["outlet"] or "-", s["event_date"] or "?",
                      s["sub_event_type"], s["location_ar"] or "-", str(s["fatalities"]),
                      evidence, s["source_url"] or "-")
    out.print(table)


def reextract(
    db: DbOption = None,
    everything: Annotated[bool, typer.Option(
        "--all", help="Re-extract every article, not only those coded by another extractor.")]
        = False,
) -> None:
    """Re-code stored articles after a lexicon/gazetteer/extractor change.

    Each article's events (and their fusion) are replaced in one transaction.
    """
    store = _open(db)
    extract_fn, fingerprint = _extractor()
    pks = store.stale_articles(fingerprint, everything=everything)
    total = failed = 0
    for pk in pks:
        try:
            total += store.reextract(pk, extract_fn, extractor=fingerprint)
        except Exception as e:
            failed += 1
            err.print(f"[red]failed[/] article #{pk}: {type(e).__name__}: {e}", markup=True,
                      highlight=False)
    err.print(f"re-extracted {len(pks) - failed} articles ({total} events), failed {failed}",
              highlight=False)
    if failed:
        raise typer.Exit(1)


def fuse(db: DbOption = None) -> None:
    """Regroup every stored event into incidents from scratch, in canonical order
    (the result does not depend on the order articles were ingested in)."""
    store = _open(db)
    n = store.rebuild_fusion()
    err.print(f"{n} fused events", highlight=False)


def fuse_eval(
    gold: Annotated[Path, typer.Option(help="Gold articles (JSONL with `cluster`, `events`).")],
    db: DbOption = None,
    from_db: Annotated[bool, typer.Option(
        "--from-db", help="Score the events and fusion stored in the database (ingest the gold "
                          "file first) instead of extracting and fusing in memory.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Score fusion against the gold `cluster` field: pairwise precision/recall, the share
    of multi-outlet incidents that end as one fused event with k sources, fused purity.

    Example:  rasad fuse-eval --gold ../shared/eval/dev/articles.jsonl
    """
    from rasad.evaluate import load_gold
    from rasad.fuse.evaluate import fuse_eval as run

    gold_articles = load_gold(gold)
    fused_of = None
    if from_db:
        store = _open(db)
        ids = {a["id"] for a in gold_articles}
        preds = [e.to_dict() for e in store.article_events() if e.article_id in ids]
        fused_of = store.fused_of()
    else:
        from rasad.io import read_articles

        extract_fn, _ = _extractor()
        preds = [e.to_dict() for a in read_articles([str(gold)]) for e in extract_fn(a)]
    figures = run(gold_articles, preds, fused_of)
    if as_json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    table = Table(title="fusion against gold clusters")
    table.add_column("cluster")
    for col in ("k", "found", "fused events", "one event, k sources"):
        table.add_column(col, justify="right")
    for h in figures["headlines"]:
        table.add_row(h["cluster"], str(h["k"]), str(h["found"]), str(h["fused_events"]),
                      "yes" if h["exact"] else "no")
    out.print(table)
    f = figures
    out.print(
        f"pairwise precision {f['pairwise_precision']}, recall {f['pairwise_recall']} "
        f"({f['pairs']['tp']} of {f['pairs']['predicted']} predicted pairs, "
        f"{f['pairs']['gold']} gold pairs)\n"
        f"headline incidents ending as one fused event with k sources: "
        f"{f['headline_exact']}/{f['headline_incidents']} ({f['headline_recall']}); "
        f"counting only articles where extraction found the incident: "
        f"{f['headline_exact_given_found']}/{f['headline_found_2plus']} "
        f"({f['headline_recall_given_found']})\n"
        f"fused events with 2+ matched sources that are one gold incident (cluster "
        f"precision): {f['fused_pure']}/{f['fused_multi_source']} ({f['cluster_precision']})",
        highlight=False)


def register(app: typer.Typer) -> None:
    """Add the store's commands to the ``rasad`` app."""
    app.command()(ingest)
    app.command()(events)
    app.command()(sources)
    app.command()(reextract)
    app.command()(fuse)
    app.command("fuse-eval")(fuse_eval)
