"""Input and output: articles in (text, HTML, JSON, JSONL), events out (JSONL, CSV, GeoJSON)."""

from rasad.io.readers import (
    STDIN,
    SUPPORTED_SUFFIXES,
    InputError,
    ReadProblem,
    read_articles,
)
from rasad.io.writers import (
    ACLED_COLUMNS,
    ACLED_REGIONS,
    CSV_COLUMNS,
    FORMATS,
    RASAD_EXTRA_COLUMNS,
    EventWriter,
    atomic_output,
    csv_row,
    geojson_feature,
    open_writer,
)

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_REGIONS",
    "CSV_COLUMNS",
    "FORMATS",
    "RASAD_EXTRA_COLUMNS",
    "STDIN",
    "SUPPORTED_SUFFIXES",
    "EventWriter",
    "InputError",
    "ReadProblem",
    "atomic_output",
    "csv_row",
    "geojson_feature",
    "open_writer",
    "read_articles",
]
