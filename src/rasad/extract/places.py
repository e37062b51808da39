"""Place mentions in a sentence: "place-type word + name", known names, region qualifiers.

A mention keeps the name exactly as the text spells it (normalized for lookup), what the
text says about it (kind, "near"/"outskirts", the governorate or district named beside
it) and, when a gazetteer knows it, the entry. Unknown villages are still mentions.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from rasad.extract.document import SentenceView, TokMatch
from rasad.geo.resolve import CITY_KINDS
from rasad.lexicon.loader import Lexicon
from rasad.lexicon.model import PlaceType
from rasad.text.tokens import Token, analyses

# A name right after a place-type word is in construct state: it never carries a
# preposition (سوق للخضار is "a market for vegetables", not a place named خضار).
_PREPOSITION_PREFIXES = ("لل", "بال", "كال", "فال")
_LIST_SEPARATORS = frozenset({",", "و"})
_BELONGING = frozenset({"التابعه", "التابع", "الواقعه", "الواقع", "التابعتين", "بمنطقه"})
BELONGING_REACH = 4  # tokens from a place to the unit a belonging word says holds it
_QUARTER_KINDS = frozenset({"neighbourhood", "camp", "other"})  # parts of a city
# how many words may stand between a reporter and "في" + the place of their base
# ("مراسل وكالة ستيب الإخبارية في إدلب")
REPORTER_WINDOW = 5
BRACKET_REACH = 5  # how far after a bracketed name its bracket may close
_ANAPHOR_KINDS = frozenset({"village", "town", "city", "neighbourhood", "camp"})
_SITE_KINDS = frozenset({"camp", "airport", "crossing", "other"})
_SETTLEMENT_KINDS = frozenset({"village", *CITY_KINDS})
# what a building may stand in: "مدرسة التابعين في حي الدرج" is one place
_QUARTERS_AND_VILLAGES = frozenset({"neighbourhood", "camp", "village"})


def _is_building(
    p: PlaceMention, by_start: dict[int, list[TokMatch]], lexicon: Lexicon,
) -> bool:
    """Whether a place is a building named with its type word (مدرسة التابعين): the type
    word's own entry says so, whatever proclitics it carries (بالمدرسة، وللمدرسة)."""
    return p.type_i is not None and any(
        t.category == "place_type" and lexicon.place_types[t.entry_id].building
        for t in by_start.get(p.type_i, ()))


_PRONOUN_ENDINGS = ("ها", "هم", "هما", "ته", "تهم", "كم", "هن")


@dataclass(slots=True)
class PlaceMention:
    """A place named in a sentence (token indexes ``[i, j)`` of the name)."""

    i: int
    j: int
    name: str  # normalized name as written (with the type word when it belongs to it)
    kind: str | None  # from the place-type word (village, town, city …) when one announced it
    precision: int  # 1 the place itself, 2 near/area, 3 region
    region: bool  # a qualifier (ريف إدلب، جنوب حماة), not the incident place itself
    rule: str
    type_i: int | None = None  # token index of the place-type word
    near: bool = False
    holder: PlaceMention | None = None  # the unit or city named right after it that holds it
    lead: int = 0  # characters of proclitics to drop from the written form (وحاس، بمطار)
    core: str | None = None  # the name without its type word (معيتيقه for مطار معيتيقه)
    holds_building: bool = False  # names where the building before it stands


def find_places(view: SentenceView, lexicon: Lexicon) -> list[PlaceMention]:
    """All place mentions of a sentence, left to right."""
    type_words, capitals = view.of("place_type"), view.of("capital")
    if not type_words and not capitals and not view.of("place"):
        return []  # every mention starts from a place-type word, a known name or a capital
    by_start: dict[int, list[TokMatch]] = {}
    for t in view.matches:
        by_start.setdefault(t.i, []).append(t)
    # of two readings of one span, the whole word is the name: لبنان, not ل + بنان
    names = sorted(view.of("place"), key=lambda t: (t.i, -t.j, len(t.m.prefix)))
    taken: set[int] = set()
    out: list[PlaceMention] = []

    typed: dict[tuple[int, int], TokMatch] = {}
    for t in type_words:
        if t.m.form != "noun":
            continue
        if not t.m.definite:
            # "قريتها" (its village), "القرية" (the village) point back; they name nothing
            # new. قرية is also قرى + a pronoun: the reading without a pronoun wins; بلدتي
            # is both "my town" and the dual "the two towns": then the list reading wins
            prev = typed.get((t.i, t.j))
            if prev is None or _type_rank(t, lexicon) < _type_rank(prev, lexicon):
                typed[(t.i, t.j)] = t
        elif t.j - t.i == 1:
            # "على المدينة", "في البلدة": the place told just before (resolved by the caller)
            pt = lexicon.place_types[t.entry_id]
            if pt.kind in _ANAPHOR_KINDS and not any(
                    x.category == "place" for x in by_start.get(t.j, [])):
                out.append(PlaceMention(t.i, t.j, "", pt.kind, pt.precision, False,
                                        f"place.anaphor:{pt.id}", type_i=t.i))
                taken.add(t.i)
    for t in typed.values():
        if t.i in taken:
            continue
        pt = lexicon.place_types[t.entry_id]
        mentions = _names_after(view, t.j, by_start, lexicon, plural=pt.plural, weak=pt.weak)
        for i, j, rule in mentions:
            if any(k in taken for k in range(i, j)):
                continue
            name = view.words(i, j)
            lead = 0
            known = [x for x in by_start.get(i, []) if x.category == "place" and x.j == j]
            if known:  # "ومخيم جنين": the gazetteer's reading without its clitics
                name, lead = known[0].m.base, len(known[0].m.prefix)
            elif rule == "typed_list" and name != _strip_conj(name):
                name, lead = _strip_conj(name), 1
            out.append(_typed_mention(t, pt, i, j, name, lead, f"place.{rule}:{pt.id}",
                                      keep=pt.keep and rule == "typed"))
            taken.update(range(t.i, j))

    for t in names:
        if any(k in taken for k in range(t.i, t.j)):
            continue
        capital = _after_capital(view, t.i, lexicon.words["capital_words"])
        if not (capital or _typed_name(t, lexicon)
                or _locative_context(view, t.i, by_start, out)):
            continue
        # after "العاصمة" the name is the city, not the governorate of the same name
        kind = "city" if capital else None
        out.append(PlaceMention(t.i, t.j, t.m.base, kind, 1, False, "place.known",
                                lead=len(t.m.prefix)))
        taken.update(range(t.i, t.j))

    for t in capitals:
        # "وسط العاصمة الصومالية": the capital the text leaves unnamed (capitals.yaml);
        # when its name follows, the name was read above
        if any(k in taken for k in range(t.i, t.j)) or any(
                x.category == "place" for x in by_start.get(t.j, [])):
            continue
        # (the written form keeps the article: "العاصمة الصومالية", not "عاصمة …")
        lead = len(t.m.prefix) - 2 if t.m.prefix.endswith("ال") else 0
        out.append(PlaceMention(t.i, t.j, t.entry_id, "city", 1, False, "place.capital",
                                lead=lead, core=t.entry_id))
        taken.update(range(t.i, t.j))

    out.sort(key=lambda p: p.i)
    out.extend(_list_items(view, out, by_start, lexicon, taken))
    out.sort(key=lambda p: p.i)
    _mark_context(view, out, by_start, lexicon)
    return [p for p in out if not _reporter_base(view, p, lexicon.words["reporter_words"])
            and not _placed_by_units(view, p, out)]


def _typed_mention(
    t: TokMatch, pt: PlaceType, i: int, j: int, name: str, lead: int, rule: str, *,
    keep: bool,
) -> PlaceMention:
    """The name ``[i, j)`` the type word ``t`` announces. A type word that belongs to the
    name (``keep``: مخيم جنين، طريق الشوك) starts it, its proclitics left out."""
    if keep:
        return PlaceMention(t.i, j, t.m.base + " " + name, pt.kind, pt.precision, pt.region,
                            rule, type_i=t.i, lead=len(t.m.prefix), core=name)
    return PlaceMention(i, j, name, pt.kind, pt.precision, pt.region, rule, type_i=t.i,
                        lead=lead, core=name)


def _reporter_base(view: SentenceView, p: PlaceMention, reporters: frozenset[str]) -> bool:
    """"قال مراسل الوكالة في إدلب": where a reporter is based tells nothing of where the
    incident was."""
    start = p.type_i if p.type_i is not None else p.i
    if start == 0 or view.tokens[start - 1].text != "في":
        return False
    words = 0
    for k in range(start - 2, -1, -1):
        text = view.tokens[k].text
        if view.tokens[k].kind == "punct":
            if text != '"':  # (quotes are normalized to ")
                return False
            continue
        if text.removeprefix("و") in reporters:
            return True
        words += 1
        if words > REPORTER_WINDOW:
            return False
    return False


def _placed_by_units(view: SentenceView, p: PlaceMention, places: list[PlaceMention]) -> bool:
    """"القرى الثماني التابعة لناحيتي زمار وربيعة": an anaphor the places named after it
    say where it is points back to nothing; those places are where it was."""
    if p.name:
        return False
    for b in places:
        start = b.type_i if b.type_i is not None else b.i
        if b.name and p.j <= start <= p.j + BELONGING_REACH:
            return any(view.tokens[k].text in _BELONGING for k in range(p.j, start + 1))
    return False


def _typed_name(t: TokMatch, lexicon: Lexicon) -> bool:
    """A known name that begins with the type word of a site ("تلال الكبينة", "مخيم
    جنين", "مطار المزة"): the word announces a place wherever the name stands, as it
    does before an unknown name. Settlement words stay with the context rules: in "تل
    أبيب استهدفت" the city stands for its state."""
    words = t.m.base.split()
    return len(words) > 1 and lexicon.type_word_kinds.get(words[0]) in _SITE_KINDS


def _type_rank(t: TokMatch, lexicon: Lexicon) -> tuple[bool, bool]:
    return t.m.form != "noun", not lexicon.place_types[t.entry_id].plural


def _list_items(
    view: SentenceView, found: list[PlaceMention], by_start: dict[int, list[TokMatch]],
    lexicon: Lexicon, taken: set[int],
) -> list[PlaceMention]:
    """Names that continue a list after a place ("معرة النعمان، والهلبة، ومعرتحرمة")."""
    tokens = view.tokens
    extra: list[PlaceMention] = []
    for head in [p for p in found if not p.region and p.name]:
        k = head.j
        # an unknown word joined by و continues a list only in a real enumeration (a
        # comma seen) or after a known name: "حارة الدمج ومنع قوات…" is a new clause;
        # so it is after a name a direction makes a region ("شمال سوريا وأودى بأرواح")
        enumerating = head.rule == "place.known" and not any(
            t.entry_id.startswith("cue.dir.") for t in by_start.get(head.i - 1, ()))
        while k < len(tokens):
            start = k
            while k < len(tokens) and tokens[k].text in ('"', ","):
                k += 1
            if k >= len(tokens) or k in taken:
                break
            conj = tokens[k].text.startswith("و") and len(tokens[k].text) >= 3
            if tokens[k].text == "و":
                k, conj = k + 1, True
            if not conj and not any(tokens[x].text == "," for x in range(start, k)):
                break
            # after a bare comma only a known or quoted name continues the list
            quoted = any(tokens[x].text == '"' for x in range(start, k))
            enumerating = enumerating or any(tokens[x].text == "," for x in range(start, k))
            # "عين زارة، وصلاح الدين، وطريق الشوك": an item may bring its own type word
            typed = next((t for t in by_start.get(k, []) if t.category == "place_type"
                          and t.m.form == "noun" and not t.m.definite), None)
            if typed is not None:
                span = _one_name(view, typed.j, by_start, lexicon, known_only=not conj)
            else:
                span = _one_name(view, k, by_start, lexicon,
                                 known_only=not ((conj and enumerating) or quoted))
            if span is None or any(x in taken for x in range(*span)):
                break
            i, j = span
            if typed is None and j < len(tokens) and tokens[j].kind == "num" and not any(
                    x.category == "place" and x.j == j for x in by_start.get(i, ())):
                break  # "في درعا البلد، وإقامة 9 نقاط": an unknown word counting things
            name = view.words(i, j)
            lead = 0
            if typed is not None:
                pt = lexicon.place_types[typed.entry_id]
                extra.append(_typed_mention(typed, pt, i, j, name, 0, f"place.list:{pt.id}",
                                            keep=pt.keep))
                taken.update(range(typed.i, j))
                k = j
                continue
            if tokens[i].text.startswith("و") and name != _strip_conj(name):
                name, lead = _strip_conj(name), 1
            extra.append(PlaceMention(i, j, name, head.kind, head.precision, False,
                                      "place.list", type_i=head.type_i, lead=lead, core=name))
            taken.update(range(i, j))
            k = j
    return extra


def _names_after(
    view: SentenceView, k: int, by_start: dict[int, list[TokMatch]], lexicon: Lexicon, *,
    plural: bool, weak: bool,
) -> list[tuple[int, int, str]]:
    """Names following a place-type word at token ``k`` (several for a plural type)."""
    tokens = view.tokens
    out: list[tuple[int, int, str]] = []
    quoted = bracket = False
    while k < len(tokens) and tokens[k].text in ('"', "#", "("):  # «X», #X, (X)
        quoted = quoted or tokens[k].text != "#"
        bracket = bracket or tokens[k].text == "("
        k += 1
    if k < len(tokens) and tokens[k].text.startswith("و") and not any(
        t.category == "place" for t in by_start.get(k, [])
    ):
        return out  # "سجن وقام": a word joined by و starts a new clause, not the name
    if weak and plural and not quoted and _enumeration_follows(view, k, by_start, lexicon):
        weak = False  # "في مناطق عين زارة، وصلاح الدين": a list of names, not prose
    while k < len(tokens):
        span = _one_name(view, k, by_start, lexicon, known_only=weak and not quoted)
        if span is None:
            break
        i, j = span
        out.append((i, j, "typed" if not out else "typed_list"))
        if not plural:
            break
        k = j
        while k < len(tokens) and tokens[k].text in ('"', ",", ")", "("):
            k += 1
        if k >= len(tokens):
            break
        nxt = tokens[k].text
        if nxt == "و" and k + 1 < len(tokens):
            k += 1
        elif nxt.startswith("و") and len(nxt) >= 3:
            pass  # a و-prefixed name: _one_name strips it through the lexicon or the text
        else:
            break
        while k < len(tokens) and tokens[k].text in ('"', "("):
            k += 1
    if bracket and out and not _bracket_closes(tokens, out[-1][1]):
        return []  # "طريق (إدلب - المسطومة)": a road between places, not one named
    return out


def _bracket_closes(tokens: list[Token], k: int) -> bool:
    """Whether the bracket a name opened closes soon after ``k`` with only more names
    between ("لناحيتي ( زمار وربيعة )"), not a dash to another place."""
    for t in tokens[k:k + BRACKET_REACH]:
        if t.text == ")":
            return True
        if t.kind == "punct" and t.text != ",":
            return False
    return False


def _enumeration_follows(
    view: SentenceView, k: int, by_start: dict[int, list[TokMatch]], lexicon: Lexicon
) -> bool:
    """Whether a name at ``k`` is followed by a comma or و and another name."""
    span = _one_name(view, k, by_start, lexicon, known_only=False)
    if span is None or span[1] >= len(view.tokens):
        return False
    nxt = view.tokens[span[1]].text
    return nxt == "," or (nxt.startswith("و") and len(nxt) >= 3)


def _one_name(
    view: SentenceView, k: int, by_start: dict[int, list[TokMatch]], lexicon: Lexicon, *,
    known_only: bool,
) -> tuple[int, int] | None:
    tokens = view.tokens
    stops, heads = lexicon.words["name_stops"], lexicon.words["construct_heads"]
    if k >= len(tokens) or tokens[k].kind != "word":
        return None
    known = [t for t in by_start.get(k, []) if t.category == "place"]
    if known:
        return k, max(t.j for t in known)
    if known_only or any(
        t.category in ("actor", "trigger", "place_type", "cue", "demonym")
        for t in by_start.get(k, [])
    ):
        return None
    word = _strip_conj(tokens[k].text)
    if word in stops or len(word) < 2 or word.startswith(_PREPOSITION_PREFIXES):
        return None
    if word.endswith(_PRONOUN_ENDINGS) and len(word) > 4:
        return None  # محيطها، جثثهم، كبدته: a noun or verb with a pronoun is not a name
    if word.endswith("وا") and len(word) > 4:
        return None  # وأضافوا، تظاهروا: a verb in the plural is not a name
    j = k + 1
    if j < len(tokens) and tokens[j].kind == "word":
        nxt = tokens[j].text
        head = word in heads or (
            nxt.startswith("ال") and nxt not in stops and not word.startswith("ال")
        )
        if head and nxt not in stops and not _is_matched(by_start, j):
            j += 1
    return k, j


def _is_matched(by_start: dict[int, list[TokMatch]], k: int) -> bool:
    return any(
        t.category in ("actor", "trigger", "place_type", "cue") for t in by_start.get(k, [])
    )


def _strip_conj(word: str) -> str:
    return word[1:] if word.startswith("و") and len(word) >= 3 else word


def _locative_context(
    view: SentenceView, i: int, by_start: dict[int, list[TokMatch]], found: list[PlaceMention]
) -> bool:
    """A known name counts as a place after a preposition, a direction, or in a place list."""
    tok = view.tokens[i].text
    if tok[:1] in ("ب", "ل") and len(tok) > 3:
        return True
    # the preposition or direction word stands right before the name
    for t in by_start.get(i - 1, []) if i > 0 else ():
        if t.category == "cue" and t.entry_id.startswith(("cue.prep.", "cue.dir.")):
            return True
    if i > 1 and view.tokens[i - 1].text == '"':
        for t in by_start.get(i - 2, []):
            if t.category == "cue" and t.entry_id.startswith("cue.prep."):
                return True
    if i > 0 and view.tokens[i - 1].text in _LIST_SEPARATORS | {'"'}:
        return any(p.j >= i - 2 for p in found)
    return tok.startswith("و") and any(p.j >= i - 1 for p in found)


def _after_capital(view: SentenceView, i: int, capital_words: frozenset[str]) -> bool:
    """"العاصمة مقديشو", "في العاصمة السورية دمشق": the capital city named in apposition."""
    k = i - 1
    if k > 0 and _is_nisba(view.tokens[k].text):
        k -= 1  # the nationality adjective of the capital: الصومالية، السورية
    return k >= 0 and not _is_nisba(view.tokens[i].text) and any(
        a.has_article and not a.suffix and a.stem in capital_words
        for a in analyses(view.tokens[k].text))


def _is_nisba(word: str) -> bool:
    """A definite relative adjective (السورية، الصومالي; normalized): it qualifies, it
    names no place."""
    return word.startswith("ال") and word.endswith(("يه", "ي")) and len(word) > 4


def _mark_context(
    view: SentenceView, places: list[PlaceMention], by_start: dict[int, list[TokMatch]],
    lexicon: Lexicon,
) -> None:
    """Set near/outskirts flags, region qualifiers and the admin unit named beside each."""
    for p in places:
        for k in range(max(0, (p.type_i if p.type_i is not None else p.i) - 2),
                       p.type_i if p.type_i is not None else p.i):
            for t in by_start.get(k, []):
                if t.entry_id == "cue.prep.near":
                    p.near = True
        # "جنوب إدلب", "شرقي حماة": a direction right before a name makes it a region
        if p.type_i is None and p.i > 0:
            prev = [t for t in by_start.get(p.i - 1, []) if t.entry_id.startswith("cue.dir.")
                    # "وسط العاصمة": the centre of a city is in the city
                    and not (p.kind == "city" and t.entry_id == "cue.dir.center")]
            if prev:
                p.region = True
                p.precision = 3
    # An admin unit named after a place qualifies it: "قرية X التابعة لمنطقة Y", "X بريف Y".
    for a, b in pairwise([p for p in places if p.name]):
        if b.i - a.j <= 4 and (b.region or b.kind in ("admin1", "admin2", "admin3", "region")):
            a.holder = b
        # "قرية X التابعة لمدينة Y", "سوق ضحيان بصعدة", "قرية إبلين بجبل الزاوية":
        # Y only says where X is
        start = b.type_i if b.type_i is not None else b.i
        # (a closing bracket or quote of a name, "بلدة (ابلين) في جبل الزاوية", is no word)
        between = {view.tokens[k].text for k in range(a.j, start)} - {")", '"'}
        attached = start == a.j and view.tokens[start].text.startswith("ب") and (
            (b.rule == "place.known" and b.lead) or b.type_i is not None)
        # "حي الدرج في مدينة غزة", "مخيم X في مدينة Y": a quarter in the city it names
        # a gazetteer name may begin with its type word (مدينة غزة، حي الشجاعية), which
        # then types nothing: the word itself says
        a_kind = a.kind or lexicon.type_word_kinds.get(view.tokens[a.i].text)
        b_kind = b.kind or lexicon.type_word_kinds.get(view.tokens[start].text)
        within = (between == {"في"} and a_kind in _QUARTER_KINDS
                  # a name told with no type word ("حي الشجاعية في غزة") can only be the
                  # city that holds the quarter
                  and (b_kind in CITY_KINDS or (b_kind is None and b.rule == "place.known")))
        if within and b_kind is None:
            b.kind = "city"  # (درعا holding a quarter is the city, not its governorate)
        if (between == {"في"} and not within and _is_building(a, by_start, lexicon)
                and b.type_i is not None and b.kind in _QUARTERS_AND_VILLAGES):
            # "مدرسة التابعين في حي الدرج": a building in the quarter or village it names
            # is one place (the quarter is no qualifier: it tells the article's country
            # like any place, and no event of its own is told there)
            a.holder = a.holder or b
            b.holds_building = True
            continue
        # "بلدتي بينين وسرجة في جبل الزاوية": a mountain or plain named after villages
        # holds them
        in_area = (between == {"في"} and a.kind in _SETTLEMENT_KINDS and b.type_i is None
                   and lexicon.type_word_kinds.get(b.name.split(" ", 1)[0]) == "other")
        # "منطقة جبل الأربعين قرب مدينة أريحا": the town only says where the place is
        near_ref = between in ({"قرب"}, {"بالقرب", "من"})
        if ((b.i - a.j <= BELONGING_REACH and between & _BELONGING) or attached or within or in_area
                or near_ref):
            b.region = True
            a.holder = a.holder or b
