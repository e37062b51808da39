"""Writing events as JSON Lines, ACLED-style CSV or GeoJSON, one event at a time.

    with open_writer("csv", out) as writer:
        for event in events:
            writer.write(event)

Writers never close `out` (the caller owns it); `close()` only finishes the format
(the GeoJSON footer) and flushes. Open CSV output files with `newline=""`.
Output is deterministic: the same events give the same bytes.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol, Self, TextIO

from rasad.model import Event

FORMATS: tuple[str, ...] = ("jsonl", "csv", "geojson")

# ACLED's export columns, in ACLED's order.
ACLED_COLUMNS: list[str] = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]

# rasad's own columns, after ACLED's: the Arabic forms, the date window and the evidence.
RASAD_EXTRA_COLUMNS: list[str] = [
    "event_id", "article_id", "actor1_ar", "actor2_ar", "location_ar", "date_window_start",
    "date_window_end", "captured", "wounded", "source_url", "evidence_text", "evidence_spans",
    "rules",
]

CSV_COLUMNS: list[str] = ACLED_COLUMNS + RASAD_EXTRA_COLUMNS

# ACLED's region for the countries rasad is likely to meet (ACLED puts Sudan in Northern Africa).
ACLED_REGIONS: dict[str, str] = {
    **dict.fromkeys(
        ["Syria", "Iraq", "Yemen", "Lebanon", "Palestine", "Israel", "Jordan", "Turkey", "Iran",
         "Saudi Arabia", "Kuwait", "Bahrain", "Qatar", "United Arab Emirates", "Oman"],
        "Middle East"),
    **dict.fromkeys(["Libya", "Egypt", "Sudan", "Tunisia", "Algeria", "Morocco"],
                    "Northern Africa"),
    **dict.fromkeys(["Somalia", "Djibouti", "South Sudan", "Comoros"], "Eastern Africa"),
    "Mauritania": "Western Africa",
}

NOTES_SEPARATOR = " … "


class EventWriter(Protocol):
    """Streams events to an output; a context manager whose exit calls close()."""

    @property
    def count(self) -> int:
        """Events written so far."""
        ...

    def write(self, event: Event) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...


def open_writer(fmt: str, out: TextIO) -> EventWriter:
    """A writer for `fmt` ("jsonl", "csv" or "geojson") on `out`; headers are written now."""
    writers: dict[str, type[_Writer]] = {
        "jsonl": _JsonlWriter, "csv": _CsvWriter, "geojson": _GeoJsonWriter,
    }
    try:
        cls = writers[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r} "
                         f"(expected one of: {', '.join(FORMATS)})") from None
    return cls(out)


def csv_row(event: Event) -> list[str]:
    """The event as one CSV row, in CSV_COLUMNS order; None becomes an empty cell."""
    evidence_text = NOTES_SEPARATOR.join(e.text for e in event.evidence)
    window = event.date_window or []
    values: dict[str, Any] = {
        "event_id_cnty": event.event_id,
        "event_date": event.event_date,
        "year": _year(event.event_date),
        "time_precision": event.time_precision,
        "disorder_type": event.disorder_type,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "inter1": event.inter1,
        "actor2": event.actor2,
        "inter2": event.inter2,
        "interaction": event.interaction,
        "civilian_targeting": event.civilian_targeting,
        "iso": event.iso,
        "region": ACLED_REGIONS.get(event.country or ""),
        "country": event.country,
        "admin1": event.admin1,
        "admin2": event.admin2,
        "location": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "source": event.source,
        "notes": evidence_text,
        "fatalities": event.fatalities,
        # rasad's columns
        "event_id": event.event_id,
        "article_id": event.article_id,
        "actor1_ar": event.actor1_ar,
        "actor2_ar": event.actor2_ar,
        "location_ar": event.location_ar,
        "date_window_start": window[0] if window else None,
        "date_window_end": window[-1] if window else None,
        "captured": event.captured,
        "wounded": event.wounded,
        "source_url": event.source_url,
        "evidence_text": evidence_text,
        "evidence_spans": ";".join(f"{e.start}-{e.end}" for e in event.evidence),
        "rules": ";".join(event.rules),
    }
    # Columns rasad does not fill (assoc_actor_*, admin3, source_scale, tags, timestamp)
    # stay empty; timestamp is left empty so that output is deterministic.
    return [_cell(values.get(column)) for column in CSV_COLUMNS]


def _year(event_date: str | None) -> int | None:
    if event_date and len(event_date) >= 4 and event_date[:4].isdigit():
        return int(event_date[:4])
    return None


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def geojson_feature(event: Event) -> dict[str, Any]:
    """The event as a GeoJSON Feature: a [longitude, latitude] Point, or null geometry."""
    geometry = None
    if event.latitude is not None and event.longitude is not None:
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    feature: dict[str, Any] = {"type": "Feature"}
    if event.event_id:
        feature["id"] = event.event_id
    feature["geometry"] = geometry
    feature["properties"] = event.to_dict()
    return feature


class _Writer:
    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._closed = False
        self._count = 0
        self._begin()

    @property
    def count(self) -> int:
        return self._count

    def write(self, event: Event) -> None:
        if self._closed:
            raise ValueError("write() on a closed event writer")
        self._write(event)
        self._count += 1

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._end()
        self._out.flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _begin(self) -> None:
        pass

    def _write(self, event: Event) -> None:
        raise NotImplementedError

    def _end(self) -> None:
        pass


class _JsonlWriter(_Writer):
    def _write(self, event: Event) -> None:
        self._out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")


class _CsvWriter(_Writer):
    def _begin(self) -> None:
        self._csv = csv.writer(self._out)
        self._csv.writerow(CSV_COLUMNS)

    def _write(self, event: Event) -> None:
        self._csv.writerow(csv_row(event))


class _GeoJsonWriter(_Writer):
    def _begin(self) -> None:
        self._out.write('{"type": "FeatureCollection", "features": [\n')

    def _write(self, event: Event) -> None:
        if self._count:
            self._out.write(",\n")
        self._out.write(json.dumps(geojson_feature(event), ensure_ascii=False))

    def _end(self) -> None:
        self._out.write("\n]}\n" if self._count else "]}\n")


@contextmanager
def atomic_output(path: str, *, binary: bool = False) -> Iterator[IO[Any]]:
    """An output file that appears whole or not at all: written beside ``path`` under a
    temporary name, renamed over it on success, removed on any exception.

    ``-`` is standard output (never closed). Text mode is UTF-8 with ``newline=""``.
    """
    if path == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        # mkstemp makes the file 0600; give the output the mode a plain open() would
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with (os.fdopen(fd, "wb") if binary else
              os.fdopen(fd, "w", encoding="utf-8", newline="")) as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
