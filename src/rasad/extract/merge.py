"""Within-article merge (GUIDELINES §1): one event per sub-type × place × date × actors.

The same incident told twice (title, lead, body), fighting and a change of control at
the same place and day, and a toll given in a later sentence all end as one event.
"""

from __future__ import annotations

from functools import lru_cache

from rasad.extract.coding import UNDATED_RULE, interaction_code, unnamed_attacker
from rasad.extract.frames import IMPLEMENTED_RULE, PART, bare_rule
from rasad.geo.resolve import REGION_RULE
from rasad.model import Event, event_window
from rasad.text.normalize import normalize_key
from rasad.text.numbers import lowest

# the rule an event placed at a city that shares its governorate's bare name carries
SEAT_RULE = "geo.governorate_seat"
# When two sub-types of one incident meet, the more telling one names the event.
_RANK = {
    "Non-state actor overtakes territory": 3,
    "Government regains territory": 3,
    "Non-violent transfer of territory": 2,
    "Armed clash": 1,
}


def _place_key(e: Event) -> str:
    # "ريف إدلب" (the governorate) and "مدينة إدلب" (the city) share a name, not a place
    region = "|region" if e.geo_precision == 3 else ""
    return _key(e.location_ar or e.location or "") + region


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return normalize_key(name).removeprefix("ال")


def _actors_fit(a: Event, b: Event) -> bool:
    if a.event_type == "Battles":
        sa = {x for x in (a.actor1, a.actor2) if x}
        sb = {x for x in (b.actor1, b.actor2) if x}
        return sa <= sb or sb <= sa
    # ("مجهولون" in one report may be the group another names)
    return (unnamed_attacker(a.actor1) or unnamed_attacker(b.actor1)
            or a.actor1 == b.actor1) and (
        not a.actor2 or not b.actor2 or a.actor2 == b.actor2
        or _inferred_target(a) or _inferred_target(b)
    )


def _inferred_target(e: Event) -> bool:
    """Whether ``e``'s actor2 was inferred, not read: civilians from the victims ("مقتل 6
    أشخاص") when no target is named. Another report of the incident that names the target
    (the IRGC officers the strike killed) tells no other incident: it says more."""
    return e.actor2_ar is None and e.civilian_targeting is not None


_TRANSFER = "Non-violent transfer of territory"
_TAKEN = frozenset({_TRANSFER, "Government regains territory",
                    "Non-state actor overtakes territory"})


def _control_change(a: Event, b: Event) -> bool:
    """A place that changed hands told as taken and, elsewhere, as handed over without
    fighting ("استعادت القوات السيطرة على المدينة … بعد انسحاب الدعم السريع دون مواجهة")."""
    return {a.sub_event_type, b.sub_event_type} <= _TAKEN and _TRANSFER in (
        a.sub_event_type, b.sub_event_type)


def _same_incident(a: Event, b: Event, weak: bool) -> bool:
    if _place_key(a) != _place_key(b) or a.event_date != b.event_date:
        return False
    if weak:
        return True
    if a.event_type != b.event_type and not _control_change(a, b):
        return False
    if a.sub_event_type != b.sub_event_type and not (
        a.sub_event_type in _RANK and b.sub_event_type in _RANK
    ):
        return False
    return _actors_fit(a, b)


def merge_events(events: list[Event], weak: set[int], retold: set[int]) -> list[Event]:
    """Merge events that report one incident.

    ``weak`` holds the indexes of events that may join an event of another type at the
    same place and date (a sentence that names no place of its own, a retelling);
    ``retold`` those of them that are dropped when they join nothing (a headline, a noun
    with the article that refers back: they retell, they do not report).
    """
    out: list[Event] = []
    for idx, e in enumerate(events):
        if idx in weak:
            continue
        target = next((o for o in out if _same_incident(o, e, False)), None)
        if target is None:
            out.append(e)
        else:
            _absorb(target, e)
    if not out and weak:
        # Nothing was reported outright ("وقتل 11 شخصا جراء تفجير انتحاري" names no place;
        # "التفجير الانتحاري الذي هز منبج" recalls it): the article's main incident is the
        # one its retellings agree on most (a bare toll is no incident, nor an agreement
        # only carried out: "بدأ تنفيذ بنود الاتفاق" was agreed another day)
        told = [events[i] for i in sorted(weak)
                if not _is_toll(events[i]) and IMPLEMENTED_RULE not in events[i].rules]
        if not told:
            return []
        tolls = [events[i] for i in sorted(weak) if _is_toll(events[i])]
        main = _main_incident(told)
        for t in tolls:
            target = _antecedent(main, t)
            if target is not None:
                _absorb(target, t)
        return main
    kept_weak: list[Event] = []
    for idx in sorted(weak):
        e = events[idx]
        if _is_toll(e):
            # a toll counts the dead of one incident: of the only one the article tells,
            # else of none (a place and a date may hold several, or a whole campaign)
            target = _antecedent(out, e)
        else:
            # of the incidents at its place and day, one that shares a side with it (the
            # drone a brigade downed joins the fight the brigade tells, not the strike),
            # else one of its own type (a taking joins the fighting, not a killing)
            at = [o for o in out if _same_incident(o, e, True)]
            target = next((o for o in out if _same_incident(o, e, False)), None) or next(
                (o for o in at if _shares_side(o, e)), None) or next(
                (o for o in at if o.event_type == e.event_type), None) or next(iter(at), None)
            if target is None and idx in retold:
                target = _antecedent(out, e)
                if target is not None and _other_victims_elsewhere(target, e):
                    # "قتل قياديان في الهيئة بقصف في جبل الزاوية … وتركز القصف على بلدة
                    # إبلين التي شهدت مقتل 8 مدنيين": other dead at another place are
                    # another strike of the same shelling
                    kept_weak.append(e)
                    continue
                if target is not None and _broad(target) and _finer_inside(e, target):
                    # "قصفت … في دمشق" then "الغارة على المقر في حي المزة بدمشق": the
                    # retelling places the incident finer
                    _take_place(target, e)
        if target is not None:
            _absorb(target, e)
        elif idx not in retold:
            kept_weak.append(e)
    return _fold_regions(out + kept_weak)


def _shares_side(a: Event, b: Event) -> bool:
    """Whether two events name one actor in common."""
    return bool({a.actor1, a.actor2} & {b.actor1, b.actor2} - {None})


def _same_sentence(a: Event, b: Event) -> bool:
    spans = {(ev.start, ev.end) for ev in a.evidence}
    return any((ev.start, ev.end) in spans for ev in b.evidence)


def _other_victims_elsewhere(told: Event, e: Event) -> bool:
    """Whether retelling ``e`` names dead of another side than ``told`` at another town
    of its governorate (not at the governorate or its seat, which may hold ``told``)."""
    return (bool(e.fatalities) and e.actor2 is not None
            and told.actor2 is not None and e.actor2 != told.actor2
            and e.location_ar != told.location_ar and not _broad(e)
            and REGION_RULE not in e.rules and e.admin1 == told.admin1)


def _antecedent(events: list[Event], e: Event) -> Event | None:
    """The one incident a retelling elsewhere refers back to ("الانفجار" after the
    explosion was told): the only reported event of its type whose dates meet its own (of
    any type for a bare toll, "ارتفع عدد القتلى إلى 100").

    The retelling may place it differently (the road for the town, the district for the
    village) and still carries the toll; with two candidates the reference is unclear and
    it joins neither.
    """
    # (not across governorates: the reprisal on Aleppo's fronts does not retell the
    # shelling of a town of Idlib)
    found = [o for o in events if (_is_toll(e) or o.event_type == e.event_type)
             and _dates_meet(o, e) and not (o.admin1 and e.admin1 and o.admin1 != e.admin1)]
    return found[0] if len(found) == 1 else None


def _is_toll(e: Event) -> bool:
    return "toll.sentence" in e.rules


def _dates_meet(a: Event, b: Event) -> bool:
    wa, wb = event_window(a), event_window(b)
    if wa is None or wb is None:
        return wa is wb
    return wa.meets(wb)


def _main_incident(events: list[Event]) -> list[Event]:
    """The incident most of the retellings agree on (support: the sentences that tell
    it, not the words: one sentence may name it three times); retellings of the same
    place and day that name its sides differently are the same incident."""
    groups: list[Event] = []
    support: dict[int, set[int]] = {}
    for e in events:
        target = next((g for g in groups if _same_incident(g, e, False)), None)
        sentences = {ev.start for ev in e.evidence}
        if target is None:
            groups.append(e)
            support[id(e)] = sentences
        else:
            _absorb(target, e)
            support[id(target)] |= sentences
    located = [g for g in groups if g.geo_precision != 3] or groups
    best = max(located, key=lambda g: (len(support[id(g)]), -groups.index(g)))
    for g in groups:
        # (a retelling placed only at the governorate the incident lies in is of it too)
        if g is not best and (_same_incident(best, g, True) or (
                _broad(g) and _finer_inside(best, g) and g.event_type == best.event_type
                and _dates_meet(best, g))):
            _absorb(best, g)
    best.rules.append("incident.main_retold")
    return [best]


def _fold_regions(events: list[Event]) -> list[Event]:
    """An event placed only at a governorate joins an event of the same incident placed
    finer inside that governorate (a lead says "in Idlib", the body names the village).
    So does one placed at a city whose bare name is also its governorate's ("في إدلب",
    SEAT_RULE) when the article places the same incident finer, and one placed at a town
    when the article places it at a site named after that town ("مخيم جنين")."""
    fine = [e for e in events if e.geo_precision != 3]
    kept = list(fine)
    for e in events:
        broad = _broad(e)
        target = next(
            (f for f in fine if f is not e
             and (_finer_inside(f, e) if broad else
                  _named_after(f, e) and f.sub_event_type == e.sub_event_type)
             and f.event_type == e.event_type
             and f.event_date == e.event_date and _actors_fit(f, e)),
            None,
        )
        if target is None:
            if e.geo_precision == 3:
                kept.append(e)  # (a place finer than a governorate is in `kept` already)
            continue
        kept = [k for k in kept if k is not e]
        _absorb(target, e)
    order = {id(e): i for i, e in enumerate(events)}
    kept.sort(key=lambda e: order[id(e)])
    return kept


def _named_after(fine: Event, town: Event) -> bool:
    """Whether ``fine`` is a site named after the town ``town`` is placed at ("مخيم جنين"
    and "جنين", "مطار حلب" and "حلب"): the same incident told at the town and at its
    site is the site's."""
    site, name = _key(fine.location_ar or ""), _key(town.location_ar or "")
    return (bool(name) and site != name and site.endswith(" " + name)
            and fine.admin1 == town.admin1)


def _broad(e: Event) -> bool:
    """Placed at a governorate, or at a city read from its governorate's bare name."""
    return e.geo_precision == 3 or SEAT_RULE in e.rules


def _finer_inside(fine: Event, broad: Event) -> bool:
    """Whether ``fine`` may place finer the incident ``broad`` places in its governorate
    (a governorate may fold into its seat; a seat only into a finer place)."""
    return (fine.geo_precision != 3 and (broad.geo_precision == 3 or not _broad(fine))
            and bool(fine.admin1) and fine.admin1 == broad.admin1)


def _take_place(into: Event, other: Event) -> None:
    for attr in ("country", "iso", "location", "location_ar", "admin1", "admin2",
                 "latitude", "longitude", "geo_precision"):
        setattr(into, attr, getattr(other, attr))
    if SEAT_RULE in into.rules:
        into.rules.remove(SEAT_RULE)


def _absorb(into: Event, other: Event) -> None:
    if other.sub_event_type == _TRANSFER and _control_change(into, other):
        # "without fighting" is said of one taking: the whole change of hands was one
        into.event_type, into.sub_event_type = other.event_type, other.sub_event_type
        into.disorder_type = other.disorder_type
    if (UNDATED_RULE in into.rules and UNDATED_RULE not in other.rules
            and other.event_date and _dates_meet(into, other)
            and not _same_sentence(into, other)):
        # "قتل المتحدث … خلال ضربة" then "وجاءت ضربات الجيش صباح أمس": a later sentence
        # dates the incident (within one, "بعد مرور يوم على الهجوم، شنت …" dates another)
        into.event_date, into.date_window = other.event_date, other.date_window
        into.time_precision = other.time_precision
        into.rules.remove(UNDATED_RULE)
    if other.event_type == into.event_type and (
        _RANK.get(other.sub_event_type, 0) > _RANK.get(into.sub_event_type, 0)
    ):
        into.sub_event_type = other.sub_event_type
        into.actor1, into.actor1_ar, into.inter1 = other.actor1, other.actor1_ar, other.inter1
        if other.actor2:
            into.actor2, into.actor2_ar, into.inter2 = other.actor2, other.actor2_ar, other.inter2
        into.interaction = other.interaction
    if into.actor2 and into.actor2 == into.actor1:
        into.actor2 = into.actor2_ar = into.inter2 = None
    if (into.event_type == "Battles" and not into.actor2 and other.actor1 and other.actor2
            and into.actor1 in (other.actor1, other.actor2)):
        # one report names one side, the other both: the other side joins as actor2
        if other.actor1 == into.actor1:
            into.actor2, into.actor2_ar, into.inter2 = other.actor2, other.actor2_ar, other.inter2
        else:
            into.actor2, into.actor2_ar, into.inter2 = other.actor1, other.actor1_ar, other.inter1
    if not into.actor1 and other.actor1:
        into.actor1, into.actor1_ar, into.inter1 = other.actor1, other.actor1_ar, other.inter1
    if ((not into.actor2 or (_inferred_target(into) and other.actor2_ar))
            and other.actor2 and other.actor2 != into.actor1
            # civilians take no territory and fight no clash (a killing retold in the
            # report of a takeover keeps its toll, not its victims as the other side)
            and not (into.event_type == "Battles" and other.civilian_targeting)):
        into.actor2, into.actor2_ar, into.inter2 = other.actor2, other.actor2_ar, other.inter2
        into.civilian_targeting = other.civilian_targeting
    if into.actor2 and into.actor2 == into.actor1:
        # the side one report names as the actor another named as the one acted upon
        into.actor2 = into.actor2_ar = into.inter2 = None
    # Conflicting figures: the lowest (GUIDELINES §6); a toll update replaces the figure.
    updated = "count.update" in other.rules and "count.update" not in into.rules
    # which flags (vague figure, part of a toll) still hold for the figures kept
    flags_now: dict[str, bool] = {}
    for attr in ("fatalities", "captured", "wounded"):
        mine, theirs = getattr(into, attr), getattr(other, attr)
        if attr == "fatalities":
            mine, theirs = mine or None, theirs or None
        vague = f"count.vague:{attr}"
        mine_vague, theirs_vague = vague in into.rules, vague in other.rules
        mine_part, theirs_part = PART in into.rules, PART in other.rules
        both = mine is not None and theirs is not None
        bare = bare_rule(attr)
        mine_bare, theirs_bare = bare in into.rules, bare in other.rules
        if both and mine_bare != theirs_bare:
            # "سقط قتلى" and "عشرات القتلى": any figure says more than the bare plural
            value, mine_kept = (theirs, False) if mine_bare else (mine, True)
        elif both and mine_vague != theirs_vague:
            # an exact figure beats "dozens" whichever came first
            value, mine_kept = (theirs, False) if mine_vague else (mine, True)
        elif attr == "fatalities" and both and mine_part != theirs_part:
            # "مقتل 10 أشخاص" and "مقتل عنصرين أميركيين": the soldiers are among the ten
            value, mine_kept = (theirs, False) if mine_part else (mine, True)
        else:
            value = _pick(mine, theirs, updated)
            mine_kept = value is not None and value == mine
        if value is not None:
            flags_now[vague] = mine_vague if mine_kept else theirs_vague
            if attr == "fatalities":
                flags_now[PART] = mine_part if mine_kept else theirs_part
            flags_now[bare] = mine_bare if mine_kept else theirs_bare
        setattr(into, attr, value if value is not None or attr != "fatalities" else 0)
    if into.geo_precision and other.geo_precision and other.geo_precision < into.geo_precision:
        into.geo_precision = other.geo_precision
    for ev in other.evidence:
        if all(ev.start != x.start for x in into.evidence):
            into.evidence.append(ev)
    into.evidence.sort(key=lambda x: x.start)
    # (how the other report's place was read says nothing of the place kept)
    into.rules.extend(r for r in other.rules if r not in into.rules and r != SEAT_RULE)
    into.rules[:] = [r for r in into.rules if flags_now.get(r, True)]
    if into.inter1 and into.inter2:
        into.interaction = interaction_code(into.inter1, into.inter2)


def _pick(a: int | None, b: int | None, b_updates: bool) -> int | None:
    return b if b_updates and b is not None else lowest((a, b))
