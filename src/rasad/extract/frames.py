"""Per-sentence frames: a trigger with its arguments (who, whom, where, when, how many).

A frame is what one sentence says about one incident, before ACLED coding. Arguments
are found by position and by the small words Arabic uses to mark them: the verb comes
before (VSO) or after (SVO) its subject; على يد / من قبل introduce the agent; ضد, على,
بين X و Y, مع and "عناصر من X" the other side; place-type words and prepositions the
place; outcome words (مقتل، إصابة، أسر) tell what a number counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from rasad.extract.document import SentenceView, TokMatch
from rasad.extract.places import PlaceMention
from rasad.lexicon.loader import PERFECT_FORMS, SPLIT, Lexicon
from rasad.lexicon.model import EVENT_TYPE_OF
from rasad.text.dates import ELAPSED_RULE, DateMention
from rasad.text.numbers import PERSON_CLASSES, Quantity, noun_lemma, singular_person
from rasad.text.tokens import ENCLITICS, stems

# How far (tokens) a cue may stand from the trigger it qualifies.
NEG_WINDOW = 2
NEG_ANY_WINDOW = 5  # the reach of a denial when "أي" stands before the trigger
ATTEMPT_WINDOW = 4
PLAN_WINDOW = 5
ARG_WINDOW = 12
PURPOSE_WINDOW = 8
ATTRIBUTION_WINDOW = 4  # "بحسب ما أعلنته الشرطة": the source named after the word
ELAPSED_REACH = 4  # "على عدوان إسرائيلي استهدف": how far after such a date its incident is
REPORT_DATE_WINDOW = 6  # how far a date may follow the verb whose report it dates
OUTCOME_BEFORE = 8
OUTCOME_AFTER = 2
PLURAL_VERB_AFTER = 5

_TEXT = itemgetter(0)  # Token.text
_CIVILIAN_CLASSES = frozenset({"civilian", "child", "woman", "person"})
_ARMED_CLASSES = frozenset({"fighter", "soldier"})
_OUTCOME_CLASSES = frozenset({"killed", "wounded", "captured"})  # nouns that are outcomes
# A toll of these is often a part of the whole ("مقتل عنصرين أميركيين" beside "مقتل 10
# أشخاص"): merged with a toll of people in general, it does not lower it
_PART_CLASSES = frozenset({"fighter", "soldier", "child", "woman"})
PART = "count.part:fatalities"  # the rule a frame with such a toll carries

# "سقط قتلى": dead told without a figure; the rule of such a count (any figure, even
# "dozens", replaces it)
BARE_RULE = "num.vague.bare_plural"
TOLL = "toll"  # the family of a frame that only counts the dead of an incident told elsewhere
TOLL_CUE = "cue.out.killed"  # the outcome word that makes a sentence with no trigger a toll


def bare_rule(attr: str) -> str:
    """The rule an event's ``attr`` (fatalities, wounded) carries when it counts a bare
    plural ("سقط قتلى وجرحى"): several, which any figure of another report replaces."""
    return f"count.bare:{attr}"


@dataclass(slots=True)
class ActorRef:
    """An actor mention: the lexicon entries its words may name, and where it stands."""

    ids: tuple[str, ...]
    i: int
    j: int
    rule: str


@dataclass(slots=True)
class Frame:
    """One incident as a sentence reports it, before coding."""

    sentence: int
    paragraph: int
    trigger: TokMatch
    sub_event_type: str
    family: str
    weak: bool
    retold: bool = False  # a retelling (headline, anaphoric noun): never an event alone
    subordinate: bool = False  # "بعد معارك": a circumstance of the sentence's main report
    generic: bool = False  # a generic word (قصف، استهدف) no weapon word has typed yet
    kills: bool = False  # the trigger's victims die (أعدم، اغتال): counted people are dead
    agent: ActorRef | None = None
    patient: ActorRef | None = None
    places: list[PlaceMention] = field(default_factory=list)
    date: DateMention | None = None
    # the date of a report this incident came before ("أعلن المركز الأربعاء …، بعدما
    # تركزت الاشتباكات"): not its own date, an upper bound of it
    reported_on: DateMention | None = None
    fatalities: int | None = None
    wounded: int | None = None
    captured: int | None = None
    civilian_victims: bool = False
    # the noun that names the civilian victims ("15 مدنيا"; not "6 أشخاص", which says
    # only that people died): their actor's Arabic as written
    civilian_noun: int | None = None
    armed_victims: bool = False
    victim_nouns: list[int] = field(default_factory=list)  # where counted fighters end
    # "7 قتلى في X وشخصين في Y": the dead of each listed place, by the place's span
    place_tolls: dict[tuple[int, int], int] = field(default_factory=dict)
    modality: str | None = None
    rules: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SentenceFacts:
    """Everything found in one sentence, for frames and for `rasad explain`."""

    view: SentenceView
    places: list[PlaceMention]
    dates: list[DateMention]
    quantities: list[Quantity]
    actors: list[ActorRef]
    frames: list[Frame]


def build_frames(
    view: SentenceView,
    lexicon: Lexicon,
    places: list[PlaceMention],
    dates: list[DateMention],
    quantities: list[Quantity],
) -> SentenceFacts:
    """The frames of one sentence, with every argument the sentence supplies."""
    actors = _actor_refs(view, lexicon.words["force_words"])
    triggers = view.of("trigger")
    if dates and triggers:
        # "فجر اليوم السبت", "فجر 10 أغسطس": a word the date is read from, or a time of day
        # right before a date, is the dawn, not "detonated"
        times = {(x.i, x.j) for x in view.of("dateword")}
        triggers = [t for t in triggers if not any(
            (d.start <= t.i and t.j <= d.end) or ((t.i, t.j) in times and d.start == t.j)
            for d in dates)]
    toll_cue = None if triggers or not quantities else next(
        (c for c in view.of("cue") if c.entry_id == TOLL_CUE), None)
    if not triggers and toll_cue is None:
        return _without_frames(view, places, dates, quantities, actors)
    cues = _cues_by_group(view)
    marks = _role_marks(view, actors, cues.get("role", ()), lexicon.words["owner_words"],
                        lexicon.words["attack_nouns"], lexicon.target_words)
    # Allies ("مدعومة بالميليشيات الرديفة") take no role in a frame.
    # "مدينة أريحا الخاضعة لسيطرة المعارضة": the side that holds a place is not a party
    # to what happens there
    holders = {c.j for c in cues.get("mod", ()) if c.entry_id == "cue.mod.control"}
    # "بحسب ما أعلنته الشرطة العسكرية": who tells of the incident takes no part in it
    sources = _sources(view, actors, lexicon.words["attribution_words"])
    role_actors = [a for a in actors if marks[a.i, a.j] != "cue.role.support"
                   and a.i not in holders and a.i not in sources]
    # civilians are hit, they never carry out what a trigger tells (ACLED codes them only
    # as the side acted upon)
    unarmed = {a.i for a in actors if all(
        (actor := lexicon.actors.get(i)) is not None and actor.type == "civilians"
        for i in a.ids)}
    breaks = sorted({t.i for t in cues.get("clause", ()) if t.entry_id == "cue.clause.while"}
                    | _coordinated_verbs(view))
    frames: list[Frame] = []
    clauses: dict[int, tuple[int, int]] = {}  # relative clauses after trigger nouns, by start
    named: set[int] | None = None
    for t in triggers:
        trig = lexicon.triggers[t.entry_id]
        if trig.needs and not _has_cue_group(view, lexicon, trig.needs):
            continue
        frame = Frame(
            view.sentence.index, view.paragraph, t, trig.sub_event_type, trig.family,
            trig.weak, trig.weak, rules=[trig.id], kills=trig.kills,
        )
        frame.modality = _modality(view, t, cues.get("mod", ()))
        if any(c.i <= t.i < c.j for c in cues.get("transfer", ())):
            frame.modality = "negated"  # "دون قتال": the fighting that did not happen
        if trig.family == "territory" and t.m.form == "imperfect":
            frame.modality = "ongoing"  # تسيطر عليها: control, not a change
        if t.m.form == "noun+pronoun" or (t.m.form == "noun" and t.m.definite):
            frame.weak = frame.retold = True  # القصف، سيطرته: refers back to a told incident
            frame.rules.append("trigger.anaphoric")
        if t.m.form.startswith("noun"):
            prev = view.tokens[t.i - 1].text if t.i > 0 else ""
            if prev in lexicon.words["subordinators"]:
                frame.subordinate = frame.weak = frame.retold = True
                frame.rules.append("trigger.subordinate")
            elif trig.family == "agreement" and _stem_before(
                    view, t.i, lexicon.words["implementation_words"], IMPLEMENTED_WINDOW):
                # "استكمال تنفيذ بنود اتفاق التهدئة": carried out, agreed before
                frame.weak = frame.retold = True
                frame.rules.append(IMPLEMENTED_RULE)
            elif t.m.prefix.endswith(("ل", "لل")) and not t.m.prefix.endswith("ال") and not (
                _stem_before(view, t.i, lexicon.words["exposure_words"], PURPOSE_WINDOW)
            ) and _exposed_at(view, t, breaks, lexicon) is None:
                frame.modality = frame.modality or "planned"  # لاستهداف: in order to
                frame.rules.append("trigger.purpose")
        _retype(frame, lexicon, trig.retype, cues.get("instr", ()))
        word = view.tokens[t.i].text[len(t.m.prefix):]
        _roles(frame, view, role_actors, marks, breaks, cues.get("role", ()), unarmed,
               surrender=trig.surrender, outcomes=cues.get("out", ()),
               object_pronoun=(not t.m.form.startswith("noun") and word.endswith(
                   _OBJECT_PRONOUNS) and word not in lexicon.trigger_nouns))
        clause = _relative_clause(view, t, breaks)
        if clause is not None:
            clauses[t.i] = clause
            _relative_agent(frame, view, role_actors, clause)
        if trig.surrender and frame.agent is None and t.m.form not in PERFECT_FORMS:
            # "رفضت الاستسلام", "اتفاق الاستسلام", "لا تستسلم": a surrender no one is
            # named to take is a figure of speech or a demand, unless told as done
            # ("واستسلم آخران")
            frame.modality = frame.modality or "no_recipient"
        _check_weapon(frame, view, lexicon.words["air_words"])
        target = None
        if frame.family in ("strike", "attack"):
            if named is None:  # a place's name (مخيم جنين) is where, not what was hit
                named = {k for p in places
                         for k in range(p.type_i if p.type_i is not None else p.i, p.j)}
            target = _target_kind(view, t, breaks, named, lexicon)
        if target == "civilian":
            frame.civilian_victims = True
        if target is not None:
            frame.rules.append(f"victims.{target}_target")
        frames.append(frame)
    if toll_cue is not None:
        # "ارتفع عدد القتلى إلى أكثر من 100": a toll with no incident word of its own adds
        # to the one incident the article tells
        frames.append(Frame(view.sentence.index, view.paragraph, toll_cue, "Attack", TOLL,
                            True, True, rules=["toll.sentence"]))
    specific = [f for f in frames if f.family == "strike" and not f.generic]
    if not specific:
        # "الانفجار الذي استهدف صهريجا": with no weapon named, a blast still says more
        # than a bare "استهدف"
        specific = [f for f in frames if f.family == "strike"
                    and not lexicon.triggers[f.trigger.entry_id].ambiguous]
    for f in frames:
        if f.generic and specific and all(f is not g for g in specific):
            # "الغارات ... فإن القصف استهدف": the generic word takes the named weapon's type
            donor = min(specific, key=lambda g: abs(g.trigger.i - f.trigger.i))
            f.sub_event_type, f.family = donor.sub_event_type, donor.family
            f.rules.append("type.from_sentence")
    if any(f.family == "clash" and f.modality is None for f in frames):
        for f in frames:
            if f.family == "arrest":
                # "أعضاء التنظيم الذين احتجزوا بأيدي عناصر الهيئة إثر اشتباكات": taken in
                # a fight, they are captured in a clash, not arrested
                f.family, f.sub_event_type = "capture", "Armed clash"
                f.rules.append("arrest.in_fighting")
    if frames and all(f.subordinate or f.modality == "static" for f in frames):
        # "قتل 5 مدنيين إثر انفجار": with no other report in the sentence (a state of
        # control, "الواقعة تحت سيطرة", reports nothing), the circumstance is the report
        for f in frames:
            if not f.subordinate:
                continue
            f.subordinate = False
            f.weak = f.retold = ("trigger.anaphoric" in f.rules
                                 or lexicon.triggers[f.trigger.entry_id].weak)
            f.rules.append("trigger.main")
    if _has_cue_group(view, lexicon, "transfer_to"):
        for f in frames:
            if f.family == "territory":
                f.family, f.sub_event_type = "transfer", "Non-violent transfer of territory"
                f.rules.append("transfer.no_fighting")
    # "ليصبح على مشارف بلدة X": places in a result clause with no report of their own
    # say where the actor got to, not where the incident was
    result_at = min((c.i for c in cues.get("mod", ()) if c.entry_id == "cue.mod.result"),
                    default=None)
    if result_at is not None and not any(f.trigger.i > result_at for f in frames):
        places = [p for p in places if p.i < result_at]
    _assign_places(frames, places)
    _assign_dates(frames, dates, breaks, view, lexicon.words["report_verbs"], clauses)
    for f in frames:
        if (OWN_CLAUSE_RULE in f.rules and ("trigger.anaphoric" in f.rules
                                            or IMPLEMENTED_RULE in f.rules)
                and not f.subordinate and "place.shared" not in f.rules
                and not lexicon.triggers[f.trigger.entry_id].weak):
            # "الهجمات الصاروخية التي شنتها قوات النظام صباح اليوم على مدينة أريحا": a
            # noun told with a day of its own reports its incident, it does not refer back
            f.weak = f.retold = False
    killed_by = _assign_counts(frames, view, quantities, cues, lexicon.words["result_verbs"])
    _assign_place_tolls(frames, view, quantities, killed_by, cues.get("out", ()))
    for f in frames:
        _finish_roles(f, actors, view, lexicon.words["affiliation_words"])
    # "بمقتل عنصرين من قوات التحالف ... الذي استهدفه التفجير": the side counted among the
    # dead was hit, so it carried out none of the sentence's strikes
    hit = {f.patient.ids for f in frames
           if f.patient is not None and any(r in _VICTIM_RULES for r in f.rules)}
    for f in frames:
        if f.family in ("strike", "attack") and f.agent is not None and f.agent.ids in hit:
            f.agent = None
            f.rules.append("role.agent.was_hit")
    _losers_from_withdrawals(frames, lexicon)
    return SentenceFacts(view, places, dates, quantities, actors, frames)


def context_facts(
    view: SentenceView, lexicon: Lexicon, places: list[PlaceMention], dates: list[DateMention],
) -> SentenceFacts:
    """The facts of a sentence with no trigger and no outcome word, which only other
    sentences read (its places, dates and actors): :func:`build_frames` with no frame to
    build, its numbers left out."""
    return _without_frames(view, places, dates, [],
                           _actor_refs(view, lexicon.words["force_words"]))


def _without_frames(
    view: SentenceView, places: list[PlaceMention], dates: list[DateMention],
    quantities: list[Quantity], actors: list[ActorRef],
) -> SentenceFacts:
    """The facts of a sentence that reports nothing: only a result clause changes what
    it tells (the places in it are where an actor got to, not where anything happened)."""
    result_at = min((c.i for c in view.of("cue") if c.entry_id == "cue.mod.result"),
                    default=None)
    if result_at is not None:
        places = [p for p in places if p.i < result_at]
    return SentenceFacts(view, places, dates, quantities, actors, [])


def _cues_by_group(view: SentenceView) -> dict[str, list[TokMatch]]:
    """The sentence's matches whose id is ``cue.<group>.<name>``, by group, in order (read
    once per sentence rather than once per trigger and per argument)."""
    out: dict[str, list[TokMatch]] = {}
    for t in view.of("cue"):
        group = _cue_group(t.entry_id)
        if group:
            out.setdefault(group, []).append(t)
    return out


@lru_cache(maxsize=1024)
def _cue_group(entry_id: str) -> str | None:
    """``mod`` for ``cue.mod.static`` (a few hundred cue ids: parsed once each)."""
    parts = entry_id.split(".", 2)
    return parts[1] if len(parts) == 3 and parts[0] == "cue" else None


def _coordinated_verbs(view: SentenceView) -> set[int]:
    """Where "، وقصفت ..." opens a clause of its own: a verb trigger with و/ف after a comma."""
    return {t.i for t in view.of("trigger")
            if t.m.form in PERFECT_FORMS and t.m.prefix[:1] in ("و", "ف")
            and t.i > 0 and view.tokens[t.i - 1].kind == "punct"}


def _has_cue_group(view: SentenceView, lexicon: Lexicon, group: str) -> bool:
    ids = lexicon.cue_groups.get(group, frozenset())
    return any(t.entry_id in ids for t in view.of("cue"))


def _actor_refs(view: SentenceView, force_words: frozenset[str]) -> list[ActorRef]:
    """Actor names, and nationality words that qualify a force or weapon."""
    spans: dict[tuple[int, int], list[str]] = {}
    for t in view.of("actor"):
        spans.setdefault((t.i, t.j), []).append(t.entry_id)
    # "قوات الجيش التركي": of two names that cross, the later one carries the modifier
    # (Arabic qualifies after the head), so it names the actor
    crossed = {(i, j) for (i, j) in spans for (k, m) in spans
               if i < k < j < m} if len(spans) > 1 else set()
    out = [ActorRef(tuple(ids), i, j, "actor.name") for (i, j), ids in spans.items()
           if (i, j) not in crossed]
    for t in view.of("demonym"):
        if any(a.i <= t.i < a.j for a in out):
            continue
        is_country = " " in t.m.base or not t.m.base.endswith(("ي", "يه", "يين", "ين"))
        if is_country or not force_words.isdisjoint(
                s for k in range(max(0, t.i - 3), t.i) for s in stems(view.tokens[k].text)):
            out.append(ActorRef((t.entry_id,), t.i, t.j, "actor.demonym"))
    out.sort(key=lambda a: a.i)
    return out


_MODALITY_ORDER = ("negated", "static", "announced", "reference", "planned", "reinforcement",
                   "link", "habitual", "attempted", "background")


def _modality(view: SentenceView, t: TokMatch, mods: Iterable[TokMatch]) -> str | None:
    """Why this trigger does not report a real, past incident, if it does not (``mods``:
    the sentence's cue.mod.* matches).

    Several cues may apply; the strongest reason wins (a denial over a background).
    """
    if t.m.prefix.endswith("س") and t.m.base[:1] in "يتنا":
        return "planned"
    found: set[str] = set()
    for c in mods:
        kind = c.entry_id.removeprefix("cue.mod.")
        before = t.i - c.j
        if kind in ("static", "control", "announcement"):
            # "مناطق سيطرة", "أطلقت معركة باسم": the phrase holds the trigger word
            if c.i <= t.i < c.j:
                found.add("announced" if kind == "announcement" else "static")
        elif kind in ("opening", "boilerplate"):
            if c.i == 0 or (c.i == 1 and view.tokens[0].kind == "punct"):
                found.add("background" if kind == "opening" else "link")
        elif kind == "denial":
            short = c.m.base in ("لم", "لن", "عدم")
            # "لم تشهد المدينة أي اشتباكات": "any" carries the denial further
            reach = NEG_ANY_WINDOW if t.i > 0 and view.tokens[t.i - 1].text == "اي" else (
                NEG_WINDOW)
            if (short and 0 <= before <= reach) or (not short and c.j <= t.i):
                found.add("negated")
        elif kind == "refusal" and 0 <= before <= NEG_WINDOW:
            found.add("negated")
        elif kind == "attempt" and 0 <= before <= ATTEMPT_WINDOW:
            found.add("attempted")
        elif kind == "future" and 0 <= before <= PLAN_WINDOW:
            found.add("planned")
        elif kind == "background":
            found.add("background")
        elif kind == "reference" and before >= 0 and all(
                any(x.i <= k < x.j for x in view.of("trigger")) for k in range(c.j, t.i)):
            # "التحقيق في انفجار سيارة مفخخة": the case names the whole incident phrase
            found.add("reference")
        elif kind in ("reinforcement", "habitual") and abs(c.i - t.i) <= ARG_WINDOW:
            found.add(kind)
    return next((k for k in _MODALITY_ORDER if k in found), None)


_INSTRUMENT_ORDER = (
    "cue.instr.suicide", "cue.instr.chemical", "cue.instr.air", "cue.instr.ied",
    "cue.instr.artillery", "cue.instr.grenade",
)


def _retype(
    frame: Frame, lexicon: Lexicon, generic: bool, instruments: Iterable[TokMatch]
) -> None:
    """Generic words (قصف، استهدف، هجوم) take their sub-type from the weapon named near
    (``instruments``: the sentence's cue.instr.* matches)."""
    if not generic:
        return
    frame.generic = True
    t = frame.trigger
    near = [
        (max(c.i - t.j + 1, t.i - c.j + 1, 0), _INSTRUMENT_ORDER.index(c.entry_id), c.entry_id)
        for c in instruments
        if c.entry_id in _INSTRUMENT_ORDER
        and abs(c.i - t.i) <= ARG_WINDOW
    ]
    if not near:
        return
    # the weapon named nearest the word wins ("قصف مدفعي" next to "الطائرات"); at equal
    # distance the more specific weapon does
    cue_id = min(near)[2]
    frame.sub_event_type = lexicon.cues[cue_id].value
    frame.family = "strike"
    frame.generic = False
    frame.rules.append(cue_id)


def _role_marks(
    view: SentenceView, actors: list[ActorRef], role_cues: Iterable[TokMatch],
    owners: frozenset[str], attack_nouns: frozenset[str], targets: frozenset[str],
) -> dict[tuple[int, int], str | None]:
    """The role cue (على يد، ضد، عناصر، مدعومة ب …) standing just before each actor, within
    its clause, keyed by the actor's span (``role_cues``: the sentence's cue.role.*). An
    owner word with ل, on the name or apart ("طائرات تابعة للنظام", "تابعة لـ النظام";
    ``owners``), marks an agent, unless what it owns is a thing hit (``targets``: مواقع،
    منازل), whose owner is the patient, as is the side named with ل right after such a
    thing ("حاجزا لقوات …"). A nationality adjective after an attack noun ("عدوان
    إسرائيلي"; ``attack_nouns``) names the attacker: a cue before the noun governs the
    attack, not its author."""
    markers: dict[int, str] = {}
    # the longer cue holds its words: مع in "جنبا إلى جنب مع" is no "with"
    for c in sorted(role_cues, key=lambda c: c.j - c.i):
        for k in range(c.i, c.j):
            markers[k] = c.entry_id
    tokens = view.tokens
    out: dict[tuple[int, int], str | None] = {}
    for a in actors:
        before = a.i - 1
        while before >= 0 and tokens[before].text in _QUOTE_TOKENS:  # لـ "النظام"
            before -= 1
        k = before
        if k > 0 and tokens[k].text == "ل":
            k -= 1
        elif not tokens[a.i].text.startswith("ل"):
            k = -1
        if k >= 0 and tokens[k].text in owners:
            # "طائرات تابعة للنظام" did it; "قصفت مواقع تابعة للهيئة" hit what the side owns
            owned = tokens[k - 1].text if k > 0 else ""
            hit = owned in targets or (owned[:1] == "ل" and owned[1:] in targets)
            # "اعتقال خلية تابعة لتنظيم داعش": the men of a side a trigger noun governs
            # are that side, as after عناصر من ("استهدفت خلايا تابعة لـ …" did it)
            members = k > 1 and markers.get(k - 1) == "cue.role.members" and any(
                t.j == k - 1 and t.m.form.startswith("noun") for t in view.of("trigger"))
            out[a.i, a.j] = ("cue.role.against" if hit else
                             "cue.role.members" if members else "cue.role.by")
            continue
        if k >= 0 and tokens[k].text in targets:  # "حاجزا لقوات سوريا الديمقراطية"
            out[a.i, a.j] = "cue.role.against"
            continue
        if a.rule == "actor.demonym" and a.i > 0 and tokens[a.i - 1].text in attack_nouns:
            out[a.i, a.j] = None
            continue
        found = None
        for k in range(before, max(-1, before - 3), -1):
            if k in markers:
                found = markers[k]
                break
            if tokens[k].kind == "punct":
                break
        out[a.i, a.j] = found
    return out


def _roles(
    frame: Frame, view: SentenceView, actors: list[ActorRef],
    marks: dict[tuple[int, int], str | None], breaks: list[int], role_cues: Iterable[TokMatch],
    unarmed: set[int], *, surrender: bool = False, outcomes: Iterable[TokMatch] = (),
    object_pronoun: bool = False,
) -> None:
    """Agent and patient of a frame from word order and argument markers (``role_cues``:
    the sentence's cue.role.* matches; ``unarmed``: where civilians are named, who are
    never a subject's agent; ``surrender``: the subject gives itself up to the agent;
    ``outcomes``: the sentence's cue.out.* matches; ``object_pronoun``: the trigger is a
    verb whose object is a pronoun suffix)."""
    t = frame.trigger
    lo = max((b for b in breaks if b <= t.i), default=0)
    hi = min((b for b in breaks if b > t.j), default=len(view.tokens))

    def marker_before(a: ActorRef) -> str | None:
        return marks[a.i, a.j]

    # "دخلت قوات النظام": a fixed form may end inside the actor's name
    after = [a for a in actors
             if t.i < a.i < hi and a.j > t.j and a.i - t.j <= ARG_WINDOW]
    before = [a for a in actors if a.j <= t.i and a.i >= lo]
    dead = _dead_span(view, t, outcomes, actors, lo)
    victims = [a for a in before if dead[0] <= a.i and a.j <= dead[1]] if dead else []
    if victims:
        # "قادة في الهيئة قتلوا في قصف مدفعي", "قتل المتحدث باسم الهيئة خلال ضربة": who
        # died in the attack did not carry it out
        before = [a for a in before if a not in victims]
    agent = patient = None
    if t.m.form == SPLIT:
        # "فتح عناصر من الشرطة النار على سيارته": who stands between the verb and its
        # object is the subject; only what follows the object can be acted upon
        objects = t.m.base.split()
        k = next(k for k in range(t.j, len(view.tokens)) if view.tokens[k].text in objects)
        subject = next((a for a in after if a.j <= k and a.i not in unarmed), None)
        if subject is not None:
            agent = subject
            frame.rules.append("role.agent.split_subject")
            after = [a for a in after if a.i > k]
    between: list[ActorRef] = []
    for c in role_cues:
        if c.entry_id == "cue.role.between" and lo <= c.i < hi:
            # بين X و Y: the first two distinct actors after بين are the two sides
            for a in actors:
                if c.j <= a.i <= c.j + 8 and all(a.ids != b.ids for b in between):
                    between.append(a)
            break
    for a in after:
        m = marker_before(a)
        if m == "cue.role.by":
            agent = a
            frame.rules.append("role.agent.by")
        elif m in ("cue.role.against", "cue.role.members", "cue.role.with") and patient is None:
            patient = a
            frame.rules.append("role.patient." + m.rsplit(".", 1)[1])
    if agent is None and patient is not None and not t.m.form.startswith("noun") and (
            marker_before(patient) == "cue.role.members"):
        # "أسرت مجموعة من الثوار أحد عناصر جيش النظام": of two groups of men after the
        # verb, the first is its subject, the second its object
        second = next((a for a in after if a.i > patient.j and a.ids != patient.ids
                       and marker_before(a) == "cue.role.members"), None)
        if second is not None:
            agent, patient = patient, second
            frame.rules.append("role.agent.vso_members")
    if agent is None and t.m.form.startswith("noun"):
        # a noun's agent follows it as genitive or adjective: غارات روسية، قصف قوات النظام;
        # not across a comma ("دمرت الكتائب، بصاروخ حراري، دبابة لجيش النظام": the
        # ل-phrase belongs to the tank)
        near = [a for a in after if a.i - t.j <= 2 and a is not patient
                and marker_before(a) in (None, "cue.role.by")
                and all(view.tokens[k].kind != "punct" or view.tokens[k].text == '"'
                        for k in range(t.j, a.i))]
        if near:
            agent = near[0]
            frame.rules.append("role.agent.genitive")
    if agent is None and object_pronoun:
        # "ضربة استهدفه فيها الجيش": a verb whose object is its pronoun takes the name
        # right after it (past a preposition with a pronoun) as its subject
        k = t.j + (t.j < len(view.tokens) and view.tokens[t.j].text in _PREP_PRONOUNS)
        agent = next((a for a in after if a.i == k and a.i not in unarmed
                      and marker_before(a) is None), None)
        if agent is not None:
            frame.rules.append("role.agent.vso_pronoun")
    if agent is None:
        subjects = [a for a in before if a.i not in unarmed and marker_before(a) not in (
            "cue.role.against", "cue.role.members", "cue.role.with")]
        if subjects:
            agent = subjects[-1]
            frame.rules.append("role.agent.svo")
        elif not t.m.form.startswith("noun"):
            for a in after:
                if a is not patient and a.i not in unarmed and marker_before(a) is None:
                    agent = a
                    frame.rules.append("role.agent.vso")
                    break
    if len(between) >= 2 and frame.family in ("clash", "attack", "capture", "territory"):
        agent, patient = between[0], between[1]
        frame.rules.append("role.between")
    elif patient is None:
        # "قوات النظام السوري وروسيا": a name joined to the agent by و acts with it
        allies = _conjoined(view, agent) if agent else set()
        rest = [a for a in after if a is not agent and a.ids != (agent.ids if agent else ())
                and a.i not in allies]
        if rest:
            patient = rest[0]
            frame.rules.append("role.patient.object")
    if victims and victims[-1] is not agent:
        if patient is not None and agent is None:
            # "قتل المتحدث باسم الهيئة خلال ضربة استهدفه فيها الجيش": the dead are the
            # side hit, the other side named is who struck
            agent = patient
            frame.rules.append("role.agent.not_the_dead")
        patient = victims[-1]
        frame.rules.append("role.patient.died_in")
    if surrender:
        # "سلموا أنفسهم إلى هيئة تحرير الشام": the side taken to takes them
        taker = next((a for a in after if a.i > 0 and (
            view.tokens[a.i - 1].text in _TO_WORDS or view.tokens[a.i].text.startswith("ل"))),
            None)
        # the subject surrenders, "مسلحي التنظيم" included (a members word marks it)
        subject = before[-1] if before else (agent if agent is not taker else None)
        agent, patient = taker, subject
        if taker is not None:
            frame.rules.append("role.agent.surrendered_to")
    frame.agent, frame.patient = agent, patient


_TO_WORDS = frozenset({"الي"})  # إلى, normalized
# the third-person enclitics, longest first (a word right after الذي/التي is its verb):
# "اللذين اعتقلتهما الشرطة" takes its two back as هما
_OBJECT_PRONOUNS = tuple(e for e in ENCLITICS if e.startswith("ه"))
# a preposition with a pronoun, between a verb and its subject ("استهدفه فيها الجيش")
_PREP_PRONOUNS = frozenset(p + e for p in ("في", "علي", "ب", "ل", "من", "عن", "الي")
                           for e in _OBJECT_PRONOUNS)
# what joins a death to the attack that caused it: "قتلوا في قصف", "قضوا جراء غارة"
_CAUSE_WORDS = frozenset({"في", "جراء", "اثر", "عقب", "بسبب", "نتيجه", "خلال"})


def _dead_span(
    view: SentenceView, t: TokMatch, outcomes: Iterable[TokMatch], actors: list[ActorRef],
    lo: int,
) -> tuple[int, int] | None:
    """Where the dead are named when an attack noun follows a death word as its cause:
    before the death word when it stands right before the cause ("قادة في الهيئة قتلوا في
    قصف", "استشهد بغارة"); after it when the dead are named between ("قتل المتحدث باسم
    الهيئة خلال ضربة", "مقتل قياديين في الهيئة بقصف"), unless a name follows the death
    word at once (the killer of an active verb: "قتل الجيش قادة الهيئة في استهداف")."""
    if not t.m.form.startswith("noun"):
        return None
    k = t.i
    if not t.m.prefix.endswith("ب"):
        if k == 0 or view.tokens[k - 1].text not in _CAUSE_WORDS:
            return None
        k -= 1
    deaths = [c for c in outcomes if c.entry_id == TOLL_CUE and lo <= c.i and c.j <= k]
    if not deaths:
        return None
    c = deaths[-1]
    if c.j == k:
        return lo, c.i
    if any(a.i == c.j for a in actors) or any(
            c.j <= x.i < k for x in view.of("trigger")):
        return None
    return c.j, k


def _target_kind(
    view: SentenceView, t: TokMatch, breaks: list[int], named: set[int], lexicon: Lexicon,
) -> str | None:
    """What the trigger hit, named after it in its clause (or before it, after an exposure
    verb: "تعرضت حافلة عسكرية لاستهداف"): "civilian" for a civilian thing
    ("استهدفت سوقاً للخضار"، "طال القصف المباني السكنية": civilians were the target even
    when no victim is counted), "military" when a military word is among the things hit
    ("حافلة مبيت عسكري"، "منازل ومواقع"، "استهدفت مواقع"), None when neither is named.
    Tokens in ``named`` (place names) are skipped."""
    hi = min((b for b in breaks if b > t.j), default=len(view.tokens))
    targets, military = lexicon.words["civilian_targets"], lexicon.words["military_words"]
    # "تعرضت حافلة مبيت عسكري ... لاستهداف": what was exposed to the trigger comes first
    exposed = _exposed_at(view, t, breaks, lexicon)
    civilian = False
    before = range(exposed + 1, t.i) if exposed is not None else range(0)
    for k in [*before, *range(t.j, min(hi, t.j + ARG_WINDOW))]:
        if k in named:
            continue
        found = stems(view.tokens[k].text)
        if not military.isdisjoint(found):
            return "military"
        civilian = civilian or not targets.isdisjoint(found)
    return "civilian" if civilian else None


def _sources(
    view: SentenceView, actors: list[ActorRef], attribution: frozenset[str]
) -> set[int]:
    """Where actors named as the source of the report stand: within ATTRIBUTION_WINDOW
    tokens after an attribution word (بحسب، وفق، نقلا عن), no punctuation between."""
    out: set[int] = set()
    for a in actors:
        for k in range(a.i - 1, max(-1, a.i - 1 - ATTRIBUTION_WINDOW), -1):
            token = view.tokens[k]
            if token.kind == "punct" and token.text != '"':
                break
            if token.text.removeprefix("و") in attribution:
                out.add(a.i)
                break
    return out


def _exposed_at(
    view: SentenceView, t: TokMatch, breaks: list[int], lexicon: Lexicon
) -> int | None:
    """Where a verb of undergoing (تعرضت) stands in the trigger's clause before it: its
    subject underwent the trigger's incident, however long the subject is."""
    lo = max((b for b in breaks if b <= t.i), default=0)
    verbs = lexicon.words["exposure_verbs"]
    return next((k for k in range(t.i - 1, max(lo, t.i - 2 * ARG_WINDOW) - 1, -1)
                 if view.tokens[k].text in verbs), None)


def _conjoined(view: SentenceView, agent: ActorRef) -> set[int]:
    """Where names joined to the agent by و start ("X وروسيا وإيران"): its co-agents."""
    out: set[int] = set()
    k = agent.j
    while True:
        nxt = next((t for t in view.matches if t.i == k and t.category in ("actor", "demonym")
                    and t.m.prefix.startswith("و")), None)
        if nxt is None:
            return out
        out.add(k)
        k = nxt.j


def _check_weapon(frame: Frame, view: SentenceView, air_words: frozenset[str]) -> None:
    """Warplanes do not fire artillery: an agent named by air-force words does not carry
    out a shelling (and only they carry out an air strike when the agent is so named)."""
    a = frame.agent
    if a is None or frame.sub_event_type != "Shelling/artillery/missile attack":
        return
    words = {s for k in range(a.i, a.j) for s in stems(view.tokens[k].text)}
    if words & air_words:
        frame.agent = None
        frame.rules.append("role.agent.weapon_mismatch")


def _assign_places(frames: list[Frame], places: list[PlaceMention]) -> None:
    """Each place goes to the trigger before it (or the first trigger); lists stay whole."""
    if not frames:
        return
    # a phrase that holds a trigger word but tells no incident ("وقف إطلاق النار"، "تحت
    # سيطرة") owns no place: the report it stands in does
    main = [f for f in frames if not f.subordinate] or frames
    for p in places:
        owner = main[0]
        for f in main:
            if f.trigger.i <= p.i:
                owner = f
        owner.places.append(p)
    # A frame with no place of its own shares that of a frame of the same sentence.
    for f in frames:
        if not [p for p in f.places if not p.region]:
            donor = min(
                (g for g in frames if g is not f and [p for p in g.places if not p.region]),
                key=lambda g: abs(g.trigger.i - f.trigger.i), default=None,
            )
            if donor is not None:
                f.places = list(donor.places)
                f.rules.append("place.shared")
                # a second word for the incident the donor reports retells it; when the
                # donor only refers back (السيطرة), a finite verb (استعاد) is the report.
                # An incident of another kind whose two sides it names ("تخوض اشتباكات مع
                # القوات" beside drones over the town) is reported on its own.
                own = (f.agent is not None and f.patient is not None
                       and EVENT_TYPE_OF.get(f.sub_event_type)
                       != EVENT_TYPE_OF.get(donor.sub_event_type))
                if not own and (not donor.retold or f.trigger.m.form not in PERFECT_FORMS):
                    f.weak = f.retold = True


def _assign_dates(frames: list[Frame], dates: list[DateMention], breaks: list[int],
                  view: SentenceView, report_verbs: frozenset[str],
                  clauses: dict[int, tuple[int, int]]) -> None:
    """The date nearest the trigger; a recalled (background) report only takes a date
    from its own clause ("ويأتي … وسيطرته …، بعد أن فتحت له … قبل أيام"), and an incident
    told after "بعدما" takes no date of the report it follows ("وأعلن المركز الأربعاء
    أعداد القتلى، بعدما تركزت الاشتباكات في …": the fighting came before Wednesday).
    A relative clause after a trigger noun (``clauses``, by the trigger's start) that
    gives a date gives the noun its date."""
    # "لم تمض 24 ساعة على عدوان … استهدف": that date is only the incident's named first
    # after it, not that of the report around it ("بعد مرور يوم على الهجوم، شنت …")
    owner_of = {id(d): min((f for f in frames if 0 <= f.trigger.i - d.end <= ELAPSED_REACH),
                           key=lambda f: f.trigger.i, default=None)
                for d in dates if d.rule == ELAPSED_RULE}
    # "اتفاق الأول من أيلول", "مجزرة 25 أيار": a date right after a trigger noun is its
    # genitive, the day of that noun's incident; a verb of the sentence takes it only
    # when it has no other ("وتوصل الطرفان أمس للعودة إلى اتفاق الأول من أيلول")
    genitive = {id(d) for f in frames for d in dates
                if f.trigger.m.form.startswith("noun") and d.start == f.trigger.j}
    for f in frames:
        candidates = [d for d in dates if d.rule != ELAPSED_RULE or owner_of[id(d)] is f]
        if not f.trigger.m.form.startswith("noun"):
            candidates = [d for d in candidates if id(d) not in genitive] or candidates
        lo = max((b for b in breaks if b <= f.trigger.i), default=0)
        if f.modality == "background":
            hi = min((b for b in breaks if b > f.trigger.i), default=1 << 30)
            candidates = [d for d in candidates if lo <= d.start < hi]
        elif lo > 0 and view.tokens[lo].text in _AFTER_WORDS:
            reports = [d for d in candidates
                       if d.start < lo
                       and _stem_before(view, d.start, report_verbs, REPORT_DATE_WINDOW)]
            candidates = [d for d in candidates if d not in reports]
            if reports and not candidates:
                f.reported_on = reports[-1]
        clause = clauses.get(f.trigger.i)
        if clause is not None:
            # "لتنفيذ الاتفاق الذي تم التوصل إليه أمس" told "صباح اليوم": the clause
            # that qualifies the noun dates it
            own = [d for d in candidates if clause[0] <= d.start < clause[1]]
            if own:
                candidates = own
                f.rules.append(OWN_CLAUSE_RULE)
        if candidates:
            f.date = min(candidates, key=lambda d: abs(d.start - f.trigger.i))


def _relative_agent(frame: Frame, view: SentenceView, actors: list[ActorRef],
                    clause: tuple[int, int]) -> None:
    """"الهجمات التي شنتها قوات النظام", "المجزرة التي ارتكبها": the subject of the
    relative clause after the trigger noun (``clause``), when its verb takes the noun back
    as its object, carried the incident out."""
    k = clause[0] + 1
    if k >= clause[1] or not view.tokens[k].text.endswith(_OBJECT_PRONOUNS):
        return
    a = next((a for a in actors if k < a.i < clause[1]), None)
    if a is None:
        return
    if frame.patient is not None and frame.patient.i == a.i:
        frame.patient = None
    frame.agent = a
    frame.rules.append("role.agent.relative")


_AFTER_WORDS = frozenset({"بعدما", "بعد"})  # (بعد أن: its match starts at بعد)
OWN_CLAUSE_RULE = "date.relative_clause"
IMPLEMENTED_RULE = "trigger.implemented"
IMPLEMENTED_WINDOW = 2  # "تنفيذ بنود اتفاق": the word may govern the agreement's head
_RELATIVE_PRONOUNS = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان",
                                "اللواتي", "اللاتي"})


def _relative_clause(view: SentenceView, t: TokMatch, breaks: list[int]) -> tuple[int, int] | None:
    """The relative clause right after a trigger noun (or after its adjective), up to the
    next punctuation or clause break: ``[start, end)`` in tokens."""
    if not t.m.form.startswith("noun"):
        return None
    tokens = view.tokens
    k = t.j
    if k < len(tokens) and tokens[k].text not in _RELATIVE_PRONOUNS:
        k += 1  # "الهجمات الصاروخية التي …"
    if k >= len(tokens) or tokens[k].text not in _RELATIVE_PRONOUNS:
        return None
    end = min((b for b in breaks if b > k), default=len(tokens))
    end = next((x for x in range(k + 1, end) if tokens[x].kind == "punct"), end)
    return k, end


def _stem_before(view: SentenceView, i: int, words: frozenset[str], reach: int) -> bool:
    """Whether a word of ``words`` (by its stem, clitics stripped) stands within ``reach``
    tokens before token ``i``."""
    return any(not words.isdisjoint(stems(view.tokens[k].text))
               for k in range(max(0, i - reach), i))


def _assign_counts(
    frames: list[Frame], view: SentenceView, quantities: list[Quantity],
    cues: dict[str, list[TokMatch]], results: frozenset[str],
) -> dict[int, tuple[Frame, Quantity]]:
    """Killed / wounded / captured numbers go to the nearest preceding frame (``cues``:
    the sentence's cue matches by group; ``results``: verbs that lead to an outcome).
    Returns each death toll (a single victim "قتل رجل" included) with the frame it went
    to, by the figure's first token."""
    killed_by: dict[int, tuple[Frame, Quantity]] = {}
    if not frames:
        return killed_by
    outcomes = cues.get("out", ())
    outcome_at: dict[int, str] = {}
    for c in outcomes:
        for k in range(c.i, c.j):
            # "قتلى وجرحى" together are casualties, whatever its single words say
            if outcome_at.get(k) != "casualties":
                outcome_at[k] = c.entry_id.removeprefix("cue.out.")
    counted = {k for q in quantities for k in range(q.start, _figure_end(q))}
    for c in outcomes:
        bare = _BARE_PLURALS.get(view.tokens[c.i].text.removeprefix("و"))
        if (bare is not None and c.i not in counted
                and not any(view.tokens[k].text in _NONE_BEFORE
                            for k in range(max(0, c.i - 3), c.i))):
            # "سقط قتلى وجرحى": dead or wounded without a figure are "several"
            # (GUIDELINES §6)
            counted.add(c.i)
            quantities = [*quantities, Quantity(c.i, c.j, SEVERAL, False, c.i,
                                                view.tokens[c.i].text, bare, BARE_RULE)]
            continue
        if (c.j - c.i == 1 and c.i not in counted
                and view.tokens[c.i].text.endswith(_HIS_HER)
                and _stem_before(view, c.i, results, RESULT_REACH)):
            # "ما أسفر عن إصابته": the one the pronoun stands for is one victim
            counted.add(c.i)
            kind = c.entry_id.removeprefix("cue.out.")
            quantities = [*quantities, Quantity(c.i, c.j, 1, True, c.i, view.tokens[c.i].text,
                                                kind, PRONOUN_RULE)]
            continue
        # "قتل شاب", "مقتل مدني": one victim named without a number counts as one (an
        # outcome word after it, "مقتل وإصابة عدد", "بين قتيل وجريح", names no victim)
        k = c.j
        if k >= len(view.tokens) or k in counted:
            continue
        noun_cls = singular_person(view.tokens[k].text)
        if noun_cls is not None and noun_cls not in _OUTCOME_CLASSES:
            counted.add(k)
            quantities = [*quantities, Quantity(k, k + 1, 1, True, k, view.tokens[k].text,
                                                noun_cls, "num.singular")]
    quantities = sorted(quantities, key=lambda q: q.start)  # (the singulars came last)
    update = any(c.entry_id == "cue.update.toll" for c in cues.get("update", ()))
    # "الخاضعة لسيطرة القوات التركية، ... إن 22 شخصا قتلوا": a word that tells a state
    # of control, not an incident, owns no dead
    owners = [f for f in frames if f.modality != "static"] or frames
    parts = {q.start: _figure_end(q) for q in quantities}
    first_kind: str | None = None
    for q in quantities:
        owner = owners[0]
        for f in owners:
            if f.trigger.i <= q.start:
                owner = f
        if q.noun_class is not None and q.noun_class not in PERSON_CLASSES:
            continue  # "انفجار صاروخين", "3 آليات": things, not people
        kind = _count_kind(q, outcome_at, owner, view, parts)
        if (kind is None and update and first_kind and q.noun_class is None
                and q.start > 0 and view.tokens[q.start - 1].text in _TO_WORDS):
            # "5 قتلى وعشرين جريحا، ارتفعت لاحقا إلى 9": the update counts what the
            # first figure counted
            kind = first_kind
        if kind is None and owner.kills and q.noun_class in PERSON_CLASSES:
            kind = "killed"  # "أعدم التنظيم 5 مدنيين", "15 مدنيا قام النظام بتصفيتهم"
        if kind is None or kind == "casualties":
            continue  # "40 مدنيا بين قتيل وجريح": casualties without a death count
        kinds: tuple[str, ...] = (kind,)
        if "+" in kind:
            # "مقتل وإصابة عدد من المدنيين", "أسر وقتل العشرات": several killed and several
            # wounded (or taken); a figure ("مقتل وإصابة 20 شخصا") cannot be split: it is
            # coded as the dead, or as the first outcome told
            pair = tuple(kind.split("+"))
            kind = "killed" if "killed" in pair else pair[0]
            kinds = (kind,) if q.exact else pair
        first_kind = first_kind or kind
        if update and "count.update" not in owner.rules:
            owner.rules.append("count.update")
        if q.noun_class in _CIVILIAN_CLASSES and kind in ("killed", "wounded"):
            owner.civilian_victims = True
            if q.noun_class != "person" and owner.civilian_noun is None:
                owner.civilian_noun = q.noun_index
        if kind == "killed" and (q.noun_class in _PART_CLASSES or (
                q.noun_class is None and q.end < len(view.tokens)
                and _is_plural_nisba(view.tokens[q.end].text))):
            # "مقتل أربعة أميركيين": the dead of one nationality are a part of the toll
            owner.rules.append(PART)
        if q.noun_class in _ARMED_CLASSES:
            owner.armed_victims = True
            if kind in ("killed", "wounded"):
                # the last word of "قياديين اثنين" / "4 عناصر"
                owner.victim_nouns.append(max(q.end - 1, q.noun_index or 0))
        for one in kinds:
            _record(owner, one, q, view)
        if kind == "killed":
            killed_by[q.start] = owner, q
    return killed_by


_HIS_HER = ("ته", "تها", "له", "لها", "ده", "دها", "عه", "عها")  # إصابته، مقتلها، مصرعه
PRONOUN_RULE = "num.pronoun"
RESULT_REACH = 3  # tokens from a result verb to its outcome word (ما أسفر عن إصابته)


def _figure_end(q: Quantity) -> int:
    """One past the last token of a figure, its counted noun included ("5 قتلى")."""
    return max(q.end, (q.noun_index or 0) + 1)


def _record(owner: Frame, kind: str, q: Quantity, view: SentenceView) -> None:
    """Add figure ``q`` of ``kind`` (killed, wounded, captured) to ``owner``'s counts."""
    attr = {"killed": "fatalities", "wounded": "wounded", "captured": "captured"}[kind]
    old = getattr(owner, attr)
    vague_rule = f"count.vague:{attr}"
    bare = bare_rule(attr)
    if q.rule == BARE_RULE and old is not None:
        return  # any figure says more than "قتلى" alone
    if bare in owner.rules and q.rule != BARE_RULE:
        owner.rules.remove(bare)
        old = None
    if q.rule == BARE_RULE:
        owner.rules.append(bare)
    if not q.exact and q.rule.startswith("num.vague"):
        if old is not None and vague_rule not in owner.rules:
            return  # an exact figure beats "dozens"
        owner.rules.append(vague_rule)
    elif vague_rule in owner.rules:
        owner.rules.remove(vague_rule)
        old = None
    if old is not None and q.noun == OTHERS and kind == "killed" and q.exact and not any(
            view.tokens[k].text in _SUBSET_WORDS for k in range(q.start)):
        # "قتل العميد X مع معاونه، إلى جانب مقتل 5 آخرين": the others add up (but
        # "بينهم 3 أطفال و7 آخرين" are a part of the whole, not added)
        setattr(owner, attr, old + q.value)
        owner.rules.append("count.killed:others")
    else:
        setattr(owner, attr, q.value if old is None else max(old, q.value))
    owner.rules.append(f"count.{kind}:{q.rule}")


def _assign_place_tolls(
    frames: list[Frame], view: SentenceView, quantities: list[Quantity],
    killed_by: dict[int, tuple[Frame, Quantity]], outcomes: Sequence[TokMatch],
) -> None:
    """"سقوط 7 قتلى في X وشخصين في Y وامرأة في Z", "مقتل 8 أشخاص وإصابة 27 في X فيما
    قتل رجل آخر في مدينة Y": a toll given place by place, for a frame that names several
    places, goes to each place rather than being split evenly.

    Only death tolls count (``killed_by``); between a figure and its "في" may come the
    figures and outcome words told with it ("وإصابة 27"). Single victims joined to a
    toll by و ("وامرأة في Z") share its outcome word.
    """
    joined: set[int] | None = None  # (built for the rare sentence that needs it)
    typed: dict[int, int] = {}
    for f in frames:
        listed = [p for p in f.places if not p.region and p.name]
        if len(listed) < 2 or f.fatalities is None:
            continue
        if joined is None:
            joined = {k for q in quantities for k in range(q.start, _figure_end(q))}
            joined.update(k for c in outcomes for k in range(c.i, c.j))
            typed = {t.i: t.j for t in view.of("place_type")}
        tolls: dict[tuple[int, int], int] = {}
        for start in sorted(killed_by):
            owner, q = killed_by[start]
            if owner is not f:
                continue
            k = _figure_end(q)
            while k in joined or (k < len(view.tokens)
                                  and noun_lemma(view.tokens[k].text) == OTHERS):
                k += 1  # "قتل رجل آخر في …"
            place = _place_after(view, k, listed, typed)
            if place is not None:
                tolls[place.i, place.j] = tolls.get((place.i, place.j), 0) + q.value
        if not tolls:
            continue
        counted = {k for _, q in killed_by.values() for k in range(q.start, q.end)}
        counted.update(k for q in quantities for k in range(q.start, q.end))
        for k in range(f.trigger.j, len(view.tokens) - 1):
            word = view.tokens[k].text
            if k in counted or not word.startswith("و") or singular_person(word) is None:
                continue
            place = _place_after(view, k + 1, listed, typed)
            if place is not None:  # "وامرأة في Z": one more victim of the same list
                tolls[place.i, place.j] = tolls.get((place.i, place.j), 0) + 1
        f.place_tolls = tolls
        f.fatalities = max(f.fatalities, sum(tolls.values()))
        f.rules.append("count.by_place")


_QUOTE_TOKENS = frozenset({'"', "'"})  # (every quotation mark is normalized to one of them)


def _place_after(
    view: SentenceView, k: int, listed: list[PlaceMention], typed: dict[int, int],
) -> PlaceMention | None:
    """The listed place that "في" at token ``k`` introduces (quotes and a type word, "في
    مدينة X", skipped; ``typed``: where each place-type word ends, by its start), if any."""
    tokens = view.tokens
    if k >= len(tokens) or tokens[k].text != "في":
        return None
    k += 1
    while k < len(tokens) and (tokens[k].text in _QUOTE_TOKENS or k in typed):
        k = typed.get(k, k + 1)
    for p in listed:
        n = p.name.count(" ") + 1
        if k + n <= len(tokens) and view.words(k, k + n) == p.name:
            return p
    return None


OTHERS = "اخر"  # the counted noun "آخرين": more of them, on top of those told
# the indefinite plurals of the dead and the wounded: told without a figure, they are
# several ("سقط قتلى وجرحى"); (normalized: قتلى is قتلي)
_BARE_PLURALS = {"قتلي": "killed", "شهداء": "killed", "صرعي": "killed",
                 "جرحي": "wounded", "مصابين": "wounded", "مصابون": "wounded"}
SEVERAL = 3  # "several / a number of" (GUIDELINES §6)
# "لم تذكر أي قتلى", "دون وقوع قتلى": no dead told
_NONE_BEFORE = frozenset({"اي", "ايه", "لا", "لم", "عدم", "دون", "بدون", "بلا"})
# outcome nouns that join into one ("مقتل وإصابة"، "أسر وقتل"; normalized): a finite verb
# ("لقوا مصرعهم وأصيب 160") starts a clause of its own
_OUTCOME_MASDARS = frozenset({"مقتل", "قتل", "استشهاد", "اصابه", "اصابات", "جرح", "اسر",
                              "اعتقال", "خطف", "اختطاف"})
# "مقتل 10 أشخاص بينهم جنديان": a part of a figure already counted
_SUBSET_WORDS = frozenset({"بينهم", "منهم", "بينهن", "منهن", "بينها", "منها", "غالبيتهم",
                           "معظمهم"})


def _count_kind(
    q: Quantity, outcome_at: dict[int, str], owner: Frame, view: SentenceView,
    parts: dict[int, int],
) -> str | None:
    """What a figure counts (``parts``: where each figure of the sentence ends, by its
    first token; ``owner``: the frame the figure goes to)."""
    tokens = view.tokens
    family = owner.family
    if q.start > 0 and tokens[q.start - 1].text in _SUBSET_WORDS:
        return None
    if q.noun_class in _OUTCOME_CLASSES:
        return q.noun_class
    taking = family in ("capture", "arrest", "abduction") and q.noun_class in (
        "fighter", "soldier", "person", "civilian")
    t = owner.trigger
    if taking and t.j <= q.start and all(k not in outcome_at for k in range(t.j, q.start)):
        return "captured"  # "قتل ثلاثة عناصر واستسلم آخران": the taking word is nearer
    # the outcome word usually comes first ("أسرت الهيئة عنصرين", "مقتل 5"); after the
    # counted noun only right next to it ("10 مدنيين قتلوا"), or past the part of the
    # figure told inside it ("40 مدنيا من بينهم 11 طفلا لقوا حتفهم")
    after = max(q.end, (q.noun_index if q.noun_index is not None else q.end - 1) + 1)
    k = after + (after < len(tokens) and tokens[after].text == "من")
    if k + 1 < len(tokens) and tokens[k].text in _SUBSET_WORDS and k + 1 in parts:
        after = parts[k + 1]
    for k in range(after, after + OUTCOME_AFTER + 2):
        if outcome_at.get(k) == "casualties":
            return "casualties"
    for k in [*range(q.start - 1, q.start - 1 - OUTCOME_BEFORE, -1),
              *range(after, after + OUTCOME_AFTER)]:
        if k in outcome_at:
            kind = outcome_at[k]
            first = outcome_at.get(k - 1) if 0 < k < q.start else None
            if (first is not None and first != kind and "casualties" not in (first, kind)
                    and tokens[k].text.startswith("و")
                    and tokens[k].text[1:] in _OUTCOME_MASDARS
                    and tokens[k - 1].text.removeprefix("و") in _OUTCOME_MASDARS):
                return f"{first}+{kind}"  # "مقتل وإصابة عدد", "أسر وقتل العشرات"
            return kind
    # "86 مسلحا في صفوف داعش لقوا حتفهم", "10 مدنيين حسب حصيلة أولية قضوا": a plural
    # verb agrees with the counted people, and reaches past what is said of them
    for k in range(after + OUTCOME_AFTER, after + PLURAL_VERB_AFTER):
        if k in parts or k >= len(tokens):
            break
        if k in outcome_at and tokens[k].text.endswith("وا"):
            return outcome_at[k]
    return "captured" if taking else None


def _losers_from_withdrawals(frames: list[Frame], lexicon: Lexicon) -> None:
    """"استعاد الجيش السيطرة على المدينة بعد انسحاب قوات X منها": X lost the place."""
    yields = [f.family != TOLL and lexicon.triggers[f.trigger.entry_id].yields
              for f in frames]
    leavers = [f.agent for f, y in zip(frames, yields, strict=True) if y and f.agent]
    for f, y in zip(frames, yields, strict=True):
        if y or f.family not in ("territory", "transfer") or f.agent is None:
            continue
        other = next((a for a in leavers if a.ids != f.agent.ids), None)
        if other is not None:
            f.patient = other
            f.rules.append("role.patient.withdrew")


_VICTIM_RULES = ("role.patient.among_victims", "role.patient.victims_group")


def _hit(frame: Frame, side: ActorRef, rule: str) -> None:
    """``side`` was hit: it is the patient, and not the agent it may have been read as
    (the victims named before the verb did not act)."""
    if frame.agent is not None and frame.agent.ids == side.ids:
        frame.agent = None
    frame.patient = side
    frame.rules.append(rule)


def _victims_side(
    frame: Frame, actors: list[ActorRef], view: SentenceView, affiliation: frozenset[str]
) -> None:
    """The side the victims belong to, for a strike or an attack.

    Victims named as a part of the toll ("بينهم 4 جنود من القوات الأمريكية"); else
    fighters counted among the dead with their group ("مقتل 4 عناصر من قوات النظام بقصف",
    "قتل قياديين اثنين في هيئة تحرير الشام في قصف").
    """
    texts = list(map(_TEXT, view.tokens))
    if not _SUBSET_WORDS.isdisjoint(texts):  # (most sentences have none of these words)
        for k, text in enumerate(texts):
            if text in _SUBSET_WORDS:
                hit = [a for a in actors if k < a.i <= k + 5]
                if hit:
                    _hit(frame, hit[0], "role.patient.among_victims")
                    frame.armed_victims = True
                    return
    for n in frame.victim_nouns:
        for a in actors:
            # "عنصرين أميركيين من قوات التحالف": a nationality adjective may stand between
            if n < a.i <= n + 4 and all(view.tokens[t].text in affiliation
                                        or view.tokens[t].text in _QUOTE_TOKENS
                                        or _is_plural_nisba(view.tokens[t].text)
                                        for t in range(n + 1, a.i)):
                _hit(frame, a, "role.patient.victims_group")
                return


def _is_plural_nisba(word: str) -> bool:
    """A plural or dual relative adjective (اميركيين، تركيان، الروس is not one): it
    qualifies the counted noun before it."""
    return len(word) > 5 and word.endswith(("يين", "يون", "يان"))


def _finish_roles(
    frame: Frame, actors: list[ActorRef], view: SentenceView, affiliation: frozenset[str]
) -> None:
    """The side that was hit for violence; two sides for fighting (a clash with one side
    named takes the sentence's other actor)."""
    if frame.family in ("strike", "attack"):
        _victims_side(frame, actors, view, affiliation)
    if frame.agent and frame.patient and frame.agent.ids == frame.patient.ids:
        frame.patient = None
    if frame.family in ("clash", "capture") and frame.agent and frame.patient is None:
        other = [a for a in actors if a.ids != frame.agent.ids]
        if other:
            frame.patient = min(other, key=lambda a: abs(a.i - frame.trigger.i))
            frame.rules.append("role.patient.sentence")
