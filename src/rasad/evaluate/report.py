"""Rich rendering of a scoring ``Report``: summary, per-type table, error listing."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from rasad.evaluate.score import Accuracy, ErrorItem, Report

_EVIDENCE_WIDTH = 160
_ERROR_ORDER = {"FP": 0, "FN": 1, "sub_event_type": 2, "actors": 3, "fatalities": 4,
                "captured": 5, "wounded": 6}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _km(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _acc_cells(a: Accuracy) -> tuple[str, str]:
    return _pct(a.value), f"{a.correct}/{a.n}"


def _short(text: str | None, width: int = _EVIDENCE_WIDTH) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_summary(r: Report, console: Console) -> None:
    """Event P/R/F1 with counts, attribute accuracies with their n, geo error."""
    console.print(
        f"[bold]Articles[/bold] {r.n_articles} ({r.n_articles_with_gold} with required "
        f"events, {r.n_articles_empty} with none, {r.n_articles_with_pred} with predictions)  "
        f"[bold]Gold[/bold] {r.n_gold} required + {r.n_gold_optional} optional  "
        f"[bold]Predictions[/bold] {r.n_pred} ({r.ignored_pred} ignored: article not in gold; "
        f"{r.optional_matched} matched optional gold)"
    )
    events = Table(title="Events", title_justify="left")
    for col in ("Precision", "Recall", "F1", "TP", "FP", "FN"):
        events.add_column(col, justify="right")
    events.add_row(_pct(r.precision), _pct(r.recall), _pct(r.f1), str(r.tp), str(r.fp), str(r.fn))
    console.print(events)

    attrs = Table(title="Matched pairs", title_justify="left")
    attrs.add_column("Attribute")
    attrs.add_column("Accuracy", justify="right")
    attrs.add_column("Right/n", justify="right")
    for label, acc in (
        ("sub_event_type", r.sub_event_type),
        ("actors (both)", r.actors),
        ("  actor1", r.actor1),
        ("  actor2", r.actor2),
        ("fatalities", r.fatalities),
        ("captured", r.captured),
        ("  where gold reports it", r.captured_reported),
        ("wounded", r.wounded),
        ("  where gold reports it", r.wounded_reported),
    ):
        attrs.add_row(label, *_acc_cells(acc))
    attrs.add_section()
    attrs.add_row("geo error median km", _km(r.geo_median_km), f"n={r.geo_n}")
    attrs.add_row("geo error p90 km", _km(r.geo_p90_km), f"n={r.geo_n}")
    console.print(attrs)


def render_per_type(r: Report, console: Console) -> None:
    """Rows per event type and per sub-event type."""
    table = Table(title="Per type", title_justify="left")
    table.add_column("Type / sub-type")
    for col in ("Gold", "Pred", "TP", "P", "R", "F1"):
        table.add_column(col, justify="right")
    first = True
    for row in r.per_type:
        if row.sub_event_type is None:
            if not first:
                table.add_section()
            first = False
            label = Text(row.event_type, style="bold")
        else:
            label = Text("  " + row.sub_event_type)
        table.add_row(
            label,
            str(row.gold),
            str(row.pred),
            str(row.tp),
            _pct(row.precision),
            _pct(row.recall),
            _pct(row.f1),
        )
    console.print(table)


def _error_detail(e: ErrorItem) -> str:
    if e.kind in ("FP", "FN"):
        return _short(e.evidence)
    return f"pred {e.pred!r} ≠ gold {e.gold!r}"


def render_errors(r: Report, console: Console) -> None:
    """Every FP, FN and wrong attribute on a matched pair, grouped by article."""
    if not r.errors:
        console.print("No errors.")
        return
    table = Table(title="Errors", title_justify="left", show_lines=False)
    table.add_column("Article", overflow="fold")
    table.add_column("Kind")
    table.add_column("Type / sub-type")
    table.add_column("Place")
    table.add_column("Date")
    table.add_column("Evidence / values", overflow="fold")
    first = True
    for aid, items in groupby(r.errors, key=lambda e: e.article_id):
        if not first:
            table.add_section()
        first = False
        for i, e in enumerate(sorted(items, key=lambda e: _ERROR_ORDER.get(e.kind, 9))):
            table.add_row(
                aid if i == 0 else "",
                Text(e.kind, style="red" if e.kind in ("FP", "FN") else "yellow"),
                f"{e.event_type or '?'} / {e.sub_event_type or '?'}",
                e.place or "",
                e.date or "",
                _error_detail(e),
            )
    console.print(table)


def render_report(r: Report, console: Console, *, errors: bool = False) -> None:
    """Print the summary and per-type tables, and with ``errors`` the error listing."""
    render_summary(r, console)
    render_per_type(r, console)
    if errors:
        render_errors(r, console)
