"""Parsing of command-line values shared by every command."""

from __future__ import annotations

from datetime import date

import typer


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD option value, or a clear usage error naming what was given."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"{value!r} is not a date (expected YYYY-MM-DD)") from e
