"""Typed lexicon entries, as loaded and validated from the YAML data files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ACTOR_TYPES = {
    "state": 1,
    "rebel": 2,
    "political_militia": 3,
    "identity_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external": 8,
}

EVENT_TYPES = {
    "Battles": (
        "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb",
        "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}
EVENT_TYPE_OF = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}

TRIGGER_FAMILIES = {
    "strike", "clash", "territory", "transfer", "attack", "capture", "arrest", "abduction",
    "protest", "riot", "agreement", "looting", "disrupt",
}


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor: canonical ACLED-style name(s), type, home country, Arabic aliases."""

    id: str
    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...]
    names_by_date: tuple[tuple[date | None, date | None, str], ...] = ()
    generic: bool = False
    only_in: tuple[str, ...] = ()
    member_nouns: tuple[str, ...] = ()
    strikes_from: str | None = None  # "air": its untyped remote attacks are air strikes

    def name_on(self, day: date | None, country: str | None) -> str:
        """The canonical name on ``day`` in ``country`` (dated names, country templates)."""
        name = self.name
        if day is not None:
            for start, end, dated in self.names_by_date:
                if (start is None or day >= start) and (end is None or day <= end):
                    name = dated
                    break
        if self.generic:
            name = name.replace("{country}", country or "Unknown")
        return name

    @property
    def inter(self) -> int:
        return ACTOR_TYPES[self.type]


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word that reports an incident, with its default sub-event type and family."""

    id: str
    sub_event_type: str
    family: str
    needs: str | None = None
    retype: bool = False
    weak: bool = False
    ambiguous: bool = False
    yields: bool = False
    kills: bool = False  # the people it is done to die (أعدم، اغتال، صفى): they count as killed
    # its subject gives itself up (سلموا أنفسهم، استسلم): the side it surrenders to
    # ("إلى هيئة تحرير الشام", "للقوات") is the agent, the subject the patient
    surrender: bool = False

    @property
    def event_type(self) -> str:
        return EVENT_TYPE_OF[self.sub_event_type]


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue word of some group (instrument, outcome, modality, preposition …)."""

    id: str
    group: str
    value: str


@dataclass(frozen=True, slots=True)
class PlaceType:
    """A place-type word (قرية، بلدة، ريف …)."""

    id: str
    kind: str
    precision: int
    plural: bool = False
    region: bool = False
    keep: bool = False
    weak: bool = False
    building: bool = False


@dataclass(frozen=True, slots=True)
class Demonym:
    """A country name or nationality adjective standing for that state's forces."""

    id: str
    actor: str


@dataclass(slots=True)
class LexiconStats:
    """Sizes of a compiled lexicon, for `rasad explain` and the benchmark."""

    entries: dict[str, int] = field(default_factory=dict)
    keys: int = 0
