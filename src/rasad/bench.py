"""`rasad bench`: extraction throughput, start-up time, peak memory and stage times."""

from __future__ import annotations

import os
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from rich.console import Console
from rich.table import Table

from rasad.io import read_articles
from rasad.model import Article


def _load(corpus: list[str], limit: int | None) -> list[Article]:
    articles: list[Article] = []
    for a in read_articles(corpus, on_problem=lambda p: None):
        articles.append(a)
        if limit is not None and len(articles) >= limit:
            break
    return articles


def _stage_times(articles: list[Article]) -> dict[str, float]:
    """Seconds spent in each stage of extraction over ``articles`` (one timed pass)."""
    from rasad.extract import analyze
    from rasad.runtime import defaults

    lexicon, gazetteer = defaults()
    stages: dict[str, float] = {}
    for a in articles:
        analyze(a, lexicon, gazetteer, events_only=True, timings=stages)
    return stages


def _worker(chunk: list[Article]) -> tuple[int, int]:
    from rasad.extract import extract
    from rasad.runtime import defaults

    lexicon, gazetteer = defaults()
    n = 0
    for a in chunk:
        n += len(extract(a, lexicon, gazetteer))
    return len(chunk), n


def run_bench(corpus: list[str], *, limit: int | None = None, processes: int = 1) -> dict[str, Any]:
    """Measure extraction on a corpus; start-up (lexicon + gazetteer) is timed apart."""
    t0 = time.perf_counter()
    articles = _load(corpus, limit)
    read_s = time.perf_counter() - t0
    chars = sum(len(a.text) for a in articles)
    mb = sum(len(a.text.encode("utf-8")) for a in articles) / 1e6

    t0 = time.perf_counter()
    from rasad.runtime import defaults, gazetteer_label

    lexicon, gazetteer = defaults()
    startup_s = time.perf_counter() - t0

    events = 0
    t0 = time.perf_counter()
    if processes <= 1:
        from rasad.extract import extract

        for a in articles:
            events += len(extract(a, lexicon, gazetteer))
    else:
        size = max(1, len(articles) // (processes * 4))
        chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
        with ProcessPoolExecutor(processes) as pool:
            for _, n in pool.map(_worker, chunks):
                events += n
    extract_s = time.perf_counter() - t0
    stages = _stage_times(articles[: min(len(articles), 2000)])
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "corpus": corpus,
        "articles": len(articles),
        "characters": chars,
        "megabytes": round(mb, 3),
        "events": events,
        "processes": processes,
        "cpus": os.cpu_count(),
        "gazetteer": gazetteer_label(),
        "read_seconds": round(read_s, 3),
        "startup_seconds": round(startup_s, 3),
        "lexicon_keys": lexicon.stats.keys,
        "extract_seconds": round(extract_s, 3),
        "articles_per_second": round(len(articles) / extract_s, 1) if extract_s else None,
        "mb_per_second": round(mb / extract_s, 3) if extract_s else None,
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "stage_seconds_sample": {k: round(v, 3) for k, v in stages.items()},
        "stage_sample_articles": min(len(articles), 2000),
    }


def render_bench(r: dict[str, Any], console: Console) -> None:
    """Print the benchmark figures as a table."""
    t = Table(title="rasad bench", show_header=False)
    t.add_column("figure")
    t.add_column("value", justify="right")
    rows = [
        ("articles", r["articles"]), ("MB of text", r["megabytes"]), ("events", r["events"]),
        ("processes", r["processes"]), ("start-up (lexicon + gazetteer) s", r["startup_seconds"]),
        ("automaton keys", r["lexicon_keys"]), ("extraction s", r["extract_seconds"]),
        ("articles / s", r["articles_per_second"]), ("MB / s", r["mb_per_second"]),
        ("peak memory MB (RSS)", r["peak_rss_mb"]),
    ]
    for k, v in rows:
        t.add_row(k, str(v))
    for k, v in r["stage_seconds_sample"].items():
        t.add_row(f"stage: {k} (s, {r['stage_sample_articles']} articles)", str(v))
    console.print(t)
    console.print(f"gazetteer: {r['gazetteer']}", highlight=False)
