"""An article prepared for extraction: normalized text, sentences, tokens, matches."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from rasad.lexicon.loader import HEAD, SPLIT, Lexicon, Match
from rasad.model import Article
from rasad.text.normalize import Normalized, normalize
from rasad.text.sentences import Sentence, split_sentences
from rasad.text.tokens import Token, tokenize_span

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
    _by_category: dict[str, list[TokMatch]] | None = field(
        default=None, repr=False, compare=False)

    def words(self, i: int, j: int) -> str:
        return " ".join(t.text for t in self.tokens[i:j])

    def of(self, category: str) -> Sequence[TokMatch]:
        """The matches of one category, in order. Frames read several categories of every
        sentence, each in a pass over all its matches (half of them cues): one pass
        indexes them all, on first use, so the matches must not change after it."""
        by = self._by_category
        if by is None:
            by = self._by_category = {}
            for t in self.matches:
                if t.category in by:
                    by[t.category].append(t)
                else:
                    by[t.category] = [t]
        return by.get(category, ())


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


def prepare(
    article: Article, lexicon: Lexicon, *, full: bool = False, need_trigger: bool = False,
    sparse: bool = False,
) -> Document:
    """Normalize, split, match an article in one pass, and tokenize what needs it.

    A sentence with nothing but function words (no trigger, actor, place, date word or
    digit) can report nothing: unless ``full`` is asked (``rasad explain``), it is left
    untokenized, which spares most of the work on general news. With ``need_trigger``,
    an article in which no trigger word occurs at all (it can report no event) is not
    split into sentences either. With ``sparse``, neither is a sentence whose date words
    and digits are all it has: no trigger, actor, place or word of violence, and no
    later sentence of its paragraph that may report (the only one that could take its
    date); the caller must need no dates but those (an undated article looks for its
    own date in every sentence).
    """
    norm = normalize(article.text)
    text = norm.text
    matches = lexicon.match(text, need_trigger=need_trigger)
    if need_trigger and not matches:  # no trigger word
        return Document(article, norm, [])
    starts = list(map(_START, matches))  # (matches come sorted by start)
    views: list[SentenceView] = []
    read: list[tuple[SentenceView, list[Match], set[str]]] = []
    idle = False  # whether a sentence to read may have nothing but dates
    paragraph = 0
    prev_end = 0
    hi = 0
    for s in split_sentences(text):
        if text.find("\n", prev_end, s.start) >= 0:
            paragraph += 1
        prev_end = s.end
        # the matches that start in the sentence, less the few that run past its end
        lo = bisect_left(starts, s.start, hi)
        hi = bisect_left(starts, s.end, lo)
        bucket = [m for m in matches[lo:hi] if m.end <= s.end]
        view = SentenceView(s, [], paragraph=paragraph)
        views.append(view)
        categories = set(map(_CATEGORY, bucket))
        if full or not categories <= _CUES or _DIGIT_RE.search(text, s.start, s.end):
            read.append((view, bucket, categories))
            idle = idle or _FACT_CATEGORIES.isdisjoint(categories)
    if sparse and idle and not full:
        read = _drop_idle(read)
    for view, bucket, _ in read:
        s = view.sentence
        view.tokens = tokenize_span(text, s.start, s.end)
        _assign_matches(view, bucket)
    return Document(article, norm, views)


_CUES = frozenset({"cue"})
# Matches that make a place, an actor or a frame
_FACT_CATEGORIES = frozenset({"trigger", HEAD, "actor", "demonym", "place", "place_type",
                              "capital"})
# Cues that tell of violence (a weapon, someone killed or wounded), read in every
# sentence: whether the article is about armed violence, whether a sentence is a toll
VIOLENCE_CUES = ("cue.instr.", "cue.out.killed", "cue.out.wounded")


def _drop_idle(
    read: list[tuple[SentenceView, list[Match], set[str]]],
) -> list[tuple[SentenceView, list[Match], set[str]]]:
    """``read`` (each sentence with its matches and their categories) less the sentences
    with nothing but dates no report can take: no match that makes a fact or tells of
    violence, and no later sentence of their paragraph with a trigger or an outcome word
    (a frame takes the date of its paragraph)."""
    kept: list[tuple[SentenceView, list[Match], set[str]]] = []
    paragraph, report_after = -1, False
    for item in reversed(read):
        view, bucket, categories = item
        if view.paragraph != paragraph:
            paragraph, report_after = view.paragraph, False
        if report_after:
            kept.append(item)
            continue
        report_after = "trigger" in categories or HEAD in categories or any(
            e.startswith(VIOLENCE_CUES) for e in set(map(_ENTRY_ID, bucket)))
        if report_after or not _FACT_CATEGORIES.isdisjoint(categories):
            kept.append(item)
    kept.reverse()
    return kept


_DIGIT_RE = re.compile(r"\d")
_IN = "في"
_new_tok_match = tuple.__new__
_START = itemgetter(0)  # Match.start
_CATEGORY, _ENTRY_ID = itemgetter(2), itemgetter(3)  # Match.category, Match.entry_id
_TOKEN_START = itemgetter(1)  # Token.start


def _assign_matches(view: SentenceView, matches: list[Match]) -> None:
    ts = list(map(_TOKEN_START, view.tokens))
    n = len(ts)
    found: list[TokMatch] = []
    # what _drop_hidden needs to know whether anything can be hidden
    spans_over_one = False
    triggers: set[tuple[int, int]] = set()
    for m in matches:
        start = m.start
        i = bisect_left(ts, start)
        if i < n and ts[i] == start:
            j = bisect_left(ts, m.end, i)
            if j > i:
                category = m.category
                if category == HEAD:
                    if not _object_follows(view.tokens, j, m.base.split()):
                        continue
                    category = "trigger"
                    m = m._replace(category=category, form=SPLIT)
                found.append(_new_tok_match(TokMatch, (i, j, m, category, m.entry_id)))
                if category == "trigger":
                    triggers.add((i, j))
                if j - i > 1 and category in _SPAN_CATEGORIES:
                    spans_over_one = True
    if spans_over_one or len(triggers) > 1:
        found = _drop_hidden(found, triggers, view.tokens)
    view.matches = found  # (most sentences have nothing that could hide anything)


# how many words may stand between a split phrase's verb and its object: the subject
# ("أطلق عناصر الفصيل المعارض النار") or a pronoun after a preposition ("أطلقوا عليه")
_SPLIT_REACH = 5


def _object_follows(tokens: list[Token], j: int, objects: list[str]) -> bool:
    """Whether one of ``objects`` is a token after ``j`` (the verb's end) with at least one
    word, and only words and figures, between them (the unbroken phrase is a lexicon form
    of its own)."""
    for k in range(j, min(j + _SPLIT_REACH + 1, len(tokens))):
        tok = tokens[k]
        if tok.kind not in ("word", "num"):  # "سلم 20 عنصرا أنفسهم"
            return False
        if k > j and tok.text in objects:
            return True
    return False


def _drop_hidden(matches: list[TokMatch], triggers: set[tuple[int, int]],
                 tokens: list[Token]) -> list[TokMatch]:
    """Drop span matches inside a longer one, and triggers overlapping a longer trigger
    (``triggers``: the spans of the trigger matches). A name that ends saying where its
    bearer is ("اللجنة المركزية في درعا البلد") keeps that place, after its في."""
    # only multi-token spans hide others: every shorter span inside one of them
    longer = {(t.i, t.j) for t in matches if t.j - t.i > 1 and t.category in _SPAN_CATEGORIES}
    hidden = {(x, y) for a, b in longer for x in range(a, b) for y in range(x + 1, b + 1)
              if y - x < b - a and not (x > a and y == b and tokens[x - 1].text == _IN)}
    trigger_spans = sorted(triggers, key=lambda s: (-(s[1] - s[0]), s[0]))
    # "اندلعت اشتباكات" and "اشتباكات عنيفة" overlap: the longer, then the earlier, wins
    kept_triggers: set[tuple[int, int]] = set()
    for a, b in trigger_spans:
        if all(b <= c or d <= a for c, d in kept_triggers):
            kept_triggers.add((a, b))
    # (cues, half of the matches, are never hidden: their category is read first)
    return [t for t in matches if t.category not in _SPAN_CATEGORIES or (
        t[:2] not in hidden and (t.category != "trigger" or t[:2] in kept_triggers))]
