"""Extraction: ``extract(article, lexicon, gazetteer) -> events``, a pure function.

The flow for one article: prepare (normalize, split, tokenize, one automaton pass) ->
per sentence: places, dates, numbers, frames -> modality filter -> places resolved ->
ACLED coding -> within-article merge -> stable ids.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import islice
from operator import itemgetter
from time import perf_counter

from rasad.extract.coding import (
    code_actor,
    interaction_code,
    make_event,
    pick_actor,
    unnamed_attacker,
)
from rasad.extract.document import VIOLENCE_CUES, Document, SentenceView, prepare
from rasad.extract.frames import (
    OWN_CLAUSE_RULE,
    TOLL,
    TOLL_CUE,
    ActorRef,
    Frame,
    SentenceFacts,
    build_frames,
    context_facts,
)
from rasad.extract.merge import SEAT_RULE, merge_events
from rasad.extract.places import PlaceMention, find_places
from rasad.geo.gazetteer import Gazetteer, Place
from rasad.geo.resolve import (
    CITY_KINDS,
    UNKNOWN_RULES,
    GeoContext,
    PlaceQuery,
    ResolvedPlace,
    resolve,
    settle_unknowns,
)
from rasad.lexicon.loader import Lexicon
from rasad.lexicon.model import Actor
from rasad.model import Article, Event, Evidence
from rasad.text.dates import ELAPSED_RULE, TODAY_NAMED_RULE, DateMention, find_dates
from rasad.text.normalize import normalize_key
from rasad.text.numbers import find_quantities

# Modalities that keep a frame from being an event at all (GUIDELINES §1).
_NOT_EVENTS = {"negated", "planned", "reinforcement", "static", "ongoing", "link", "habitual",
               "announced", "no_recipient", "reference"}
_ATTEMPT_DROPS = {"territory", "transfer"}
_ADMIN_KINDS = {"admin1", "admin2", "admin3", "region"}
_KIND = itemgetter(3)  # Token.kind
_ENTRY_ID = itemgetter(4)  # TokMatch.entry_id
# a frame's place as resolved, where its own sentence names it (None: told elsewhere),
# and the mention
_Kept = tuple[ResolvedPlace, tuple[int, int] | None, PlaceMention]


@dataclass(slots=True)
class Dropped:
    """A frame that did not become an event, and why (shown by `rasad explain`)."""

    frame: Frame
    reason: str


@dataclass(slots=True)
class Analysis:
    """Everything extraction found in an article: per-sentence facts, drops, events."""

    document: Document
    sentences: list[SentenceFacts]
    context: GeoContext
    events: list[Event]
    dropped: list[Dropped] = field(default_factory=list)


def extract(article: Article, lexicon: Lexicon, gazetteer: Gazetteer) -> list[Event]:
    """The ACLED-style events an article reports, each with its evidence and rules."""
    return analyze(article, lexicon, gazetteer, events_only=True).events


def analyze(
    article: Article, lexicon: Lexicon, gazetteer: Gazetteer, *, full: bool = False,
    events_only: bool = False, timings: dict[str, float] | None = None,
) -> Analysis:
    """Run extraction and keep every intermediate result (``full``: match every sentence,
    even those that cannot report anything, as `rasad explain` shows them;
    ``events_only``: skip what cannot change the events, such as the sentences of an
    article in which no trigger word occurs; ``timings``: add the seconds spent in each
    stage, for `rasad bench`)."""
    clock = perf_counter if timings is not None else None
    t0 = clock() if clock else 0.0
    lean = events_only and not full
    doc = prepare(article, lexicon, full=full, need_trigger=lean,
                  sparse=lean and article.published is not None)
    published, earliest = article.published, False
    if published is None:
        published, earliest = _reference_date(article, doc)
    t1 = clock() if clock else 0.0
    facts: list[SentenceFacts] = []
    reports = list(map(_may_report, doc.sentences))
    dated = _dates_needed(doc, reports) if lean else None
    found: dict[int, list[DateMention]] = {}
    if published is not None:
        published = _writers_day(doc, published, dated, found, earliest)
    for k, view in enumerate(doc.sentences):
        if not view.tokens:  # left untokenized: nothing to find in it
            facts.append(SentenceFacts(view, [], [], [], [], []))
            continue
        places = find_places(view, lexicon)
        # the date and number grammars only run where they can find something
        dates = ((found[k] if k in found else find_dates(view.tokens, published, earliest))
                 if (dated is None or dated[k]) and _has_dates(view) else [])
        if reports[k]:
            facts.append(build_frames(view, lexicon, places, dates,
                                      find_quantities(view.tokens)))
        else:  # (what other sentences read of it)
            facts.append(context_facts(view, lexicon, places, dates))
    t2 = clock() if clock else 0.0
    ctx = _geo_context(facts, gazetteer)
    armed = _armed_mentions(facts, lexicon, ctx)
    violent_context = bool(armed) or _violent_cue(facts)
    analysis = Analysis(doc, facts, ctx, [])
    events: list[Event] = []
    weak: set[int] = set()
    retold: set[int] = set()
    para_date: dict[int, DateMention] = {}
    last_places: list[PlaceMention] = []
    last_view: SentenceView | None = None
    last_date: DateMention | None = None
    told_date: DateMention | None = None  # the date of the last event told
    history: list[tuple[PlaceMention, SentenceView]] = []
    title = normalize_key(article.title or "")
    for idx, sf in enumerate(facts):
        region_told: list[tuple[PlaceMention, SentenceView]] = []
        is_title = bool(sf.frames and title) and sf.view.sentence.index < 3 and normalize_key(
            doc.norm.text[sf.view.sentence.start:sf.view.sentence.end]) in (title, title + ".")
        for frame in sf.frames:
            if is_title:
                frame.weak = frame.retold = True  # a headline retells the body
            if frame.reported_on is not None:
                # the last date the article gave an incident, when it is not after the
                # report this one came before; else that report's day bounds it
                before = frame.reported_on
                frame.date = told_date if (told_date is not None and told_date.date and before.date
                                           and told_date.date <= before.date) else before
                frame.rules.append("date.before_report")
            elif frame.date is None and sf.view.paragraph in para_date:
                frame.date = para_date[sf.view.paragraph]
                frame.rules.append("date.paragraph")
            elif (frame.date is None and frame.modality != "background"
                  and _recent(told_date, published)):
                # "صعّد الاحتلال أمس …" then "فقد أغار على مدرسة …": an undated report
                # after a dated one of the last day is of that day (a recalled one,
                # "وكانت الحصيلة الأولية أشارت", still needs a date of its own)
                frame.date = told_date
                frame.rules.append("date.article")
            reason = _drop_reason(frame, published)
            ambiguous = frame.family != TOLL and lexicon.triggers[
                frame.trigger.entry_id].ambiguous
            if reason is None and not violent_context and ambiguous:
                # "المواجهات بين الريال ويوفنتوس", "هجوم" in a match report: no armed
                # actor, weapon or casualty anywhere in the article
                reason = "no armed actor, weapon or casualty in the article"
            if reason:
                analysis.dropped.append(Dropped(frame, reason))
                continue
            named = [p for p in frame.places if not p.region]
            if any(p.kind not in _ADMIN_KINDS for p in named):
                # "قرية X التابعة لمنطقة Y": the district qualifies the village; the areas
                # a list names ("في مناطق عين زارة، وصلاح الدين، وطريق الشوك") stay places
                listed = {p.type_i for p in named
                          if p.rule.startswith(("place.list", "place.typed_list"))}
                named = [p for p in named
                         if p.kind not in _ADMIN_KINDS or p.type_i in listed
                         or not any(q.holder is p for q in frame.places)]
            named = _drop_trailing_capitals(named, gazetteer, ctx)
            named = [p for p in named if not p.holds_building] or named
            targets = [(p, sf.view) for p in named if p.name]
            for p in named:
                if not p.name:  # "على المدينة": the place of that kind told last
                    antecedent = _antecedent(p, history, sf.places, sf.view)
                    if antecedent is not None:
                        targets.append(antecedent)
                        frame.rules.append("place.anaphor")
                    elif (ahead := _cataphor(p, _next_sentences(facts, idx))):
                        targets.append(ahead)
                        frame.rules.append("place.cataphor")
            if not targets and not named:
                targets = [(p, sf.view) for p in frame.places if p.region][:1]
                region_told = region_told or targets
            if not targets and last_places and last_view is not None:
                # a sentence that names no place continues the last one: it adds to an
                # event told there rather than starting a new one
                targets = [(p, last_view) for p in last_places]
                frame.weak = frame.retold = True
                frame.rules.append("place.previous_sentence")
                if frame.date is None and last_date is not None:
                    # "وأسفر القصف عن مقتل 10 مدنيين" after the dated report: same day
                    frame.date = last_date
                    frame.rules.append("date.previous_sentence")
            if not targets and not last_places and frame.family != TOLL:
                # "قتل قياديان في الهيئة بقصف مدفعي" opening the article, the next
                # sentence telling where: the lead adds to the incident told there
                ahead = _told_ahead(frame, _next_sentences(facts, idx))
                if ahead:
                    targets = ahead
                    frame.weak = frame.retold = True
                    frame.rules.append("place.next_sentence")
            if not targets:
                analysis.dropped.append(Dropped(frame, "no place"))
                continue
            qualifier = _qualifier(sf, gazetteer, ctx)
            resolved = resolve_targets(doc, sf, targets, gazetteer, ctx, qualifier)
            # a country is no place for an event (ACLED codes at least a governorate);
            # each place keeps where its sentence names it, for a toll given by place
            kept = [(r, (p.i, p.j) if v is sf.view else None, p)
                    for r, (p, v) in zip(resolved, targets, strict=True)
                    if not (r.place_id or "").startswith("country:")]
            if not kept:
                analysis.dropped.append(Dropped(frame, "only a country named"))
                continue
            if frame.family == TOLL:
                kept = kept[:1]  # one incident's dead, not split
            # "في بلدة إبلين … في البلدة": one place named twice shares no toll with itself
            kept = _distinct_places(kept, frame.place_tolls)
            shares = _split_counts(frame, [span for _, span, _ in kept])
            evidence = _evidence(doc, sf, frame, [p for p, v in targets if v is sf.view])
            for (place, _, mention), counts in zip(kept, shares, strict=True):
                event = make_event(
                    frame, article_id=article.id, lexicon=lexicon, place=place,
                    published=published,
                    agent_written=_written(doc, sf.view, frame.agent),
                    patient_written=_written(doc, sf.view, frame.patient),
                    victims_written=_victims_written(doc, sf.view, frame),
                    evidence=evidence,
                    source=article.outlet, source_url=article.url, counts=counts,
                )
                if event is not None:
                    if _governorate_seat(mention, place, gazetteer, ctx):
                        event.rules.append(SEAT_RULE)
                    if frame.weak:
                        weak.add(len(events))
                    if frame.retold:
                        retold.add(len(events))
                    events.append(event)
                    # (the day a noun's own clause gives, "الاتفاق الذي عقد بالأمس",
                    # is that incident's, not the one the article tells on)
                    if (frame.date is not None and frame.date.date is not None
                            and frame.date.rule != ELAPSED_RULE
                            and OWN_CLAUSE_RULE not in frame.rules):
                        told_date = frame.date
        # (the time since an incident, "مرور يومين على الهجوم", dates only that incident)
        dated = [d for d in sf.dates if d.date is not None and d.precision <= 2
                 and d.rule != ELAPSED_RULE]
        if dated:
            para_date[sf.view.paragraph] = dated[-1]
        # (a report placed only at its governorate, "اعتقال 9 عناصر في دير الزور", is
        # continued by the next sentence that names no place, as a village would be)
        incident_places = [p for p in sf.places if not p.region and p.name] or [
            p for p, _ in region_told]
        if incident_places:
            last_places, last_view = incident_places[-1:], sf.view
            last_date = next((f.date for f in sf.frames if f.date is not None), None)
            history.extend((p, sf.view) for p in incident_places)
    t3 = clock() if clock else 0.0
    merged = merge_events(events, weak, retold)
    _complete_sides(merged, armed, lexicon)
    for e in merged:
        e.assign_id()
    analysis.events = merged
    if timings is not None and clock is not None:
        t4 = clock()
        for stage, seconds in (("text+matching", t1 - t0), ("frames", t2 - t1),
                               ("geo+coding", t3 - t2), ("merge", t4 - t3)):
            timings[stage] = timings.get(stage, 0.0) + seconds
    return analysis


def _dates_needed(doc: Document, reports: list[bool]) -> list[bool]:
    """Per sentence, whether its dates can reach an event: it has a trigger (or a bare
    toll's outcome word; ``reports``: which sentences have one), or a later sentence of
    its paragraph has one (a frame with no date of its own takes the last date of its
    paragraph)."""
    out = [False] * len(doc.sentences)
    paragraph, trigger_after = -1, False
    for k in range(len(doc.sentences) - 1, -1, -1):
        view = doc.sentences[k]
        if view.paragraph != paragraph:
            paragraph, trigger_after = view.paragraph, False
        trigger_after = trigger_after or reports[k]
        out[k] = trigger_after
    return out


def _has_dates(view: SentenceView) -> bool:
    return bool(view.of("dateword")) or "num" in map(_KIND, view.tokens)


def _writers_day(doc: Document, published: date, dated: list[bool] | None,
                 found: dict[int, list[DateMention]], earliest: bool = False) -> date:
    """The day the article was written: the page's date, unless the first "اليوم" the
    article says comes with a weekday the page's date is not ("تواصلت فجر اليوم الإثنين"
    on a page of Wednesday: updated or republished later than written); then every
    relative date of the article counts from that named day. ``dated``: the sentences
    whose dates are needed; ``found``: their dates, kept for reuse when the day stands;
    ``earliest``: ``published`` is a date the text tells, the earliest it was written)."""
    for k, view in enumerate(doc.sentences):
        if not (view.tokens and (dated is None or dated[k]) and _has_dates(view)):
            continue
        dates = found[k] = find_dates(view.tokens, published, earliest)
        for d in dates:
            if d.rule == TODAY_NAMED_RULE and d.date is not None:
                found.clear()  # resolved against the page's day: find them again
                return d.date
            if d.rule == "date.today":
                return published
    return published


def _may_report(view: SentenceView) -> bool:
    """Whether a sentence has a trigger word or a bare toll's outcome word."""
    return bool(view.of("trigger")) or TOLL_CUE in map(_ENTRY_ID, view.of("cue"))


# how many sentences after an anaphor with nothing before it may name its place
CATAPHOR_SENTENCES = 2
# fewer words than this make no sentence between an anaphor and its place: a photo
# credit "(GETTY)", a live-blog mark "* تحديث مستمر"
_SENTENCE_WORDS = 3
_WORD_KINDS = frozenset({"word", "latin"})  # (tokens.Token.kind)
# how far (tokens) a claimant named before its claim may stand ("داعش، منذ قليل، مسؤوليته")
CLAIM_BEFORE = 4
_ARMED = {"state", "rebel", "political_militia", "identity_militia", "external"}


_TERRITORIAL = ("Government regains territory", "Non-state actor overtakes territory")
# Developments between two sides: told with one, they take the other the article names
_TWO_SIDED = ("Agreement", "Non-violent transfer of territory")


def _armed_mentions(
    facts: list[SentenceFacts], lexicon: Lexicon, ctx: GeoContext
) -> list[tuple[SentenceFacts, ActorRef, Actor]]:
    """Every mention of an armed actor in the article, with the actor it names there."""
    out = []
    for sf in facts:
        for ref in sf.actors:
            actor = pick_actor(ref, lexicon, ctx.country)
            if actor is not None and actor.type in _ARMED:
                out.append((sf, ref, actor))
    return out


def _claimant(armed: list[tuple[SentenceFacts, ActorRef, Actor]]) -> Actor | None:
    """The actor a claim names: "تبنى تنظيم داعش التفجير" (after the claim, first), else
    "داعش يتبنى التفجير", "أعلن تنظيم داعش، منذ قليل، مسؤوليته عن" (before it)."""
    before: Actor | None = None
    for sf, ref, actor in armed:
        for c in sf.view.of("cue"):
            if c.entry_id != "cue.role.claim":
                continue
            if 0 <= ref.i - c.j <= 2:
                return actor
            if before is None and 0 <= c.i - ref.j <= CLAIM_BEFORE and not any(
                    0 <= other.i - c.j <= 2 for s2, other, _ in armed if s2 is sf):
                before = actor
    return before


def _complete_sides(
    events: list[Event], armed: list[tuple[SentenceFacts, ActorRef, Actor]], lexicon: Lexicon
) -> None:
    """A battle told with one side takes the other side the article names most.

    Reports often name the attacker in one sentence and the defender in the next
    ("سيطر التنظيم على القرية" after "معارك بين داعش والفصائل"). So do an agreement, a
    handover, and a strike on military positions ("استهدفت الهيئة مواقع في كفرنبل": the
    positions of the side the article is about).
    """
    counts = Counter(actor.id for _, _, actor in armed)
    claimant = _claimant(armed)
    if claimant is not None:
        for e in events:
            if unnamed_attacker(e.actor1) and e.event_type in ("Explosions/Remote violence",
                                              "Violence against civilians"):
                day = date.fromisoformat(e.event_date) if e.event_date else None
                e.actor1, e.inter1 = claimant.name_on(day, e.country), claimant.inter
                e.rules.append("role.agent.claim")
    ordered = sorted(events, key=lambda x: x.evidence[0].start if x.evidence else 0)
    for k, e in enumerate(ordered):
        # "كما تعرضت X لغارات": a strike told without its author continues the last one
        if e.event_type == "Explosions/Remote violence" and not e.actor1:
            prev = next((p for p in reversed(ordered[:k])
                         if p.sub_event_type == e.sub_event_type and p.actor1), None)
            if prev is not None:
                e.actor1, e.inter1 = prev.actor1, prev.inter1
                e.rules.append("role.agent.previous_event")
        elif e.sub_event_type in _TERRITORIAL and not e.actor1:
            # "استعادت البيشمركة ثماني قرى …" then "المعارك التي أدت إلى استعادة السيطرة
            # على زمار وربيعة": the places taken next are taken by the same side
            prev = next((p for p in reversed(ordered[:k]) if p.sub_event_type in _TERRITORIAL
                         and p.actor1 and p.actor1 != e.actor2), None)
            if prev is not None:
                e.actor1, e.inter1 = prev.actor1, prev.inter1
                e.rules.append("role.agent.previous_event")
    for e in events:
        if e.sub_event_type == "Armed clash" and e.actor2 and not e.actor1:
            # a clash has no order: the one side named is the first
            e.actor1, e.actor1_ar, e.inter1 = e.actor2, e.actor2_ar, e.inter2
            e.actor2 = e.actor2_ar = e.inter2 = None
        elif e.sub_event_type in _TERRITORIAL and e.actor2 and not e.actor1:
            # the place was taken from the side named: by the other side the article is
            # about most
            day = date.fromisoformat(e.event_date) if e.event_date else None
            taker = next((lexicon.actors[a] for a, _ in counts.most_common()
                          if lexicon.actors[a].name_on(day, e.country) != e.actor2), None)
            if taker is not None:
                e.actor1, e.inter1 = taker.name_on(day, e.country), taker.inter
                e.rules.append("role.agent.article")
        if e.actor2 or not (e.event_type == "Battles" or e.sub_event_type in _TWO_SIDED or (
                e.event_type == "Explosions/Remote violence" and e.actor1
                and "victims.military_target" in e.rules)):
            continue
        day = date.fromisoformat(e.event_date) if e.event_date else None
        if not e.actor1 and e.event_type == "Battles":
            # "دارت معارك بين الطرفين": the two sides the article is about
            top = [lexicon.actors[a] for a, _ in counts.most_common(2)]
            if len(top) < 2:
                continue
            e.actor1 = top[0].name_on(day, e.country)
            e.inter1 = top[0].inter
            e.rules.append("role.agent.article")
        if not e.actor1:
            continue
        for actor_id, _ in counts.most_common():
            actor = lexicon.actors[actor_id]
            name = actor.name_on(day, e.country)
            if name != e.actor1:
                coded = code_actor(actor, None, day, e.country)
                assert coded is not None
                e.actor2, e.inter2 = coded.name, coded.inter
                if e.inter1:
                    e.interaction = interaction_code(e.inter1, e.inter2)
                e.rules.append("role.patient.article")
                break
    for e in events:
        # an actor found after coding ("بعد أن سيطرت على ..." names no subject) decides
        # who took the place, as it does for a frame with its agent
        if e.sub_event_type in _TERRITORIAL and e.inter1:
            sub = ("Government regains territory" if e.inter1 in (1, 8)
                   else "Non-state actor overtakes territory")
            if sub != e.sub_event_type:
                e.sub_event_type = sub
                e.rules.append("type.from_final_actor")


def _drop_trailing_capitals(
    named: list[PlaceMention], gazetteer: Gazetteer, ctx: GeoContext
) -> list[PlaceMention]:
    """"سوق ضحيان في صعدة", "مخيم جنين بجنين": a governorate's name right after a place
    says where that place is; it is no second place of the incident."""
    if len(named) < 2:
        return named
    out = []
    for p in named:
        prev = [q for q in named if q is not p and q.name and 0 <= p.i - q.j <= 2]
        if prev and p.name and gazetteer.admin1(p.name, ctx.country) is not None:
            continue
        out.append(p)
    return out


def _distinct_places(kept: list[_Kept], tolls: dict[tuple[int, int], int]) -> list[_Kept]:
    """The resolved places of a frame, each once: the first mention is kept, and a toll
    given by place (``tolls``, changed in place) at a later mention moves to it."""
    first: dict[object, _Kept] = {}
    for item in kept:
        place, span, _ = item
        key = place.place_id or (place.location_ar, place.latitude, place.longitude)
        if key not in first:
            first[key] = item
            continue
        to = first[key][1]
        if span in tolls and to is not None:
            tolls[to] = tolls.get(to, 0) + tolls.pop(span)
    return list(first.values())


def _split_counts(
    frame: Frame, spans: list[tuple[int, int] | None]
) -> list[tuple[int | None, int | None, int | None]]:
    """Totals over several places are split evenly, the remainder to the first (§6),
    unless the sentence gave each place its own dead (``Frame.place_tolls``; ``spans``:
    where the frame's sentence names each place, None for a place told elsewhere)."""
    n = len(spans)

    def split(total: int | None) -> list[int | None]:
        if total is None:
            return [None] * n
        base, rest = divmod(total, n)
        return [base + (rest if k == 0 else 0) for k in range(n)]

    if frame.place_tolls and n > 1:
        dead = [frame.place_tolls.get(span, 0) if span else 0 for span in spans]
    else:
        dead = split(frame.fatalities)
    return list(zip(dead, split(frame.wounded), split(frame.captured), strict=True))


_QUOTES_RE = re.compile("[\"«»“”„‟'ـ#()]")
_URL_DATE_RE = re.compile(r"/(20\d\d|19\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[^\d])")


def _reference_date(article: Article, doc: Document) -> tuple[date | None, bool]:
    """For an undated article: the date in its URL (/2018/02/12/) or its dateline (a full
    date in its first sentences), against which "today" and weekdays are resolved; and
    whether it comes from the text, which dates an incident the writer may tell days
    later (then it is only the earliest day the text can have been written). A date
    further on is no anchor: the text may be written months after it ("نفذ الجيش في 24
    مارس 2018 عملية …" in a report of 2019), and its weekdays stay unresolved."""
    m = _URL_DATE_RE.search(article.url or "")
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])), False
        except ValueError:
            pass
    for view in doc.sentences[:3]:
        for d in find_dates(view.tokens, None):
            if d.date is not None and d.precision == 1 and not d.relative:
                return d.date, True  # a dateline
    return None, True


def _antecedent(
    anaphor: PlaceMention, history: list[tuple[PlaceMention, SentenceView]],
    sentence_places: list[PlaceMention], view: SentenceView,
) -> tuple[PlaceMention, SentenceView] | None:
    """The place an anaphoric place word (المدينة، البلدة) points back to."""
    here = [(p, view) for p in sentence_places
            if p.name and not p.region and p.j <= anaphor.i]
    candidates = history + here
    for p, v in reversed(candidates):
        if p.kind == anaphor.kind:
            return p, v
    return candidates[-1] if candidates else None


def _governorate_seat(
    p: PlaceMention, r: ResolvedPlace, gazetteer: Gazetteer, ctx: GeoContext,
) -> bool:
    """Whether ``p`` was read as a city from a bare name its governorate shares ("في
    إدلب"): the text may mean either."""
    if p.type_i is not None or p.kind is not None or r.geo_precision != 1:
        return False
    if (r.place_id or "").startswith(("adm", "country:")):
        return False
    unit = gazetteer.admin1(p.name, ctx.country)
    return unit is not None and r.admin1 == (unit.admin1 or unit.name)


def _next_sentences(facts: list[SentenceFacts], idx: int) -> list[SentenceFacts]:
    """The ``CATAPHOR_SENTENCES`` sentences after ``idx`` that have words enough to tell
    something."""
    out: list[SentenceFacts] = []
    for sf in islice(facts, idx + 1, None):
        if len(out) == CATAPHOR_SENTENCES:
            break
        if sum(k in _WORD_KINDS for k in map(_KIND, sf.view.tokens)) >= _SENTENCE_WORDS:
            out.append(sf)
    return out


def _cataphor(
    anaphor: PlaceMention, following: list[SentenceFacts],
) -> tuple[PlaceMention, SentenceView] | None:
    """"السيطرة على البلدة" opening a text whose start was cut: with nothing told before,
    the town is the first one of its kind the next sentences name."""
    for sf in following:
        for p in sf.places:
            if p.name and not p.region and p.kind == anaphor.kind:
                return p, sf.view
    return None


def _told_ahead(
    frame: Frame, following: list[SentenceFacts],
) -> list[tuple[PlaceMention, SentenceView]]:
    """The places of the first incident of the same kind the next sentences place."""
    for sf in following:
        for f in sf.frames:
            if f.family == frame.family:
                named = [(p, sf.view) for p in f.places if p.name and not p.region]
                if named:
                    return named
    return []


def _violent_cue(facts: list[SentenceFacts]) -> bool:
    """Whether the article names a weapon, or someone killed or wounded."""
    return any(c.entry_id.startswith(VIOLENCE_CUES) for sf in facts for c in sf.view.matches)


def _drop_reason(frame: Frame, published: date | None) -> str | None:
    if frame.modality in _NOT_EVENTS:
        return frame.modality
    if frame.modality == "attempted" and frame.family in _ATTEMPT_DROPS:
        return "attempted without a change of control"
    if frame.date is not None and (frame.date.precision or 0) > 3:
        return "date vaguer than a month"
    if frame.modality == "background" and (frame.date is None or frame.date.precision > 2):
        return "background without a day or week"
    d = frame.date
    if (d is not None and d.precision == 3 and d.window and published
            and d.window[1] < published - timedelta(days=7)):
        return "recalled incident dated only to a past month"
    if (frame.date is None or frame.date.date is None) and published is None:
        return "no date: no publication date and the text gives none"
    return None


def _geo_context(facts: list[SentenceFacts], gazetteer: Gazetteer) -> GeoContext:
    """The article's country and governorate, by vote of the places it names."""
    countries: Counter[str] = Counter()
    admin1s: Counter[str] = Counter()
    admin2s: Counter[str] = Counter()
    for sf in facts:
        for p in sf.places:
            if not p.name:
                continue
            if p.kind in ("admin2", "admin3"):  # "التابعة لمنطقة معرة النعمان"
                district = gazetteer.admin2(p.name)
                if district is not None:
                    admin2s[district.name] += 1
            unit = gazetteer.admin1(p.name) if p.region else None
            cands = [unit] if unit else gazetteer.lookup(p.name)[:1]
            for c in cands:
                countries[c.country] += 2 if p.region else 1
                if c.admin1 or c.kind == "admin1":
                    admin1s[c.admin1 or c.name] += 2 if p.region else 1
    country = countries.most_common(1)[0][0] if countries else None
    admin1 = admin1s.most_common(1)[0][0] if admin1s else None
    admin2 = admin2s.most_common(1)[0][0] if admin2s else None
    return GeoContext(country, admin1, admin2=admin2)


def _qualifier(sf: SentenceFacts, gazetteer: Gazetteer, ctx: GeoContext) -> Place | None:
    """The finest unit the sentence names to hold its places (district before governorate,
    then a city)."""
    for tier in range(3):
        for p in sf.places:
            unit = _unit_named(p, tier, gazetteer, ctx)
            if unit is not None:
                return unit
    return None


def _unit_named(
    p: PlaceMention, tier: int, gazetteer: Gazetteer, ctx: GeoContext,
) -> Place | None:
    """The unit a mention names, if it names one of this tier: 0 a district (منطقة،
    ناحية), 1 a governorate qualifier (ريف إدلب، جنوب حماة), 2 a city qualifier ("حي
    الدرج بمدينة غزة": the city named after the place holds it)."""
    if tier == 0:
        return gazetteer.admin2(p.name, ctx.country) if p.kind in ("admin2", "admin3") else None
    if not (p.region and p.name):
        return None
    if tier == 1:
        # "بمدينة الحسكة" names the city, not the governorate of the same name
        return gazetteer.admin1(p.name, ctx.country) if p.kind not in CITY_KINDS else None
    units = [c for c in gazetteer.lookup(p.core or p.name)
             if c.kind == "admin2" or c.kind in CITY_KINDS]
    if p.kind in CITY_KINDS:  # "بمدينة الحسكة": the city before its district
        units.sort(key=lambda c: c.kind not in CITY_KINDS)
    return units[0] if units else None


def _own_qualifier(
    p: PlaceMention, gazetteer: Gazetteer, ctx: GeoContext, sentence: Place | None,
) -> Place | None:
    """The unit that holds one place: the one named right after it ("منطقة الحمرا شرق
    حماة", "قرية X التابعة لمنطقة Y") when it lies in another governorate than the
    sentence's qualifier (a sentence may tell places of two governorates), else the
    sentence's own, which is at least as fine."""
    b = p.holder
    if b is None or not b.name:
        return sentence
    unit = next((u for tier in range(3) if (u := _unit_named(b, tier, gazetteer, ctx))), None)
    if unit is None or sentence is None:
        return unit or sentence
    same = (unit.admin1 or unit.name) == (sentence.admin1 or sentence.name)
    return sentence if same else unit


def _resolve(
    doc: Document, view: SentenceView, p: PlaceMention, gazetteer: Gazetteer, ctx: GeoContext,
    qualifier: Place | None,
) -> ResolvedPlace:
    start, end = view.tokens[p.i].start, view.tokens[p.j - 1].end
    s, e = doc.norm.to_original(start, end)
    written = " ".join(_QUOTES_RE.sub(" ", doc.article.text[s + p.lead:e]).split())
    query = PlaceQuery(p.name, p.kind, p.precision, p.near, p.region,
                       p.core if p.core != p.name else None)
    return resolve(query, written, gazetteer, ctx, _own_qualifier(p, gazetteer, ctx, qualifier))


def resolve_targets(
    doc: Document, sf: SentenceFacts, targets: list[tuple[PlaceMention, SentenceView]],
    gazetteer: Gazetteer, ctx: GeoContext, qualifier: Place | None,
) -> list[ResolvedPlace]:
    """Code the places of one report; names no gazetteer knows take the district of the
    places their sentence names beside them (:func:`settle_unknowns`)."""
    resolved = [_resolve(doc, v, p, gazetteer, ctx, qualifier) for p, v in targets]
    if all(r.rule not in UNKNOWN_RULES for r in resolved):
        return resolved
    told = {(p.i, p.j) for p, v in targets if v is sf.view}
    # the neighbours are read, not reported: they must not move the article's points
    aside = replace(ctx, points=list(ctx.points))
    neighbours = [_resolve(doc, sf.view, p, gazetteer, aside, qualifier) for p in sf.places
                  if p.name and not p.region and (p.i, p.j) not in told]
    return settle_unknowns(resolved, neighbours, gazetteer)


def _recent(told: DateMention | None, published: date | None) -> bool:
    """Whether ``told`` is a day of the publication's last two (its date or the day
    before), the days an undated report is taken to be of."""
    return (told is not None and told.date is not None and published is not None
            and published - timedelta(days=1) <= told.date <= published)


def _written(doc: Document, view: SentenceView, ref: ActorRef | None) -> str | None:
    return None if ref is None else _span_written(doc, view, ref.i, ref.j)


def _victims_written(doc: Document, view: SentenceView, frame: Frame) -> str | None:
    k = frame.civilian_noun
    return None if k is None else _span_written(doc, view, k, k + 1)


def _span_written(doc: Document, view: SentenceView, i: int, j: int) -> str:
    """Tokens ``[i, j)`` of a sentence as the original text writes them."""
    return doc.norm.original_span(view.tokens[i].start, view.tokens[j - 1].end)


def _evidence(doc: Document, sf: SentenceFacts, frame: Frame,
              places: list[PlaceMention]) -> Evidence:
    """The sentence that reports ``frame``, with the words read there marked."""
    view = sf.view
    s, e = doc.norm.to_original(view.sentence.start, view.sentence.end)
    # (kind, first token, end token, characters of proclitics to leave unmarked)
    spans = [("trigger", frame.trigger.i, frame.trigger.j, 0)]
    spans += [("actor", ref.i, ref.j, 0) for ref in (frame.agent, frame.patient)
              if ref is not None]
    spans += [("place", p.i, p.j, p.lead) for p in places]
    spans += [("number", q.start, q.end, 0) for q in sf.quantities]
    if frame.date is not None and any(d is frame.date for d in sf.dates):
        spans.append(("date", frame.date.start, frame.date.end, 0))
    marks = []
    for kind, i, j, lead in spans:
        if 0 <= i < j <= len(view.tokens):
            ms, me = doc.norm.to_original(view.tokens[i].start, view.tokens[j - 1].end)
            if s <= ms + lead < me <= e:
                marks.append((kind, ms + lead - s, me - s))
    # by position, then kind: two marks on one span (a trigger that is also a number)
    # keep one order from run to run
    return Evidence(doc.article.text[s:e], s, e,
                    tuple(sorted(set(marks), key=lambda m: (m[1], m[2], m[0]))))
