"""Load and validate the lexicon data files, and compile them into one automaton.

Every written form of every entry (with the clitics Arabic attaches to it) becomes a key
of a single Aho-Corasick automaton; matching an article is then one pass over its
normalized text (DESIGN principle 3).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick
import yaml

from rasad.lexicon.model import (
    ACTOR_TYPES,
    EVENT_TYPE_OF,
    TRIGGER_FAMILIES,
    Actor,
    Cue,
    Demonym,
    LexiconStats,
    PlaceType,
    Trigger,
)
from rasad.text.dates import date_words
from rasad.text.normalize import normalize_key
from rasad.text.tokens import dual_forms, enclitic_forms, proclitic_forms
from rasad.text.verbs import conjugate


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and the entry."""


# the category of a split phrase's verb: its object word is the payload's ``base``
HEAD = "head"
# the form of that verb once its object is found after it: a perfect, which tells where
# its subject stands (between the two)
SPLIT = "split"
PERFECT_FORMS = frozenset({"perfect", SPLIT})


class Payload(NamedTuple):
    """What one automaton key stands for: an entry of a category, with its clitics."""

    category: str  # actor | trigger | head | cue | place_type | demonym | place
    entry_id: str
    prefix: str
    base: str  # the form without proclitics (normalized)
    form: str = "noun"  # noun | noun+pronoun | perfect | imperfect | phrase | split


_ADMIN_KINDS = frozenset({"admin1", "admin2", "admin3", "region"})
# Keys are compiled with a space on each side and the text is matched with every
# non-word character turned into a space (same length), so the automaton only ever
# reports whole words: no hits inside longer words to filter out afterwards. (Spaces
# are left out of the pattern: replacing each by itself was most of the work.)
_NON_WORD_RE = re.compile(r"[^\w ]|_")
# a figure glued after a word ("مقتل100") is cut from it there: the word is still a
# word (a letter glued after a figure is mostly the era's mark, "2023م", and left
# alone). The pattern opens with the digit, which the regex engine skips ahead to.
_GLUED_DIGIT = re.compile(r"\d(?<=[\u0621-\u064A]\d)")


class Match(NamedTuple):
    """A lexicon entry found at ``[start, end)`` of the normalized text."""

    start: int
    end: int
    category: str
    entry_id: str
    prefix: str
    base: str
    form: str = "noun"

    @property
    def definite(self) -> bool:
        """A noun with the article (القصف، بالغارة): it refers back to a known incident."""
        return self.prefix.endswith(("ال", "لل")) or self.base.startswith("ال")


class Lexicon:
    """All lexicon entries, compiled once into one automaton (with optional place names)."""

    def __init__(self, data_dir: Path | None = None, place_names: Iterable[str] = ()) -> None:
        self.data_dir = data_dir
        self.actors: dict[str, Actor] = {}
        self.triggers: dict[str, Trigger] = {}
        self.cues: dict[str, Cue] = {}
        self.cue_groups: dict[str, frozenset[str]] = {}  # group -> the ids of its cues
        self.place_types: dict[str, PlaceType] = {}
        self.demonyms: dict[str, Demonym] = {}
        self.words: dict[str, frozenset[str]] = {}
        self.target_words: frozenset[str] = frozenset()
        # normalized place-type word -> the kind of place it announces (قريه -> village)
        self.type_word_kinds: dict[str, str] = {}
        # every written trigger noun, pronoun suffixes included (no proclitics): a verb
        # form with an object pronoun that is also one of them may be the noun, since
        # normalizing writes ة as ه (سيطره: "controlled it" or "control")
        self.trigger_nouns: set[str] = set()
        self.stats = LexiconStats()
        self._keys: dict[str, set[Payload]] = defaultdict(set)
        self._load_all()
        # the actors a name (a demonym's) stands for, and the first generic actor of each
        # type, in file order: coding asks for them for every mention
        self.actors_by_name: dict[str, tuple[Actor, ...]] = {}
        self.generic_actors: dict[str, Actor] = {}
        for a in self.actors.values():
            self.actors_by_name[a.name] = (*self.actors_by_name.get(a.name, ()), a)
            if a.generic:
                self.generic_actors.setdefault(a.type, a)
        # Words that can begin a date: extraction resolves dates only in sentences that
        # have one (or a digit), which spares most sentences the date grammar.
        for word in date_words():
            self._add_noun(word, "dateword", "dateword", article=False, enclitics=False)
        type_words = {w for w, kind in self.type_word_kinds.items() if kind in _ADMIN_KINDS}
        for name in place_names:
            key = normalize_key(name)
            # "محافظة صعدة" is an admin word + the name: the name alone is matched, and
            # the admin word in the text says what kind of place it is (but جسر الشغور,
            # تل أبيض, مخيم جنين are names as a whole)
            if key and key.split(" ", 1)[0] not in type_words:
                self._add_noun(key, "place", key, article=not key.startswith("ال"),
                               enclitics=False)
        self.automaton = self._compile()

    # -- loading -------------------------------------------------------------------------

    def _read(self, name: str) -> Any:
        try:
            if self.data_dir is not None:
                text = (self.data_dir / name).read_text(encoding="utf-8")
            else:
                text = resources.files("rasad.lexicon").joinpath("data", name).read_text(
                    encoding="utf-8"
                )
        except FileNotFoundError as e:
            raise LexiconError(f"{name}: lexicon file not found") from e
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise LexiconError(f"{name}: invalid YAML: {e}") from e

    def _load_all(self) -> None:
        self._load_actors(self._read("actors.yaml"))
        self._load_triggers(self._read("triggers.yaml"))
        self._load_cues(self._read("cues.yaml"))
        self._load_place_types(self._read("place_types.yaml"))
        self._load_demonyms(self._read("demonyms.yaml"))
        self._load_words(self._read("words.yaml"))
        self._load_capitals(self._read("capitals.yaml"))

    def _load_actors(self, data: Any) -> None:
        for e in _entries(data, "actors.yaml", ("id", "name", "type", "aliases")):
            where = f"actors.yaml: {e['id']}"
            if e["type"] not in ACTOR_TYPES:
                raise LexiconError(f"{where}: unknown type {e['type']!r}")
            dated = tuple(
                (_day(d.get("from"), where), _day(d.get("until"), where), str(d["name"]))
                for d in e.get("names_by_date") or ()
            )
            actor = Actor(
                id=e["id"], name=e["name"], type=e["type"], country=e.get("country"),
                aliases=tuple(str(a) for a in e["aliases"]), names_by_date=dated,
                generic=bool(e.get("generic", False)), only_in=tuple(e.get("only_in") or ()),
                member_nouns=tuple(e.get("member_nouns") or ()),
                strikes_from=e.get("strikes_from"),
            )
            self._put(self.actors, actor.id, actor, where)
            for alias in actor.aliases:
                self._add_noun(normalize_key(alias), "actor", actor.id, article=False,
                               enclitics=False)

    def _load_triggers(self, data: Any) -> None:
        for e in _entries(data, "triggers.yaml", ("id", "type", "family")):
            where = f"triggers.yaml: {e['id']}"
            if e["type"] not in EVENT_TYPE_OF:
                raise LexiconError(f"{where}: unknown sub_event_type {e['type']!r}")
            if e["family"] not in TRIGGER_FAMILIES:
                raise LexiconError(f"{where}: unknown family {e['family']!r}")
            if not (e.get("verbs") or e.get("nouns") or e.get("forms") or e.get("split_forms")):
                raise LexiconError(f"{where}: no verbs, nouns or forms")
            trig = Trigger(e["id"], e["type"], e["family"], e.get("needs"),
                           bool(e.get("retype")), bool(e.get("weak")),
                           bool(e.get("ambiguous")), bool(e.get("yields")),
                           bool(e.get("kills")), bool(e.get("surrender")))
            self._put(self.triggers, trig.id, trig, where)
            overrides = {normalize_key(k): v for k, v in (e.get("imperfect") or {}).items()}
            for verb in e.get("verbs") or ():
                for form, tense in conjugate(verb, overrides.get(normalize_key(verb))).items():
                    self._add_verb(form, trig.id, tense)
            for noun in e.get("nouns") or ():
                key = normalize_key(noun)
                self._add_noun(key, "trigger", trig.id, article=True, enclitics=True)
                # "الغارتان", "هجومين": two of the incident are told as one
                for dual in dual_forms(key):
                    self._add_noun(dual, "trigger", trig.id, article=True, enclitics=False)
            for form in e.get("forms") or ():
                self._add_verb(normalize_key(form), trig.id, "phrase")
            objects: dict[str, list[str]] = {}  # (one verb may take several: نفسه، نفسها)
            for form in e.get("split_forms") or ():
                verb, _, obj = normalize_key(form).partition(" ")
                if not obj or " " in obj:
                    raise LexiconError(f"{where}: split form {form!r} is not a verb and "
                                       "one object word")
                objects.setdefault(verb, []).append(obj)
            for verb, objs in objects.items():
                self._add_head(verb, objs, trig.id)

    def _load_cues(self, data: Any) -> None:
        if not isinstance(data, dict):
            raise LexiconError("cues.yaml: expected a mapping of cue groups")
        for group, entries in data.items():
            for e in _entries(entries, f"cues.yaml: {group}", ("id", "value", "forms")):
                cue = Cue(e["id"], group, str(e["value"]))
                self._put(self.cues, cue.id, cue, f"cues.yaml: {e['id']}")
                for form in e["forms"]:
                    self._add_noun(normalize_key(form), "cue", cue.id, article=False,
                                   enclitics=False)
        for group in {c.group for c in self.cues.values()}:
            self.cue_groups[group] = frozenset(
                c.id for c in self.cues.values() if c.group == group)

    def _load_place_types(self, data: Any) -> None:
        for e in _entries(data, "place_types.yaml", ("id", "kind", "precision", "forms")):
            pt = PlaceType(e["id"], e["kind"], int(e["precision"]), bool(e.get("plural")),
                           bool(e.get("region")), bool(e.get("keep")), bool(e.get("weak")),
                           bool(e.get("building")))
            self._put(self.place_types, pt.id, pt, f"place_types.yaml: {e['id']}")
            for form in map(normalize_key, e["forms"]):
                self.type_word_kinds[form] = pt.kind
                self._add_noun(form, "place_type", pt.id, article=True, enclitics=True)

    def _load_demonyms(self, data: Any) -> None:
        names = {a.name for a in self.actors.values()}
        for e in _entries(data, "demonyms.yaml", ("id", "actor", "forms")):
            where = f"demonyms.yaml: {e['id']}"
            if e["actor"] not in names:
                raise LexiconError(f"{where}: no actor named {e['actor']!r} in actors.yaml")
            dem = Demonym(e["id"], e["actor"])
            self._put(self.demonyms, dem.id, dem, where)
            for form in e["forms"]:
                self._add_noun(normalize_key(form), "demonym", dem.id, article=False,
                               enclitics=False)

    def _load_capitals(self, data: Any) -> None:
        for e in _entries(data, "capitals.yaml", ("capital", "adjectives")):
            for adjective in e["adjectives"]:
                # "العاصمة الصومالية", "بالعاصمة الصومالية": the phrase names the capital
                self._add_noun(normalize_key(f"عاصمة {adjective}"), "capital",
                               normalize_key(e["capital"]), article=True, enclitics=False)

    def _load_words(self, data: Any) -> None:
        if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
            raise LexiconError("words.yaml: expected a mapping of word lists")
        self.words = {k: frozenset(normalize_key(str(w)) for w in v) for k, v in data.items()}
        for needed in ("construct_heads", "name_stops", "force_words", "subordinators",
                       "exposure_words", "air_words", "affiliation_words", "capital_words",
                       "civilian_targets", "military_words", "owner_words", "attack_nouns",
                       "exposure_verbs", "reporter_words", "attribution_words",
                       "report_verbs", "result_verbs", "implementation_words"):
            if needed not in self.words:
                raise LexiconError(f"words.yaml: missing list {needed!r}")
        # what an attack hits, civilian or military ("مواقع تابعة للهيئة")
        self.target_words = self.words["civilian_targets"] | self.words["military_words"]

    def _put(self, table: dict[str, Any], key: str, value: Any, where: str) -> None:
        if key in table:
            raise LexiconError(f"{where}: duplicate id")
        table[key] = value
        self.stats.entries[type(value).__name__] = self.stats.entries.get(
            type(value).__name__, 0) + 1

    # -- written forms -------------------------------------------------------------------

    def _add_noun(self, form: str, category: str, entry_id: str, *, article: bool,
                  enclitics: bool) -> None:
        if not form:
            return
        head, _, tail = form.rpartition(" ")
        lasts = enclitic_forms(tail) if enclitics else [tail]
        for last in lasts:
            base = f"{head} {last}" if head else last
            if category == "trigger":
                self.trigger_nouns.add(base)
            kind = "noun" if last == tail else "noun+pronoun"
            first, sep, rest = base.partition(" ")
            for variant in proclitic_forms(first, article=article):
                prefix = variant[: len(variant) - len(first)] if variant.endswith(first) else ""
                self._keys[variant + sep + rest].add(
                    Payload(category, entry_id, prefix, base, kind))

    def _add_verb(self, form: str, entry_id: str, tense: str) -> None:
        for last_form in enclitic_forms(form) if " " not in form else [form]:
            first, sep, rest = last_form.partition(" ")
            for variant in proclitic_forms(first, article=False, verb=True):
                prefix = variant[: len(variant) - len(first)] if variant.endswith(first) else ""
                self._keys[variant + sep + rest].add(
                    Payload("trigger", entry_id, prefix, last_form, tense))

    def _add_head(self, verb: str, objects: list[str], entry_id: str) -> None:
        """The verb of a split phrase, which is a trigger only when one of its object words
        follows it with the subject or a pronoun between ("أطلق مسلحون النار", "أطلقوا
        عليه النار"); its forms are the perfect ones the lexicon lists. The object words
        are its payload's ``base``, space-separated (فجر: نفسه نفسها)."""
        base = " ".join(objects)
        for variant in proclitic_forms(verb, article=False, verb=True):
            prefix = variant[: len(variant) - len(verb)]
            self._keys[variant].add(Payload(HEAD, entry_id, prefix, base, "perfect"))

    def _compile(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for key, payloads in self._keys.items():
            # payloads are stored as plain tuples: the garbage collector stops tracking a
            # tuple of strings, never an instance of a tuple subclass, and a quarter of a
            # million tracked Payloads made every full collection slow (and unpickling
            # them calls Payload's Python-level constructor for each)
            plain = tuple(map(tuple, _dedupe(payloads)))
            trigger = any(p.category in ("trigger", HEAD) for p in payloads)
            automaton.add_word(f" {key} ", (len(key), plain, trigger))
        automaton.make_automaton()
        self.stats.keys = len(self._keys)
        self._keys = defaultdict(set)
        return automaton

    # -- matching ------------------------------------------------------------------------

    def match(self, text: str, *, need_trigger: bool = False) -> list[Match]:
        """Every entry whose written form occurs as whole words in normalized ``text``
        (``need_trigger``: none at all when no trigger word occurs, which each key's
        flag tells without building the matches)."""
        spaced = _GLUED_DIGIT.sub(" ", " " + _NON_WORD_RE.sub(" ", text) + " ")
        hits = list(self.automaton.iter(spaced))
        if need_trigger and not any(map(_HAS_TRIGGER, map(_VALUE, hits))):
            return []
        hits.reverse()
        # The key " w " ends at end_idx in `spaced`, so w ends at end_idx - 1 in `text`.
        # The automaton reports keys by where they end: read backwards, of two keys that
        # start at the same place the longer comes first, so that a stable sort by start
        # alone puts them by start, the longest first (a key's readings keep their order).
        # (A tuple concatenation builds no intermediate list, as (a, b, *p) does.)
        out = [_new_match(Match, (end_idx - 1 - length, end_idx - 1) + p)  # noqa: RUF005
               for end_idx, (length, payloads, _) in hits for p in payloads]
        out.sort(key=_START)
        return out


_new_match = tuple.__new__
_START = itemgetter(0)  # Match.start
# a hit is (end index, (length, payloads, whether one of them is a trigger))
_VALUE, _HAS_TRIGGER = itemgetter(1), itemgetter(2)


_FORM_ORDER = {"perfect": 0, "phrase": 1, "imperfect": 2, "noun": 3, "noun+pronoun": 4}


def _payload_order(p: Payload) -> tuple[str, str, int, str]:
    return (p.category, p.entry_id, _FORM_ORDER.get(p.form, 5), p.prefix)


def _dedupe(payloads: set[Payload]) -> tuple[Payload, ...]:
    """One reading per entry for a written form: the perfect before the noun (قصف)."""
    out: dict[tuple[str, str], Payload] = {}
    for p in sorted(payloads, key=_payload_order):
        out.setdefault((p.category, p.entry_id), p)
    return tuple(out.values())


def _entries(data: Any, where: str, required: tuple[str, ...]) -> list[dict[str, Any]]:
    if not isinstance(data, list):
        raise LexiconError(f"{where}: expected a list of entries")
    for i, e in enumerate(data):
        if not isinstance(e, dict):
            raise LexiconError(f"{where}: entry {i + 1} is not a mapping")
        missing = [k for k in required if not e.get(k)]
        if missing:
            raise LexiconError(f"{where}: entry {e.get('id', i + 1)} lacks {', '.join(missing)}")
    return data


def _day(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as e:
        raise LexiconError(f"{where}: bad date {value!r}") from e
