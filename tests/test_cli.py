"""End-to-end tests of the `rasad` command line.

Most tests run the Typer app in-process with `CliRunner` (the lexicon and gazetteer are
built once per process); a few run the installed `rasad` console script in a subprocess
to prove the entry point works. The articles are short texts written for these tests.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import rasad.extract
from rasad import cli
from rasad.cli import app

PUBLISHED = "2019-05-05"

# Each sentence below reports exactly one event (checked with `rasad explain`).
CAPTURE = ("سيطرت قوات النظام السوري على مدينة سراقب بريف إدلب الشرقي بعد اشتباكات عنيفة "
           "مع فصائل المعارضة يوم الأحد.")
AIRSTRIKE = ("قتل خمسة مدنيين بينهم طفلان جراء غارة جوية روسية استهدفت مدينة أريحا جنوب "
             "إدلب اليوم.")
IED = ("انفجرت عبوة ناسفة مزروعة في سيارة وسط مدينة الباب بريف حلب الشرقي صباح اليوم، "
       "ما أدى إلى مقتل ثلاثة أشخاص وإصابة سبعة آخرين.")
PROTEST = "تظاهر العشرات في مدينة درعا اليوم احتجاجا على حملة الاعتقالات."
ARREST = "اعتقلت قوات النظام عشرة شبان في مدينة دوما بريف دمشق."
NO_EVENT = "عقد مجلس المحافظة اجتماعا لمناقشة أوضاع الخدمات في المدينة."

# A two-event article in the style of a Syrian news report (dateline, two paragraphs).
ARTICLE = f"إدلب - مراسلنا\n\n{CAPTURE}\n\nوفي سياق متصل، {AIRSTRIKE}\n"

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]
EVENT_KEYS = {"event_id", "article_id", "event_date", "event_type", "sub_event_type", "actor1",
              "location_ar", "evidence", "rules"}
SUMMARY = re.compile(r"read (\d+) articles, skipped (\d+), wrote (\d+) events")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Caches go to a temporary RASAD_HOME; rich output is not wrapped at 80 columns."""
    monkeypatch.setenv("RASAD_HOME", str(tmp_path / "rasad-home"))
    monkeypatch.setenv("COLUMNS", "1000")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def flat(text: str) -> str:
    """Output with runs of white space (rich's line wrapping) collapsed."""
    return " ".join(text.split())


def summary(stderr: str) -> tuple[int, int, int]:
    m = SUMMARY.search(flat(stderr))
    assert m, f"no summary line in: {stderr!r}"
    return int(m[1]), int(m[2]), int(m[3])


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --------------------------------------------------------------------------- extract


def test_extract_txt_to_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    article = write(tmp_path / "saraqib.txt", ARTICLE)
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(article), "--published", PUBLISHED,
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # events go to the file, the summary to stderr
    assert summary(result.stderr) == (1, 0, 2)
    assert out.name in flat(result.stderr).replace(" ", "")

    events = jsonl(out)
    assert len(events) == 2
    assert {e["event_type"] for e in events} == {"Battles", "Explosions/Remote violence"}
    assert {e["location_ar"] for e in events} == {"سراقب", "أريحا"}
    for e in events:
        assert e.keys() >= EVENT_KEYS
        assert e["article_id"] == "saraqib"  # the file's stem
        assert e["event_date"].startswith("2019-05")
        assert e["event_id"]
        assert e["actor1"]
        assert e["rules"] and all(isinstance(r, str) for r in e["rules"])
        assert e["evidence"]
        for ev in e["evidence"]:
            assert set(ev) == {"text", "start", "end", "marks"}
            assert ev["text"] == ARTICLE[ev["start"]:ev["end"]]
            kinds = {kind for kind, _, _ in ev["marks"]}
            assert "trigger" in kinds
            for _, a, b in ev["marks"]:
                assert 0 <= a < b <= len(ev["text"])
    assert len({e["event_id"] for e in events}) == 2
    strike = next(e for e in events if e["sub_event_type"] == "Air/drone strike")
    assert strike["fatalities"] == 5


def test_extract_is_deterministic(runner: CliRunner, tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", ARTICLE)
    outs = [tmp_path / "1.jsonl", tmp_path / "2.jsonl"]
    for out in outs:
        result = runner.invoke(app, ["extract", str(article), "--published", PUBLISHED,
                                     "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_extract_csv(runner: CliRunner, tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", ARTICLE)
    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["extract", str(article), "--published", PUBLISHED,
                                 "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert header[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    extra = header[len(ACLED_COLUMNS):]
    assert {"event_id", "article_id", "location_ar", "evidence_text", "rules"} <= set(extra)
    assert len(body) == 2
    records = [dict(zip(header, row, strict=True)) for row in body]
    assert {r["event_type"] for r in records} == {"Battles", "Explosions/Remote violence"}
    for r in records:
        assert r["event_id_cnty"] == r["event_id"]
        assert r["year"] == "2019"
        assert r["country"] == "Syria"
        assert r["evidence_text"] and r["evidence_text"] in ARTICLE
        assert 32 < float(r["latitude"]) < 37.5 and 35.5 < float(r["longitude"]) < 42.5


def test_extract_csv_matches_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", ARTICLE)
    for fmt in ("jsonl", "csv"):
        result = runner.invoke(app, ["extract", str(article), "--published", PUBLISHED,
                                     "-f", fmt.upper(), "-o", str(tmp_path / f"e.{fmt}")])
        assert result.exit_code == 0, result.output
    with (tmp_path / "e.csv").open(encoding="utf-8", newline="") as fh:
        csv_ids = [r["event_id"] for r in csv.DictReader(fh)]
    assert csv_ids == [e["event_id"] for e in jsonl(tmp_path / "e.jsonl")]


def test_extract_geojson(runner: CliRunner, tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", ARTICLE)
    out = tmp_path / "events.geojson"
    result = runner.invoke(app, ["extract", str(article), "--published", PUBLISHED,
                                 "--format", "geojson", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 2
    for f in data["features"]:
        assert f["type"] == "Feature"
        props = f["properties"]
        assert props.keys() >= EVENT_KEYS
        geom = f["geometry"]
        assert geom["type"] == "Point"
        lon, lat = geom["coordinates"]
        assert (lon, lat) == (props["longitude"], props["latitude"])
        # Syria: longitude 35.5-42.5 east, latitude 32-37.5 north
        assert 35.5 < lon < 42.5 and 32 < lat < 37.5


def test_extract_geojson_no_events_is_valid(runner: CliRunner, tmp_path: Path) -> None:
    article = write(tmp_path / "quiet.txt", NO_EVENT)
    out = tmp_path / "events.geojson"
    result = runner.invoke(app, ["extract", str(article), "--published", PUBLISHED,
                                 "--format", "geojson", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert summary(result.stderr) == (1, 0, 0)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert data["features"] == []


def test_extract_output_file_mode_follows_umask(runner: CliRunner, tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", PROTEST)
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(article), "--published", PUBLISHED,
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_extract_creates_output_folder(runner: CliRunner, tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", PROTEST)
    out = tmp_path / "new" / "dir" / "events.jsonl"
    result = runner.invoke(app, ["extract", str(article), "--published", PUBLISHED,
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [e["sub_event_type"] for e in jsonl(out)] == ["Peaceful protest"]


@pytest.mark.parametrize("quiet", [False, True])
def test_extract_on_a_terminal(runner: CliRunner, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch, quiet: bool) -> None:
    """On a terminal a progress bar is drawn (unless --quiet); the output is the same."""
    terminal = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=terminal, force_terminal=True, width=200))
    folder = _mixed_folder(tmp_path / "in")
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "--published", PUBLISHED,
                                 "-o", str(out), *(["--quiet"] if quiet else [])])
    assert result.exit_code == 0, result.output
    assert summary(terminal.getvalue()) == (5, 0, 5)
    assert len(jsonl(out)) == 5
    assert ("extracting" in terminal.getvalue()) is not quiet


# --------------------------------------------------------------------------- folders


def _mixed_folder(root: Path) -> Path:
    """Four readable files holding five articles (txt, html, json, jsonl)."""
    root.mkdir()
    write(root / "a_capture.txt", CAPTURE + "\n")
    write(root / "b_strike.html", (
        "<!doctype html><html><head><title>غارة على أريحا</title>"
        '<meta property="article:published_time" content="2019-05-05T09:30:00+03:00">'
        "</head><body><nav>الرئيسية</nav><article>"
        f"<h1>غارة على أريحا</h1><p>{AIRSTRIKE}</p></article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    ))
    write(root / "c_ied.json", json.dumps(
        {"id": "ied-1", "published": PUBLISHED, "text": IED}, ensure_ascii=False))
    write(root / "d_more.jsonl", "".join(
        json.dumps(r, ensure_ascii=False) + "\n" for r in (
            {"id": "protest-1", "published": PUBLISHED, "text": PROTEST},
            {"id": "arrest-1", "published": PUBLISHED, "text": ARREST},
        )))
    write(root / "notes.md", "not an article; folders only take article files\n")
    return root


def test_extract_folder_all_good(runner: CliRunner, tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path / "in")
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "--published", PUBLISHED,
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped" not in flat(result.stderr).replace("skipped 0", "")
    read, skipped, wrote = summary(result.stderr)
    assert (read, skipped) == (5, 0)
    events = jsonl(out)
    assert wrote == len(events) == 5
    assert {e["article_id"] for e in events} == {
        "a_capture", "b_strike", "ied-1", "protest-1", "arrest-1"}
    assert {e["event_type"] for e in events} == {
        "Battles", "Explosions/Remote violence", "Protests", "Strategic developments"}


def test_extract_folder_with_broken_files(runner: CliRunner, tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path / "in")
    (folder / "e_latin1.txt").write_bytes("مدينة".encode() + b"\xff\xfe broken \xe9t\xe9\n")
    with (folder / "d_more.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"id": "cut-off", "text": "انفجرت عبوة\n')  # truncated record, line 3
        fh.write('{"id": "no-text"}\n')  # line 4
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "--published", PUBLISHED,
                                 "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert_no_traceback(result)
    err = flat(result.stderr)
    assert re.search(r"skipped \S*e_latin1\.txt: not UTF-8 text", err), err
    assert re.search(r"skipped \S*d_more\.jsonl:3: invalid JSON", err), err
    assert re.search(r"skipped \S*d_more\.jsonl:4: missing text", err), err
    read, skipped, wrote = summary(result.stderr)
    assert (read, skipped) == (5, 3)
    assert wrote == len(jsonl(out)) == 5  # the rest of the batch went through
    assert result.stdout == ""


def test_extract_missing_input_and_empty_folder(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    good = write(tmp_path / "a.txt", PROTEST)
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt"), str(tmp_path / "empty"),
                                 str(good), "--published", PUBLISHED])
    assert result.exit_code == 1
    assert_no_traceback(result)
    err = flat(result.stderr)
    assert "nope.txt: no such file or directory" in err
    assert "no article files found" in err
    assert summary(result.stderr) == (1, 2, 1)
    assert len(result.stdout.splitlines()) == 1


def test_extract_article_failure_is_reported_and_skipped(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = rasad.extract.extract

    def flaky(article, lexicon, gazetteer):
        if article.id == "protest-1":
            raise RuntimeError("boom")
        return real(article, lexicon, gazetteer)

    monkeypatch.setattr(rasad.extract, "extract", flaky)
    folder = _mixed_folder(tmp_path / "in")
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(folder), "--published", PUBLISHED,
                                 "-o", str(out)])
    assert result.exit_code == 1
    assert_no_traceback(result)
    assert "failed" in result.stderr and "RuntimeError: boom" in flat(result.stderr)
    read, skipped, wrote = summary(result.stderr)
    assert (read, skipped) == (5, 1)
    assert wrote == len(jsonl(out)) == 4
    assert "protest-1" not in {e["article_id"] for e in jsonl(out)}


# --------------------------------------------------------------------------- atomic output


def test_interrupted_extraction_leaves_old_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = rasad.extract.extract
    calls = []

    def interrupted(article, lexicon, gazetteer):
        calls.append(article.id)
        if len(calls) > 1:
            raise KeyboardInterrupt
        return real(article, lexicon, gazetteer)

    monkeypatch.setattr(rasad.extract, "extract", interrupted)
    folder = _mixed_folder(tmp_path / "in")
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = write(outdir / "events.jsonl", '{"old": true}\n')
    before = out.read_bytes()
    result = runner.invoke(app, ["extract", str(folder), "-o", str(out)])
    assert result.exit_code != 0
    assert len(calls) == 2  # the first article went through, the second was interrupted
    assert out.read_bytes() == before
    assert sorted(p.name for p in outdir.iterdir()) == ["events.jsonl"]  # no temp file


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson"])
def test_successful_extraction_replaces_old_file(
    runner: CliRunner, tmp_path: Path, fmt: str,
) -> None:
    article = write(tmp_path / "a.txt", PROTEST)
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = write(outdir / f"events.{fmt}", "old content\n")
    result = runner.invoke(app, ["extract", str(article), "--published", PUBLISHED,
                                 "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "old content" not in out.read_text(encoding="utf-8")
    assert "Peaceful protest" in out.read_text(encoding="utf-8")
    assert [p.name for p in outdir.iterdir()] == [out.name]


# --------------------------------------------------------------------------- bad options


def test_unknown_format(runner: CliRunner, tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", PROTEST)
    out = tmp_path / "events.xml"
    result = runner.invoke(app, ["extract", str(article), "--format", "xml", "-o", str(out)])
    assert result.exit_code == 2
    assert_no_traceback(result)
    err = flat(result.stderr)
    assert "unknown format 'xml'" in err
    assert "jsonl, csv, geojson" in err
    assert not out.exists()


@pytest.mark.parametrize("command", [
    ["extract", "{file}"],
    ["explain", PROTEST],
])
@pytest.mark.parametrize("value", ["2019-13-01", "yesterday", "05/05/2019"])
def test_bad_published(runner: CliRunner, tmp_path: Path, command: list[str],
                       value: str) -> None:
    article = write(tmp_path / "a.txt", PROTEST)
    args = [a.replace("{file}", str(article)) for a in command]
    result = runner.invoke(app, [*args, "--published", value])
    assert result.exit_code == 2
    assert_no_traceback(result)
    err = flat(result.stderr)
    assert f"'{value}' is not a date" in err
    assert "YYYY-MM-DD" in err
    assert result.stdout == ""


def test_missing_input_argument(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2
    assert_no_traceback(result)
    assert "Missing argument" in flat(result.stderr)


# --------------------------------------------------------------------------- stdin


def test_extract_stdin_text(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--published", PUBLISHED],
                           input=ARTICLE)
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(events) == 2
    assert {e["article_id"] for e in events} == {"stdin"}
    for e in events:
        assert e.keys() >= EVENT_KEYS
        for ev in e["evidence"]:
            assert ev["text"] == ARTICLE[ev["start"]:ev["end"]]
    assert summary(result.stderr) == (1, 0, 2)


def test_extract_stdin_jsonl_csv(runner: CliRunner) -> None:
    lines = "".join(json.dumps({"id": f"s{i}", "published": PUBLISHED, "text": t},
                               ensure_ascii=False) + "\n"
                    for i, t in enumerate([PROTEST, ARREST]))
    result = runner.invoke(app, ["extract", "-", "--format", "csv"], input=lines)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["article_id"] for r in rows] == ["s0", "s1"]
    assert [r["event_type"] for r in rows] == ["Protests", "Strategic developments"]


def test_extract_empty_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--published", PUBLISHED], input="  \n")
    assert result.exit_code == 1
    assert_no_traceback(result)
    assert "<stdin>: empty input" in flat(result.stderr)
    assert summary(result.stderr) == (0, 1, 0)


# --------------------------------------------------------------------------- explain


def _explain_json(runner: CliRunner, sentence: str) -> dict:
    result = runner.invoke(app, ["explain", sentence, "--published", PUBLISHED, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_explain_json(runner: CliRunner) -> None:
    data = _explain_json(runner, CAPTURE)
    assert data["published"] == PUBLISHED
    matches = data["sentences"][0]["matches"]
    assert matches
    for m in matches:
        assert {"category", "rule", "start", "end", "text"} <= m.keys()
        assert m["text"] == CAPTURE[m["start"]:m["end"]]
    categories = {m["category"] for m in matches}
    assert {"trigger", "actor"} <= categories
    actor = next(m for m in matches if m["category"] == "actor")
    assert "قوات النظام" in actor["text"]
    assert len(data["events"]) == 1
    event = data["events"][0]
    assert event["event_type"] == "Battles"
    assert event["location_ar"] == "سراقب"
    assert event["event_date"] == PUBLISHED  # يوم الأحد, and 2019-05-05 was a Sunday


def test_explain_text(runner: CliRunner) -> None:
    data = _explain_json(runner, CAPTURE)
    result = runner.invoke(app, ["explain", CAPTURE, "--published", PUBLISHED])
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    matches = data["sentences"][0]["matches"]
    triggers = [m for m in matches if m["category"] == "trigger"]
    actors = [m for m in matches if m["category"] == "actor"]
    assert triggers and actors
    for m in triggers:
        assert m["rule"] in text
    for m in actors:
        assert flat(m["text"]) in text
    event = data["events"][0]
    assert f"{event['event_type']} / {event['sub_event_type']}" in text
    assert event["event_date"] in text
    assert "1 events" in text


def test_explain_reads_a_file(runner: CliRunner, tmp_path: Path) -> None:
    article = write(tmp_path / "strike.txt", AIRSTRIKE)
    data = _explain_json(runner, str(article))
    assert [e["sub_event_type"] for e in data["events"]] == ["Air/drone strike"]
    assert data["events"][0]["fatalities"] == 5


def test_explain_long_sentence_is_not_a_path(runner: CliRunner) -> None:
    # over 255 bytes of UTF-8: once crashed with "OSError: File name too long"
    long_text = f"{AIRSTRIKE} {IED} {PROTEST}"
    assert len(long_text.encode()) > 255
    data = _explain_json(runner, long_text)
    assert len(data["sentences"]) >= 3
    assert {e["event_type"] for e in data["events"]} >= {
        "Explosions/Remote violence", "Protests"}


def test_explain_unreadable_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa not utf-8")
    result = runner.invoke(app, ["explain", str(bad)])
    assert result.exit_code == 2
    assert_no_traceback(result)
    assert "bad.txt" in flat(result.stderr)
    assert "no readable article" in flat(result.stderr)


def _two_article_jsonl(tmp_path: Path) -> Path:
    records = [
        {"id": "a1", "published": PUBLISHED, "text": AIRSTRIKE},
        {"id": "a2", "published": PUBLISHED, "text": PROTEST},
    ]
    return write(tmp_path / "two.jsonl",
                 "\n".join(json.dumps(r, ensure_ascii=False) for r in records))


def test_explain_picks_an_article_of_a_jsonl_file_by_id(
        runner: CliRunner, tmp_path: Path) -> None:
    path = _two_article_jsonl(tmp_path)
    result = runner.invoke(app, ["explain", str(path), "--id", "a2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["published"] == PUBLISHED  # from the record, not from an option
    assert [e["event_type"] for e in data["events"]] == ["Protests"]


def test_explain_asks_which_article_of_a_jsonl_file(
        runner: CliRunner, tmp_path: Path) -> None:
    path = _two_article_jsonl(tmp_path)
    result = runner.invoke(app, ["explain", str(path)])
    assert result.exit_code == 2
    assert "--id" in flat(result.stderr)
    result = runner.invoke(app, ["explain", str(path), "--id", "a9"])
    assert result.exit_code == 2
    assert "no article with id 'a9'" in flat(result.stderr)


# --------------------------------------------------------------------------- demo


def test_demo(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "demo.jsonl"
    result = runner.invoke(app, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    m = re.search(r"wrote (\d+) events to", text)
    assert m, text
    n = int(m[1])
    assert n > 0
    assert str(out.resolve()).replace(" ", "") in result.stdout.replace(" ", "").replace("\n", "")
    assert re.search(rf"{n} events from \d+ sample articles", text)
    assert "actors" in text and "place" in text  # the table's header
    events = jsonl(out)
    assert len(events) == n
    assert all(e.keys() >= EVENT_KEYS for e in events)


# --------------------------------------------------------------------------- evaluate


GOLD_ARTICLES = [
    {"id": "g1", "published": PUBLISHED, "text": AIRSTRIKE, "events": [{
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
        "event_date": PUBLISHED, "location_ar": "أريحا", "location": "Ariha",
        "latitude": 35.8128, "longitude": 36.6103, "geo_precision": 1,
        "actor1": "Military Forces of Russia (2000-)", "actor2": "Civilians (Syria)",
        "fatalities": 5,
    }]},
    {"id": "g2", "published": PUBLISHED, "text": PROTEST, "events": [{
        "event_type": "Protests", "sub_event_type": "Peaceful protest",
        "event_date": PUBLISHED, "location_ar": "درعا", "location": "Dar'a",
        "actor1": "Protesters (Syria)", "actor2": None, "fatalities": 0,
    }]},
    {"id": "g3", "published": PUBLISHED, "text": NO_EVENT, "events": []},
]

# By hand: p1 matches g1's event (TP); p2 has the wrong type for g2 (FP, and g2's event is
# a FN); p3 is a battle g1 does not report (FP); p4 names no gold article (ignored).
PRED_EVENTS = [
    {"article_id": "g1", "event_type": "Explosions/Remote violence",
     "sub_event_type": "Air/drone strike", "event_date": PUBLISHED, "location_ar": "أريحا",
     "actor1": "Military Forces of Russia (2000-)", "actor2": "Civilians (Syria)",
     "fatalities": 5},
    {"article_id": "g2", "event_type": "Riots", "sub_event_type": "Violent demonstration",
     "event_date": PUBLISHED, "location_ar": "درعا", "actor1": "Rioters (Syria)",
     "fatalities": 0},
    {"article_id": "g1", "event_type": "Battles", "sub_event_type": "Armed clash",
     "event_date": PUBLISHED, "location_ar": "سراقب", "fatalities": 0},
    {"article_id": "elsewhere", "event_type": "Battles", "sub_event_type": "Armed clash",
     "event_date": PUBLISHED, "location_ar": "دوما", "fatalities": 0},
]


def _jsonl_file(path: Path, records: list[dict]) -> Path:
    return write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return _jsonl_file(tmp_path / "gold.jsonl", GOLD_ARTICLES)


@pytest.fixture
def pred(tmp_path: Path) -> Path:
    return _jsonl_file(tmp_path / "pred.jsonl", PRED_EVENTS)


def test_evaluate_json_counts(runner: CliRunner, gold: Path, pred: Path) -> None:
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred),
                                 "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"]["total"] == 3
    assert report["articles"]["with_gold_events"] == 2
    assert report["articles"]["empty"] == 1
    ev = report["events"]
    assert (ev["gold"], ev["pred"], ev["ignored_pred"]) == (2, 4, 1)
    assert (ev["tp"], ev["fp"], ev["fn"]) == (1, 2, 1)
    assert ev["precision"] == pytest.approx(1 / 3)
    assert ev["recall"] == pytest.approx(1 / 2)
    assert ev["f1"] == pytest.approx(0.4)
    assert report["attributes"]["fatalities"] == {"value": 1.0, "correct": 1, "n": 1}


def test_evaluate_text(runner: CliRunner, gold: Path, pred: Path) -> None:
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred)])
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    for word in ("Precision", "Recall", "F1"):
        assert word in text
    assert "33" in text and "50" in text and "40" in text  # 1/3, 1/2, 0.4 as per cent


def test_evaluate_errors_listing(runner: CliRunner, gold: Path, pred: Path) -> None:
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred),
                                 "--errors"])
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "FP" in text and "FN" in text
    assert "سراقب" in text  # the false battle


def test_evaluate_without_pred_runs_extraction(
    runner: CliRunner, gold: Path, tmp_path: Path,
) -> None:
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    ev = report["events"]
    assert ev["gold"] == 2
    assert ev["pred"] >= 1  # extraction ran
    assert ev["ignored_pred"] == 0  # and its events carry the gold articles' ids
    assert ev["tp"] + ev["fn"] == 2
    assert ev["tp"] + ev["fp"] + ev["optional_matched"] == ev["pred"]
    assert report["gazetteer"].startswith("built-in")  # no store in this RASAD_HOME

    # the same as extracting first and scoring the file
    events = tmp_path / "extracted.jsonl"
    extracted = runner.invoke(app, ["extract", str(gold), "-o", str(events)])
    assert extracted.exit_code == 0, extracted.output
    scored = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(events),
                                 "--json"])
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.stdout)["events"] == ev
    assert "gazetteer" not in json.loads(scored.stdout)  # scored a file: no extraction


@pytest.mark.parametrize("which", ["gold", "pred"])
@pytest.mark.parametrize("problem", ["missing", "not json"])
def test_evaluate_bad_input_files(runner: CliRunner, gold: Path, pred: Path,
                                  tmp_path: Path, which: str, problem: str) -> None:
    bad = tmp_path / "bad.jsonl"
    if problem == "not json":
        write(bad, "this is not JSON\n")
    files = {"gold": gold, "pred": pred, which: bad}
    result = runner.invoke(app, ["evaluate", "--gold", str(files["gold"]),
                                 "--pred", str(files["pred"])])
    assert result.exit_code == 2
    assert_no_traceback(result)
    err = flat(result.stderr)
    assert "cannot read" in err and "bad.jsonl" in err


# --------------------------------------------------------------------------- bench


def test_bench_json(runner: CliRunner, tmp_path: Path) -> None:
    corpus = _jsonl_file(tmp_path / "corpus.jsonl", [
        {"id": f"b{i}", "published": PUBLISHED, "text": t}
        for i, t in enumerate([CAPTURE, AIRSTRIKE, IED, PROTEST])
    ])
    result = runner.invoke(app, ["bench", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["articles"] == 4
    assert figures["events"] >= 1
    assert figures["articles_per_second"] > 0
    assert figures["startup_seconds"] >= 0
    assert figures["peak_rss_mb"] > 0
    assert figures["gazetteer"].startswith("built-in")


def test_bench_limit_and_table(runner: CliRunner, tmp_path: Path) -> None:
    corpus = _jsonl_file(tmp_path / "corpus.jsonl", [
        {"id": f"b{i}", "published": PUBLISHED, "text": t}
        for i, t in enumerate([CAPTURE, AIRSTRIKE, IED, PROTEST])
    ])
    result = runner.invoke(app, ["bench", str(corpus), "--limit", "2"])
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "rasad bench" in text
    assert re.search(r"\barticles\W+2\b", text), text
    assert "articles / s" in text


def test_bench_missing_corpus(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["bench", str(tmp_path / "nope.jsonl"), "--json"])
    assert result.exit_code == 2
    assert_no_traceback(result)
    assert "nope.jsonl" in flat(result.stderr)
    assert result.stdout == ""


# --------------------------------------------------------------------------- help


def test_help_mentions_examples(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    text = flat(result.stdout)
    for command in ("extract", "explain", "demo", "evaluate", "bench"):
        assert command in text
    assert "rasad demo" in text
    assert "rasad extract FILES -o events.jsonl" in text
    assert "rasad explain" in text


def test_no_arguments_shows_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert "Usage" in result.output
    assert "extract" in result.output


def test_extract_help_mentions_examples(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    text = flat(result.stdout)
    assert "Examples:" in text
    assert "rasad extract article.txt --published 2018-02-12 --format csv -o out.csv" in text
    assert "--format geojson" in text
    for option in ("--output", "--format", "--published", "--quiet"):
        assert option in text


@pytest.mark.parametrize("command", ["explain", "demo", "evaluate", "bench"])
def test_command_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"rasad {command}" in flat(result.stdout) or command == "demo"


# --------------------------------------------------------------------------- console script


@pytest.fixture(scope="module")
def rasad_script() -> str:
    """The installed `rasad` console script of the interpreter running the tests."""
    script = shutil.which("rasad", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the rasad console script is not installed next to this Python")
    return script


def _run(script: str, args: list[str], tmp_path: Path, stdin: str | None = None):
    env = {**os.environ, "RASAD_HOME": str(tmp_path / "rasad-home"), "COLUMNS": "1000",
           "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([script, *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=tmp_path, timeout=120)


def test_script_help(rasad_script: str, tmp_path: Path) -> None:
    proc = _run(rasad_script, ["--help"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "rasad demo" in flat(proc.stdout)
    proc = _run(rasad_script, ["extract", "--help"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Examples:" in proc.stdout


def test_script_extract_stdin(rasad_script: str, tmp_path: Path) -> None:
    proc = _run(rasad_script, ["extract", "-", "--published", PUBLISHED], tmp_path,
                stdin=ARTICLE)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(events) == 2
    assert {e["location_ar"] for e in events} == {"سراقب", "أريحا"}
    assert summary(proc.stderr) == (1, 0, 2)


def test_script_folder_with_broken_file_csv(rasad_script: str, tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path / "in")
    (folder / "zz_broken.txt").write_bytes(b"\xc3\x28 invalid utf-8\n")
    out = tmp_path / "events.csv"
    proc = _run(rasad_script, ["extract", str(folder), "--published", PUBLISHED,
                               "--format", "csv", "-o", str(out)], tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert re.search(r"zz_broken\.txt: not UTF-8 text", flat(proc.stderr))
    read, skipped, wrote = summary(proc.stderr)
    assert (read, skipped) == (5, 1)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == wrote == 5


def test_script_bad_format(rasad_script: str, tmp_path: Path) -> None:
    proc = _run(rasad_script, ["extract", "-", "--format", "xlsx"], tmp_path, stdin=PROTEST)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "unknown format 'xlsx'" in flat(proc.stderr)
