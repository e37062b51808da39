"""The records rasad reads and writes: articles in, events out."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: the unit of input."""

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """A stretch of the article text that reports an event, with offsets into it.

    ``marks`` are the words the extractor read there, as ``(kind, start, end)`` with
    offsets into ``text``; kind is ``trigger``, ``actor``, ``place``, ``number`` or
    ``date``. They let a reader see at once why the event was coded as it was.
    """

    text: str
    start: int
    end: int
    marks: tuple[tuple[str, int, int], ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        """The evidence in a JSON record (``to_dict`` output; ``marks`` may be absent)."""
        marks = tuple((str(k), int(a), int(b)) for k, a, b in d.get("marks") or ())
        return cls(d["text"], int(d["start"]), int(d["end"]), marks)

    def to_dict(self) -> dict[str, Any]:
        """The evidence as a JSON-ready dict."""
        return {"text": self.text, "start": self.start, "end": self.end,
                "marks": [list(m) for m in self.marks]}


@dataclass(slots=True)
class Event:
    """An ACLED-style event, with the evidence and the rules that produced it."""

    article_id: str
    event_date: str | None
    date_window: list[str] | None
    time_precision: int | None
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor1_ar: str | None
    inter1: int | None
    actor2: str | None
    actor2_ar: str | None
    inter2: int | None
    interaction: int | None
    civilian_targeting: str | None
    country: str | None
    iso: int | None
    location: str | None
    location_ar: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int
    captured: int | None
    wounded: int | None
    source: str | None
    source_url: str | None
    evidence: list[Evidence] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    event_id: str = ""

    def assign_id(self) -> None:
        """Give the event a stable id from what identifies it (article, type, place, date)."""
        key = "|".join(
            str(x)
            for x in (
                self.article_id, self.sub_event_type, self.location_ar or self.location,
                self.event_date, self.actor1, self.actor2,
                self.evidence[0].start if self.evidence else "",
            )
        )
        self.event_id = "rsd-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The event as a JSON-ready dict (the JSONL output format)."""
        d = asdict(self)
        d["evidence"] = [e.to_dict() for e in self.evidence]
        return d


@dataclass(frozen=True, slots=True)
class Window:
    """The first and last day an event may have happened on."""

    lo: date
    hi: date

    def meets(self, other: Window, slack: int = 0) -> bool:
        """Whether the two windows overlap once each is widened by ``slack`` days."""
        d = timedelta(days=slack)
        return self.lo - d <= other.hi and other.lo - d <= self.hi


def event_window(ev: Event) -> Window | None:
    """The days the event may have happened on, or None without a date."""
    w = ev.date_window
    try:
        if w and len(w) == 2 and w[0] and w[1]:
            return Window(date.fromisoformat(w[0]), date.fromisoformat(w[1]))
        if ev.event_date:
            d = date.fromisoformat(ev.event_date[:10])
            return Window(d, d)
    except ValueError:
        return None
    return None
