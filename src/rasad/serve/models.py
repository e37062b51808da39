"""The shapes the HTTP API answers with (they make its OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class EventSummary(BaseModel):
    """A fused event as lists and the map show it."""

    id: str = Field(description="Fused event id (rsd-…)")
    event_date: str | None
    time_precision: int | None
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor1_ar: str | None
    actor2: str | None
    actor2_ar: str | None
    interaction: int | None
    civilian_targeting: str | None
    country: str | None
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
    n_sources: int = Field(description="Articles that report the incident")


class EventPage(BaseModel):
    """One page of matching events, newest first."""

    total: int = Field(description="Events matching the filters, on every page")
    limit: int
    offset: int
    events: list[EventSummary]


class EvidenceItem(BaseModel):
    """A sentence of an article that reports the event, with the words read there."""

    text: str
    start: int = Field(description="Offset of the sentence in the article text")
    end: int
    marks: list[tuple[str, int, int]] = Field(
        default_factory=list,
        description="[kind, start, end] offsets into text; kind is trigger, actor, place, "
                    "number or date")


class Source(BaseModel):
    """One report (an article's event) behind a fused event."""

    article_id: str
    outlet: str | None
    source_url: str | None
    published: str | None
    title: str | None
    event_id: str
    event_date: str | None
    sub_event_type: str | None
    location_ar: str | None
    fatalities: int | None
    evidence: list[EvidenceItem]


class EventDetail(EventSummary):
    """A fused event with every source and its evidence."""

    date_window: list[str] | None
    inter1: int | None
    inter2: int | None
    rules: list[str]
    evidence: list[EvidenceItem]
    sources: list[Source]


class DayCount(BaseModel):
    date: str
    events: int
    fatalities: int


class TypeCount(BaseModel):
    event_type: str
    events: int


class SubTypeCount(BaseModel):
    sub_event_type: str
    events: int


class Admin1Count(BaseModel):
    admin1: str
    events: int


class Stats(BaseModel):
    """Counts of the matching events; ``by_day`` ignores the date range (the timeline)."""

    total: int
    fatalities: int
    date_min: str | None
    date_max: str | None
    by_day: list[DayCount]
    by_type: list[TypeCount]
    by_sub_event_type: list[SubTypeCount]
    by_admin1: list[Admin1Count]


class ActorCount(BaseModel):
    name: str
    name_ar: str | None
    events: int


class Actors(BaseModel):
    actors: list[ActorCount]


class PlaceCount(BaseModel):
    location: str | None
    location_ar: str | None
    admin1: str | None
    admin2: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    events: int


class Places(BaseModel):
    places: list[PlaceCount]


class Config(BaseModel):
    """What the web page needs to know about this server."""

    version: str
    read_only: bool
    tiles: str | None = Field(description="Online tile URL template, when the server "
                                           "was started with --tiles")
    tiles_attribution: str | None


class Problem(BaseModel):
    detail: Any
