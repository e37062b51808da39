"""ACLED coding of a frame: types, actor names and inter codes, place, date, numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rasad.extract.frames import TOLL, ActorRef, Frame
from rasad.geo.resolve import ResolvedPlace
from rasad.lexicon.loader import Lexicon
from rasad.lexicon.model import ACTOR_TYPES, EVENT_TYPE_OF, Actor
from rasad.model import Event, Evidence

DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
ISO = {
    "Syria": 760, "Iraq": 368, "Yemen": 887, "Libya": 434, "Lebanon": 422, "Palestine": 275,
    "Israel": 376, "Sudan": 729, "Somalia": 706, "Jordan": 400, "Turkey": 792, "Egypt": 818,
    "Iran": 364, "Saudi Arabia": 682,
}
_VIOLENT = frozenset({"strike", "attack", "clash", "capture", "territory"})
_SIDES_ONLY = frozenset({"clash", "capture", "territory", "transfer", "agreement"})
_UNCLAIMED = frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Attack"})


@dataclass(frozen=True, slots=True)
class CodedActor:
    actor: Actor
    name: str
    written: str | None
    inter: int


def pick_actor(ref: ActorRef, lexicon: Lexicon, country: str | None) -> Actor | None:
    """The lexicon actor a mention names, honouring `only_in` country restrictions."""
    actors: list[Actor] = []
    for aid in ref.ids:
        if aid in lexicon.demonyms:
            name = lexicon.demonyms[aid].actor
            actors.extend(lexicon.actors_by_name.get(name, ()))
        elif aid in lexicon.actors:
            actors.append(lexicon.actors[aid])
    if not actors:
        return None
    here = [a for a in actors if country and country in a.only_in]
    anywhere = [a for a in actors if not a.only_in]
    if country:
        # an alias restricted to other countries (الميليشيات = the PMF in Iraq) names
        # nobody here
        return (here or anywhere or [None])[0]
    return (anywhere or actors)[0]


def _home_country(frame: Frame, lexicon: Lexicon) -> str | None:
    """The one country the frame's named sides belong to, when every reading of a side
    has that country and no side names another."""
    found: set[str] = set()
    for ref in (frame.agent, frame.patient):
        if ref is None:
            continue
        homes = set()
        for aid in ref.ids:
            actor = lexicon.actors.get(aid)
            if actor is None or not (actor.country or len(actor.only_in) == 1):
                homes.add(None)
            else:
                homes.add(actor.country or actor.only_in[0])
        if len(homes) == 1 and None not in homes:
            found |= homes
    return found.pop() if len(found) == 1 else None


def generic_actor(lexicon: Lexicon, actor_type: str) -> Actor | None:
    """The country-templated actor of a type (Civilians ({country}), Protesters …)."""
    return lexicon.generic_actors.get(actor_type)


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED's interaction code of two sides: the two inter codes, lower first (13, 28)."""
    return int(f"{min(inter1, inter2)}{max(inter1, inter2)}")


def code_actor(
    actor: Actor | None, written: str | None, day: date | None, country: str | None
) -> CodedActor | None:
    if actor is None:
        return None
    inter = ACTOR_TYPES[actor.type]
    if actor.type == "state" and actor.country and country and actor.country != country:
        inter = 8
    return CodedActor(actor, actor.name_on(day, country), written, inter)


def sub_event_type(frame: Frame, a1: Actor | None, a2: Actor | None) -> str:
    """The frame's sub-event type once its actors are known."""
    sub = frame.sub_event_type
    if frame.family == "territory":
        return "Government regains territory" if a1 and a1.type == "state" else (
            "Non-state actor overtakes territory")
    if frame.family == "abduction" and frame.armed_victims and (frame.captured or 0) >= 2:
        # "اقتحموا المخفر واختطفوا تسعة عناصر": a group of armed men taken is captured in
        # a fight (violence against civilians is for civilians); one officer snatched
        # ("اختطاف العقيد") stays an abduction
        return "Armed clash"
    if frame.family == "attack" and sub in ("Attack", "Armed clash"):
        if a2 is not None and a2.type in ("civilians", "protesters"):
            return "Attack"
        if a2 is not None or frame.armed_victims:
            return "Armed clash"
    return sub


def make_event(
    frame: Frame, *, article_id: str, lexicon: Lexicon, place: ResolvedPlace,
    published: date | None, agent_written: str | None, patient_written: str | None,
    victims_written: str | None,
    evidence: Evidence, source: str | None, source_url: str | None,
    counts: tuple[int | None, int | None, int | None] | None = None,
) -> Event | None:
    """ACLED-code one frame at one place; None when it cannot be an event.

    ``victims_written`` is the noun that named civilian victims ("مدنيين"): the Arabic
    of the civilians coded as actor2 when the sentence names no target.
    """
    country = place.country
    # a place the gazetteer does not hold: a side of one country tells which branch of a
    # group of many countries the other is ("لقوات سوريا الديمقراطية" + تنظيم داعش)
    sides = country or _home_country(frame, lexicon)
    day, window, precision = _when(frame, published)
    agent = pick_actor(frame.agent, lexicon, sides) if frame.agent else None
    patient = pick_actor(frame.patient, lexicon, sides) if frame.patient else None
    if agent is not None and agent.type in ("civilians",) and frame.family in _VIOLENT:
        agent, patient = (patient if patient and patient.type != "civilians" else None), agent
        agent_written, patient_written = patient_written, agent_written
    if frame.family == "protest":
        # what protesters demand (إسقاط النظام) is no side: a peaceful protest has one actor
        if agent is None or agent.type != "protesters":
            agent, agent_written = generic_actor(lexicon, "protesters"), None
        patient = patient_written = None
    if frame.family == "riot" and (agent is None or agent.generic
                                   or agent.name.startswith(UNIDENTIFIED)):
        # a mob is coded as rioters (ACLED): "عصيان في السجن" names no one, and "إرهابيين"
        # or "مسلحين" in a riot are the crowd, not an armed group's operation
        agent, agent_written = generic_actor(lexicon, "rioters"), None
    if patient is None and frame.civilian_victims and frame.family in ("strike", "attack"):
        patient, patient_written = generic_actor(lexicon, "civilians"), victims_written
    if patient is not None and patient.type == "civilians" and frame.family in _SIDES_ONLY:
        patient, patient_written = None, None  # civilians take no territory, fight no clash
    if agent is None and frame.sub_event_type in _UNCLAIMED and country:
        # a bomb or a killing nobody is named for: ACLED's unidentified armed group
        agent, agent_written = generic_actor(lexicon, "political_militia"), None
    if frame.family == TOLL:
        agent = patient = agent_written = patient_written = None  # a count names no side
    sub = sub_event_type(frame, agent, patient)
    if (frame.generic and sub == "Shelling/artillery/missile attack" and agent is not None
            and agent.strikes_from == "air"):
        sub = "Air/drone strike"  # "استهدف الاحتلال مدرسة": no weapon named, an air force
    event_type = EVENT_TYPE_OF[sub]
    a1 = code_actor(agent, agent_written, day, sides)
    a2 = code_actor(patient, patient_written, day, sides)
    if a1 and a2 and a1.name == a2.name:
        a2 = None
    inter1, inter2 = (a1.inter if a1 else None), (a2.inter if a2 else None)
    if inter1 and inter2:
        interaction: int | None = interaction_code(inter1, inter2)
    else:
        interaction = (inter1 or inter2 or 0) * 10 or None
    event = Event(
        article_id=article_id,
        event_date=day.isoformat() if day else None,
        date_window=[w.isoformat() for w in window] if window else None,
        time_precision=precision,
        disorder_type=DISORDER[event_type],
        event_type=event_type,
        sub_event_type=sub,
        actor1=a1.name if a1 else None,
        actor1_ar=a1.written if a1 else None,
        inter1=inter1,
        actor2=a2.name if a2 else None,
        actor2_ar=a2.written if a2 else None,
        inter2=inter2,
        interaction=interaction,
        civilian_targeting="Civilian targeting" if a2 and a2.actor.type == "civilians" else None,
        country=country,
        iso=ISO.get(country or ""),
        location=place.location,
        location_ar=place.location_ar,
        admin1=place.admin1,
        admin2=place.admin2,
        latitude=place.latitude,
        longitude=place.longitude,
        geo_precision=place.geo_precision,
        fatalities=(counts[0] if counts else frame.fatalities) or 0,
        captured=counts[2] if counts else frame.captured,
        wounded=counts[1] if counts else frame.wounded,
        source=source,
        source_url=source_url,
        evidence=[evidence],
        rules=[*frame.rules, place.rule],
    )
    if frame.date is None or frame.date.date is None:
        event.rules.append(UNDATED_RULE)
    return event


_Days = tuple[date, date] | None
# the coded name's prefix of an attacker told only as unknown ("مجهولون"), any country
UNIDENTIFIED = "Unidentified Armed Group"


def unnamed_attacker(name: str | None) -> bool:
    """Whether an event's actor names no one: none told, or only "unknown gunmen" (an
    Unidentified Armed Group), who may be the group another report names."""
    return not name or name.startswith(UNIDENTIFIED)


# an incident the text gives no date of: coded to the publication day (or the day
# before), until a retelling in the article dates it
UNDATED_RULE = "date.published"


def _when(frame: Frame, published: date | None) -> tuple[date | None, _Days, int | None]:
    d = frame.date
    if d is not None and d.date is not None:
        return d.date, d.window, d.precision
    if published is None:
        return None, None, None
    return published, (published - timedelta(days=1), published), 1
