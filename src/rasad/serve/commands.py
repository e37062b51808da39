"""``rasad serve``: the command that starts the web application."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``rasad`` Typer app."""
    app.command()(serve)


def serve(
    db: Annotated[str | None, typer.Option(
        "--db", help="Database URL (default: $RASAD_DB, else rasad.sqlite in $RASAD_HOME "
                     "or ~/.local/share/rasad); postgresql://user@host/db works too.")] = None,
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
    from rasad.store.db import default_url

    url = db or os.environ.get("RASAD_DB") or default_url()
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
