"""``rasad serve``: the command that starts the web application."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rasad.options import err, out
from rasad.store.commands import DbOption


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``rasad`` Typer app."""
    app.command()(serve)
    app.command("bench-api")(bench_api)


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(
        help="Address to listen on. The default answers this machine only; "
             "--host 0.0.0.0 opens it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8700,
    gazetteer: Annotated[Path | None, typer.Option(
        "--gazetteer", help="Gazetteer store whose imported governorate/district outlines "
                            "the map draws (default: the user's store).")] = None,
    tiles: Annotated[str | None, typer.Option(
        help="Optional online map tiles, a URL template such as "
             "https://tile.openstreetmap.org/{z}/{x}/{y}.png (offered as a layer; "
             "without it the page uses nothing online).")] = None,
    tiles_attribution: Annotated[str | None, typer.Option(
        help="Attribution shown for --tiles.")] = None,
) -> None:
    """Open the event database as a web application: map, timeline, evidence, HTTP API.

    The page is at http://HOST:PORT/ (Arabic and English), the API under /api
    (/api/events, /api/events/ID, /api/stats, /api/actors, /api/places), its OpenAPI
    schema at /openapi.json. Read-only: nothing a request does changes the database.

    Example: rasad ingest saved-pages/ && rasad serve
    """
    import uvicorn

    from rasad.serve.app import create_app
    from rasad.store import open_store
    from rasad.store.db import store_url

    url = store_url(db)
    if url.startswith("sqlite") and "///" in url:
        path = Path(url.split("///", 1)[1]).expanduser()
        if str(path) != ":memory:" and not path.exists():
            err.print(f"[red]error:[/] no event database at {path}; build one first, "
                      "e.g. rasad ingest ARTICLES.jsonl")
            raise typer.Exit(2)
    try:
        open_store(url).close()  # bring its schema up to date before serving it read-only
    except Exception as exc:
        err.print(f"[red]error:[/] cannot open the event database {url}: {exc}")
        raise typer.Exit(2) from None
    app = create_app(url, gazetteer_path=gazetteer, tiles=tiles,
                     tiles_attribution=tiles_attribution)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]note:[/] listening on {host}: other machines can read this "
                  "database")
    err.print(f"rasad serve: http://{'localhost' if host == '127.0.0.1' else host}:{port}/  "
              "(Ctrl+C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def bench_api(
    db: Annotated[Path, typer.Option(
        help="SQLite file for the benchmark store (filled once, reused by later runs).")]
        = Path("bench-api.sqlite"),
    events: Annotated[int, typer.Option(help="Fused events the store must hold.")] = 100_000,
    repeat: Annotated[int, typer.Option(help="Timed requests per query.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
) -> None:
    """Time the HTTP API's filtered queries over a large event store.

    Fills DB with EVENTS synthetic fused events of realistic shape (first run only),
    starts the real server on a free loopback port and times the page's queries over
    HTTP: median and 90th percentile per query and over every request.

    Example:  rasad bench-api --db /tmp/bench-api.sqlite --events 100000
    """
    import json

    from rich.table import Table

    from rasad.serve.bench import run_api_bench

    err.print(f"bench-api: {db} with {events:,} events (filling it takes a while the first "
              "time)")
    result = run_api_bench(db, events=events, repeat=repeat)
    if as_json:
        print(json.dumps(result, indent=1))
        return
    table = Table(title=f"rasad API over {result['events']:,} fused events "
                        f"({result['repeat']} requests per query, over HTTP)")
    for col in ("query", "matches", "median ms", "p90 ms"):
        table.add_column(col, justify="left" if col == "query" else "right")
    for r in result["queries"]:
        table.add_row(r["query"], f"{r['matches']:,}", f"{r['median_ms']:.1f}",
                      f"{r['p90_ms']:.1f}")
    out.print(table)
    out.print(f"median over every request: {result['median_ms']:.1f} ms; slowest query "
                    f"median {result['worst_median_ms']:.1f} ms"
                    + (f"; store filled in {result['fill_s']:.1f} s" if result["fill_s"] > 1
                       else ""))
