"""The compiled-lexicon cache: reused when current, rebuilt when not, optional."""

from __future__ import annotations

import pytest

from rasad import runtime
from rasad.lexicon.loader import Lexicon


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("RASAD_HOME", str(tmp_path))
    return tmp_path


def test_second_load_comes_from_the_cache(home, monkeypatch):
    first = runtime.cached_lexicon(["سراقب"])
    assert len(list(home.glob("lexicon-*.pickle"))) == 1

    def no_build(*a, **k):
        raise AssertionError("rebuilt although the cache is current")

    monkeypatch.setattr(Lexicon, "_load_all", no_build)
    again = runtime.cached_lexicon(["سراقب"])
    assert again.stats.keys == first.stats.keys
    assert [m.entry_id for m in again.match("بسراقب") if m.category == "place"] == ["سراقب"]


def test_other_place_names_rebuild_and_replace_the_cache(home):
    runtime.cached_lexicon(["سراقب"])
    lex = runtime.cached_lexicon(["سراقب", "كفرنبل"])
    assert [m.entry_id for m in lex.match("كفرنبل") if m.category == "place"] == ["كفرنبل"]
    assert len(list(home.glob("lexicon-*.pickle"))) == 1


def test_a_corrupt_cache_is_rebuilt(home):
    runtime.cached_lexicon(["سراقب"])
    (path,) = home.glob("lexicon-*.pickle")
    path.write_bytes(b"not a pickle")
    assert isinstance(runtime.cached_lexicon(["سراقب"]), Lexicon)


def test_an_unwritable_cache_directory_still_works(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("RASAD_HOME", str(blocker / "sub"))
    assert isinstance(runtime.cached_lexicon(["سراقب"]), Lexicon)


def test_the_gazetteer_in_use_is_named(home, tmp_path):
    # no store in RASAD_HOME: the built-in gazetteer, and how to get a finer one
    assert runtime.gazetteer_label().startswith("built-in")
    assert "rasad gazetteer import" in runtime.gazetteer_label()
    store = tmp_path / "mine.sqlite"
    store.touch()
    runtime.use_gazetteer(store)
    try:
        assert runtime.gazetteer_label() == f"store {store}"
    finally:
        runtime.use_gazetteer(None)
