"""Sentence splitting on normalized text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A boundary is a run of terminal punctuation or a line break. A full stop between
# digits (3.5) or after a lone letter (the initials of "ا.ف.ب") is not a boundary.
# The pattern opens with a character set so that the regex engine skips ahead to the
# next candidate character; the look-behinds then check the characters before it.
_BOUNDARY_RE = re.compile(
    r"[.!?;\n](?:(?<=\n)\n*|(?<![0-9].)(?<!\b\w.)[.!?;]*(?![0-9]))"
)
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


def _inside_latin_word(text: str, m: re.Match[str]) -> bool:
    """A full stop inside a Latin-script word (a host name, code: "aljazeera.net",
    "window.open") ends no sentence. One glued to the next Arabic word still does:
    hurried copy often drops the space."""
    a, b = m.start(), m.end()
    return (m.group() == "." and a > 0 and b < len(text)
            and text[a - 1] in _LATIN and text[b] in _LATIN)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span ``[start, end)`` of the normalized text."""

    index: int
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Split normalized ``text`` into sentences, trimmed of surrounding whitespace."""
    out: list[Sentence] = []
    pos = 0
    for m in _BOUNDARY_RE.finditer(text):
        if _inside_latin_word(text, m):
            continue
        _append(out, text, pos, m.end() if m.group()[0] != "\n" else m.start())
        pos = m.end()
    _append(out, text, pos, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end))
