"""An article prepared for extraction: normalized text, sentences, tokens, matches."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import NamedTuple

from rasad.lexicon.loader import Lexicon, Match
from rasad.model import Article
from rasad.text.normalize import Normalized, normalize
from rasad.text.sentences import Sentence, split_sentences
from rasad.text.tokens import Token, tokenize

# Categories whose longer matches hide shorter ones inside them (an actor name hides the
# trigger تحرير in هيئة تحرير الشام); cues are annotations and never hidden.
_SPAN_CATEGORIES = ("actor", "trigger", "place", "place_type", "demonym")


@dataclass(slots=True)
class SentenceView:
    """One sentence: its tokens and the lexicon matches inside it (token-indexed)."""

    sentence: Sentence
    tokens: list[Token]
    matches: list[TokMatch] = field(default_factory=list)
    paragraph: int = 0

    def words(self, i: int, j: int) -> str:
        return " ".join(t.text for t in self.tokens[i:j])


class TokMatch(NamedTuple):
    """A lexicon match located by token indexes ``[i, j)`` within its sentence."""

    i: int
    j: int
    m: Match
    category: str
    entry_id: str


@dataclass(slots=True)
class Document:
    """The article with everything extraction reads from it."""

    article: Article
    norm: Normalized
    sentences: list[SentenceView]


def prepare(article: Article, lexicon: Lexicon) -> Document:
    """Normalize, split, tokenize and match an article in one pass over its text."""
    norm = normalize(article.text)
    text = norm.text
    matches = lexicon.match(text)
    views: list[SentenceView] = []
    paragraph = 0
    prev_end = 0
    for s in split_sentences(text):
        if "\n" in text[prev_end:s.start]:
            paragraph += 1
        prev_end = s.end
        views.append(SentenceView(s, tokenize(text[s.start:s.end], s.start), paragraph=paragraph))
    _assign_matches(views, matches)
    return Document(article, norm, views)


def _assign_matches(views: list[SentenceView], matches: list[Match]) -> None:
    starts = [v.sentence.start for v in views]
    tok_starts = [[t.start for t in v.tokens] for v in views]
    for m in matches:
        k = bisect_left(starts, m.start + 1) - 1
        if k < 0:
            continue
        view = views[k]
        if m.end > view.sentence.end:
            continue
        ts = tok_starts[k]
        i = bisect_left(ts, m.start)
        j = bisect_left(ts, m.end)
        if i < len(view.tokens) and view.tokens[i].start == m.start and j > i:
            view.matches.append(TokMatch(i, j, m, m.category, m.entry_id))
    for view in views:
        view.matches = _drop_hidden(view.matches)


def _drop_hidden(matches: list[TokMatch]) -> list[TokMatch]:
    """Drop span matches inside a longer one, and triggers overlapping a longer trigger."""
    spans = {(t.i, t.j) for t in matches if t.category in _SPAN_CATEGORIES}
    longer = [s for s in spans if s[1] - s[0] > 1]  # only multi-token spans hide others
    trigger_spans = sorted(
        {(t.i, t.j) for t in matches if t.category == "trigger"},
        key=lambda s: (-(s[1] - s[0]), s[0]),
    )
    # "اندلعت اشتباكات" and "اشتباكات عنيفة" overlap: the longer, then the earlier, wins
    kept_triggers: list[tuple[int, int]] = []
    for a, b in trigger_spans:
        if all(b <= c or d <= a for c, d in kept_triggers):
            kept_triggers.append((a, b))
    kept: list[TokMatch] = []
    for t in matches:
        if t.category in _SPAN_CATEGORIES and any(
            a <= t.i and t.j <= b and (b - a) > (t.j - t.i) for a, b in longer
        ):
            continue
        if t.category == "trigger" and (t.i, t.j) not in kept_triggers:
            continue
        kept.append(t)
    return kept
