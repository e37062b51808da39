"""What every command shares: its consoles, how a command group is made, and the
parsing of command-line values."""

from __future__ import annotations

from datetime import date

import typer
from rich.console import Console

# Messages and progress go to stderr, so that stdout carries only the command's output.
err = Console(stderr=True)
out = Console()


def command_group(help_text: str) -> typer.Typer:
    """A Typer app with rasad's settings: help when called bare, plain (non-markup) help
    text, no shell-completion commands."""
    return typer.Typer(help=help_text, no_args_is_help=True, add_completion=False,
                       rich_markup_mode=None)


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD option value, or a clear usage error naming what was given."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"{value!r} is not a date (expected YYYY-MM-DD)") from e
