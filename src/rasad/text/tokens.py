"""Tokens of normalized text and the Arabic clitics attached to them.

Arabic writes conjunctions, prepositions, the article and object/possessive pronouns
as part of the word: ``وسيطرت`` = و + سيطرت, ``للتنظيم`` = ل + ال + تنظيم, ``عناصره`` =
عناصر + ه. One table here says which clitics exist and how they combine; the tokenizer
uses it to list the readings of a word and the lexicon compiler uses it to generate the
written forms of an entry, so the two never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
FUTURE = "س"
ARTICLE = "ال"
# Written forms after normalization (ة is already ه). Longest first so that هما wins over ه.
ENCLITICS = ("هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ه", "ي", "ك")

_ARABIC = "\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06FA-\u06FF"
TOKEN_RE = re.compile(
    rf"(?P<word>[{_ARABIC}]+)|(?P<num>\d+(?:[.,]\d+)*)|(?P<latin>[a-z]+)|(?P<punct>[^\s{_ARABIC}a-z\d])",
    re.ASCII | re.IGNORECASE,
)
MIN_STEM = 3
MIN_STEM_AFTER_ARTICLE = 2


class Token(NamedTuple):
    """A token of normalized text: ``start``/``end`` index the normalized string."""

    text: str
    start: int
    end: int
    kind: str  # word | num | latin | punct


@dataclass(frozen=True, slots=True)
class Analysis:
    """One reading of a word: proclitics + stem + enclitic."""

    prefix: str
    stem: str
    suffix: str

    @property
    def has_article(self) -> bool:
        return prefix_has_article(self.prefix)


def prefix_has_article(prefix: str) -> bool:
    """Whether a proclitic ``prefix`` ends in the article (ال, or لل for ل + ال)."""
    return prefix.endswith(ARTICLE) or prefix.endswith("لل")


def bound_form(form: str) -> str:
    """``form`` as written before a suffix: ta marbuta (ه once normalized) becomes ت."""
    return form[:-1] + "ت" if form.endswith("ه") else form


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split normalized ``text`` into tokens; ``offset`` is added to every position."""
    new = tuple.__new__  # NamedTuple's own constructor is several times slower
    return [
        new(Token, (m.group(), m.start() + offset, m.end() + offset, m.lastgroup))
        for m in TOKEN_RE.finditer(text)
    ]


def tokenize_span(text: str, start: int, end: int) -> list[Token]:
    """The tokens of normalized ``text[start:end]``, positioned in ``text`` (the same as
    ``tokenize(text[start:end], start)`` without copying the span)."""
    new = tuple.__new__
    return [
        new(Token, (m.group(), m.start(), m.end(), m.lastgroup))
        for m in TOKEN_RE.finditer(text, start, end)
    ]


def _proclitic_splits(word: str) -> Iterable[tuple[str, str]]:
    """Every (prefix, rest) split of ``word`` allowed by the proclitic grammar."""
    yield "", word
    conj_options = [""] + [c for c in CONJUNCTIONS if word.startswith(c)]
    for conj in conj_options:
        rest = word[len(conj):]
        if conj and len(rest) >= MIN_STEM:
            yield conj, rest
        # ل + ال is written لل
        if rest.startswith("لل") and len(rest) - 2 >= MIN_STEM_AFTER_ARTICLE:
            yield conj + "لل", rest[2:]
        preps = [""] + [p for p in (*PREPOSITIONS, FUTURE) if rest.startswith(p)]
        for prep in preps:
            rest2 = rest[len(prep):]
            if prep and len(rest2) >= MIN_STEM:
                yield conj + prep, rest2
            if prep != FUTURE and rest2.startswith(ARTICLE):
                stem = rest2[len(ARTICLE):]
                if len(stem) >= MIN_STEM_AFTER_ARTICLE:
                    yield conj + prep + ARTICLE, stem


@lru_cache(maxsize=1 << 17)
def analyses(word: str) -> tuple[Analysis, ...]:
    """All readings of ``word``, the unsegmented word first, then by growing prefix.

    A stem keeps at least three letters (two after the article), which rules out most
    false splits such as بلدة -> ب + لدة being preferred: callers look readings up in
    a lexicon, so an impossible stem simply finds nothing.
    """
    seen: set[tuple[str, str, str]] = set()
    out: list[Analysis] = []

    def add(p: str, s: str, x: str) -> None:
        if (p, s, x) not in seen:
            seen.add((p, s, x))
            out.append(Analysis(p, s, x))

    for prefix, rest in _proclitic_splits(word):
        add(prefix, rest, "")
        for enc in ENCLITICS:
            if rest.endswith(enc) and len(rest) - len(enc) >= MIN_STEM:
                stem = rest[: -len(enc)]
                add(prefix, stem, enc)
                if stem.endswith("ت"):  # قريتها: ta marbuta is written ت before a pronoun
                    add(prefix, stem[:-1] + "ه", enc)
    return tuple(out)


@lru_cache(maxsize=1 << 17)
def stems(word: str) -> tuple[str, ...]:
    """The distinct stems of ``word``'s readings, most literal first."""
    return tuple(dict.fromkeys(a.stem for a in analyses(word)))


def proclitic_forms(form: str, *, article: bool, verb: bool = False) -> list[str]:
    """Written forms of ``form`` (normalized) with the proclitics it may carry.

    ``article`` says the form may take ال (nouns); a form that already starts with ال
    takes لل for ل + ال. ``verb`` adds the future prefix س.
    """
    forms = {form}
    bases = [form]
    if article and not form.startswith(ARTICLE):
        bases.append(ARTICLE + form)
    preps: tuple[str, ...] = PREPOSITIONS + ((FUTURE,) if verb else ())
    for base in bases:
        forms.add(base)
        for conj in ("", *CONJUNCTIONS):
            if conj:
                forms.add(conj + base)
            for prep in preps:
                if prep == "ل" and base.startswith(ARTICLE):
                    forms.add(conj + "ل" + base[1:])  # ل + الجيش -> للجيش
                else:
                    forms.add(conj + prep + base)
    return sorted(forms)


# endings of words that are already plural (or accusative with tanwin, "هجوما"): they
# have no dual of their own
_NO_DUAL_ENDINGS = ("ات", "ون", "ين", "ا")


def dual_forms(form: str) -> list[str]:
    """The dual of a one-word singular noun (normalized), nominative and oblique:
    غاره -> غارتان, غارتين; هجوم -> هجومان, هجومين. None for a phrase or a plural."""
    if " " in form or form.endswith(_NO_DUAL_ENDINGS):
        return []
    base = bound_form(form)
    return [base + "ان", base + "ين"]


def enclitic_forms(form: str) -> list[str]:
    """Written forms of ``form`` (normalized) followed by each pronoun suffix."""
    base = bound_form(form)
    out = [form]
    for enc in ENCLITICS:
        out.append(base + enc)
        if base != form:
            out.append(form + enc)
    return out
