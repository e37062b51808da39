"""Date expressions in Arabic news, resolved against the publication date.

``find_dates(tokens, published)`` finds every date expression in a sentence's normalized
tokens (GUIDELINES §5): relative days (اليوم، أمس، أول أمس، فجر اليوم), weekdays (the most
recent one on or before publication), nights (ليل السبت - الأحد: the later day), "days
ago" (قبل يومين، منذ أيام), calendar periods (الأسبوع الماضي، مطلع الشهر الجاري، العام
الفائت), absolute dates in both month series and the Maghreb names (12 شباط 2018،
الثاني عشر من فبراير، 3 يوليو/تموز، 12/2/2018), Hijri dates with their year and marker
(15 رمضان 1445 هـ) and years (عام 2018).

The vocabulary is in ``lexicon/data/dates.yaml``, compiled once at import into dicts
keyed by the first normalized word of each entry; the grammar that combines the groups
is the set of small parsers below. Each is tried at a token that can start an
expression and the longest match wins. A word is looked up as written and, when it may
carry proclitics, through :func:`rasad.text.tokens.analyses` (وأمس، بالأمس، والجمعة،
ليوم), with a cache and a cheap pre-filter so that most tokens cost one dict lookup.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from typing import Any

import yaml
from hijridate import Hijri

from rasad.text.normalize import normalize_key
from rasad.text.tokens import ARTICLE, Token, analyses

__all__ = ["DateMention", "find_dates"]

_D = datetime.date
_DAY = datetime.timedelta(days=1)
_TEXT, _KIND = itemgetter(0), itemgetter(3)  # of a Token


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: token span ``[start, end)`` and what it resolves to.

    ``date`` is the coded day (precision 2: the middle of the range; 3: the middle of
    the month, or its first / last allowed day for "early" / "late"), ``None`` when a
    relative expression has no publication date to resolve against. ``window`` is the
    earliest..latest day the text allows (``None`` with ``date``). ``precision``: 1 day,
    2 week or "days ago", 3 month, 4 vaguer than a month. ``relative`` is True when the
    publication date was needed. ``rule`` names the parser (``date.yesterday`` ...).
    """

    start: int
    end: int
    date: datetime.date | None
    window: tuple[datetime.date, datetime.date] | None
    precision: int
    relative: bool
    rule: str


# --------------------------------------------------------------------------- tables


class _Table:
    """Entries keyed by their first normalized word: ``first[w] = [(rest, value), ...]``."""

    __slots__ = ("first",)

    def __init__(self, entries: Mapping[str, Any]) -> None:
        first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        for phrase, value in entries.items():
            words = normalize_key(str(phrase)).split()
            if words:
                first.setdefault(words[0], []).append((tuple(words[1:]), value))
        for alts in first.values():
            alts.sort(key=lambda e: -len(e[0]))  # longest phrase first
        self.first = first


def _words(items: Sequence[Any]) -> frozenset[str]:
    return frozenset(normalize_key(str(w)) for w in items)


def _listed(groups: Mapping[Any, Sequence[str]]) -> dict[str, int]:
    return {str(form): int(k) for k, forms in groups.items() for form in forms}


def _load() -> dict[str, Any]:
    text = (
        resources.files("rasad").joinpath("lexicon").joinpath("data")
        .joinpath("dates.yaml").read_text(encoding="utf-8")
    )
    return yaml.safe_load(text)


def _ordinals(spec: Mapping[str, Any]) -> dict[str, int]:
    out = _listed(spec["alone"])
    units = spec["compound_units"]
    for unit, forms in units.items():
        for form in forms:
            for teen in spec["teen"]:
                out[f"{form} {teen}"] = 10 + int(unit)
            for tens, tforms in spec["tens"].items():
                for tform in tforms:
                    out[f"{form} و{tform}"] = int(tens) + int(unit)
    for tens, tforms in spec["tens"].items():
        for tform in tforms:
            out[str(tform)] = int(tens)
    return out


_Y = _load()

_REL = _Table({k: (int(v["offset"]), bool(v.get("night"))) for k, v in _Y["relative_days"].items()})
_TOD = _Table({k: bool((v or {}).get("night")) for k, v in _Y["times_of_day"].items()})
_DAYW = _Table(dict.fromkeys(_Y["day_words"], True))
_WD = _Table(_Y["weekdays"])
_WEEK_START: int = _WD.first[normalize_key(_Y["week_start"])][0][1]
_MARK = _Table(_Y["markers"])
_PHASE = _Table(_Y["phases"])
_AMBIG = _words(_Y["ambiguous_months"])
_GMONTH = _Table(
    {k: (m, normalize_key(k) in _AMBIG) for k, m in _listed(_Y["gregorian_months"]).items()}
)
_HMONTH = _Table(_listed(_Y["hijri_months"]))
_MONTHW = _Table(dict.fromkeys(_Y["month_words"], True))
_YEARW = _Table({k: normalize_key(k).startswith(ARTICLE) for k in _Y["year_words"]})
_PERIOD = _Table(_Y["periods"])
_ORD = _Table(_ordinals(_Y["ordinal_days"]))
_AGO = _Table(dict.fromkeys(_Y["ago_words"], True))
_ELAPSED = _Table(dict.fromkeys(_Y["elapsed_words"], True))
_AFTER = _Table(dict.fromkeys(_Y["after_words"], True))
_APPROX = _Table(dict.fromkeys(_Y["approximately"], True))
_CARD = _Table(_Y["cardinals"])
_VAGUE = _Table(dict.fromkeys(_Y["vague_counts"], True))
_UNIT = _Table({k: (v[0], v[1]) for k, v in _Y["durations"].items()})
_RECENT = _Table(_Y["recent_periods"])

_REL_BLOCK_BEFORE = _words(_Y["relative_day_blockers_before"])
_REL_BLOCK_AFTER = _words(_Y["relative_day_blockers_after"])
_WD_BLOCK_BEFORE = _words(_Y["weekday_blockers_before"])
_WD_BLOCK_AFTER = _words(_Y["weekday_blockers_after"])
_NIGHT_SEP = _words(_Y["night_separators"]) | {"-", "/"}
_MONTH_LEADS = _words(_Y["month_leads"])
_YEAR_LEADS = _words(_Y["year_leads"])
_THIS = _words(_Y["this_words"])
_HMARK = _words(_Y["hijri_markers"])
_GMARK = _words(_Y["gregorian_markers"])
_FEW = _words(_Y["few_words"])
_DUR_BLOCK_AFTER = _words(_Y["duration_blockers_after"])
_ON = _words(["على"])
_ONE = _words(["واحد", "واحدة"])
# the rule of "لم تمض 24 ساعة على X": the date of the incident named right after it only
ELAPSED_RULE = "date.elapsed"
_RECENT_MARK = _words(_Y["recent_markers"])
_LINKS = _words(_Y["date_links"]) | {",", "(", "-"}
_OF = "من"
_FROM = frozenset({_OF})
_PAIR_SEPS = frozenset({"/", "(", "-"})
_COMMA = frozenset({","})

# Tables whose entries can begin an expression, looked up with clitics. Every other
# group is matched on the token as written, inside an expression or next to it.
_INITIAL = (_REL, _TOD, _DAYW, _WD, _PHASE, _GMONTH, _HMONTH, _MONTHW, _YEARW, _PERIOD,
            _ORD, _AGO, _ELAPSED, _AFTER, _RECENT)
_KEYS: frozenset[str] = frozenset(k for t in _INITIAL for k in t.first)
# What may remain of a word once its proclitics are stripped: a key, or a key's stem
# after the article (للأحد -> ل + ال + أحد).
_TAILS: frozenset[str] = _KEYS | frozenset(
    k[len(ARTICLE):] for k in _KEYS if k.startswith(ARTICLE) and len(k) > len(ARTICLE) + 1
)
# the last three letters of the longer tails, and the shorter tails whole
_TAIL_ENDS = frozenset(t[-3:] for t in _TAILS if len(t) >= 3)
_SHORT_TAILS = tuple(sorted(t for t in _TAILS if len(t) < 3))
_PROCLITIC_INITIALS = frozenset("وفبلك")
_EXACT: dict[str, tuple[tuple[str, str], ...]] = {k: ((k, ""),) for k in _KEYS}
_NO_KEYS: tuple[tuple[str, str], ...] = ()

_CLITIC_CACHE: dict[str, tuple[tuple[str, str], ...]] = {}
_CLITIC_CACHE_MAX = 100_000

# Clitic policies for the first word of a match.
_ANY: frozenset[str] | None = None               # any proclitic reading
_NONE: frozenset[str] = frozenset({""})          # as written
_CONJ: frozenset[str] = frozenset({"", "و", "ف"})  # months: وشباط, never بآب (= باب)
# Relative days: وأمس, بالأمس, لليوم, but not لامس (a verb) or كامس.
_REL_CLITICS: frozenset[str] = frozenset(
    {"", "و", "ف", "ب", "وب", "فب", "بال", "وبال", "فبال", "وال", "فال", "لل", "ولل", "فلل"}
)


def date_words() -> frozenset[str]:
    """Normalized words that can begin a date expression (for a quick sentence filter)."""
    return _KEYS


def _lookup(word: str) -> tuple[tuple[str, str], ...]:
    """The initial-table keys ``word`` can be read as, each with its proclitic prefix."""
    exact = _EXACT.get(word, _NO_KEYS)
    if len(word) < 3 or word[0] not in _PROCLITIC_INITIALS:
        return exact
    if word[-3:] not in _TAIL_ENDS and not word.endswith(_SHORT_TAILS):
        return exact  # it ends like no tail: cheaper than the cache below
    cached = _CLITIC_CACHE.get(word)
    if cached is not None:
        return cached
    if not any(word[k:] in _TAILS for k in range(1, min(5, len(word) - 1))):
        out = exact
    else:
        found = list(exact)
        for a in analyses(word):
            if not a.prefix or a.suffix:
                continue
            form = ARTICLE + a.stem if a.has_article and not a.stem.startswith(ARTICLE) else a.stem
            if form in _KEYS and (form, a.prefix) not in found:
                found.append((form, a.prefix))
        out = tuple(found)
    if len(_CLITIC_CACHE) >= _CLITIC_CACHE_MAX:
        _CLITIC_CACHE.clear()
    _CLITIC_CACHE[word] = out
    return out


# --------------------------------------------------------------------------- calendar


def _month_end(y: int, m: int) -> _D:
    return _D(y + 1, 1, 1) - _DAY if m == 12 else _D(y, m + 1, 1) - _DAY


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _phase_window(w: tuple[_D, _D], phase: str | None, monthlike: bool) -> tuple[_D, _D]:
    if phase is None:
        return w
    a, b = w
    span = (b - a).days + 1
    third = 10 if monthlike else max(1, -(-span // 3))
    if phase == "early":
        return a, min(b, a + (third - 1) * _DAY)
    if phase == "late":
        return max(a, a + (span - third if not monthlike else 20) * _DAY), b
    mid_start = a + third * _DAY
    return min(mid_start, b), min(b, mid_start + (third - 1) * _DAY)


def _pick(w: tuple[_D, _D], phase: str | None) -> _D:
    """The coded day of a window: first/last for early/late, else its middle."""
    a, b = w
    if phase == "early":
        return a
    if phase == "late":
        return b
    if a.day == 1 and b == _month_end(a.year, a.month):
        return a.replace(day=15)  # a whole month: its middle is the 15th
    return a + ((b - a).days // 2) * _DAY


def _clamp(w: tuple[_D, _D], published: _D | None) -> tuple[_D, _D]:
    """A period that contains publication ends at publication."""
    if published is not None and w[0] <= published < w[1]:
        return w[0], published
    return w


def _recent_weekday(wd: int, marker: int | None, published: _D, earliest: bool = False) -> _D:
    if marker is not None and marker > 0:
        ahead = (wd - published.weekday()) % 7 or 7
        return published + (ahead + 7 * (marker - 1)) * _DAY
    d = published - ((published.weekday() - wd) % 7) * _DAY
    if marker is not None and marker < 0:
        # ("السبت الماضي" told after a Saturday the text dates may be that Saturday: the
        # writer's own day is later, unknown)
        if d == published and not earliest:
            d -= 7 * _DAY
        d -= 7 * (-marker - 1) * _DAY
    return d


# "اليوم الإثنين" where the page's date is not a Monday (see ``_named_day``)
TODAY_NAMED_RULE = "date.today.weekday"


def _named_day(wd: int, d: _D) -> _D:
    """The day a writer meant by "today, Monday" when ``d`` (today by the page's date) is
    not a Monday: the page date trails the writing when a page is updated or republished,
    so the weekday is the writer's own anchor (the most recent one on or before ``d``);
    the day after ``d`` is a page dated in another time zone."""
    if (d + _DAY).weekday() == wd:
        return d + _DAY
    return _recent_weekday(wd, None, d)


def _month_year(m: int, day: int | None, marker: int | None, published: _D) -> int:
    """The year of month ``m`` (and ``day``) as seen from ``published``."""
    pm, py = published.month, published.year
    if marker is None:
        on_or_before = (m, day or 1) <= (pm, published.day) if day else m <= pm
        return py if on_or_before else py - 1
    if marker == 0:
        return py
    if marker < 0:
        return (py if m < pm else py - 1) + marker + 1
    return (py if m > pm else py + 1) + marker - 1


def _hijri_to_gregorian(y: int, m: int, d: int) -> _D:
    g = Hijri(y, m, d).to_gregorian()
    return _D(g.year, g.month, g.day)


def _hijri_month_window(y: int, m: int) -> tuple[_D, _D]:
    ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
    return _hijri_to_gregorian(y, m, 1), _hijri_to_gregorian(ny, nm, 1) - _DAY


# --------------------------------------------------------------------------- parsing


@dataclass(slots=True)
class _Found:
    """A parser's result before it becomes a DateMention."""

    start: int
    end: int
    date: _D | None
    window: tuple[_D, _D] | None
    precision: int
    relative: bool
    rule: str
    has_day: bool = False


class _Parser:
    __slots__ = ("earliest", "keys", "n", "pub", "texts", "tokens")

    def __init__(self, tokens: Sequence[Token], keys: list[tuple[tuple[str, str], ...]],
                 published: _D | None, earliest: bool = False) -> None:
        self.tokens = tokens
        self.earliest = earliest
        self.texts = list(map(_TEXT, tokens))
        self.keys = keys
        self.n = len(tokens)
        self.pub = published

    # -- token helpers

    def match(self, i: int, table: _Table, clitics: frozenset[str] | None = _NONE
              ) -> tuple[Any, int] | None:
        """``(value, end)`` of the longest entry of ``table`` starting at token ``i``."""
        if i >= self.n:
            return None
        cands = ((self.texts[i], ""),) if clitics is _NONE else self.keys[i]
        for key, prefix in cands:
            if clitics is not None and prefix not in clitics:
                continue
            for rest, value in table.first.get(key, ()):
                end = i + 1 + len(rest)
                if end <= self.n and all(
                    self.texts[i + 1 + k] == w for k, w in enumerate(rest)
                ):
                    return value, end
        return None

    def text_in(self, i: int, words: frozenset[str], conj: bool = False) -> bool:
        if not 0 <= i < self.n:
            return False
        t = self.texts[i]
        return t in words or (conj and len(t) > 1 and t[0] in "وف" and t[1:] in words)

    def number(self, i: int, lo: int, hi: int, max_len: int = 4) -> int | None:
        if i >= self.n or self.tokens[i].kind != "num":
            return None
        t = self.texts[i]
        if not t.isdigit() or len(t) > max_len:
            return None
        v = int(t)
        return v if lo <= v <= hi else None

    def marker(self, i: int) -> tuple[int, int] | None:
        return self.match(i, _MARK)

    def found(self, start: int, end: int, w: tuple[_D, _D] | None, precision: int,
              relative: bool, rule: str, phase: str | None = None, *, clamp: bool = False,
              has_day: bool = False, date: _D | None = None) -> _Found:
        if w is None:
            return _Found(start, end, None, None, precision, relative, rule, has_day)
        if clamp:
            w = _clamp(w, self.pub)
        d = date if date is not None else _pick(w, phase)
        return _Found(start, end, d, w, precision, relative, rule, has_day)

    # -- absolute dates

    def p_numeric(self, i: int) -> _Found | None:
        tok = self.tokens[i]
        if tok.kind != "num":
            return None
        t = tok.text
        if t.count(".") == 2 and "," not in t:
            parts, end = t.split("."), i + 1
        elif (i + 4 < self.n and self.texts[i + 1] in ("/", "-")
              and self.texts[i + 3] == self.texts[i + 1]
              and self.tokens[i + 2].kind == "num" and self.tokens[i + 4].kind == "num"):
            parts, end = [t, self.texts[i + 2], self.texts[i + 4]], i + 5
        else:
            return None
        if not all(p.isdigit() for p in parts):
            return None
        if len(parts[2]) == 4 and len(parts[0]) <= 2 and len(parts[1]) <= 2:
            d, m, y = (int(p) for p in parts)
        elif len(parts[0]) == 4 and len(parts[1]) <= 2 and len(parts[2]) <= 2:
            y, m, d = (int(p) for p in parts)
        else:
            return None
        if not 1900 <= y <= 2100:
            return None
        try:
            day = _D(y, m, d)
        except ValueError:
            return None
        return self.found(i, end, (day, day), 1, False, "date.abs.numeric", has_day=True)

    def day_number(self, i: int) -> tuple[int, int] | None:
        v = self.number(i, 1, 31, max_len=2)
        if v is not None:
            return v, i + 1
        return self.match(i, _ORD, _ANY)

    def year_ref(self, j: int, hijri: bool) -> tuple[int, int, bool] | None:
        """``(year, end, relative)`` of a year after a month: 2018, عام 2018, من العام الماضي."""
        k = j + 1 if self.text_in(j, _COMMA) else j
        if self.texts[k:k + 1] == [_OF]:
            k += 1
        yw = self.match(k, _YEARW)
        if yw is not None:
            after = yw[1]
            if yw[0] and not hijri and self.pub is not None:  # من العام الماضي
                mk = self.marker(after)
                if mk is not None:
                    return self.pub.year + mk[0], mk[1], True
            k = after
        y = self.number(k, 1300, 1500) if hijri else self.number(k, 1900, 2100)
        if y is None:
            return None
        k += 1
        if hijri:
            if not self.text_in(k, _HMARK):
                return None
            return y, k + 1, False
        if self.text_in(k, _HMARK):
            return None
        if self.text_in(k, _GMARK):
            k += 1
        return y, k, False

    def p_abs(self, i: int, phase: str | None = None) -> _Found | None:
        """Day? + month (+ pair) + year/marker?; a bare month needs some context."""
        start = j = i
        dw = self.match(j, _DAYW, _ANY)
        if dw is not None and phase is None:
            j = dw[1]
        day = None
        dn = self.day_number(j) if phase is None else None
        if dn is not None:
            day, j = dn
            if self.texts[j:j + 1] == [_OF]:
                j += 1
        elif j != i:
            return None  # يوم + month
        month_word = False
        mw = self.match(j, _MONTHW, _ANY if j == i else _NONE)
        if mw is not None:
            month_word, j = True, mw[1]
        first = j == i
        gm = self.match(j, _GMONTH, _CONJ if first else _NONE)
        if gm is not None:
            return self._gregorian(start, i, gm, day, phase, month_word)
        hm = self.match(j, _HMONTH, _CONJ if first else _NONE)
        if hm is not None:
            return self._hijri(start, hm, day, phase)
        if day is not None and not month_word:
            return self._day_of_period(start, j, day)
        return None

    def _day_of_period(self, start: int, j: int, day: int) -> _Found | None:
        """في الخامس من الشهر الجاري, 12 الشهر الماضي, العاشر من هذا الشهر."""
        this = self.text_in(j, _THIS)
        per = self.match(j + 1 if this else j, _PERIOD)
        if per is None or per[0] != "month":
            return None
        end, marker = per[1], 0
        mk = self.marker(end)
        if mk is not None:
            marker, end = mk
        elif not this:
            return None
        w = None
        if self.pub is not None:
            y, m = _shift_month(self.pub.year, self.pub.month, marker)
            d = _D(y, m, day)
            w = (d, d)
        return self.found(start, end, w, 1, True, "date.abs.dm", has_day=True)

    def _gregorian(self, start: int, i: int, gm: tuple[Any, int], day: int | None,
                   phase: str | None, month_word: bool) -> _Found | None:
        (m, ambiguous), j = gm
        # 3 يوليو/تموز, كانون الأول (ديسمبر): one month written in two series
        if self.text_in(j, _PAIR_SEPS):
            other = self.match(j + 1, _GMONTH)
            if other is not None and other[0][0] == m:
                j = other[1]
                if self.texts[j:j + 1] == [")"] and self.texts[gm[1]] == "(":
                    j += 1
        yr = self.year_ref(j, hijri=False)
        marker = None
        if yr is not None:
            year, j, rel = yr
        else:
            mk = self.marker(j)
            if mk is not None:
                marker, j = mk
            year, rel = None, True
            if (day is None and marker is None and phase is None and not month_word
                    and (ambiguous or not self.text_in(i - 1, _MONTH_LEADS, conj=True))):
                return None
        pub = self.pub
        if year is None and pub is not None:
            year = _month_year(m, day, marker, pub)
        if day is not None:
            rule = "date.abs.dmy" if yr is not None else "date.abs.dm"
            if year is None:
                return self.found(start, j, None, 1, rel, rule, has_day=True)
            d = _D(year, m, day)  # ValueError (31 شباط) -> no mention
            return self.found(start, j, (d, d), 1, rel, rule, has_day=True)
        rule = "date.abs.my" if yr is not None else "date.abs.m"
        if year is None:
            return self.found(start, j, None, 3, rel, rule)
        w = _phase_window((_D(year, m, 1), _month_end(year, m)), phase, True)
        return self.found(start, j, w, 3, rel, rule, phase, clamp=True)

    def _hijri(self, start: int, hm: tuple[Any, int], day: int | None,
               phase: str | None) -> _Found | None:
        m, j = hm
        yr = self.year_ref(j, hijri=True)
        if yr is None:
            return None
        year, j, _ = yr
        if day is not None:
            d = _hijri_to_gregorian(year, m, day)
            return self.found(start, j, (d, d), 1, False, "date.hijri", has_day=True)
        w = _phase_window(_hijri_month_window(year, m), phase, True)
        return self.found(start, j, w, 3, False, "date.hijri.month", phase, clamp=True)

    def p_year(self, i: int, phase: str | None = None) -> _Found | None:
        """عام 2018, سنة 1445 هـ, في 2018, 2018م; with a phase: مطلع 2018."""
        j = i
        yw = self.match(i, _YEARW, _ANY)
        if yw is not None:
            j = yw[1]
        if j >= self.n or self.tokens[j].kind != "num":
            return None
        hijri = self.text_in(j + 1, _HMARK)
        y = self.number(j, 1300, 1500) if hijri else self.number(j, 1900, 2100)
        if y is None:
            return None
        end = j + 1
        if hijri or self.text_in(end, _GMARK):
            end += 1
        elif yw is None and phase is None and not self.text_in(i - 1, _YEAR_LEADS, conj=True):
            return None
        if hijri:
            w = (_hijri_to_gregorian(y, 1, 1), _hijri_to_gregorian(y + 1, 1, 1) - _DAY)
            rule = "date.hijri.year"
        else:
            w, rule = (_D(y, 1, 1), _D(y, 12, 31)), "date.year"
        w = _phase_window(w, phase, False)
        return self.found(i, end, w, 4, False, rule, phase, clamp=True)

    # -- relative days and weekdays

    def p_relative(self, i: int) -> _Found | None:
        """[time of day] [يوم|هذا] اليوم/أمس/أول أمس [weekday]."""
        start = j = i
        night = False
        tod = self.match(j, _TOD, _ANY)
        if tod is not None:
            night, j = tod
        dw = self.match(j, _DAYW, _ANY if j == i else _NONE)
        if dw is not None:
            j = dw[1]
        elif self.text_in(j, _THIS, conj=j == i):
            j += 1
        elif j == i and self.text_in(i - 1, _THIS, conj=True):
            start = i - 1  # هذا اليوم
        rel = self.match(j, _REL, _REL_CLITICS if j == i else _NONE)
        if rel is None:
            return None
        (offset, rel_night), end = rel
        if self.text_in(start - 1, _REL_BLOCK_BEFORE) or self.text_in(end, _REL_BLOCK_AFTER):
            return None
        night = night or rel_night
        if rel_night:
            mk = self.marker(end)
            if mk is not None and mk[0] < 0:  # الليلة الماضية
                offset, end = offset + mk[0], mk[1]
        named = None
        wd = self.match(end, _WD)  # اليوم الأحد, أمس السبت: one mention
        if wd is not None and not self.text_in(wd[1], _WD_BLOCK_AFTER):
            named, end = wd
        rule = {0: "date.today", -1: "date.yesterday", -2: "date.day_before_yesterday",
                1: "date.tomorrow", 2: "date.day_after_tomorrow"}.get(offset, "date.relative")
        if self.pub is None:
            return self.found(start, end, None, 1, True, rule)
        d = self.pub + offset * _DAY
        if named is not None and named != d.weekday():
            d, rule = _named_day(named, d), (TODAY_NAMED_RULE if offset == 0
                                             else rule + ".weekday")
        w = ((d, d + _DAY) if offset < 0 else (d - _DAY, d)) if night else (d, d)
        return self.found(start, end, w, 1, True, rule, date=d)

    def _weekday_at(self, j: int, clitics: frozenset[str] | None) -> tuple[int, int] | None:
        wd = self.match(j, _WD, clitics)
        if wd is None or self.text_in(wd[1], _WD_BLOCK_AFTER):
            return None
        if self.text_in(j - 1, _WD_BLOCK_BEFORE):
            return None
        return wd

    def p_weekday(self, i: int) -> _Found | None:
        """[time of day] [يوم] weekday [marker] [، الموافق date]."""
        j, night = i, False
        tod = self.match(j, _TOD, _ANY)
        if tod is not None:
            night, j = tod
        dw = self.match(j, _DAYW, _ANY if j == i else _NONE)
        if dw is not None:
            j = dw[1]
        wd = self._weekday_at(j, _ANY if j == i else _NONE)
        if wd is None:
            return None
        wdn, end = wd
        marker = None
        mk = self.marker(end)
        if mk is not None:
            marker, end = mk
        # الأحد 11 شباط / الأحد الموافق 11 شباط 2018: the date it falls on wins
        k = end
        while k < end + 2 and self.text_in(k, _LINKS):
            k += 1
        if k < self.n:
            try:
                dated = self.p_numeric(k) or self.p_abs(k)
            except (ValueError, OverflowError):
                dated = None
            if dated is not None and dated.has_day:
                dated.start = i
                if self.texts[k - 1:k] == ["("] and self.texts[dated.end:dated.end + 1] == [")"]:
                    dated.end += 1
                return dated
        if self.pub is None:
            return self.found(i, end, None, 1, True, "date.weekday")
        d = _recent_weekday(wdn, marker, self.pub, self.earliest)
        if night:  # ليلة الجمعة: the night before, or into the next morning
            last = d + _DAY if d + _DAY <= self.pub or d > self.pub else d
            return self.found(i, end, (d - _DAY, last), 1, True, "date.weekday", date=d)
        return self.found(i, end, (d, d), 1, True, "date.weekday")

    def p_night(self, i: int) -> _Found | None:
        """ليل السبت - الأحد, ليلة السبت على الأحد, ليل الأحد الاثنين: the later day."""
        tod = self.match(i, _TOD, _ANY)
        if tod is None or not tod[0]:
            return None
        j = tod[1]
        dw = self.match(j, _DAYW)
        if dw is not None:
            j = dw[1]
        first = self._weekday_at(j, _NONE)
        if first is None:
            return None
        j = first[1]
        if self.text_in(j, _NIGHT_SEP):
            j += 1
        dw = self.match(j, _DAYW)
        if dw is not None:
            j = dw[1]
        second = self._weekday_at(j, frozenset({"", "و"}))
        if second is None or second[0] != (first[0] + 1) % 7:
            return None
        end = second[1]
        marker = None
        mk = self.marker(end)
        if mk is not None:
            marker, end = mk
        if self.pub is None:
            return self.found(i, end, None, 1, True, "date.night_of")
        d = _recent_weekday(second[0], marker, self.pub, self.earliest)
        return self.found(i, end, (d - _DAY, d), 1, True, "date.night_of", date=d)

    # -- durations and periods

    def p_ago(self, i: int) -> _Found | None:
        """قبل يومين, منذ ثلاثة أيام, قبل 3 أيام, قبل أيام, قبل نحو أسبوع, منذ سنوات; and
        the time since an incident named after على or من ("لم تمض 24 ساعة على عدوان",
        "بعد يوم واحد من مجزرة", ELAPSED_RULE)."""
        ago = self.match(i, _AGO, _ANY)
        elapsed = ago is None
        since = _ON  # the word that names the incident: على after مرور, من after بعد
        if elapsed:
            ago = self.match(i, _ELAPSED, _ANY)
            if ago is None:
                ago, since = self.match(i, _AFTER, _ANY), _FROM
            if ago is None:
                return None
        j = ago[1]
        ap = self.match(j, _APPROX)
        if ap is not None:
            j = ap[1]
        count: int | None = None
        counted = False
        num = self.number(j, 1, 10000, max_len=5)
        if num is not None:
            count, counted, j = num, True, j + 1
        else:
            card = self.match(j, _CARD)
            if card is not None:
                count, counted, j = card[0], True, card[1]
            else:
                vague = self.match(j, _VAGUE)
                if vague is not None:
                    counted, j = True, vague[1]
        unit = self.match(j, _UNIT)
        if unit is None:
            return None
        (kind, default), end = unit
        if not counted:
            count = default
            # قبل يوم الجمعة, منذ عام 2011, قبل شهر رمضان: "before/since" a date
            if default == 1 and (
                self.match(end, _WD) or self.match(end, _REL) or self.match(end, _GMONTH)
                or self.match(end, _HMONTH) or self.match(end, _ORD)
                or (end < self.n and self.tokens[end].kind == "num")
            ):
                return None
        if self.text_in(end, _FEW) or (count == 1 and self.text_in(end, _ONE)):
            end += 1  # قبل أيام قليلة, بعد يوم واحد
        if elapsed != self.text_in(end, since):
            # قبل يومين من الهجوم: counted from another event; مرور عامين alone: a span
            return None
        if not elapsed and self.text_in(end, _DUR_BLOCK_AFTER):
            return None
        rule = ELAPSED_RULE if elapsed else f"date.{kind}s_ago"
        if self.pub is None:
            precision = {"hour": 1, "day": 2, "week": 2, "month": 3}.get(kind, 4)
            if count is None and kind in ("week", "month"):
                precision += 1
            return self.found(i, end, None, precision, True, rule)
        pub = self.pub
        if kind == "hour":
            days = 0 if count is None or count < 24 else count // 24
            d = pub - days * _DAY
            return self.found(i, end, (d - _DAY, d), 1 if days <= 1 else 2, True, rule,
                              date=d)
        # (center offset, half-width, precision) per unit; None count = vague
        if count is None:
            lo, hi, precision = {"day": (7, 1, 2), "week": (35, 14, 3), "month": (365, 60, 4),
                                 "year": (3650, 730, 4)}[kind]
            w = (pub - lo * _DAY, pub - hi * _DAY)
            return self.found(i, end, w, precision, True, rule)
        size, half, precision = {"day": (1, 1, 2), "week": (7, 3, 2), "month": (30, 15, 3),
                                 "year": (365, 182, 4)}[kind]
        center = pub - count * size * _DAY
        w = (center - half * _DAY, min(center + half * _DAY, pub - _DAY))
        if w[1] < center:
            w = (w[0], center)
        return self.found(i, end, w, precision, True, rule, date=center)

    def p_recent(self, i: int) -> _Found | None:
        """خلال الأيام الماضية, الساعات الأخيرة, الأيام الثلاثة الماضية, الـ24 ساعة الماضية."""
        count: int | None = None
        rp = self.match(i, _RECENT, _ANY)
        if rp is not None:
            kind, j = rp
            if self.text_in(j, _FEW):
                j += 1
            if self.texts[j:j + 1] == [ARTICLE]:
                j += 1
            num = self.number(j, 1, 1000)
            if num is not None:
                count, j = num, j + 1
            elif j < self.n and self.texts[j].startswith(ARTICLE):
                card = _CARD.first.get(self.texts[j][len(ARTICLE):])
                if card:
                    count, j = card[0][1], j + 1
            if self.text_in(j, _FEW):
                j += 1
        else:
            j = i + 1 if self.texts[i] == ARTICLE else i
            count = self.number(j, 1, 1000)
            if count is None:
                return None
            unit = self.match(j + 1, _UNIT)
            if unit is None:
                return None
            kind, j = unit[0][0], unit[1]
        if not self.text_in(j, _RECENT_MARK):
            return None
        end = j + 1
        days = {"hour": -(-(count or 24) // 24), "day": count or 7, "week": 7 * (count or 3),
                "month": 30 * (count or 3), "year": 365 * (count or 3)}[kind]
        precision = 1 if days <= 1 else 2 if days <= 14 else 3 if days <= 62 else 4
        if kind == "year":
            precision = 4
        if self.pub is None:
            return self.found(i, end, None, precision, True, "date.recent")
        w = (self.pub - days * _DAY, self.pub)
        return self.found(i, end, w, precision, True, "date.recent",
                          date=self.pub if days <= 1 else None)

    def p_period(self, i: int, phase: str | None = None) -> _Found | None:
        """الأسبوع الماضي, الشهر الجاري, هذا العام, العام الفائت; with a phase: مطلع الشهر."""
        start, j = i, i
        this = self.text_in(j, _THIS, conj=True)
        if this:
            j += 1
        elif self.text_in(i - 1, _THIS) and phase is None:
            start, this = i - 1, True
        per = self.match(j, _PERIOD, _NONE if this else _ANY)
        if per is None:
            return None
        kind, end = per
        marker = 0
        mk = self.marker(end)
        if mk is not None:
            marker, end = mk
        elif not this and phase is None:
            return None  # العام alone is "general"; الشهر alone is not a date
        rel_rule = {"week": "date.week", "month": "date.month", "year": "date.year.relative"}
        rule = "date.last_week" if kind == "week" and marker < 0 else rel_rule[kind]
        precision = {"week": 2, "month": 3, "year": 4}[kind]
        pub = self.pub
        if pub is None:
            return self.found(start, end, None, precision, True, rule)
        if kind == "week":
            ws = pub - ((pub.weekday() - _WEEK_START) % 7) * _DAY + 7 * marker * _DAY
            w = (ws, ws + 6 * _DAY)
        elif kind == "month":
            y, m = _shift_month(pub.year, pub.month, marker)
            w = (_D(y, m, 1), _month_end(y, m))
        else:
            y = pub.year + marker
            w = (_D(y, 1, 1), _D(y, 12, 31))
        w = _phase_window(w, phase, kind == "month")
        return self.found(start, end, w, precision, True, rule, phase, clamp=True)

    def p_phase(self, i: int) -> _Found | None:
        """مطلع/أواخر/منتصف + month, period or year."""
        ph = self.match(i, _PHASE, _ANY)
        if ph is None:
            return None
        phase, j = ph
        best = None
        for parse in (self.p_abs, self.p_period, self.p_year):
            f = parse(j, phase)
            if f is not None and (best is None or f.end > best.end):
                best = f
        if best is not None:
            best.start = i
        return best


_Parse = Callable[[_Parser, int], _Found | None]
# What the token an expression begins with must be for each parser to find one: one of
# its keys in one of these initial tables, a figure (_FIGURE), the article written
# apart (_ARTICLE_APART) or a demonstrative, alone or after و/ف (_THIS_WORD). The order
# is the parsers' order of preference.
_FIGURE, _ARTICLE_APART, _THIS_WORD = "figure", "article", "this"
_BEGINS_WITH: tuple[tuple[_Parse, tuple[_Table | str, ...]], ...] = (
    (_Parser.p_numeric, (_FIGURE,)),
    (_Parser.p_phase, (_PHASE,)),
    (_Parser.p_abs, (_DAYW, _ORD, _MONTHW, _GMONTH, _HMONTH, _FIGURE)),
    (_Parser.p_night, (_TOD,)),
    (_Parser.p_relative, (_TOD, _DAYW, _REL, _THIS_WORD)),
    (_Parser.p_weekday, (_TOD, _DAYW, _WD)),
    (_Parser.p_ago, (_AGO, _ELAPSED, _AFTER)),
    (_Parser.p_recent, (_RECENT, _ARTICLE_APART, _FIGURE)),
    (_Parser.p_period, (_PERIOD, _THIS_WORD)),
    (_Parser.p_year, (_YEARW, _FIGURE)),
)
_DIGITS = frozenset("0123456789")


@lru_cache(maxsize=1 << 12)
def _parsers_at(text: str) -> tuple[_Parse, ...]:
    """The parsers that may find an expression beginning with the token ``text``.
    Trying only these spares most parser calls, each of which would look the token up
    only to find nothing."""
    found: set[_Table | str] = {t for key, _ in _lookup(text) for t in _INITIAL
                                if key in t.first}
    if text[:1] in _DIGITS:  # a token that begins with a digit is a figure (kind num)
        found.add(_FIGURE)
    if text == ARTICLE:
        found.add(_ARTICLE_APART)
    if text in _THIS or (len(text) > 1 and text[0] in "وف" and text[1:] in _THIS):
        found.add(_THIS_WORD)
    return tuple(parse for parse, begins in _BEGINS_WITH if not found.isdisjoint(begins))


def find_dates(tokens: Sequence[Token], published: datetime.date | None,
               earliest: bool = False) -> list[DateMention]:
    """All date expressions in a sentence's (normalized) tokens, resolved against publication
    (``earliest``: ``published`` is only the earliest day the text can have been written,
    a date it tells rather than its page's)."""
    # a word that is not Arabic finds no key: no need to look at the kind
    keys = list(map(_lookup, map(_TEXT, tokens)))
    if not any(keys) and "num" not in map(_KIND, tokens):
        return []
    p = _Parser(tokens, keys, published, earliest)
    out: list[DateMention] = []
    last_end = 0
    i = 0
    # an expression begins at a key, a figure or the article written apart (الـ24 ساعة)
    starts = [k for k, t in enumerate(tokens) if keys[k] or t.kind == "num" or t.text == ARTICLE]
    for start in starts:
        if start < i:
            continue  # inside the expression found last
        i = start
        best: _Found | None = None
        for parse in _parsers_at(tokens[start].text):
            try:
                f = parse(p, i)
            except (ValueError, OverflowError):  # 31 شباط, a Hijri year out of range
                f = None
            if f is not None and f.end > i and (best is None or f.end > best.end):
                best = f
        if best is None:
            continue
        out.append(DateMention(max(best.start, last_end), best.end, best.date, best.window,
                               best.precision, best.relative, best.rule))
        last_end = i = best.end
    return out
