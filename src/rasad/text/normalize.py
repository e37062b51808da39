"""Normalization of Arabic text for matching, with an exact way back to the original.

Every lexicon key and every article is normalized by the same function, so matching is
insensitive to diacritics, tatweel, hamza seats on alef, alef maqsura, ta marbuta,
digit sets and quote styles. The offset map returned with the normalized text turns any
span of the normalized text back into the span of the original text it came from
(DESIGN principle 1: offsets are sacred).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from itertools import count
from operator import sub

# Characters removed outright: harakat, superscript alef, tatweel, Quranic marks,
# bidi controls and zero-width characters that editors leave inside Arabic words.
_DELETED = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u061C", "\uFEFF", "\u00AD"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_SENTINEL = "\x00"

_ONE_TO_ONE = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي",
    "ئ": "ي", "ؤ": "و",
    "ة": "ه", "ۀ": "ه", "ہ": "ه", "ھ": "ه",
    "ک": "ك", "ڪ": "ك",
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",", "۔": ".",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-",
    "\t": " ", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n",
    "\u00A0": " ", "\u1680": " ", "\u202F": " ", "\u205F": " ", "\u3000": " ",
}
for _c in range(0x2000, 0x200B):
    _ONE_TO_ONE[chr(_c)] = " "
for _i in range(10):
    _ONE_TO_ONE[chr(0x0660 + _i)] = str(_i)  # Eastern Arabic digits
    _ONE_TO_ONE[chr(0x06F0 + _i)] = str(_i)  # Persian digits
for _c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _ONE_TO_ONE[_c] = _c.lower()

_MAPPING = str.maketrans({**_ONE_TO_ONE, **{c: _SENTINEL for c in _DELETED}})
# str.translate looks a list up by index, twice as fast as a dict by hashed key; code
# points past the end raise IndexError, which translate takes as "left as is".
_TABLE = [_MAPPING.get(i, chr(i)) for i in range(max(_MAPPING) + 1)]
# Sentinels, and every space after the first of a run, are dropped from the output.
# (Written to begin with a character set, which the regex engine skips ahead to.)
_DROP_RE = re.compile(r"[\x00 ](?:(?<=\x00)\x00*|(?<=  ) *)")
# Presentation forms decompose to several letters (ﻻ -> لا): those take the slow path.
_EXPANDING_RE = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFF]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalized text and the map of its characters back to the original."""

    text: str
    original: str
    _breaks: tuple[int, ...] = ()
    _explicit: tuple[int, ...] | None = None

    def orig_index(self, i: int) -> int:
        """Index in the original text of normalized character ``i``."""
        if self._explicit is not None:
            return self._explicit[i]
        return i + bisect_right(self._breaks, i)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized span ``[start, end)`` to a span of the original text."""
        if end <= start:
            o = self.orig_index(start) if start < len(self.text) else len(self.original)
            return o, o
        return self.orig_index(start), self.orig_index(end - 1) + 1

    def original_span(self, start: int, end: int) -> str:
        """The original text under the normalized span ``[start, end)``."""
        s, e = self.to_original(start, end)
        return self.original[s:e]


def normalize_key(text: str) -> str:
    """Normalize a lexicon key or a name for comparison (no offsets, trimmed)."""
    return normalize(text).text.strip()


def search_key(text: str) -> str:
    """A text folded for substring search: normalized Arabic, case-folded Latin, single
    spaces (the same folding on the stored text and on the query)."""
    return " ".join(normalize_key(text).casefold().split())


def normalize(text: str) -> Normalized:
    """Normalize ``text`` for matching and keep the way back to its characters."""
    if _EXPANDING_RE.search(text):
        return _normalize_slow(text)
    mapped = text.translate(_TABLE)
    if _SENTINEL not in mapped and "  " not in mapped:
        return Normalized(mapped, text)  # nothing to drop: spares the regex scan
    drops = [i for m in _DROP_RE.finditer(mapped) for i in range(*m.span())]
    if not drops:
        return Normalized(mapped, text)
    # For the j-th dropped original position d_j, normalized indexes >= d_j - j are
    # shifted by one more: these breakpoints are non-decreasing, so bisect finds the shift.
    breaks = tuple(map(sub, drops, count()))
    out = _DROP_RE.sub("", mapped)
    return Normalized(out, text, breaks)


def _normalize_slow(text: str) -> Normalized:
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        piece = unicodedata.normalize("NFKC", ch) if _EXPANDING_RE.match(ch) else ch
        for p in piece.translate(_TABLE):
            if p == _SENTINEL or (p == " " and chars and chars[-1] == " "):
                continue
            chars.append(p)
            offsets.append(i)
    return Normalized("".join(chars), text, (), tuple(offsets))
