"""The event database (rasad.store): migrations, idempotent ingest, atomic articles,
re-extraction, fusion in the store, queries.

Store tests use a stand-in extractor that returns hand-made events, so they test the store
and not the extraction. They run against SQLite, and against PostgreSQL too when
``RASAD_TEST_POSTGRES_URL`` names a server (``.ci/run`` starts one with ``.ci/postgres``).
Unset, the PostgreSQL cases are skipped; set but unreachable, they fail.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from rasad.model import Article, Event
from rasad.store import Store, content_hash, open_store, url_key
from rasad.store.db import make_engine
from test_fuse import governorate, located, report

TEXT_A = "قتل خمسة مدنيين جراء غارة جوية روسية استهدفت مدينة أريحا جنوب إدلب اليوم."
TEXT_B = "غارة روسية على أريحا تقتل سبعة مدنيين بينهم أطفال صباح اليوم الأحد."
TEXT_C = "اشتباكات عنيفة بين فصائل المعارضة وقوات النظام في محيط بلدة كفرنبودة."


def fake_extract(article: Article) -> list[Event]:
    """Events keyed by words in the text (a stand-in for rasad.extract)."""
    evs: list[Event] = []
    if "أريحا" in article.text:
        evs.append(report(article.id, killed=5 if "خمسة" in article.text else 7,
                          outlet=article.outlet))
    if "كفرنبودة" in article.text:
        evs.append(report(article.id, place="كفرنبودة", lat=35.43, lon=36.55,
                          etype="Battles", sub="Armed clash",
                          actor1="Opposition Rebels (Syria)",
                          actor2="Military Forces of Syria (2000-2024)",
                          outlet=article.outlet))
    return evs


def art(aid: str, text: str, url: str | None = None, outlet: str = "منفذ") -> Article:
    return Article(id=aid, text=text, url=url, outlet=outlet, published=date(2019, 5, 5))


_TABLES = ("fused_sources", "fused_events", "events", "articles", "runs", "alembic_version")


@functools.cache
def _pg_url() -> str | None:
    """$RASAD_TEST_POSTGRES_URL; unset, the PostgreSQL cases are skipped. Set but not
    reachable is an error, not a skip (.ci/run sets it only for a server it has checked)."""
    url = os.environ.get("RASAD_TEST_POSTGRES_URL")
    if not url:
        return None
    engine = make_engine(url)
    try:
        with engine.connect():
            pass
    except Exception as e:
        shown = sa.engine.make_url(url).render_as_string(hide_password=True)
        pytest.fail(f"RASAD_TEST_POSTGRES_URL={shown} is set but cannot be reached: "
                    f"{type(e).__name__}: {e}", pytrace=False)
    finally:
        engine.dispose()
    return url


def fresh_url(backend: str, tmp_path: Path, name: str = "rasad") -> str:
    """An empty database: a new SQLite file, or the test PostgreSQL database emptied."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / f'{name}.sqlite'}"
    url = _pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server (set RASAD_TEST_POSTGRES_URL)")
    engine = make_engine(url)
    with engine.begin() as conn:
        for t in _TABLES:
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {t} CASCADE"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store(backend: str, tmp_path: Path) -> Store:
    s = open_store(fresh_url(backend, tmp_path))
    yield s
    s.close()


def _consistent(s: Store) -> None:
    """Every event belongs to a stored article and to exactly one fused event."""
    with s.engine.connect() as conn:
        q = conn.execute(sa.text
                         ("SELECT count(*) FROM events e LEFT JOIN fused_sources f "
                          "ON f.event_pk = e.id WHERE f.id IS NULL")).scalar()
        assert q == 0
        orphans = conn.execute(sa.text(
            "SELECT count(*) FROM fused_events fe WHERE NOT EXISTS "
            "(SELECT 1 FROM fused_sources fs WHERE fs.fused_pk = fe.id)")).scalar()
        assert orphans == 0
        n = conn.execute(sa.text(
            "SELECT count(*) FROM fused_events fe WHERE n_sources <> (SELECT count(DISTINCT "
            "article_pk) FROM fused_sources fs WHERE fs.fused_pk = fe.id)")).scalar()
        assert n == 0


def test_open_applies_migrations_and_uses_wal(tmp_path: Path) -> None:
    s = open_store(f"sqlite:///{tmp_path / 'x' / 'db.sqlite'}")
    with s.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0003"
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        tables = set(sa.inspect(conn).get_table_names())
    assert {"articles", "events", "fused_events", "fused_sources", "runs"} <= tables
    s.close()
    open_store(f"sqlite:///{tmp_path / 'x' / 'db.sqlite'}").close()  # reopening is a no-op


def test_migrated_schema_matches_the_metadata(backend: str, tmp_path: Path) -> None:
    from rasad.store.schema import metadata

    s = open_store(fresh_url(backend, tmp_path))
    insp = sa.inspect(s.engine)
    for table in metadata.sorted_tables:
        got = {c["name"]: c for c in insp.get_columns(table.name)}
        assert set(got) == {c.name for c in table.columns}, table.name
        if backend == "postgresql":  # SQLite ignores declared lengths; PostgreSQL enforces them
            for c in table.columns:
                length = getattr(c.type, "length", None)
                assert getattr(got[c.name]["type"], "length", None) == length, c
    s.close()


def test_same_article_twice_changes_nothing(store: Store) -> None:
    a = art("a1", TEXT_A, url="https://example.org/2019/05/05/a")
    assert store.add_article(a, fake_extract, extractor="x").status == "new"
    before = store.counts()
    again = store.add_article(a, fake_extract, extractor="x")
    assert again.status == "duplicate" and again.article_id == "a1"
    # same URL, other text; same text (other spacing and diacritics), other URL
    same_url = art("a2", TEXT_C, url="https://www.example.org/2019/05/05/a/#top")
    same_text = art("a3", "  " + TEXT_A.replace(" ", "  ").replace("قتل", "قُتِل"),
                    url="https://mirror.example.com/a")
    assert store.add_article(same_url, fake_extract, extractor="x").status == "duplicate"
    assert store.add_article(same_text, fake_extract, extractor="x").status == "duplicate"
    after = store.counts()
    assert {k: v for k, v in after.items()} == before


def test_hash_and_url_keys() -> None:
    assert content_hash("غارة  على\nأريحا") == content_hash("غارة على أريحا")
    assert url_key("https://www.Example.org/a/") == url_key("https://example.org/a#x")
    assert url_key("https://example.org/a?p=1") != url_key("https://example.org/a?p=2")
    assert url_key(None) is None


def test_article_ids_stay_unique(store: Store) -> None:
    store.add_article(art("page", TEXT_A), fake_extract, extractor="x")
    r = store.add_article(art("page", TEXT_C), fake_extract, extractor="x")
    assert r.status == "new" and r.article_id.startswith("page~")


def test_long_ids_and_outlets_are_stored_whole(store: Store) -> None:
    # a JSONL id is often the article's URL; percent-encoded Arabic runs long
    aid = "https://example.org/" + "%D8%BA%D8%A7%D8%B1%D8%A9-" * 30
    outlet = "منفذ " * 100
    assert store.add_article(art(aid, TEXT_A, outlet=outlet), fake_extract,
                             extractor="x").status == "new"
    r = store.add_article(art(aid, TEXT_C), fake_extract, extractor="x")
    assert r.status == "new" and r.article_id.startswith(aid + "~")
    (_, _, sources), = store.fused(types=["Air/drone strike"])
    assert sources[0]["article_id"] == aid and sources[0]["outlet"] == outlet


def test_nul_characters_do_not_cost_the_article(store: Store) -> None:
    # PostgreSQL text cannot hold NUL; on PostgreSQL the store drops it before extraction
    r = store.add_article(art("nul\x00", TEXT_A + "\x00"), fake_extract, extractor="x")
    assert r.status == "new" and store.counts()["events"] == 1
    assert store.add_article(art("again", TEXT_A), fake_extract,
                             extractor="x").status == "duplicate"
    _consistent(store)


def test_a_bare_postgresql_url_uses_psycopg() -> None:
    pytest.importorskip("psycopg")
    engine = make_engine("postgresql://rasad@localhost/rasad")  # no connection is made
    assert engine.dialect.driver == "psycopg"


def test_reports_from_two_outlets_fuse_in_the_store(store: Store) -> None:
    store.add_article(art("a", TEXT_A, outlet="عنب بلدي"), fake_extract, extractor="x")
    store.add_article(art("b", TEXT_B, outlet="سمارت"), fake_extract, extractor="x")
    store.add_article(art("c", TEXT_C, outlet="سمارت"), fake_extract, extractor="x")
    fused = list(store.fused())
    assert len(fused) == 2
    strike = next(f for f in fused if f[0].sub_event_type == "Air/drone strike")
    ev, n, sources = strike
    assert n == 2 and {s["article_id"] for s in sources} == {"a", "b"}
    assert ev.fatalities == 5  # the conservative figure
    assert {s["outlet"] for s in sources} == {"عنب بلدي", "سمارت"}
    assert all(s["evidence"] for s in sources)
    # sources by fused id and by a per-article id
    assert store.sources(ev.event_id)[1] == 2
    assert store.sources(sources[0]["event_id"])[0].event_id == ev.event_id
    assert store.sources("fsd-nope") is None
    _consistent(store)


def test_queries_filter(store: Store) -> None:
    store.add_article(art("a", TEXT_A), fake_extract, extractor="x")
    store.add_article(art("c", TEXT_C), fake_extract, extractor="x")
    assert [e.sub_event_type for e, _, _ in store.fused(types=["Battles"])] == ["Armed clash"]
    assert len(list(store.fused(actors=["Russia"]))) == 1
    assert len(list(store.fused(admin1=["Idlib"]))) == 2
    assert list(store.fused(since="2020-01-01")) == []
    assert len(list(store.article_events(types=["Air/drone strike"]))) == 1


def test_reextraction_replaces_an_articles_events_atomically(store: Store) -> None:
    store.add_article(art("a", TEXT_A), fake_extract, extractor="v1")
    store.add_article(art("b", TEXT_B), fake_extract, extractor="v1")
    assert store.stale_articles("v1") == []
    stale = store.stale_articles("v2")
    assert len(stale) == 2

    def broken(article: Article) -> list[Event]:
        evs = fake_extract(article)
        evs.append(replace(evs[0]))  # same id twice: gets a suffix, still stored
        return evs

    def failing(article: Article) -> list[Event]:
        raise RuntimeError("lexicon broken")

    with pytest.raises(RuntimeError):
        store.reextract(stale[0], failing, extractor="v2")
    assert store.counts()["events"] == 2  # nothing changed
    store.reextract(stale[0], broken, extractor="v2")
    counts = store.counts()
    assert counts["events"] == 3 and counts["articles"] == 2
    assert store.stale_articles("v2") == [stale[1]]
    store.reextract(stale[0], lambda a: [], extractor="v2")  # the event went away
    assert store.counts()["events"] == 1
    _consistent(store)


def test_failure_inside_the_transaction_leaves_nothing(store: Store, monkeypatch) -> None:
    store.add_article(art("a", TEXT_A), fake_extract, extractor="x")
    before = store.counts()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "_fuse_article", boom)
    with pytest.raises(RuntimeError):
        store.add_article(art("c", TEXT_C), fake_extract, extractor="x")
    assert store.counts() == before
    _consistent(store)


def test_rebuild_is_independent_of_ingest_order(backend: str, tmp_path: Path) -> None:
    texts = [("a", TEXT_A), ("b", TEXT_B), ("c", TEXT_C)]
    results = []
    for i, order in enumerate((texts, texts[::-1])):
        s = open_store(fresh_url(backend, tmp_path, str(i)))
        for aid, text in order:
            s.add_article(art(aid, text), fake_extract, extractor="x")
        s.rebuild_fusion()
        results.append(sorted((e.event_id, n) for e, n, _ in s.fused()))
        _consistent(s)
        s.close()
    assert results[0] == results[1]


def _capture_reports(article: Article) -> list[Event]:
    """Article a reports a capture; b the fighting and the capture apart (as two events);
    c the capture somewhere in the governorate; d an air strike nearby."""
    place = {"place": "التمانعة", "lat": 35.48, "lon": 36.73, "admin2": "Maarat An Numan"}
    taken = located(article.id, etype="Battles", sub="Non-state actor overtakes territory",
                    actor1="Opposition Rebels (Syria)",
                    actor2="Military Forces of Syria (2000-2024)", **place)
    if article.id == "b":
        clash = replace(taken, event_date="2019-05-04", sub_event_type="Armed clash",
                        date_window=["2019-05-04", "2019-05-05"])
        clash.assign_id()
        return [clash, taken]
    if article.id == "c":
        return [governorate("c", etype="Battles", sub="Non-state actor overtakes territory",
                            actor1="Opposition Rebels (Syria)", actor2=None)]
    if article.id == "d":
        return [located("d", **place)]
    return [taken]


def test_incremental_fusion_does_not_depend_on_ingest_order(backend: str,
                                                           tmp_path: Path) -> None:
    texts = [(aid, f"نص المقال {aid}") for aid in "abcd"]
    results = []
    for i, order in enumerate((texts, texts[::-1], [texts[2], texts[0], texts[3], texts[1]])):
        s = open_store(fresh_url(backend, tmp_path, f"order{i}"))
        for aid, text in order:
            s.add_article(art(aid, text), _capture_reports, extractor="x")
        results.append(sorted(sorted((x["article_id"], x["sub_event_type"]) for x in srcs)
                              for _, _, srcs in s.fused()))
        _consistent(s)
        s.close()
    capture = "Non-state actor overtakes territory"
    assert results[0] == sorted([[("a", capture), ("b", capture), ("c", capture)],
                                 [("b", "Armed clash")], [("d", "Air/drone strike")]])
    assert results[1] == results[0] and results[2] == results[0]


CRASH_SCRIPT = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {tests!r})
    from rasad.store import Store, open_store
    from test_store import art, fake_extract, TEXT_A, TEXT_B, TEXT_C
    store = open_store({url!r})
    calls = []
    real = Store._fuse_article
    def dying(self, conn, placed, article_pk):
        calls.append(1)
        if len(calls) == 3:   # inside the third article's transaction
            os._exit(3)
        return real(self, conn, placed, article_pk)
    Store._fuse_article = dying
    for aid, text in (("a", TEXT_A), ("c", TEXT_C), ("b", TEXT_B)):
        store.add_article(art(aid, text), fake_extract, extractor="x")
""")


def test_crash_mid_batch_leaves_the_database_consistent(backend: str, tmp_path: Path) -> None:
    url = fresh_url(backend, tmp_path, "crash")
    script = CRASH_SCRIPT.format(tests=str(Path(__file__).parent), url=url)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 3, proc.stderr
    s = open_store(url)
    counts = s.counts()
    assert counts["articles"] == 2 and counts["events"] == 2  # a and c, not b
    _consistent(s)
    # running the batch again stores only what was lost
    results = [s.add_article(art(aid, text), fake_extract, extractor="x").status
               for aid, text in (("a", TEXT_A), ("c", TEXT_C), ("b", TEXT_B))]
    assert results == ["duplicate", "duplicate", "new"]
    assert s.counts()["fused_events"] == 2
    _consistent(s)
    s.close()
