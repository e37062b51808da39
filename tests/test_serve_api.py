"""The HTTP API of ``rasad serve``: every endpoint and filter, read-only access, safety
headers, and a property test over the OpenAPI schema (no input makes a 500).

The store holds hand-made reports (the same stand-in as the store tests), so each
filter's right answer is known; one test runs the real extractor end to end.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from rasad.model import Article, Event, Evidence
from rasad.serve.app import create_app
from rasad.store import open_store
from test_fuse import report
from test_geo_store import small_builtin, write_geojson
from test_store import fresh_url

ARIHA = dict(place="أريحا", lat=35.81, lon=36.63)
ARIHA_1 = "غارة جوية روسية على مدينة أريحا تقتل خمسة مدنيين."
ARIHA_MARKS = (("trigger", 0, 4), ("place", ARIHA_1.index("أريحا"), ARIHA_1.index("أريحا") + 5))


def _event(aid: str, **kw) -> Event:
    """A report with fields beyond what ``report`` takes (admin units, Arabic actors)."""
    extra = {k: kw.pop(k) for k in list(kw) if k in Event.__dataclass_fields__}
    ev = replace(report(aid, **kw), **extra)
    ev.assign_id()
    return ev


# article id -> (its text, its events)
REPORTS: dict[str, tuple[str, list[Event]]] = {
    # one Russian air strike on Ariha told by two outlets: one fused event, two sources
    "ariha-1": (ARIHA_1, [
        _event("ariha-1", killed=5, **ARIHA, actor1_ar="الطيران الروسي",
               evidence=[Evidence(ARIHA_1, 0, len(ARIHA_1), ARIHA_MARKS)])]),
    "ariha-2": ("قتل سبعة مدنيين في قصف جوي روسي على أريحا.", [
        _event("ariha-2", killed=7, **ARIHA,
               evidence=[Evidence("قتل سبعة مدنيين في قصف جوي روسي على أريحا.", 0, 42)])]),
    "kafr": ("اشتباكات بين الفصائل وقوات النظام في كفرنبودة.", [
        _event("kafr", date="2019-05-04", place="كفرنبودة", lat=35.43, lon=36.55,
               etype="Battles", sub="Armed clash", actor1="Opposition Rebels (Syria)",
               actor2="Military Forces of Syria (2000-2024)", admin1="Hama",
               admin2="Suqaylabiyah", actor2_ar="قوات النظام")]),
    "daraa": ("تظاهر العشرات في مدينة درعا.", [
        _event("daraa", date="2019-06-01", place="درعا", lat=32.62, lon=36.10,
               etype="Protests", sub="Peaceful protest", actor1="Protesters (Syria)",
               actor2=None, admin1="Dara", admin2="Dara")]),
    "nowhere": ("انفجار عبوة ناسفة في مكان لم يحدد.", [
        _event("nowhere", date="2018-01-10", place="مكان", lat=None, lon=None,
               sub="Remote explosive/landmine/IED", actor1=None, actor2=None,
               admin1="Aleppo", admin2=None)]),
}


def _extract(article: Article) -> list[Event]:
    return REPORTS[article.id][1]


def _build(url: str) -> str:
    store = open_store(url)
    for aid, (text, _) in REPORTS.items():
        store.add_article(Article(aid, text, date(2019, 6, 2), url=f"https://example.org/{aid}",
                                  outlet=f"outlet {aid}"), _extract, extractor="test")
    store.close()
    return url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    url = _build(fresh_url(request.param, tmp_path_factory.mktemp("serve")))
    with TestClient(create_app(url, gazetteer_path=False)) as c:
        yield c


def ids(page: dict) -> set[str]:
    return {e["location_ar"] for e in page["events"]}


def get(client: TestClient, path: str, **params) -> dict:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


# ------------------------------------------------------------------ /api/events


def test_events_lists_fused_events_newest_first(client) -> None:
    page = get(client, "/api/events")
    assert page["total"] == 4 and page["limit"] == 100 and page["offset"] == 0
    dates = [e["event_date"] for e in page["events"]]
    assert dates == sorted(dates, reverse=True)
    ariha = next(e for e in page["events"] if e["location_ar"] == "أريحا")
    assert ariha["n_sources"] == 2
    assert ariha["fatalities"] == 5  # the conservative toll across the two reports
    assert ariha["id"].startswith("fsd-")


def test_paging_is_stable_and_complete(client) -> None:
    seen = []
    for offset in range(0, 4, 3):
        page = get(client, "/api/events", limit=3, offset=offset)
        assert page["total"] == 4
        seen += [e["id"] for e in page["events"]]
    assert len(seen) == len(set(seen)) == 4
    assert get(client, "/api/events", offset=10)["events"] == []


@pytest.mark.parametrize(("params", "places"), [
    ({"since": "2019-05-05"}, {"أريحا", "درعا"}),
    ({"until": "2019-05-04"}, {"كفرنبودة", "مكان"}),
    ({"since": "2019-05-04", "until": "2019-05-05"}, {"أريحا", "كفرنبودة"}),
    ({"event_type": "Battles"}, {"كفرنبودة"}),
    ({"event_type": ["Battles", "Protests"]}, {"كفرنبودة", "درعا"}),
    ({"sub_event_type": "Remote explosive/landmine/IED"}, {"مكان"}),
    ({"actor": "russia"}, {"أريحا"}),  # any case
    ({"actor": "قوات النظام"}, {"كفرنبودة"}),  # the Arabic as written
    ({"admin1": "Hama"}, {"كفرنبودة"}),
    ({"admin1": ["Hama", "Dara"]}, {"كفرنبودة", "درعا"}),
    ({"admin2": "Ariha"}, {"أريحا"}),
    ({"bbox": "36.0,35.0,37.0,36.0"}, {"أريحا", "كفرنبودة"}),
    ({"bbox": "37,35,36,36"}, set()),  # min above max: an empty box
    ({"min_sources": 2}, {"أريحا"}),
    ({"q": "اريحا"}, {"أريحا"}),  # normalized: no hamza still finds أريحا
    ({"q": "سبعة مدنيين"}, {"أريحا"}),  # the second source's evidence is searched too
    ({"q": "PROTESTERS"}, {"درعا"}),
    ({"q": "100%"}, set()),  # LIKE wildcards are literal
    ({"event_type": "Battles", "admin1": "Idlib"}, set()),
])
def test_each_filter(client, params, places) -> None:
    page = get(client, "/api/events", **params)
    assert ids(page) == places
    assert page["total"] == len(places)


def test_geojson_has_only_located_events_as_lon_lat_points(client) -> None:
    r = client.get("/api/events", params={"format": "geojson"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and fc["total"] == 3
    by_place = {f["properties"]["location_ar"]: f for f in fc["features"]}
    assert set(by_place) == {"أريحا", "كفرنبودة", "درعا"}
    assert by_place["درعا"]["geometry"] == {"type": "Point", "coordinates": [36.10, 32.62]}
    assert by_place["أريحا"]["id"] == by_place["أريحا"]["properties"]["id"]


def test_page_size_caps(client) -> None:
    assert get(client, "/api/events", limit=5000)["limit"] == 1000
    assert get(client, "/api/events", limit=5000, format="geojson")["limit"] == 5000


@pytest.mark.parametrize("params", [
    {"since": "2019-13-45"}, {"since": "yesterday"}, {"bbox": "1,2,3"},
    {"bbox": "a,b,c,d"}, {"bbox": "nan,0,1,1"}, {"bbox": "1,2,3,4,5"}, {"limit": 0},
    {"limit": 10001}, {"offset": -1}, {"min_sources": 0}, {"format": "xml"},
])
def test_bad_parameters_are_422_with_a_reason(client, params) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    assert r.json()["detail"]


def test_nul_characters_in_text_filters_are_harmless(client) -> None:
    for name in ("q", "actor", "admin1", "event_type"):
        assert get(client, "/api/events", **{name: "أريحا\x00"})["total"] >= 0


# ------------------------------------------------------------------ /api/events/{id}


def test_event_detail_has_every_source_and_its_marked_evidence(client) -> None:
    fused_id = next(e["id"] for e in get(client, "/api/events")["events"]
                    if e["location_ar"] == "أريحا")
    d = get(client, f"/api/events/{fused_id}")
    assert d["id"] == fused_id and d["n_sources"] == 2
    assert d["rules"] and d["evidence"]
    assert {s["article_id"] for s in d["sources"]} == {"ariha-1", "ariha-2"}
    first = next(s for s in d["sources"] if s["article_id"] == "ariha-1")
    assert first["source_url"] == "https://example.org/ariha-1"
    assert first["outlet"] == "outlet ariha-1"
    ev = first["evidence"][0]
    assert ev["marks"] == [list(m) for m in ARIHA_MARKS]
    (_, a, b) = ev["marks"][1]
    assert ev["text"][a:b] == "أريحا"


def test_a_per_article_event_id_opens_its_fused_event(client) -> None:
    per_article = REPORTS["ariha-2"][1][0].event_id
    d = get(client, f"/api/events/{per_article}")
    assert d["n_sources"] == 2 and d["location_ar"] == "أريحا"


def test_unknown_event_is_404(client) -> None:
    r = client.get("/api/events/fsd-nothing")
    assert r.status_code == 404 and "fsd-nothing" in r.json()["detail"]


# ------------------------------------------------------------------ summaries


def test_stats_counts_and_a_timeline_that_ignores_the_date_range(client) -> None:
    s = get(client, "/api/stats", since="2019-05-05")
    assert s["total"] == 2 and s["fatalities"] == 5
    assert (s["date_min"], s["date_max"]) == ("2019-05-05", "2019-06-01")
    # the timeline shows every day of the other filters, so a brush can widen again
    assert [d["date"] for d in s["by_day"]] == ["2018-01-10", "2019-05-04", "2019-05-05",
                                                "2019-06-01"]
    assert {t["event_type"]: t["events"] for t in s["by_type"]} == {
        "Explosions/Remote violence": 1, "Protests": 1}
    assert {a["admin1"]: a["events"] for a in s["by_admin1"]} == {"Idlib": 1, "Dara": 1}
    battles = get(client, "/api/stats", event_type="Battles")
    assert [d["date"] for d in battles["by_day"]] == ["2019-05-04"]
    assert battles["by_sub_event_type"] == [{"sub_event_type": "Armed clash", "events": 1}]


def test_actors_by_number_of_events_with_their_arabic(client) -> None:
    actors = get(client, "/api/actors")["actors"]
    by_name = {a["name"]: a for a in actors}
    assert by_name["Civilians (Syria)"]["events"] == 1
    assert by_name["Military Forces of Syria (2000-2024)"]["name_ar"] == "قوات النظام"
    assert by_name["Military Forces of Russia (2000-)"]["name_ar"] == "الطيران الروسي"
    assert [a["name"] for a in get(client, "/api/actors", q="REBELS")["actors"]] == [
        "Opposition Rebels (Syria)"]
    assert len(get(client, "/api/actors", limit=1)["actors"]) == 1


def test_places_with_their_admin_units(client) -> None:
    places = get(client, "/api/places")["places"]
    assert {p["location_ar"]: p["events"] for p in places} == {
        "أريحا": 1, "كفرنبودة": 1, "درعا": 1, "مكان": 1}
    assert get(client, "/api/places", admin1="Hama")["places"][0]["admin2"] == "Suqaylabiyah"
    assert get(client, "/api/places", q="درع")["places"][0]["latitude"] == 32.62


# ------------------------------------------------------------------ page, safety, config


def test_page_and_assets_are_served_with_a_strict_policy(client) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../app.py").status_code == 404
    assert get(client, "/api/config") == {"version": get(client, "/api/config")["version"],
                                          "read_only": True, "tiles": None,
                                          "tiles_attribution": None}


def test_openapi_schema_is_served_and_docs_use_no_cdn(client) -> None:
    schema = get(client, "/openapi.json")
    assert {"/api/events", "/api/events/{event_id}", "/api/stats", "/api/actors",
            "/api/places", "/api/boundaries", "/api/config"} <= set(schema["paths"])
    assert all(set(ops) == {"get"} for ops in schema["paths"].values())  # read-only
    assert client.get("/docs").status_code == 404


def test_the_database_cannot_be_written_through_the_app(client) -> None:
    engine = client.app.state.store.engine
    with pytest.raises(sa.exc.DBAPIError), engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM fused_events"))
    assert get(client, "/api/events")["total"] == 4


def test_tiles_open_the_policy_to_their_host_only(tmp_path: Path) -> None:
    url = _build(f"sqlite:///{tmp_path / 't.sqlite'}")
    app = create_app(url, gazetteer_path=False,
                     tiles="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    with TestClient(app) as c:
        csp = c.get("/api/config").headers["content-security-policy"]
        assert "img-src 'self' data: https://*.tile.example.org" in csp
        assert c.get("/api/config").json()["tiles"].startswith("https://{s}.tile")


def test_boundaries_come_from_the_imported_gazetteer_files(tmp_path: Path) -> None:
    from rasad.geo.importers import import_file
    from rasad.geo.store import GazetteerStore

    gz = GazetteerStore(tmp_path / "g.sqlite", builtin=small_builtin())
    import_file(gz, write_geojson(tmp_path / "adm2.geojson"), "ocha-geojson")
    gz.close()
    url = _build(f"sqlite:///{tmp_path / 'b.sqlite'}")
    with TestClient(create_app(url, gazetteer_path=tmp_path / "g.sqlite")) as c:
        fc = get(c, "/api/boundaries", level=2)
        assert {f["properties"]["name_ar"] for f in fc["features"]} == {"معرة النعمان", "حماة"}
        ring = fc["features"][0]["geometry"]["coordinates"][0]
        assert all(len(str(x).split(".")[-1]) <= 4 for pt in ring for x in pt)
        assert get(c, "/api/boundaries", level=1)["features"] == []
        assert c.get("/api/boundaries", params={"level": 3}).status_code == 422
    with TestClient(create_app(url, gazetteer_path=tmp_path / "none.sqlite")) as c:
        assert get(c, "/api/boundaries", level=2)["features"] == []
    assert not (tmp_path / "none.sqlite").exists()  # serving never creates a gazetteer


# ------------------------------------------------------------------ real extraction


def test_marks_of_a_real_extraction_point_at_the_words_read(tmp_path: Path,
                                                            monkeypatch) -> None:
    from rasad.store.commands import _extractor

    monkeypatch.setenv("RASAD_HOME", str(tmp_path / "home"))
    text = ("قصفت قوات النظام بالمدفعية الثقيلة بلدة كفرنبل بريف إدلب الجنوبي اليوم، "
            "ما أدى إلى مقتل ثلاثة مدنيين.")
    store = open_store(f"sqlite:///{tmp_path / 'r.sqlite'}")
    extract_fn, fingerprint = _extractor()
    store.add_article(Article("kafranbel", text, date(2019, 3, 2)), extract_fn,
                      extractor=fingerprint)
    store.close()
    with TestClient(create_app(f"sqlite:///{tmp_path / 'r.sqlite'}", gazetteer_path=False)) as c:
        (summary,) = get(c, "/api/events")["events"]
        ev = get(c, f"/api/events/{summary['id']}")["sources"][0]["evidence"][0]
    marked = {kind: ev["text"][a:b] for kind, a, b in ev["marks"]}
    assert marked["trigger"] == "قصفت"
    assert marked["actor"] == "قوات النظام"
    assert marked["place"] == "كفرنبل"
    assert marked["number"] == "ثلاثة"
    assert marked["date"] == "اليوم"


# ------------------------------------------------------------------ migration


def test_migration_gives_stored_fused_events_their_search_text(tmp_path: Path) -> None:
    """A database made before the search column: upgrading fills it from the sources."""
    from rasad.store.db import make_engine, migrate

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    migrate(engine, "0002")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO articles (id, article_id, content_hash, text, extractor, ingested_at) "
            "VALUES (1, 'a', 'h', 'نص', 'x', '2019-01-01')"))
        conn.execute(sa.text(
            "INSERT INTO events (id, event_id, article_pk, article_id, disorder_type, "
            "event_type, sub_event_type, fatalities, evidence, rules) VALUES (1, 'e', 1, 'a', "
            "'d', 'Battles', 'Armed clash', 0, :ev, '[]')"),
            {"ev": '[{"text": "معارك عنيفة في محيط بلدة كفرنبودة", "start": 0, "end": 33}]'})
        conn.execute(sa.text(
            "INSERT INTO fused_events (id, event_id, n_sources, disorder_type, event_type, "
            "sub_event_type, fatalities, evidence, rules, actor1) VALUES (1, 'f', 1, 'd', "
            "'Battles', 'Armed clash', 0, '[]', '[]', 'Opposition Rebels (Syria)')"))
        conn.execute(sa.text("INSERT INTO fused_sources (fused_pk, event_pk, article_pk) "
                             "VALUES (1, 1, 1)"))
    engine.dispose()
    open_store(url).close()  # migrates to the newest revision
    with TestClient(create_app(url, gazetteer_path=False)) as c:
        assert get(c, "/api/events", q="كفرنبوده")["total"] == 1
        assert get(c, "/api/events", q="opposition rebels")["total"] == 1


# ------------------------------------------------------------------ the commands


def test_serve_refuses_a_database_that_does_not_exist(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rasad.cli import app

    missing = tmp_path / "nothing.sqlite"
    result = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{missing}"])
    assert result.exit_code == 2
    assert "no event database" in " ".join(result.output.split())
    assert not missing.exists()


def test_rasad_serve_answers_on_loopback(tmp_path: Path) -> None:
    import json
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    url = _build(f"sqlite:///{tmp_path / 's.sqlite'}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "RASAD_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, "-m", "rasad", "serve", "--db", url,
                             "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats") as r:
                    stats = json.loads(r.read())
                    csp = r.headers["Content-Security-Policy"]
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "rasad serve did not answer within 60 s"
                time.sleep(0.2)
        assert stats["total"] == 4 and "default-src 'self'" in csp
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_bench_api_times_every_query_over_a_store_it_fills(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from rasad.cli import app
    from rasad.serve.bench import QUERIES

    db = tmp_path / "bench.sqlite"
    result = CliRunner().invoke(app, ["bench-api", "--db", str(db), "--events", "400",
                                      "--repeat", "3", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["events"] == 400
    assert [q["query"] for q in figures["queries"]] == [name for name, _, _ in QUERIES]
    assert all(q["median_ms"] > 0 and q["matches"] is not None for q in figures["queries"])
    unfiltered = next(q for q in figures["queries"] if q["query"].endswith("list, no filter"))
    assert unfiltered["matches"] == 400
    again = json.loads(CliRunner().invoke(app, ["bench-api", "--db", str(db), "--events", "400",
                                                "--repeat", "3", "--json"]).stdout)
    assert again["events"] == 400  # reused, not filled twice
