"""`rasad gazetteer …`: import, download, lookup, stats and bench of the gazetteer store."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from rasad.options import command_group, err, out

app = command_group(
    "The gazetteer store: import GeoNames and OCHA files, download GeoNames dumps, "
    "look names up.\n\nThe store is $RASAD_HOME/gazetteer.sqlite (default "
    "~/.local/share/rasad/gazetteer.sqlite); `rasad extract` uses it when it exists."
)

StoreOpt = Annotated[Path | None, typer.Option(
    "--store", help="The store file (default: $RASAD_HOME/gazetteer.sqlite).")]


def _store(path: Path | None, *, create: bool = True):
    from rasad.geo.store import GazetteerStore, default_path

    p = path or default_path()
    if not create and not p.exists():
        return None
    return GazetteerStore(p)


def _print_summary(summary) -> None:
    err.print(
        f"{summary.file}: read {summary.read}, new {summary.new}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, skipped {summary.skipped}"
        + (f", polygons {summary.polygons}" if summary.polygons else ""),
        highlight=False,
    )
    for reason, n in summary.reasons.most_common():
        err.print(f"  skipped {n}: {reason}", highlight=False)
    for line, reason in summary.problems[:20]:
        err.print(f"  [yellow]line {line}[/]: {reason}", markup=True, highlight=False)


def _import_with_progress(store, path: Path, fmt: str, quiet: bool):
    from rasad.geo.importers import import_file, total_size

    if quiet or not err.is_terminal:
        return import_file(store, path, fmt)
    total = total_size(path) if fmt != "ocha-geojson" else None
    with Progress(TextColumn(f"importing {path.name}"), BarColumn(), DownloadColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("import", total=total)
        return import_file(store, path, fmt,
                           progress=lambda n: bar.update(task, completed=n))


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="Files to import.", exists=True,
                                                dir_okay=False)],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="geonames (SY.txt, SY.zip, admin1CodesASCII.txt, "
        "admin2Codes.txt), ocha (populated places CSV) or ocha-geojson (admin boundaries).")],
    store: StoreOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summaries as JSON.")]
        = False,
) -> None:
    """Import gazetteer files into the store (one transaction per file; idempotent).

    Examples:

      rasad gazetteer import ../shared/data/geo/ocha_syr_2015/syr_admin1.geojson
      ../shared/data/geo/ocha_syr_2015/syr_admin2.geojson --format ocha-geojson

      rasad gazetteer import ../shared/data/geo/ocha_syr_2015/syr_admin4_communities.csv
      --format ocha

      rasad gazetteer import SY.zip admin1CodesASCII.txt --format geonames

    Malformed lines are reported with their line number and skipped; the exit status is
    1 when any line was malformed, 2 when a file could not be imported at all.
    """
    from rasad.geo.importers import FORMATS, ImportError_

    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r} (expected one of: "
                                 f"{', '.join(FORMATS)})")
    st = _store(store)
    summaries, failed = [], False
    # admin code tables first: places then get their admin names
    ordered = sorted(files, key=lambda f: not f.name.lower().startswith("admin"))
    for f in ordered:
        try:
            summary = _import_with_progress(st, f, fmt, quiet)
        except (ImportError_, OSError, UnicodeDecodeError) as e:
            err.print(f"[red]not imported[/] {f}: {e}", markup=True, highlight=False)
            failed = True
            continue
        summaries.append(summary)
        if not as_json:
            _print_summary(summary)
    if as_json:
        print(json.dumps([s.to_dict() for s in summaries], ensure_ascii=False, indent=1))
    err.print(f"store: {st.path} ({len(st)} places)", highlight=False)
    if failed:
        raise typer.Exit(2)
    if any(s.problems for s in summaries):
        raise typer.Exit(1)


@app.command()
def download(
    countries: Annotated[list[str], typer.Argument(help="ISO codes: SY IQ YE …")],
    store: StoreOpt = None,
    base_url: Annotated[str, typer.Option(help="Where the <CC>.zip dumps are.")]
        = "https://download.geonames.org/export/dump/",
    keep: Annotated[Path | None, typer.Option(
        help="Keep the downloaded zips in this folder (default: a temporary folder).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Download GeoNames country dumps and import them.

    Example:  rasad gazetteer download SY IQ YE

    GeoNames data are CC BY 4.0 (www.geonames.org).
    """
    from rasad.geo.download import DownloadError, dump_url, fetch
    from rasad.geo.importers import ImportError_

    try:
        urls = [dump_url(c, base_url) for c in countries]
    except DownloadError as e:
        raise typer.BadParameter(str(e)) from e
    st = _store(store)
    failed = False
    with tempfile.TemporaryDirectory(prefix="rasad-geonames-") as tmp:
        folder = keep or Path(tmp)
        for url in urls:
            try:
                if quiet or not err.is_terminal:
                    path = fetch(url, folder)
                else:
                    with Progress(TextColumn(f"downloading {url.rsplit('/', 1)[-1]}"),
                                  BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                                  console=err, transient=True) as bar:
                        task = bar.add_task("download", total=None)
                        path = fetch(url, folder, progress=lambda d, t, task=task, bar=bar:
                                     bar.update(task, completed=d, total=t))
                err.print(f"downloaded {url} ({path.stat().st_size:,} bytes)", highlight=False)
                summary = _import_with_progress(st, path, "geonames", quiet)
            except (DownloadError, ImportError_, OSError) as e:
                err.print(f"[red]failed[/] {url}: {e}", markup=True, highlight=False)
                failed = True
                continue
            _print_summary(summary)
    err.print(f"store: {st.path} ({len(st)} places)", highlight=False)
    if failed:
        raise typer.Exit(2)


@app.command()
def lookup(
    name: Annotated[str, typer.Argument(help="A place name, Arabic or Latin.")],
    near: Annotated[str | None, typer.Option(
        help="A governorate or district (or a place) the name is near.")] = None,
    kind: Annotated[str | None, typer.Option(
        help="The place-type word's kind: village, town, city, airport …")] = None,
    store: StoreOpt = None,
    builtin: Annotated[bool, typer.Option(help="Use the built-in gazetteer.")] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 15,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the candidates for a name with their scores, best first.

    Examples:  rasad gazetteer lookup "الحمرا" --near حماة

               rasad gazetteer lookup "دوما" --near "ريف دمشق"
    """
    from rasad.geo.gazetteer import builtin_gazetteer
    from rasad.geo.resolve import GeoContext, rank_candidates

    g = builtin_gazetteer() if builtin else (_store(store, create=False) or builtin_gazetteer())
    ctx, qualifier = GeoContext(), None
    if near:
        qualifier = g.admin2(near) or g.admin1(near)
        if qualifier is None:
            anchor = g.lookup(near)
            if anchor:
                ctx = GeoContext(anchor[0].country, anchor[0].admin1,
                                 [(anchor[0].latitude, anchor[0].longitude)])
        else:
            ctx = GeoContext(qualifier.country, qualifier.admin1 or qualifier.name)
    ranked = rank_candidates(name, g, ctx, qualifier, kind)[:limit]
    if as_json:
        print(json.dumps([{"score": s, "reasons": r, **dataclasses.asdict(p)}
                          for p, s, r in ranked], ensure_ascii=False, indent=1))
        return
    title = f"{len(ranked)} candidates for {name}" + (f" near {near}" if near else "")
    table = Table(title=title)
    for col in ("score", "id", "name", "arabic", "kind", "admin1", "admin2", "lat, lon",
                "why"):
        table.add_column(col, overflow="fold")
    for p, score, reasons in ranked:
        table.add_row(f"{score:.1f}", p.id, p.name, p.name_ar or "", p.kind, p.admin1 or "",
                      p.admin2 or "", f"{p.latitude:.4f}, {p.longitude:.4f}",
                      "; ".join(reasons))
    out.print(table)
    if not ranked:
        raise typer.Exit(1)


@app.command()
def stats(
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Counts of the store: places by source, kind and country, names, polygons, imports."""
    st = _store(store, create=False)
    if st is None:
        err.print("no gazetteer store yet (rasad uses the built-in gazetteer); create one "
                  "with `rasad gazetteer import` or `rasad gazetteer download`",
                  highlight=False)
        raise typer.Exit(1)
    figures = st.stats()
    if as_json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    out.print(f"store {figures['path']}: {figures['places']:,} places, "
              f"{figures['name_keys']:,} name keys, {figures['matcher_names']:,} names in the "
              f"matcher, {figures['with_arabic_name']:,} with an Arabic name", highlight=False)
    for key in ("by_source", "by_kind", "by_country", "polygons"):
        t = Table(title=key.replace("_", " "))
        t.add_column(key.split("_")[-1])
        t.add_column("count", justify="right")
        for k, v in figures[key].items():
            t.add_row(str(k), f"{v:,}")
        out.print(t)
    if figures["imports"]:
        t = Table(title="imports")
        for col in ("at", "format", "file", "read", "new", "updated", "unchanged", "skipped"):
            t.add_column(col, overflow="fold")
        for i in figures["imports"]:
            t.add_row(*(str(i[c]) for c in ("at", "format", "file", "read", "new", "updated",
                                             "unchanged", "skipped")))
        out.print(t)


@app.command()
def bench(
    gold: Annotated[Path, typer.Option(help="Gold articles (JSONL with `events`).",
                                       exists=True, dir_okay=False)],
    geo_dir: Annotated[Path, typer.Option(
        help="Folder with the OCHA files (ocha_syr_2015/) to import into a temporary store.")]
        = Path("../shared/data/geo"),
    store: StoreOpt = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N articles.")] = None,
    table: Annotated[int, typer.Option(
        help="Print the per-place table of the first N articles.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
) -> None:
    """Resolve every gold place of a dev set in its article's context and measure the
    error: share within 5 km / 25 km of the gold coordinates and the median error in km,
    with the built-in gazetteer, and with the OCHA files imported (or with --store).

    Example:  rasad gazetteer bench --gold ../shared/eval/dev/articles.jsonl --table 10
    """
    from rasad.geo.bench import render, run

    result = run(gold, geo_dir=geo_dir, store_path=store, limit=limit, table_articles=table,
                 log=lambda m: err.print(m, highlight=False))
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        render(result, out)
