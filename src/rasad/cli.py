"""The `rasad` command line."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rasad.io import FORMATS, ReadProblem, atomic_output, open_writer, read_articles
from rasad.model import Article, Event
from rasad.options import command_group, err, out, parse_day

app = command_group(
    "rasad (رصد): Arabic conflict reporting -> ACLED-style events with evidence.\n\n"
    "Start with `rasad demo`, then `rasad extract FILES -o events.jsonl` and "
    "`rasad explain \"<an Arabic sentence>\" --published 2018-02-12`."
)


def _count_hint(paths: list[str]) -> int | None:
    """Number of articles to expect, for the progress bar (cheap: JSONL lines, files)."""
    total = 0
    for p in paths:
        path = Path(p)
        if p == "-" or not path.exists():
            return None
        if path.is_dir():
            total += sum(1 for f in path.rglob("*") if f.is_file() and not f.name.startswith("."))
        elif path.suffix == ".jsonl":
            with path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total


class _Run:
    """Counters of one extraction run and the problems met."""

    def __init__(self) -> None:
        self.read = 0
        self.events = 0
        self.problems: list[ReadProblem] = []
        self.failed: list[tuple[str, str]] = []

    def problem(self, p: ReadProblem) -> None:
        self.problems.append(p)
        err.print(f"[yellow]skipped[/] {p.path}: {p.reason}", markup=True, highlight=False)


def _events_of(articles: Iterator[Article], run: _Run) -> Iterator[Event]:
    from rasad.extract import extract
    from rasad.runtime import defaults

    lexicon, gazetteer = defaults()
    for article in articles:
        run.read += 1
        try:
            events = extract(article, lexicon, gazetteer)
        except Exception as e:  # one article's failure must not cost the batch
            run.failed.append((article.path or article.id, f"{type(e).__name__}: {e}"))
            err.print(f"[red]failed[/] {article.path or article.id}: {type(e).__name__}: {e}",
                      markup=True, highlight=False)
            continue
        run.events += len(events)
        yield from events


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(
        help="Files (.txt .html .json .jsonl .jsonl.gz), folders, or - for stdin.")],
    output: Annotated[str, typer.Option(
        "-o", "--output", help="Where to write events (default: standard output).")] = "-",
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="jsonl (default), csv (ACLED columns first) or geojson.")]
        = "jsonl",
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) for inputs that carry none, e.g. .txt files.")]
        = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    gazetteer: Annotated[Path | None, typer.Option(
        help="A gazetteer store file (default: the store in $RASAD_HOME when it exists).",
        exists=True, dir_okay=False)] = None,
) -> None:
    """Extract ACLED-style events from articles.

    Examples:

      rasad extract ../shared/eval/dev/articles.jsonl -o events.jsonl

      rasad extract article.txt --published 2018-02-12 --format csv -o out.csv

      rasad extract some/folder/ --format geojson -o events.geojson

    A file that cannot be read is reported and skipped; the rest of the batch goes on and
    the exit status is 1. The output file is written whole or not at all.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    day = parse_day(published)
    from rasad.runtime import use_gazetteer

    use_gazetteer(gazetteer)
    run = _Run()
    started = time.perf_counter()
    articles = read_articles(inputs, published=day, on_problem=run.problem)
    show_progress = not quiet and output != "-" and err.is_terminal
    total = _count_hint(inputs) if show_progress else None
    if output == "-":
        with open_writer(fmt, sys.stdout) as writer:
            for event in _events_of(articles, run):
                writer.write(event)
    else:
        _write_atomically(Path(output), fmt, _events_of(articles, run), run, show_progress,
                          total)
    took = time.perf_counter() - started
    skipped = len(run.problems) + len(run.failed)
    err.print(
        f"read {run.read} articles, skipped {skipped}, wrote {run.events} events"
        + (f" to {output}" if output != "-" else "")
        + f" in {took:.1f}s",
        highlight=False,
    )
    if skipped:
        raise typer.Exit(1)


def _write_atomically(
    path: Path, fmt: str, events: Iterator[Event], run: _Run, progress: bool,
    total: int | None,
) -> None:
    # absolute: here a file named "-" is a file, not standard output
    with atomic_output(str(path.absolute())) as fh, open_writer(fmt, fh) as w:
        if progress:
            with Progress(
                TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[events]} events"), TimeElapsedColumn(),
                console=err, transient=True,
            ) as bar:
                task = bar.add_task("extract", total=total, events=0)
                seen = 0
                for event in events:
                    w.write(event)
                    if run.read != seen:
                        seen = run.read
                        bar.update(task, completed=seen, events=run.events)
        else:
            for event in events:
                w.write(event)


@app.command()
def explain(
    text: Annotated[str, typer.Argument(
        help="An Arabic sentence or article, or a file (.txt, .html, .json, .jsonl).")],
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) to resolve اليوم، أمس، weekdays against.")] = None,
    article_id: Annotated[str | None, typer.Option(
        "--id", help="Which article of a JSON/JSONL file to explain (its `id`).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show every match (actors, triggers, places, numbers, dates, cues) with its rule id
    and span, the frames built from them, why any was dropped, and the events.

    Example:

      rasad explain "قال مراسل إن تنظيم داعش سيطر على قرية الخوين" --published 2018-02-12

      rasad explain ../shared/eval/dev/articles.jsonl --id syr-seed
    """
    from rasad.explain import explain_article, render_explanation

    day = parse_day(published)
    try:
        is_file = len(text) < 4096 and Path(text).is_file()
    except (OSError, ValueError):  # e.g. a long sentence: "File name too long"
        is_file = False
    if is_file:
        article = _one_article(text, day, article_id)
    else:
        article = Article(id="explain", text=text, published=day)
    result = explain_article(article)
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        render_explanation(result, out)


def _one_article(path: str, day: date | None, article_id: str | None) -> Article:
    """The article of a file that `explain` looks at, read as `extract` reads it."""
    run = _Run()
    found: list[Article] = []
    for article in read_articles([path], published=day, on_problem=run.problem):
        if article_id is None or article.id == article_id:
            found.append(article)
        if len(found) > 1 and article_id is None:
            err.print(f"{path} holds several articles: choose one with --id", highlight=False)
            raise typer.Exit(2)
    if not found:
        what = f"no article with id {article_id!r}" if article_id else "no readable article"
        err.print(f"{path}: {what}", highlight=False)
        raise typer.Exit(2)
    return found[0]


@app.command()
def demo(
    output: Annotated[str, typer.Option("-o", "--output", help="Where to write the events.")]
        = "out/demo-events.jsonl",
) -> None:
    """Run extraction on the sample articles bundled with rasad and show what it found."""
    samples = resources.files("rasad").joinpath("samples", "articles.jsonl")
    run = _Run()
    with resources.as_file(samples) as sample_path:
        articles = read_articles([str(sample_path)], on_problem=run.problem)
        events: list[Event] = []

        def keep(it: Iterator[Event]) -> Iterator[Event]:
            for e in it:
                events.append(e)
                yield e

        target = Path(output)
        _write_atomically(target, "jsonl", keep(_events_of(articles, run)), run, False, None)
    table = Table(title=f"{len(events)} events from {run.read} sample articles")
    for col in ("article", "date", "event", "actors", "place", "killed"):
        table.add_column(col, overflow="fold")
    for e in events:
        actors = " vs ".join(a for a in (e.actor1, e.actor2) if a) or "-"
        place = f"{e.location_ar} ({e.admin1 or '?'}, p{e.geo_precision})"
        table.add_row(e.article_id, e.event_date or "?", e.sub_event_type, actors, place,
                      str(e.fatalities))
    out.print(table)
    out.print(f"wrote {len(events)} events to {target.resolve()}", highlight=False)
    out.print("See why each was found:  rasad explain <sentence> --published <date>",
              highlight=False)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option(help="Gold articles (JSONL with `events`).")],
    pred: Annotated[Path | None, typer.Option(
        help="Predicted events (JSONL). Default: run extraction on the gold articles.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    errors: Annotated[bool, typer.Option(
        "--errors", help=("List every false positive / negative, and every matched event with a "
              "wrong sub-type, actor or count, with its evidence."))] = False,
    gazetteer: Annotated[Path | None, typer.Option(
        help="A gazetteer store file for the extraction (default: the store in $RASAD_HOME "
        "when it exists, else the built-in gazetteer).", exists=True, dir_okay=False)]
        = None,
) -> None:
    """Score events against a gold file as GUIDELINES §9 says (P/R/F1, attributes, geo).

    Example:  rasad evaluate --gold ../shared/eval/dev/articles.jsonl --errors

    Without --pred, rasad extracts the events itself and says which gazetteer it used.
    """
    from rasad.evaluate import load_gold, load_pred, render_report, report_to_dict, score
    from rasad.runtime import gazetteer_label, use_gazetteer

    try:
        gold_articles = load_gold(gold)
    except (OSError, ValueError) as e:
        err.print(f"cannot read gold file {gold}: {e}", highlight=False)
        raise typer.Exit(2) from e
    if pred is not None:
        try:
            predictions = load_pred(pred)
        except (OSError, ValueError) as e:
            err.print(f"cannot read predictions file {pred}: {e}", highlight=False)
            raise typer.Exit(2) from e
    else:
        use_gazetteer(gazetteer)
        run = _Run()
        articles = read_articles([str(gold)], on_problem=run.problem)
        predictions = [e.to_dict() for e in _events_of(articles, run)]
    report = score(gold_articles, predictions)
    used = None if pred is not None else gazetteer_label()
    if as_json:
        print(json.dumps({**report_to_dict(report), **({"gazetteer": used} if used else {})},
                         ensure_ascii=False, indent=1))
    else:
        render_report(report, out, errors=errors)
        if used:
            out.print(f"gazetteer: {used}", highlight=False)


@app.command()
def bench(
    corpus: Annotated[list[str], typer.Argument(help="JSONL corpus files (.jsonl, .jsonl.gz).")],
    limit: Annotated[int | None, typer.Option(help="Stop after this many articles.")] = None,
    processes: Annotated[int, typer.Option(help="Worker processes (1 = this process).")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
) -> None:
    """Measure extraction speed: articles/s, MB/s, start-up time, peak memory, stages.

    Example:  rasad bench ../shared/eval/dev/articles.jsonl
    """
    from rasad.bench import render_bench, run_bench

    missing = [c for c in corpus if not Path(c).exists()]
    if missing:
        err.print(f"no such file or directory: {', '.join(missing)}", highlight=False)
        raise typer.Exit(2)
    result = run_bench(corpus, limit=limit, processes=processes)
    if as_json:
        print(json.dumps(result, indent=1))
    else:
        render_bench(result, out)


from rasad.geo.commands import app as gazetteer_app  # noqa: E402

app.add_typer(gazetteer_app, name="gazetteer")


from rasad.store.commands import register as register_store_commands  # noqa: E402

register_store_commands(app)

from rasad.serve.commands import register as register_serve_command  # noqa: E402

register_serve_command(app)


def main() -> None:  # pragma: no cover - console entry point
    app()
