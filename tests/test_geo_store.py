"""The gazetteer store: seeding, imports (GeoNames, OCHA CSV, GeoJSON), idempotency,
rollback, download from a local server, context-aware and fuzzy resolution, commands."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasad.geo import polygon
from rasad.geo.gazetteer import MemoryGazetteer, Place, builtin_gazetteer
from rasad.geo.importers import ImportError_, import_file
from rasad.geo.resolve import (
    GeoContext,
    PlaceQuery,
    ResolvedPlace,
    fuzzy_candidates,
    rank_candidates,
    resolve,
    settle_unknowns,
)
from rasad.geo.store import GazetteerStore, default_path


def _p(pid, name, ar, kind, a1=None, a2=None, lat=35.0, lon=36.5, pop=0, cc="SY"):
    country = {"SY": "Syria"}[cc]
    return Place(pid, name, ar, kind, country, cc, a1, a2, lat, lon, pop)


def small_builtin() -> MemoryGazetteer:
    """Syria, two governorates, two districts: enough for the store's tests."""
    return MemoryGazetteer(small_entries(), stop_names=["اليوم"])


def small_entries() -> list[tuple[Place, list[str]]]:
    return [
        (_p("country:SY", "Syria", "سوريا", "country", lat=35.0, lon=38.5), ["Syria", "سوريا"]),
        (_p("adm1:SY07", "Idlib", "إدلب", "admin1", "Idlib", lat=35.78, lon=36.6),
         ["Idlib", "إدلب", "Idleb"]),
        (_p("adm1:SY05", "Hama", "حماة", "admin1", "Hama", lat=35.22, lon=37.21),
         ["Hama", "حماة"]),
        (_p("adm2:SY0702", "Maarat An Numan", "معرة النعمان", "admin2", "Idlib",
            "Maarat An Numan", lat=35.55, lon=36.75), ["Maarat An Numan", "معرة النعمان"]),
        (_p("adm2:SY0501", "Hama", "حماة", "admin2", "Hama", "Hama", lat=35.15, lon=36.75),
         ["Hama", "حماة"]),
        (_p("geonames:1", "Saraqib", "سراقب", "city", "Idlib", "Maarat An Numan",
            lat=35.86, lon=36.80, pop=30000), ["Saraqib", "سراقب"]),
    ]


@pytest.fixture
def store(tmp_path: Path) -> GazetteerStore:
    return GazetteerStore(tmp_path / "g.sqlite", builtin=small_builtin())


GN_HEADER_FREE = [
    # 19 columns: id, name, ascii, alternates, lat, lon, class, code, cc, cc2, a1, a2, a3,
    # a4, population, elevation, dem, tz, modified
    "101\tKhuwayn\tKhuwayn\tAl Khuwayn,الخوين\t35.4794\t36.8352\tP\tPPL\tSY\t\t12\t\t\t\t0\t\t300"
    "\tAsia/Damascus\t2020-01-01",
    "102\tAbu ad Duhur\tAbu ad Duhur\tأبو الظهور\t35.7391\t37.0448\tP\tPPL\tSY\t\t12\t\t\t\t5000"
    "\t\t300\tAsia/Damascus\t2020-01-01",
    "103\tNahr\tNahr\tنهر\t35.7\t37.0\tH\tSTM\tSY\t\t12\t\t\t\t0\t\t300\tAsia/Damascus\t2020-01-01",
    "104\tAbu al Duhur Airbase\tAbu al Duhur Airbase\tمطار أبو الظهور\t35.7339\t37.1047\tS\tAIRB"
    "\tSY\t\t12\t\t\t\t0\t\t300\tAsia/Damascus\t2020-01-01",
]


def write_geonames(path: Path, extra: list[str] = ()) -> Path:
    path.write_text("\n".join([*GN_HEADER_FREE, *extra]) + "\n", encoding="utf-8")
    return path


OCHA_HEADER = ("NAME_EN,NAM_EN_REF,NAME_ARA,PCODE,ADMIN3_COD,ADMIN3_EN,ADMIN3_ARA,ADMIN2_COD,"
               "ADMIN2_EN,ADMIN2_ARA,ADMIN1_COD,ADMIN1_EN,ADMIN1_ARA,LATITUDE,LONGITUDE,"
               "CAPIT_LVL")
OCHA_ROWS = [
    "Big Khwein,Big Khwein,خوين الكبير,C4091,SY070204,Tamanaah,التمانعة,SY0702,Al Ma'ra,"
    "معرة النعمان,SY07,Idleb,إدلب,35.4793835,36.8352484,",
    "Um Elkhalayel,Um Elkhalayel,أم الخلاخيل,C4085,SY070204,Tamanaah,التمانعة,SY0702,Al Ma'ra,"
    "معرة النعمان,SY07,Idleb,إدلب,35.5118949,36.8814419,",
    # the same name in two governorates
    "Hamra,Hamra,الحمراء,C3096,SY050103,Hamra,الحمراء,SY0501,Hama,حماة,SY05,Hama,حماة,"
    "35.3128,37.0831,3",
    "Hamra,Hamra,الحمراء,C4001,SY070204,Tamanaah,التمانعة,SY0702,Al Ma'ra,معرة النعمان,SY07,"
    "Idleb,إدلب,35.60,36.70,",
    "Zarzour,Zarzour,الزرزور,C4002,SY070204,Tamanaah,التمانعة,SY0702,Al Ma'ra,معرة النعمان,"
    "SY07,Idleb,إدلب,35.50,36.86,",
]


def write_ocha(path: Path, extra: list[str] = ()) -> Path:
    path.write_text("\n".join([OCHA_HEADER, *OCHA_ROWS, *extra]) + "\n", encoding="utf-8")
    return path


def square(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1],
                                                 [x0, y0]]]}


def write_geojson(path: Path) -> Path:
    features = [
        {"type": "Feature", "properties": {"NAME_EN": "Al Ma'ra", "NAME_ARA": "معرة النعمان",
                                           "PCODE": "SY0702", "ADMIN1_COD": "SY07"},
         "geometry": square(36.4, 35.3, 37.1, 35.7)},
        {"type": "Feature", "properties": {"NAME_EN": "Hama", "NAME_ARA": "حماة",
                                           "PCODE": "SY0501", "ADMIN1_COD": "SY05"},
         "geometry": square(36.4, 34.9, 37.4, 35.3)},
        {"type": "Feature", "properties": {"NAME_EN": "nowhere"}, "geometry": None},
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    return path


# ------------------------------------------------------------------ the store itself


def test_a_new_store_is_seeded_and_answers_like_the_builtin(store):
    mem = small_builtin()
    for name in ("إدلب", "ادلب", "Idleb", "سراقب", "حماة", "معرة النعمان", "nothing"):
        assert [p.id for p in store.lookup(name)] == [p.id for p in mem.lookup(name)]
    assert store.admin1("محافظة إدلب") == mem.admin1("محافظة إدلب")
    assert store.admin2("منطقة معرة النعمان", "Syria") == mem.admin2("منطقة معرة النعمان", "Syria")
    assert store.country("سوريا").id == "country:SY"
    assert store.arabic_names() == mem.arabic_names()
    assert store.nearest_admin(35.86, 36.8, "SY") == mem.nearest_admin(35.86, 36.8, "SY")


def test_a_store_seeded_by_an_older_rasad_takes_the_new_builtin_places(tmp_path, monkeypatch):
    from rasad.geo import gazetteer as gz

    monkeypatch.setattr(gz, "builtin_gazetteer", small_builtin)
    monkeypatch.setattr(gz, "builtin_version", lambda: "v1")
    path = tmp_path / "g.sqlite"
    first = GazetteerStore(path)
    import_file(first, write_geonames(tmp_path / "SY.txt"), "geonames")
    first.close()
    # the next version adds a prison and drops Saraqib; what the user imported stays
    prison = (_p("builtin:sinaa", "Sinaa Prison", "سجن الصناعة", "other", "Idlib"),
              ["Sinaa Prison", "سجن الصناعة"])
    entries = [e for e in small_entries() if e[0].id != "geonames:1"] + [prison]
    monkeypatch.setattr(gz, "builtin_gazetteer",
                        lambda: MemoryGazetteer(entries, stop_names=["اليوم"]))
    monkeypatch.setattr(gz, "builtin_version", lambda: "v2")
    again = GazetteerStore(path)
    assert [p.id for p in again.lookup("سجن الصناعة")] == ["builtin:sinaa"]
    assert "geonames:1" not in [p.id for p in again.lookup("سراقب")]
    assert again.lookup("الخوين")[0].id == "geonames:101"
    assert again.meta("seeded") == "v2"
    # the same version opens without seeding again
    monkeypatch.setattr(gz, "builtin_gazetteer", lambda: pytest.fail("seeded twice"))
    assert GazetteerStore(path).meta("seeded") == "v2"


def test_the_store_answers_every_builtin_lookup_in_the_same_order(tmp_path):
    g = builtin_gazetteer()
    s = GazetteerStore(tmp_path / "full.sqlite", builtin=g)
    assert len(s) == len(g)
    assert s.arabic_names() == g.arabic_names()
    for p in list(g.places())[::7]:
        for name in (p.name, p.name_ar):
            if name:
                assert [x.id for x in s.lookup(name)] == [x.id for x in g.lookup(name)], name
    for name in ("إدلب", "ريف دمشق", "Deir ez-Zor", "SY0702", "منطقة الباب"):
        assert s.admin1(name) == g.admin1(name)
        assert s.admin2(name, "Syria") == g.admin2(name, "Syria")


def test_default_path_follows_rasad_home(tmp_path, monkeypatch):
    monkeypatch.setenv("RASAD_HOME", str(tmp_path))
    assert default_path() == tmp_path / "gazetteer.sqlite"
    monkeypatch.delenv("RASAD_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_path() == tmp_path / "xdg" / "rasad" / "gazetteer.sqlite"


# ----------------------------------------------------------------------- GeoNames


def test_geonames_import_reports_malformed_lines_and_skips_them(store, tmp_path):
    bad = ["not\ta\tgeonames\tline", "x" + GN_HEADER_FREE[0],
           "105\tFar\tFar\t\t95.0\t36.0\tP\tPPL\tSY\t\t12\t\t\t\t0\t\t0\tAsia/Damascus\t2020"]
    s = import_file(store, write_geonames(tmp_path / "SY.txt", bad), "geonames")
    assert (s.read, s.new, s.skipped) == (7, 3, 4)
    assert [line for line, _ in s.problems] == [5, 6, 7]
    assert "feature H.STM not imported" in s.reasons
    khuwayn = store.lookup("الخوين")[0]
    assert (khuwayn.id, khuwayn.admin1, khuwayn.admin2) == (
        "geonames:101", "Idlib", "Maarat An Numan")
    assert store.lookup("مطار أبو الظهور")[0].kind == "airport"
    names = store.arabic_names()
    assert "ابو الظهور" in names  # a populated place of 500 or more
    assert "الخوين" not in names and "مطار ابو الظهور" not in names


def test_geonames_import_is_idempotent_and_reads_zips(store, tmp_path):
    txt = write_geonames(tmp_path / "SY.txt")
    first = import_file(store, txt, "geonames")
    with zipfile.ZipFile(tmp_path / "SY.zip", "w") as zf:
        zf.write(txt, "SY.txt")
        zf.writestr("readme.txt", "GeoNames")
    again = import_file(store, tmp_path / "SY.zip", "geonames")
    assert (first.new, again.new, again.updated, again.unchanged) == (3, 0, 0, 3)


def test_a_failing_import_leaves_nothing_half_imported(store, tmp_path, monkeypatch):
    before = len(store)
    txt = write_geonames(tmp_path / "SY.txt")
    from rasad.geo import store as store_mod

    real_put = store_mod.GazetteerStore.put
    calls = {"n": 0}

    def failing_put(self, row, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_put(self, row, **kw)

    monkeypatch.setattr(store_mod.GazetteerStore, "put", failing_put)
    with pytest.raises(OSError):
        import_file(store, txt, "geonames")
    monkeypatch.undo()
    assert len(store) == before
    assert store.lookup("الخوين") == []


def test_admin_code_tables_are_imported(store, tmp_path):
    f = tmp_path / "admin1CodesASCII.txt"
    f.write_text("SY.12\tIdlib\tIdlib\t169388\nSY.10\tHama\tHama\t170016\nbroken line\n",
                 encoding="utf-8")
    s = import_file(store, f, "geonames")
    assert (s.new, s.skipped) == (2, 1)
    assert import_file(store, f, "geonames").unchanged == 2


# --------------------------------------------------------------------------- OCHA


def test_ocha_csv_import_with_malformed_rows(store, tmp_path):
    bad = ["No Code,,بلا رمز,,,,,,,,SY07,Idleb,إدلب,35.1,36.1,",
           "Bad Coords,,إحداثيات,C9999,,,,,,,SY07,Idleb,إدلب,north,36.1,"]
    s = import_file(store, write_ocha(tmp_path / "c.csv", bad), "ocha")
    # 5 communities and the 2 subdistricts they name
    assert (s.read, s.new, s.skipped) == (7, 7, 2)
    assert sorted(s.reasons) == ["bad coordinates", "no PCODE"]
    p = store.lookup("أم الخلاخيل")[0]
    assert (p.id, p.admin1, p.admin2) == ("ocha:C4085", "Idlib", "Maarat An Numan")
    row = store.row("ocha:C4085")
    assert (row.admin3, row.admin3_ar, row.admin1_code) == ("Tamanaah", "التمانعة", "SY07")
    # qualifier words and أم are loose alternates: الخوين finds خوين الكبير
    assert store.lookup("الخوين")[0].id == "ocha:C4091"
    assert store.lookup("الخلاخيل")[0].id == "ocha:C4085"
    assert import_file(store, tmp_path / "c.csv", "ocha").unchanged == 7


def test_ocha_subdistricts_become_admin3_units_at_their_communities_mean(store, tmp_path):
    import_file(store, write_ocha(tmp_path / "c.csv"), "ocha")
    row = store.row("adm3:SY070204")
    assert (row.kind, row.name, row.name_ar, row.admin1, row.admin2) == (
        "admin3", "Tamanaah", "التمانعة", "Idlib", "Maarat An Numan")
    # the mean of its four communities
    assert row.latitude == pytest.approx((35.4793835 + 35.5118949 + 35.60 + 35.50) / 4)
    assert row.longitude == pytest.approx((36.8352484 + 36.8814419 + 36.70 + 36.86) / 4)
    # "منطقة التمانعة": the subdistrict, coded as an area of its district
    r = resolve(PlaceQuery("التمانعه", "admin2", 2), "التمانعة", store,
                GeoContext("Syria", "Idlib"))
    assert (r.place_id, r.admin2, r.geo_precision) == ("adm3:SY070204", "Maarat An Numan", 2)
    # "ناحية الحمراء" is the subdistrict; "قرية الحمراء" is still the village
    hama = store.admin1("حماة")
    r = resolve(PlaceQuery("الحمراء", "admin3", 2), "الحمراء", store, GeoContext("Syria"), hama)
    assert (r.place_id, r.geo_precision) == ("adm3:SY050103", 2)
    r = resolve(PlaceQuery("الحمراء", "village"), "الحمراء", store, GeoContext("Syria"), hama)
    assert r.place_id == "ocha:C3096"


def test_a_csv_without_the_ocha_columns_is_refused(store, tmp_path):
    f = tmp_path / "other.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportError_):
        import_file(store, f, "ocha")
    assert store.lookup("1") == []


def test_geojson_polygons_answer_which_district_a_point_is_in(store, tmp_path):
    s = import_file(store, write_geojson(tmp_path / "adm2.geojson"), "ocha-geojson")
    assert (s.updated, s.polygons, s.skipped) == (2, 2, 1)
    assert store.nearest_admin(35.5, 36.9, "SY") == ("Idlib", "Maarat An Numan")
    assert store.nearest_admin(35.1, 37.2, "SY") == ("Hama", "Hama")
    unit = store.admin2("Al Ma'ra")
    assert unit.id == "adm2:SY0702" and unit.name == "Maarat An Numan"
    assert (unit.latitude, unit.longitude) == (35.5, 36.75)  # the polygon's centroid
    again = import_file(store, tmp_path / "adm2.geojson", "ocha-geojson")
    assert (again.updated, again.unchanged, again.polygons) == (0, 2, 0)


def test_point_in_polygon_with_a_hole():
    geom = {"type": "Polygon", "coordinates": [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]}
    assert polygon.contains(geom, 1, 1)
    assert not polygon.contains(geom, 5, 5)
    assert not polygon.contains(geom, 11, 5)
    assert polygon.centroid(geom) == pytest.approx((5.0, 5.0))


# ------------------------------------------------------------------------ resolve


def test_the_governorate_the_sentence_names_picks_among_namesakes(store, tmp_path):
    import_file(store, write_ocha(tmp_path / "c.csv"), "ocha")
    q = PlaceQuery("الحمراء", "village")
    hama = resolve(q, "الحمراء", store, GeoContext("Syria", "Idlib"), store.admin1("حماة"))
    idlib = resolve(q, "الحمراء", store, GeoContext("Syria", "Hama"),
                    store.admin2("معرة النعمان"))
    assert (hama.place_id, hama.admin1) == ("ocha:C3096", "Hama")
    assert (idlib.place_id, idlib.admin2) == ("ocha:C4001", "Maarat An Numan")
    # no qualifier: the article's governorate decides
    assert resolve(q, "الحمراء", store, GeoContext("Syria", "Hama")).place_id == "ocha:C3096"


def test_distance_to_the_articles_places_breaks_ties(store, tmp_path):
    import_file(store, write_ocha(tmp_path / "c.csv"), "ocha")
    ctx = GeoContext("Syria", None, [(35.31, 37.08)])
    assert resolve(PlaceQuery("الحمراء"), "الحمراء", store, ctx).place_id == "ocha:C3096"
    ctx = GeoContext("Syria", None, [(35.61, 36.71)])
    assert resolve(PlaceQuery("الحمراء"), "الحمراء", store, ctx).place_id == "ocha:C4001"


def test_fuzzy_matching_keeps_a_high_threshold(store, tmp_path):
    import_file(store, write_ocha(tmp_path / "c.csv"), "ocha")
    ctx = GeoContext("Syria", "Idlib")
    unit = store.admin2("معرة النعمان")
    # one letter off a long name: found, in the named district only
    found = fuzzy_candidates("ام الخلاخل", store, ctx, unit)
    assert found and found[0][0].id == "ocha:C4085" and found[0][1] >= 88
    r = resolve(PlaceQuery("ام الخلاخل", "village"), "أم الخلاخل", store, ctx, unit)
    assert (r.place_id, r.rule) == ("ocha:C4085", "geo.fuzzy")
    # a transposition in a short name is too far: الزروزو is not taken for الزرزور
    assert fuzzy_candidates("الزروزو", store, ctx, unit) == []
    # nothing outside the named unit, nothing without a unit
    assert fuzzy_candidates("ام الخلاخل", store, GeoContext("Syria", "Hama")) == []
    assert fuzzy_candidates("ام الخلاخل", store, GeoContext("Syria")) == []
    r = resolve(PlaceQuery("الزروزو", "village"), "الزروزو", store, ctx, unit)
    assert (r.place_id, r.geo_precision, r.rule) == (None, 2, "geo.unknown_in_admin")


def test_rank_candidates_scores_the_named_unit_first(store, tmp_path):
    import_file(store, write_ocha(tmp_path / "c.csv"), "ocha")
    ranked = rank_candidates("الحمراء", store, GeoContext("Syria", "Hama"), store.admin1("حماة"))
    assert ranked[0][0].id == "ocha:C3096" and ranked[0][1] > ranked[1][1]
    assert "in the named unit" in ranked[0][2]


# ----------------------------------------------------------------------- download


@pytest.fixture
def geonames_server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    with zipfile.ZipFile(root / "SY.zip", "w") as zf:
        zf.writestr("SY.txt", "\n".join(GN_HEADER_FREE) + "\n")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_download_fetches_and_imports_against_a_local_server(geonames_server, tmp_path,
                                                               monkeypatch):
    from rasad.cli import app

    monkeypatch.setenv("RASAD_HOME", str(tmp_path / "home"))
    monkeypatch.setattr("rasad.geo.store.gz.builtin_gazetteer", small_builtin)
    runner = CliRunner()
    res = runner.invoke(app, ["gazetteer", "download", "SY", "--base-url", geonames_server,
                              "--keep", str(tmp_path / "dl")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "dl" / "SY.zip").exists()
    s = GazetteerStore(tmp_path / "home" / "gazetteer.sqlite")
    assert s.lookup("الخوين")[0].id == "geonames:101"
    res = runner.invoke(app, ["gazetteer", "download", "IQ", "--base-url", geonames_server])
    assert res.exit_code == 2 and "404" in res.output


# ----------------------------------------------------------------------- commands


def test_import_lookup_stats_commands(tmp_path, monkeypatch):
    from rasad.cli import app

    monkeypatch.setenv("RASAD_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "1000")
    monkeypatch.setattr("rasad.geo.store.gz.builtin_gazetteer", small_builtin)
    runner = CliRunner()
    assert runner.invoke(app, ["gazetteer", "stats"]).exit_code == 1  # no store yet
    csv_file = write_ocha(tmp_path / "c.csv", ["bad,,,,,,,,,,,,,x,y,"])
    res = runner.invoke(app, ["gazetteer", "import", str(csv_file), "--format", "ocha"])
    assert res.exit_code == 1  # a malformed line
    assert "read 6, new 7" in " ".join(res.output.split())
    res = runner.invoke(app, ["gazetteer", "lookup", "الحمراء", "--near", "حماة", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert rows[0]["id"] == "ocha:C3096"
    res = runner.invoke(app, ["gazetteer", "stats", "--json"])
    assert json.loads(res.stdout)["by_source"]["ocha"] == 7


def test_a_city_qualifier_holds_its_quarters_and_turns_away_namesakes_abroad():
    from rasad.geo.gazetteer import MemoryGazetteer

    city = Place("gn:1", "Gaza", "غزة", "city", "Palestine", "PS", "Gaza Strip", None,
                 31.50, 34.46, 400000)
    quarter = Place("gn:2", "Shujaiyya", "الشجاعية", "neighbourhood", "Palestine", "PS",
                    "Gaza Strip", None, 31.50, 34.48, 0)
    far = Place("gn:3", "Shujaiyya", "الشجاعية", "village", "Palestine", "PS", "West Bank",
                None, 32.20, 35.25, 300)
    abroad = Place("gn:4", "Daraj", "الدرج", "village", "Libya", "LY", "Nalut", None,
                   30.15, 10.45, 6000)
    g = MemoryGazetteer([(p, [p.name_ar]) for p in (city, quarter, far, abroad)])
    ctx = GeoContext("Palestine", "Gaza Strip")
    r = resolve(PlaceQuery("الشجاعيه", "neighbourhood"), "الشجاعية", g, ctx, city)
    assert r.place_id == "gn:2"  # within the city, not the namesake 90 km away
    # a village abroad is no quarter of Gaza, however big: coded to the city, precision 2
    r = resolve(PlaceQuery("الدرج", "neighbourhood"), "الدرج", g, ctx, city)
    assert (r.place_id, r.country, r.geo_precision, r.latitude) == (None, "Palestine", 2, 31.50)
    # without the city named, the article's country still turns the village abroad away
    r = resolve(PlaceQuery("الدرج"), "الدرج", g, GeoContext("Palestine"))
    assert r.place_id is None
    # and an article about Libya finds it
    assert resolve(PlaceQuery("الدرج"), "الدرج", g, GeoContext("Libya")).place_id == "gn:4"


def test_unknown_names_settle_in_the_one_district_their_sentence_names(store):
    def known(name, admin1, admin2, lat=35.5, lon=36.8):
        return ResolvedPlace(name, name, "Syria", admin1, admin2, lat, lon, 1, f"x:{name}",
                             "geo.gazetteer")

    unknown = resolve(PlaceQuery("الشويحات", "village"), "الشويحات", store,
                      GeoContext("Syria", "Idlib"))
    assert (unknown.admin2, unknown.rule) == (None, "geo.unknown_in_admin")
    maara = [known("سراقب", "Idlib", "Maarat An Numan"), known("كفرنبل", "Idlib",
                                                                "Maarat An Numan")]
    settled = settle_unknowns([maara[0], unknown], maara[1:], store)
    assert settled[0] is maara[0]
    assert (settled[1].admin1, settled[1].admin2, settled[1].geo_precision, settled[1].rule) == (
        "Idlib", "Maarat An Numan", 2, "geo.sentence_district")
    assert (settled[1].latitude, settled[1].longitude) == (35.55, 36.75)  # the district's
    # neighbours in two districts say nothing about where the unknown name lies
    two = [*maara, known("طيبة الإمام", "Hama", "Hama")]
    assert settle_unknowns([unknown], two, store) == [unknown]
    # nor does a neighbour coded only to its governorate
    region = ResolvedPlace("إدلب", "إدلب", "Syria", "Idlib", None, 35.78, 36.6, 3, "adm1:SY07",
                           "geo.region")
    assert settle_unknowns([unknown], [region], store) == [unknown]
