"""Figures in Arabic conflict reporting: digits, number words, duals and vague amounts.

``find_quantities`` reads the tokens of a normalized sentence and returns every figure
that counts something, with the counted noun and its class when there is one:

- digits of any digit set (ASCII after normalization), ``1,200`` thousands, ``5 آلاف``;
- number words in both genders and all case endings, teens (``إحدى عشرة``), tens,
  hundreds (``ثلاثمئة``، ``ثلاث مئة``), scales and compounds with و (``خمسة وعشرون``،
  ``ثلاثة آلاف وخمسمئة``);
- duals of counted nouns (``عنصرين`` = 2), but not the sound plurals that look like
  them (``مدنيين`` is "civilians");
- vague amounts valued as GUIDELINES §6 says (``عشرات`` = 12, ``عدة`` = 3 ...);
- approximate forms (``أكثر من``، ``نحو``، ``على الأقل``) and ranges or alternatives
  (``بين 50 و100``، ``11 أو 12``), which keep the lowest figure.

Figures that are not counts are left out: years, dates, hours, durations, measures,
percentages, money, unit and model names (``اللواء 444``، ``su-24``), phone numbers.

Every word lives in ``lexicon/data/numbers.yaml``; it is compiled into dicts once at
import, and the per-token work is a handful of cached dict lookups.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from rasad.text.normalize import normalize_key
from rasad.text.tokens import CONJUNCTIONS as _CONJUNCTIONS
from rasad.text.tokens import (
    Token,
    analyses,
    dual_forms,
    prefix_has_article,
    tokenize,
)

NOUN_CLASSES = (
    "killed", "wounded", "captured", "civilian", "child", "woman",
    "fighter", "soldier", "person", "vehicle", "other",
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure found in a token list; ``start``/``end`` index that list."""

    start: int  # first token of the number expression
    end: int  # one past its last token (a dual noun alone covers one token)
    value: int  # conservative value: the lowest figure (GUIDELINES §6)
    exact: bool  # False for vague, approximate, "at least" and range figures
    noun_index: int | None  # token index of the counted noun
    noun: str | None  # the counted noun's lemma, normalized (عنصر for عناصر)
    noun_class: str | None  # one of NOUN_CLASSES
    rule: str  # num.digits, num.word, num.compound, num.dual, num.vague.*, num.range.low


# --- Compiled lexicon --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Word:
    """A number word, or a figure in digits inside a compound (kind ``digits``)."""

    value: int
    kind: str  # unit (1-9) | ten (10) | tens (20-90) | hundreds | scale | digits
    mult: bool = False  # multiplies what precedes it: مئة، ألف، آلاف
    plural: bool = False  # آلاف، ملايين
    scale: int = 0  # 1000 for ألف/ألفين/آلاف
    teen_head: bool = False  # may precede عشر/عشرة
    adjective: bool = False  # may follow its noun: جندي واحد
    needs_noun: bool = False  # counts only next to a known noun
    definite_ok: bool = False  # may take the article after a definite noun


def _key(text: Any) -> str:
    return normalize_key(str(text))


def _token_texts(text: Any) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(_key(text)))


def _load() -> dict[str, Any]:
    path = files("rasad") / "lexicon" / "data" / "numbers.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class _Phrases:
    """Token sequences looked up just after or just before a position.

    With ``clitics`` the first token of a phrase may carry proclitics (بأكثر من،
    للعام، والعشرات); the other tokens must be written as listed.
    """

    __slots__ = ("_clitics", "_first", "_last")

    def __init__(self, items: Iterable[tuple[Any, Any]], *, clitics: bool) -> None:
        self._clitics = clitics
        self._first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self._last: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        for item, payload in items:
            words = _token_texts(item)
            if words:
                self._first.setdefault(words[0], []).append((words, payload))
                self._last.setdefault(words[-1], []).append((words, payload))

    def _heads(self, text: str) -> tuple[str, ...]:
        return _bare_stems(text) if self._clitics else (text,)

    def after(self, toks: Sequence[Token], k: int) -> tuple[int, Any]:
        """(length, payload) of the longest phrase starting at token ``k``; (0, None)."""
        n = len(toks)
        best: tuple[int, Any] = (0, None)
        if k >= n or k < 0:
            return best
        for head in self._heads(toks[k].text):
            for words, payload in self._first.get(head, ()):
                m = len(words)
                if m > best[0] and k + m <= n and all(
                    toks[k + x].text == words[x] for x in range(1, m)
                ):
                    best = (m, payload)
        return best

    def before(self, toks: Sequence[Token], k: int) -> int:
        """Length of the longest phrase ending just before token ``k``; 0 if none."""
        if k <= 0 or k > len(toks):
            return 0
        best = 0
        last = toks[k - 1].text
        for words, _ in self._last.get(last, ()):
            m = len(words)
            if 1 < m <= k and m > best and all(
                toks[k - m + x].text == words[x] for x in range(1, m - 1)
            ) and words[0] in self._heads(toks[k - m].text):
                best = m
        if best == 0:
            for head in self._heads(last):
                if any(len(w) == 1 for w, _ in self._last.get(head, ())):
                    return 1
        return best


def _compile(data: dict[str, Any]) -> tuple[_Phrases, ...]:
    """Fill the word, noun and dual dicts; return the phrase tables."""
    teen_heads = set(map(_key, data["teen_heads"]))
    adjectives = set(map(_key, data["adjectives"]))
    needs_noun = set(map(_key, data["needs_noun"]))
    definite = {int(v) for v in data["definite"]}

    def add(form: Any, word: _Word) -> None:
        key = _key(form)
        if key in _WORDS and _WORDS[key] != word:
            raise ValueError(f"numbers.yaml: {form!r} has two meanings")
        _WORDS[key] = word

    for value, forms in data["units"].items():
        value = int(value)
        for form in forms:
            key = _key(form)
            add(form, _Word(
                value, "unit" if value < 10 else "ten",
                teen_head=(3 <= value <= 9) or key in teen_heads,
                adjective=key in adjectives, needs_noun=key in needs_noun,
                definite_ok=value in definite,
            ))
    for value, forms in data["tens"].items():
        for form in forms:
            add(form, _Word(int(value), "tens"))
    for form in data["hundred"]:
        add(form, _Word(100, "hundreds", mult=True))
    for value, forms in data["hundreds"].items():
        for form in forms:
            add(form, _Word(int(value), "hundreds"))
    for value, prefixes in data["hundred_prefixes"].items():
        for prefix in prefixes:
            for hundred in data["hundred"]:
                add(_key(prefix) + _key(hundred), _Word(int(value) * 100, "hundreds"))
    for value, forms in data["scales"].items():
        value = int(value)
        for form in forms.get("one", ()):
            add(form, _Word(value, "scale", mult=True, scale=value))
        for form in forms.get("two", ()):
            add(form, _Word(2 * value, "scale", scale=value))
        for form in forms.get("many", ()):
            add(form, _Word(value, "scale", mult=True, plural=True, scale=value,
                            definite_ok=True))

    vague_items = []
    for name, spec in data["vague"].items():
        for form in spec["forms"]:
            head = _token_texts(form)[0]
            vague_items.append((form, (name, int(spec["value"]), head in needs_noun)))
    vague = _Phrases(vague_items, clitics=True)

    for cls, entries in data["nouns"].items():
        if cls not in NOUN_CLASSES:
            raise ValueError(f"numbers.yaml: unknown noun class {cls!r}")
        for lemma, forms in entries.items():
            lemma_key = " ".join(_token_texts(lemma))
            for form in (lemma, *forms):
                words = _token_texts(form)
                if len(words) == 1:
                    if _NOUNS.get(words[0], (lemma_key, cls)) != (lemma_key, cls):
                        raise ValueError(f"numbers.yaml: noun {form!r} listed twice")
                    _NOUNS[words[0]] = (lemma_key, cls)
                else:
                    _NOUN_PHRASES.setdefault(words[0], []).append(
                        (words[1:], lemma_key, cls))
                    _PHRASE_CLASS[" ".join(words)] = cls
    for form in data["duals"]:
        key = _key(form)
        if key not in _NOUNS:
            raise ValueError(f"numbers.yaml: dual {form!r} is not a listed noun")
        for dual in dual_forms(key):
            if dual not in _NOUNS:  # مدنيين, مسلحين: listed as plurals
                _DUALS[dual] = _NOUNS[key]

    _CONNECTORS.update(map(_key, data["ranges"]["connectors"]))
    _MODIFIERS.update(map(_key, data["noun_modifiers"]))

    def table(items: Iterable[Any], clitics: bool) -> _Phrases:
        return _Phrases(((f, None) for f in items), clitics=clitics)

    q, b = data["qualifiers"], data["blockers"]
    return (
        vague,
        table([*q["before"], *q["excess"]], True),
        table(q["after"], False),
        table(data["ranges"]["between"], True),
        table(b["before"], True),
        table(b["after"], False),
        table([*data["totals"], *q["excess"]], True),
    )


_WORDS: dict[str, _Word] = {}
_NOUNS: dict[str, tuple[str, str]] = {}  # form -> (lemma, class)
_NOUN_PHRASES: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
_PHRASE_CLASS: dict[str, str] = {}
_DUALS: dict[str, tuple[str, str]] = {}
_CONNECTORS: set[str] = set()
_MODIFIERS: set[str] = set()  # words between a figure and its noun: أبرز، كبار

_MAX_DIGITS = 30  # longer digit runs are codes, not counts (and int() has limits)
_PHONE_DIGITS = 8  # a bare run this long is a phone or an identifier
_CHAIN_SEPS = frozenset("/:-")
_GLUE_BEFORE = frozenset("-/:+.")


# --- Cached per-word lookups -------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _bare_stems(text: str) -> tuple[str, ...]:
    """``text`` and its stems after proclitics only (no pronoun suffix)."""
    out = [text]
    for a in analyses(text):
        if not a.suffix and a.stem not in out:
            out.append(a.stem)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _numword(text: str) -> tuple[tuple[str, _Word], ...]:
    """Readings of ``text`` as a number word: (proclitic prefix, word)."""
    out: list[tuple[str, _Word]] = []
    seen: set[str] = set()
    w = _WORDS.get(text)
    if w is not None:
        out.append(("", w))
        seen.add("")
    for a in analyses(text):
        if a.suffix or a.prefix in seen:
            continue
        w = _WORDS.get(a.stem)
        if w is None or (a.has_article and not w.definite_ok):
            continue
        out.append((a.prefix, w))
        seen.add(a.prefix)
    # و + a stem too short for analyses(): وست
    if "و" not in seen and text.startswith("و") and (w := _WORDS.get(text[1:])) is not None:
        out.append(("و", w))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _noun_reading(text: str) -> tuple[str, str, bool, bool] | None:
    """(lemma, class, has a conjunction, has the article) of a counted noun.

    Duals are not included (see ``_dual_lookup``).
    """
    hit = _NOUNS.get(text)
    if hit is not None:
        return hit[0], hit[1], False, False
    for a in analyses(text):
        hit = _NOUNS.get(a.stem)
        if hit is not None:
            return hit[0], hit[1], a.prefix[:1] in _CONJUNCTIONS, a.has_article
    return None


@lru_cache(maxsize=1 << 16)
def _dual_lookup(text: str) -> tuple[str, str] | None:
    """(lemma, class) of a dual noun (عنصرين، والطفلين); pronoun suffixes excluded."""
    for stem in _bare_stems(text):
        hit = _DUALS.get(stem)
        if hit is not None:
            return hit
    return None


@lru_cache(maxsize=1 << 16)
def _may_start(text: str) -> bool:
    """Whether a word token can begin a figure (cheap filter for the scan)."""
    # A reading's stem is always a tail of the word (proclitics are at most 4 letters):
    # most words are ruled out without computing their readings.
    if not any(text[k:] in _STARTERS for k in range(min(6, len(text)))):
        return False
    if _dual_lookup(text) is not None or _numword(text):
        return True
    return any(stem in _VAGUE._first for stem in _bare_stems(text))


# --- Public helpers ----------------------------------------------------------------------


def noun_lemma(word: str) -> str | None:
    """Lemma of a (normalized, possibly clitic-bearing) counted noun: آخرين -> اخر."""
    hit = _noun_reading(word)
    return hit[0] if hit else None


def noun_class(word: str) -> str | None:
    """Class of a (normalized, possibly clitic-bearing) noun like قتيلا، جرحى، عناصره."""
    word = word.strip()
    if " " in word:
        return _PHRASE_CLASS.get(" ".join(word.split()))
    hit = _noun_reading(word) or _dual_lookup(word)
    return hit[1] if hit else None


# Noun classes that count people (a toll), as opposed to things (3 آليات)
PERSON_CLASSES = frozenset(
    {"civilian", "child", "woman", "fighter", "soldier", "person", "killed", "wounded",
     "captured"}
)


def singular_person(word: str) -> str | None:
    """Class of ``word`` when it is ONE person (شاب، مدنيا، طفلة، عنصر), else None.

    A single victim is often reported without a number ("قتل شاب برصاص قناص"): that is
    a count of one. Plurals (مدنيين) and duals are not singulars.
    """
    for a in analyses(word):
        if a.suffix:
            continue
        hit = _NOUNS.get(a.stem)
        if hit is None or hit[1] not in PERSON_CLASSES:
            continue
        lemma = hit[0]
        if a.stem in (lemma, lemma + "ا", lemma + "ه") or (
            lemma.endswith("ه") and a.stem == lemma[:-1] + "تا"
        ):
            return hit[1]
    return None


def lowest(values: Iterable[int]) -> int | None:
    """The conservative pick among conflicting figures: the lowest; None if none."""
    return min((v for v in values if v is not None), default=None)


# --- Expressions -------------------------------------------------------------------------


@dataclass(slots=True)
class _Expr:
    start: int
    end: int
    value: int
    exact: bool
    rule: str
    needs_noun: bool = False
    adjective: bool = False
    definite: bool = False
    year_like: bool = False  # 4 digits in 1900-2100: a year unless a known noun follows
    dotted: bool = False  # 1.200: thousands only before a known noun
    is_range: bool = False
    conj: bool = False  # begins with و/ف: never an adjective of the noun before


class _Acc:
    """Value of a run of number words, and whether the next word may join it."""

    __slots__ = ("cur", "head", "last", "last_scale", "last_val", "total")

    def __init__(self, w: _Word) -> None:
        self.total: float = 0
        self.cur: float = 0
        self.last_scale: float = float("inf")
        if w.kind == "scale":
            self.total = w.value
            self.last_scale = w.scale
        else:
            self.cur = w.value
        self.last = w.kind
        self.last_val = w.value
        self.head = w.teen_head

    def add(self, w: _Word, joined: bool) -> bool:
        k = w.kind
        if not joined:
            if k == "ten" and self.last == "unit" and self.head:  # خمسة عشر
                self.cur += 10
                self.last = "teen"
                return True
            if k == "hundreds" and w.mult and self.last == "unit":  # ثلاث مئة
                self.cur += self.last_val * 99
                self.last = "hundreds"
                return True
            if (k == "scale" and w.mult and self.last != "scale" and self.cur > 0
                    and w.value < self.last_scale):  # ثلاثة آلاف، عشرين ألفا، 5 ملايين
                self.total += self.cur * w.value
                self.cur = 0
                self.last = "scale"
                self.last_scale = w.value
                return True
            return False
        # joined with و
        if self.last == "unit" and k == "tens":  # خمسة وعشرون
            self.cur += w.value
            self.last = "tens"
            return True
        if self.last == "hundreds" and w.value < 100 and k in ("unit", "ten", "tens", "digits"):
            self._take(w)  # مئة وعشرون
            return True
        if self.last == "scale" and self.cur == 0:
            if k == "scale":
                if w.mult or w.scale >= self.last_scale:
                    return False
                self.total += w.value  # مليون وألفان
                self.last_scale = w.scale
                return True
            if w.value < self.last_scale:  # ألف ومئتان، ثلاثة آلاف وخمسمئة
                self._take(w)
                return True
        return False

    def _take(self, w: _Word) -> None:
        self.cur += w.value
        self.last = w.kind if w.kind != "digits" else "tens"
        self.last_val = w.value
        self.head = w.teen_head

    def value(self) -> int:
        return round(self.total + self.cur)


def _parse_digits(text: str) -> tuple[float, bool, str] | None:
    """(value, exact, form) of a num token; form: int | list | dec | dotted."""
    if len(text) > _MAX_DIGITS:
        return None
    if text.isdigit():
        return int(text), True, "int"
    has_comma, has_dot = "," in text, "." in text
    if has_comma and not has_dot:
        parts = text.split(",")
        if len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
            return int("".join(parts)), True, "int"  # 1,200
        return min(int(p) for p in parts), False, "list"  # 10,5: two figures, not 105
    if has_dot and not has_comma:
        parts = text.split(".")
        if len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
            value = float(text) if len(parts) == 2 else int("".join(parts))
            return value, True, "dotted"
        if len(parts) == 2:
            return float(text), True, "dec"
        return None
    # 1,200.5
    head, _, tail = text.partition(".")
    if "." in tail or "," in tail:
        return None
    parts = head.split(",")
    if len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
        return float(head.replace(",", "") + "." + tail), True, "dec"
    return None


def _digits_at(toks: Sequence[Token], i: int) -> tuple[_Expr | None, int]:
    """The figure in digits at token ``i`` (None when it is not a count) and the next index."""
    n = len(toks)
    tok = toks[i]
    # Figures glued by / : - form a chain: dates, times, model names or a range 5-7.
    j = i
    chain = [tok]
    while j + 2 < n:
        sep, nxt = toks[j + 1], toks[j + 2]
        if (sep.kind == "punct" and sep.text in _CHAIN_SEPS and sep.start == toks[j].end
                and nxt.kind == "num" and nxt.start == sep.end):
            chain.append(nxt)
            j += 2
        else:
            break
    end = j + 1
    prev = toks[i - 1] if i > 0 else None
    after = toks[end] if end < n else None
    if prev is not None:
        if prev.end == tok.start and (
            prev.kind == "latin" or (prev.kind == "punct" and prev.text in _GLUE_BEFORE)
        ):
            return None, end  # su-24, f16, +963, ميغ-21
        if prev.kind == "num":
            return None, end  # a run of figures: phone or identifier
    if after is not None:
        if after.kind == "num":
            return None, end
        if after.start == chain[-1].end and (
            after.kind == "latin" or (after.kind == "punct" and after.text in _CHAIN_SEPS)
        ):
            return None, end  # 38km, 12/
    if len(chain) > 1:
        if len(chain) == 2 and toks[i + 1].text == "-":
            a, b = _parse_digits(chain[0].text), _parse_digits(chain[1].text)
            if a and b and a[2] == b[2] == "int" and a[0] < b[0] < 1000:
                return _Expr(i, end, int(a[0]), False, "num.range.low", is_range=True), end
        return None, end
    parsed = _parse_digits(tok.text)
    if parsed is None:
        return None, end
    value, exact, form = parsed
    if form == "int" and tok.text.isdigit() and (
        len(tok.text) >= _PHONE_DIGITS or (tok.text[0] == "0" and len(tok.text) >= 4)
    ):
        return None, end
    scaled = False
    if after is not None and after.kind == "word":
        for prefix, w in _numword(after.text):
            if prefix == "" and w.kind == "scale" and w.mult:  # 5 آلاف، 1.5 مليون
                value *= w.value
                end += 1
                scaled = True
                break
    if not scaled:
        if form == "dec":
            return None, end
        if form == "dotted":
            value = int(tok.text.replace(".", ""))
    year_like = (not scaled and form == "int" and len(tok.text) == 4
                 and 1900 <= value <= 2100)
    expr = _Expr(i, end, round(value), exact, "num.digits", year_like=year_like,
                 dotted=form == "dotted" and not scaled)
    return expr, end


def _next_atom(toks: Sequence[Token], j: int) -> tuple[_Word, bool, int] | None:
    """The number word (or و + figure) at ``j`` that may extend a compound."""
    n = len(toks)
    tok = toks[j]
    if tok.kind != "word":
        return None
    if tok.text == "و":
        if j + 1 >= n:
            return None
        nxt = toks[j + 1]
        if nxt.kind == "num":
            parsed = _parse_digits(nxt.text)
            if parsed is None or parsed[2] != "int":
                return None
            return _Word(int(parsed[0]), "digits"), True, j + 2
        if nxt.kind == "word":
            for prefix, w in _numword(nxt.text):
                if prefix == "":
                    return w, True, j + 2
        return None
    for prefix, w in _numword(tok.text):
        if prefix in ("", "و"):
            return w, prefix == "و", j + 1
    return None


def _words_at(toks: Sequence[Token], i: int) -> _Expr | None:
    cands = _numword(toks[i].text)
    if not cands:
        return None
    prefix, first = cands[0]
    if first.kind == "scale" and first.plural:
        return None  # آلاف alone is vague (handled by _vague_at)
    acc = _Acc(first)
    j = i + 1
    atoms = 1
    while j < len(toks):
        step = _next_atom(toks, j)
        if step is None or not acc.add(step[0], step[1]):
            break
        atoms += 1
        j = step[2]
    single = atoms == 1
    return _Expr(
        i, j, acc.value(), True, "num.word" if single else "num.compound",
        needs_noun=single and first.needs_noun,
        adjective=single and first.adjective,
        definite=prefix_has_article(prefix),
        conj=prefix[:1] in _CONJUNCTIONS,
    )


def _vague_at(toks: Sequence[Token], i: int) -> _Expr | None:
    m, payload = _VAGUE.after(toks, i)
    if not m:
        return None
    name, value, needs_noun = payload
    end = i + m
    if end < len(toks):  # عشرات الآلاف
        for prefix, w in _numword(toks[end].text):
            if w.kind == "scale" and w.plural and prefix in ("", "ال"):
                value *= w.value
                end += 1
                break
    return _Expr(i, end, value, False, f"num.vague.{name}", needs_noun=needs_noun)


def _expr_at(toks: Sequence[Token], i: int) -> _Expr | None:
    """Any figure starting at ``i`` (the second half of a range)."""
    if i >= len(toks):
        return None
    tok = toks[i]
    if tok.kind == "num":
        return _digits_at(toks, i)[0]
    if tok.kind == "word":
        return _vague_at(toks, i) or _words_at(toks, i)
    return None


def _noun_at(toks: Sequence[Token], k: int) -> tuple[int, str, str, int] | None:
    """(index, lemma, class, end) of a counted noun at token ``k``."""
    n = len(toks)
    if k >= n or toks[k].kind != "word":
        return None
    text = toks[k].text
    for head in _bare_stems(text):
        for rest, lemma, cls in _NOUN_PHRASES.get(head, ()):
            m = len(rest)
            if k + m < n and all(toks[k + 1 + x].text == rest[x] for x in range(m)):
                return k, lemma, cls, k + 1 + m
    hit = _noun_reading(text)
    if hit is None or hit[2]:  # a counted noun takes no و/ف: جندي واحد والجنود
        return None
    return k, hit[0], hit[1], k + 1


def _noun_after(toks: Sequence[Token], k: int) -> tuple[int, str, str, int] | None:
    """The counted noun of a figure ending at ``k``: عشرات من المدنيين، أحد أبرز قادة."""
    noun = _noun_at(toks, k)
    if noun is not None:
        return noun
    n = len(toks)
    j = k
    if j < n and toks[j].text == "من":
        j += 1
    if j < n and toks[j].text in _MODIFIERS:
        j += 1
    return _noun_at(toks, j) if j > k else None


def _dual_at(toks: Sequence[Token], i: int) -> Quantity | None:
    hit = _dual_lookup(toks[i].text)
    if hit is None:
        return None
    end = i + 1
    if end < len(toks):  # مدنيان اثنان: one figure
        for prefix, w in _numword(toks[end].text):
            if prefix == "" and w.adjective and w.value == 2:
                end += 1
                break
    exact = not (_QUAL_BEFORE.before(toks, i) or _QUAL_AFTER.after(toks, end)[0])
    return Quantity(i, end, 2, exact, i, hit[0], hit[1], "num.dual")


def _finish(toks: Sequence[Token], e: _Expr) -> Quantity | None:
    """Blockers, range, counted noun and qualifiers around the figure ``e``."""
    n = len(toks)
    if _BEFORE_BLOCK.before(toks, e.start):
        return None
    value, exact, rule, end = e.value, e.exact, e.rule, e.end
    year_like, dotted = e.year_like, e.dotted
    needs_noun, adjective = e.needs_noun, e.adjective
    if not e.is_range and end + 1 < n:
        second = None
        t = toks[end]
        if t.kind == "word" and t.text in _CONNECTORS:  # 50 إلى 100، 11 أو 12
            second = _expr_at(toks, end + 1)
        elif _BETWEEN.before(toks, e.start):  # بين 50 و100، بين خمسين ومئة
            if t.text == "و":
                second = _expr_at(toks, end + 1)
            elif t.kind == "word" and any(p == "و" for p, _ in _numword(t.text)):
                second = _words_at(toks, end)
        if second is not None:
            value = min(value, second.value)
            exact = False
            rule = "num.range.low"
            end = second.end
            year_like = year_like or second.year_like
            dotted = dotted or second.dotted
            needs_noun = adjective = False
    if _AFTER_BLOCK.after(toks, end)[0]:
        return None
    k = end
    m, _ = _QUAL_AFTER.after(toks, k)  # 10 على الأقل من المدنيين
    if m:
        exact = False
        k += m
    noun = _noun_after(toks, k)
    if noun is not None and _QUAL_AFTER.after(toks, noun[3])[0]:
        exact = False
    if noun is None and (adjective or e.definite) and not e.conj and e.start > 0:
        # جندي واحد، الجنود الثلاثة: the noun agrees with the number in definiteness
        prev = toks[e.start - 1]
        hit = _noun_reading(prev.text) if prev.kind == "word" else None
        if hit is not None and hit[3] == e.definite:
            noun = (e.start - 1, hit[0], hit[1], e.start)
    # "عدد القتلى تجاوز العشرة": the definite number a total comes to needs no noun
    total = e.definite and noun is None and _TOTALS.before(toks, e.start)
    if noun is None and (needs_noun or (e.definite and not total) or year_like or dotted):
        return None
    if _QUAL_BEFORE.before(toks, e.start):
        exact = False
    if noun is None:
        return Quantity(e.start, end, value, exact, None, None, None, rule)
    return Quantity(e.start, end, value, exact, noun[0], noun[1], noun[2], rule)


def _figure_starts(toks: Sequence[Token]) -> list[int]:
    """Where a figure may begin: figures in digits, and the words _may_start allows. A
    word can only end like one of the words a figure begins with: the last letters are
    checked against a small set before the word's readings are looked up."""
    return [k for k, t in enumerate(toks) if t.kind == "num" or (
        t.kind == "word" and (t.text[-3:] in _STARTER_ENDS or t.text.endswith(_SHORT_STARTERS))
        and _may_start(t.text))]


def find_quantities(tokens: Sequence[Token]) -> list[Quantity]:
    """All number expressions in a sentence's tokens, left to right."""
    toks = tokens
    out: list[Quantity] = []
    i = 0
    for start in _figure_starts(toks):
        if start < i:
            continue  # inside the figure found last
        i = start
        tok = toks[i]
        expr: _Expr | None = None
        nxt = i + 1
        if tok.kind == "num":
            expr, nxt = _digits_at(toks, i)
        else:
            dual = _dual_at(toks, i)
            if dual is not None:
                out.append(dual)
                i = dual.end
                continue
            expr = _vague_at(toks, i) or _words_at(toks, i)
            if expr is not None:
                nxt = expr.end
        if expr is not None:
            q = _finish(toks, expr)
            if q is not None:
                out.append(q)
                nxt = q.end
                if q.noun_index is not None and q.noun_index >= q.end:
                    nxt = q.noun_index + 1
        i = max(nxt, i + 1)
    return out


(_VAGUE, _QUAL_BEFORE, _QUAL_AFTER, _BETWEEN, _BEFORE_BLOCK, _AFTER_BLOCK,
 _TOTALS) = _compile(_load())
# every word a figure can begin with (the filter of _may_start)
_STARTERS = frozenset(_WORDS) | frozenset(_DUALS) | frozenset(_VAGUE._first)
# the last three letters of the longer ones, and the shorter ones whole
_STARTER_ENDS = frozenset(w[-3:] for w in _STARTERS if len(w) >= 3)
_SHORT_STARTERS = tuple(sorted(w for w in _STARTERS if len(w) < 3))
