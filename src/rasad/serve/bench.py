"""``rasad bench-api``: how fast the HTTP API answers filtered queries over a large store.

It fills a SQLite event database with N fused events of realistic shape (places, admin
units and coordinates from the built-in gazetteer, ACLED types in the shares of the dev
set, dates over twelve years, actors, tolls, Arabic evidence), starts the real server
(uvicorn on a free loopback port) and times the queries the web page makes, over HTTP:
the event list and map with each filter, and the timeline statistics. Reported: median
and 90th percentile per query, and the median over every request.
"""

from __future__ import annotations

import json
import random
import socket
import statistics
import threading
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

# (event type, sub-event type, share): roughly the mix of conflict reporting
_TYPES = (
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.22),
    ("Explosions/Remote violence", "Air/drone strike", 0.20),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0.05),
    ("Battles", "Armed clash", 0.25),
    ("Battles", "Non-state actor overtakes territory", 0.04),
    ("Battles", "Government regains territory", 0.03),
    ("Violence against civilians", "Attack", 0.08),
    ("Violence against civilians", "Abduction/forced disappearance", 0.03),
    ("Protests", "Peaceful protest", 0.06),
    ("Riots", "Violent demonstration", 0.01),
    ("Strategic developments", "Arrests", 0.03),
)
_ACTORS = (
    ("Military Forces of Syria (2000-2024)", "قوات النظام"),
    ("Military Forces of Russia (2000-)", "الطيران الروسي"),
    ("Islamic State (Syria)", "تنظيم الدولة"),
    ("HTS: Hayat Tahrir al Sham", "هيئة تحرير الشام"),
    ("Opposition Rebels (Syria)", "فصائل المعارضة"),
    ("SDF: Syrian Democratic Forces", "قوات سوريا الديمقراطية"),
    ("Military Forces of Turkey (2016-)", "الجيش التركي"),
    ("Civilians (Syria)", "مدنيين"),
)
_SENTENCES = (
    "قصفت {a1} بالمدفعية الثقيلة بلدة {p} ما أدى إلى مقتل {k} مدنيين",
    "دارت اشتباكات عنيفة بين {a1} و{a2} في محيط قرية {p}",
    "شنت طائرات {a1} غارات جوية على مدينة {p} وريفها",
    "انفجرت عبوة ناسفة في {p} وأسفرت عن سقوط {k} قتلى",
    "خرج العشرات في مظاهرة في {p} للمطالبة بالإفراج عن المعتقلين",
)

# The queries the page makes, each with the filters a user sets.
QUERIES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("list: type + dates", "/api/events", {"event_type": "Battles", "since": "2018-01-01",
                                           "until": "2018-12-31"}),
    ("list: governorate + type", "/api/events", {"admin1": "Idlib",
                                                 "event_type": "Explosions/Remote violence"}),
    ("list: actor", "/api/events", {"actor": "Hayat Tahrir"}),
    ("list: text search", "/api/events", {"q": "عبوة ناسفة", "since": "2020-01-01"}),
    ("list: bbox + min sources", "/api/events", {"bbox": "36.0,35.0,37.5,36.5",
                                                 "min_sources": 2}),
    ("list: sub-type, page 5", "/api/events", {"sub_event_type": "Air/drone strike",
                                               "offset": 400}),
    ("map: month, geojson", "/api/events", {"since": "2018-02-01", "until": "2018-02-28",
                                            "format": "geojson", "limit": 10000}),
    ("timeline: stats by type", "/api/stats", {"event_type": "Battles"}),
    ("page load: stats, no filter", "/api/stats", {}),
    ("page load: list, no filter", "/api/events", {}),
)


def fill(url: str, n: int, *, seed: int = 7) -> int:
    """Write ``n`` synthetic fused events into the (migrated) store at ``url``."""
    from rasad.geo.gazetteer import builtin_gazetteer
    from rasad.store import open_store
    from rasad.store.schema import fused_events
    from rasad.text.normalize import search_key

    rng = random.Random(seed)
    places = [p for p in builtin_gazetteer().places()
              if p.country_code == "SY" and p.admin1 and p.name_ar
              and p.kind not in ("country", "admin1")]
    weights = [w for _, _, w in _TYPES]
    start, days = date(2012, 1, 1), 12 * 365
    store = open_store(url)
    batch: list[dict[str, Any]] = []
    with store.engine.begin() as conn:
        for i in range(n):
            etype, sub, _ = rng.choices(_TYPES, weights)[0]
            place = rng.choice(places)
            (a1, a1_ar), (a2, a2_ar) = rng.sample(_ACTORS, 2)
            day = (start + timedelta(days=rng.randrange(days))).isoformat()
            killed = rng.choice((0, 0, 0, 1, 2, 3, 5, 8, 12))
            text = rng.choice(_SENTENCES).format(a1=a1_ar, a2=a2_ar, p=place.name_ar, k=killed)
            batch.append({
                "event_id": f"fsd-bench{i:09d}", "n_sources": rng.choice((1, 1, 1, 2, 3)),
                "date_lo": day, "date_hi": day, "event_date": day, "time_precision": 1,
                "disorder_type": "Political violence", "event_type": etype,
                "sub_event_type": sub, "actor1": a1, "actor1_ar": a1_ar, "inter1": 1,
                "actor2": a2, "actor2_ar": a2_ar, "inter2": 2, "interaction": 12,
                "civilian_targeting": None, "country": "Syria", "iso": 760,
                "location": place.name, "location_ar": place.name_ar, "admin1": place.admin1,
                "admin2": place.admin2, "latitude": place.latitude,
                "longitude": place.longitude, "geo_precision": 1, "fatalities": killed,
                "captured": None, "wounded": None, "source": "bench", "source_url": None,
                "date_window": None, "rules": [],
                "evidence": [{"text": text, "start": 0, "end": len(text), "marks": []}],
                "search_text": search_key(f"{text} | {a1} | {a2} | {place.name}"),
            })
            if len(batch) == 5000:
                conn.execute(fused_events.insert(), batch)
                batch = []
        if batch:
            conn.execute(fused_events.insert(), batch)
    store.close()
    return n


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str) -> tuple[Any, int]:
    import uvicorn

    from rasad.serve.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(url, gazetteer_path=False),
                                           host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start within 30 s")
        time.sleep(0.05)
    return server, port


def run_api_bench(db: Path, *, events: int = 100_000, repeat: int = 30) -> dict[str, Any]:
    """Fill ``db`` (when it does not hold ``events`` fused events yet), serve it, and time
    each query of :data:`QUERIES` ``repeat`` times over HTTP."""
    from rasad.store import open_store
    from rasad.store.schema import fused_events

    url = f"sqlite:///{db}"
    store = open_store(url)
    with store.engine.connect() as conn:
        have = conn.execute(sa.select(sa.func.count()).select_from(fused_events)).scalar_one()
    store.close()
    t0 = time.perf_counter()
    if have < events:
        fill(url, events - have, seed=have)
    fill_s = time.perf_counter() - t0
    server, port = _serve(url)
    rows, every = [], []
    try:
        for name, path, params in QUERIES:
            query = urllib.parse.urlencode(params, doseq=True)
            target = f"http://127.0.0.1:{port}{path}?{query}"
            times, total = [], None
            for _ in range(repeat + 1):
                t = time.perf_counter()
                with urllib.request.urlopen(target, timeout=60) as r:
                    body = json.loads(r.read())
                times.append((time.perf_counter() - t) * 1000)
                total = body.get("total")
            times = times[1:]  # the first warms the caches
            every += times
            rows.append({"query": name, "matches": total,
                         "median_ms": statistics.median(times),
                         "p90_ms": statistics.quantiles(times, n=10)[-1]})
    finally:
        server.should_exit = True
    return {"events": max(have, events), "fill_s": fill_s, "repeat": repeat, "queries": rows,
            "median_ms": statistics.median(every),
            "worst_median_ms": max(r["median_ms"] for r in rows)}
