"""Tests for rasad.io: reading articles and writing events."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest

from rasad.io import (
    ACLED_COLUMNS,
    RASAD_EXTRA_COLUMNS,
    InputError,
    ReadProblem,
    open_writer,
    read_articles,
)
from rasad.model import Article, Event, Evidence

# Small invented Arabic texts (not taken from any article).
TEXT_A = "قتل ثلاثة مدنيين في قصف على قرية الزيتون صباح اليوم."
TEXT_B = "اشتباكات بين فصيلين مسلحين قرب مدينة النهر الشرقية."
TEXT_C = "أصيب طفلان بانفجار لغم أرضي في ريف البلدة."


def read(sources, **kwargs):
    """Read everything; return (articles, problems as strings)."""
    problems: list[ReadProblem] = []
    articles = list(read_articles([str(s) for s in sources], on_problem=problems.append,
                                  **kwargs))
    return articles, [str(p) for p in problems]


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- plain text

def test_txt_uses_published_argument_and_stem(tmp_path):
    f = tmp_path / "qasf.txt"
    f.write_text(TEXT_A + "\r\n" + TEXT_B + "\n", encoding="utf-8")
    (article,), problems = read([f], published=date(2024, 3, 5))
    assert problems == []
    assert article.id == "qasf"
    assert article.text == TEXT_A + "\n" + TEXT_B + "\n"
    assert article.published == date(2024, 3, 5)
    assert article.title is None
    assert article.path == str(f)


def test_txt_with_bom_and_without_published(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + TEXT_C.encode("utf-8"))
    (article,), problems = read([f])
    assert article.text == TEXT_C
    assert article.published is None
    assert problems == []


def test_empty_txt_is_a_problem(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("  \n\n", encoding="utf-8")
    articles, problems = read([f])
    assert articles == []
    assert problems == [f"{f}: empty file"]


# ---------------------------------------------------------------- HTML

HTML_PAGE = f"""<!DOCTYPE html>
<html><head>
<title>  قصف على   قرية الزيتون </title>
<meta property="article:published_time" content="2023-11-02T08:15:00+03:00">
<meta name="date" content="2020-01-01">
<link rel="canonical" href="https://example.org/news/1">
<meta property="og:url" content="https://example.org/og/1">
<meta property="og:site_name" content="وكالة المثال">
<script>var x = "<p>ليس نصاً</p>";</script>
<style>p {{ color: red; }}</style>
</head><body>
<header><p>شريط العناوين</p></header>
<nav><ul><li>الرئيسية</li><li>أخبار</li></ul></nav>
<article>
<h1>قصف على قرية الزيتون</h1>
<p>{TEXT_A}</p>
<p>قال   مصدر &quot;محلي&quot; إن القصف &amp; الاشتباكات
استمرت&nbsp;ساعتين.</p>
<blockquote>{TEXT_B}</blockquote>
<ul><li>{TEXT_C}</li></ul>
<div>نص خارج الفقرات</div>
</article>
<aside><p>أخبار ذات صلة</p></aside>
<form><p>اشترك في النشرة</p></form>
<footer><p>جميع الحقوق محفوظة</p></footer>
</body></html>
"""


def test_html_title_meta_date_canonical_and_text(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(HTML_PAGE, encoding="utf-8")
    (article,), problems = read([f], published=date(2000, 1, 1))
    assert problems == []
    assert article.id == "page"
    assert article.title == "قصف على قرية الزيتون"
    assert article.published == date(2023, 11, 2)  # article:published_time wins
    assert article.url == "https://example.org/news/1"  # canonical wins over og:url
    assert article.outlet == "وكالة المثال"
    assert article.text.split("\n\n") == [
        "قصف على قرية الزيتون",
        TEXT_A,
        'قال مصدر "محلي" إن القصف & الاشتباكات استمرت ساعتين.',
        TEXT_B,
        TEXT_C,
    ]
    for excluded in ("ليس نصاً", "color", "شريط", "الرئيسية", "ذات صلة", "اشترك", "الحقوق",
                     "خارج الفقرات"):
        assert excluded not in article.text


def test_html_fallbacks_h1_title_time_og_url_and_published_argument(tmp_path):
    f = tmp_path / "b.htm"
    f.write_text(
        '<html><head><meta property="og:url" content="https://example.org/og/2"></head>'
        '<body><h1>عنوان <br>الخبر</h1><time datetime="2022-07-09">٩ تموز</time>'
        f"<p>{TEXT_B}</p></body></html>",
        encoding="utf-8",
    )
    (article,), _ = read([f], published=date(2000, 1, 1))
    assert article.title == "عنوان الخبر"
    assert article.published == date(2022, 7, 9)
    assert article.url == "https://example.org/og/2"
    assert article.outlet is None

    g = tmp_path / "c.html"
    g.write_text(f"<p>{TEXT_C}</p><time datetime='not a date'></time>", encoding="utf-8")
    (article,), _ = read([g], published=date(2000, 1, 1))
    assert article.published == date(2000, 1, 1)
    assert article.title is None and article.url is None


def test_malformed_html_still_parses(tmp_path):
    f = tmp_path / "bad.html"
    f.write_text(
        f"<html><title>خبر<body><p>{TEXT_A}<p>{TEXT_B}<div><b>{TEXT_C}</p></i>"
        "<li>بند أول<li>بند ثان</ul><p>فقرة <i>بلا <b>إغلاق</i></b>"
        "<script>if (a < b) {",
        encoding="utf-8",
    )
    (article,), problems = read([f])
    assert problems == []
    assert article.title == "خبر"
    assert article.text.split("\n\n") == [TEXT_A, TEXT_B, "بند أول", "بند ثان", "فقرة بلا إغلاق"]


def test_html_without_text_is_a_problem(tmp_path):
    f = tmp_path / "nav.html"
    f.write_text("<html><nav><p>القائمة</p></nav><div>لا فقرات</div></html>", encoding="utf-8")
    articles, problems = read([f])
    assert articles == []
    assert problems == [f"{f}: no article text found"]


# ---------------------------------------------------------------- JSON

def test_json_single_object(tmp_path):
    f = tmp_path / "one.json"
    f.write_text(json.dumps({"url": "https://example.org/3", "outlet": "المثال",
                             "published": "2021-05-06T10:00:00Z", "title": "عنوان",
                             "text": TEXT_A, "events": [{"event_type": "Battles"}],
                             "cluster": 7}, ensure_ascii=False), encoding="utf-8")
    (article,), problems = read([f])
    assert problems == []
    assert article == Article(id="one", text=TEXT_A, published=date(2021, 5, 6), title="عنوان",
                              url="https://example.org/3", outlet="المثال", path=str(f))


def test_json_list_with_line_numbers(tmp_path):
    f = tmp_path / "many.json"
    records = [{"id": "x1", "text": TEXT_A, "published": "2020-02-03"},
               {"text": TEXT_B, "published": None},
               {"id": "x3", "title": "بلا نص"}]
    f.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    articles, problems = read([f], published=date(2019, 9, 9))
    assert [a.id for a in articles] == ["x1", "many:7"]
    assert articles[0].published == date(2020, 2, 3)
    assert articles[1].published == date(2019, 9, 9)  # null falls back to the argument
    assert articles[1].path == f"{f}:7"
    assert problems == [f"{f}:11: missing text"]


def test_json_invalid_and_wrong_shape(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"text": ', encoding="utf-8")
    shape = tmp_path / "shape.json"
    shape.write_text("[1, 2]", encoding="utf-8")
    articles, problems = read([bad, shape])
    assert articles == []
    assert problems[0].startswith(f"{bad}: invalid JSON (")
    assert problems[1:] == [f"{shape}:1: expected a JSON object, got a number"] * 2


# ---------------------------------------------------------------- JSON Lines

def test_jsonl_reports_bad_lines_and_reads_the_rest(tmp_path):
    f = write_jsonl(tmp_path / "gold.jsonl", [
        json.dumps({"id": "a1", "text": TEXT_A, "published": "2018-02-12",
                    "events": [], "cluster": "c1"}, ensure_ascii=False),
        '{"id": "a2", "text": ',
        "",
        json.dumps({"id": "a3", "title": "بلا نص"}, ensure_ascii=False),
        json.dumps({"id": "a4", "text": "   "}),
        json.dumps({"text": TEXT_B, "outlet": "المثال"}, ensure_ascii=False),
        json.dumps({"id": "a7", "text": TEXT_C, "published": "12/02/2018"}, ensure_ascii=False),
        "[1, 2]",
    ])
    articles, problems = read([f], published=date(2024, 1, 1))
    assert [a.id for a in articles] == ["a1", "gold:6"]
    assert articles[0].published == date(2018, 2, 12)
    assert articles[0].path == f"{f}:1"
    assert articles[1].published == date(2024, 1, 1)
    assert articles[1].outlet == "المثال"
    assert problems[0].startswith(f"{f}:2: invalid JSON (")
    assert problems[1:] == [
        f"{f}:4: missing text",
        f"{f}:5: missing text",
        f"{f}:7: invalid published date '12/02/2018' (expected YYYY-MM-DD or an ISO datetime)",
        f"{f}:8: expected a JSON object, got a list",
    ]


def test_jsonl_gz(tmp_path):
    f = tmp_path / "batch.jsonl.gz"
    with gzip.open(f, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "g1", "text": TEXT_A}, ensure_ascii=False) + "\n")
        out.write(json.dumps({"text": TEXT_B}, ensure_ascii=False) + "\n")
    articles, problems = read([f])
    assert problems == []
    assert [(a.id, a.text) for a in articles] == [("g1", TEXT_A), ("batch:2", TEXT_B)]


def test_bad_gzip_and_empty_jsonl(tmp_path):
    gz = tmp_path / "fake.jsonl.gz"
    gz.write_text("not gzip", encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    articles, problems = read([gz, empty])
    assert articles == []
    assert problems[0].startswith(f"{gz}: not a valid gzip file")
    assert problems[1] == f"{empty}: empty file"


def test_jsonl_is_streamed(tmp_path):
    f = write_jsonl(tmp_path / "s.jsonl", [
        json.dumps({"id": "s1", "text": TEXT_A}, ensure_ascii=False),
        json.dumps({"id": "s2", "text": TEXT_B}, ensure_ascii=False),
    ])
    it = read_articles([str(f)], on_problem=lambda p: None)
    assert next(it).id == "s1"
    # the rest of the file changes under the reader: only read line by line
    with f.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"id": "s3", "text": TEXT_C}, ensure_ascii=False) + "\n")
    assert [a.id for a in it] == ["s2", "s3"]


# ---------------------------------------------------------------- folders, stdin, errors

def test_folder_recursion_sorted_hidden_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "z").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "a" / "z" / "1.txt").write_text(TEXT_B, encoding="utf-8")
    (tmp_path / "a" / "0.htm").write_text(f"<p>{TEXT_C}</p>", encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / ".secret.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    write_jsonl(tmp_path / "b" / "1.jsonl", [json.dumps({"id": "j", "text": TEXT_B})])
    articles, problems = read([tmp_path])
    assert problems == []
    assert [Path(a.path).relative_to(tmp_path).as_posix() for a in articles] == [
        "a/0.htm", "a/z/1.txt", "a.txt", "b/1.jsonl:1", "b/2.txt",
    ]


def test_empty_folder_is_a_problem(tmp_path):
    articles, problems = read([tmp_path])
    assert articles == []
    assert problems == [f"{tmp_path}: no article files found "
                        "(expected .txt .html .htm .json .jsonl .jsonl.gz)"]


def test_stdin_plain_text(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("\n" + TEXT_A + "\n" + TEXT_B + "\n"))
    (article,), problems = read(["-"], published=date(2024, 6, 1))
    assert problems == []
    assert article.id == "stdin"
    assert article.text == "\n" + TEXT_A + "\n" + TEXT_B + "\n"
    assert article.published == date(2024, 6, 1)


def test_stdin_jsonl(monkeypatch):
    data = "\n  " + json.dumps({"id": "i1", "text": TEXT_A}, ensure_ascii=False) + "\n" \
        + "not json\n" + json.dumps({"text": TEXT_B}, ensure_ascii=False) + "\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(data))
    articles, problems = read(["-"])
    assert [a.id for a in articles] == ["i1", "stdin:4"]
    assert problems[0].startswith("<stdin>:3: invalid JSON (")


def test_stdin_binary_buffer(monkeypatch):
    raw = io.BytesIO(("\ufeff" + TEXT_C).encode("utf-8"))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(raw, encoding="latin-1"))
    (article,), _ = read(["-"])
    assert article.text == TEXT_C  # decoded as UTF-8 whatever the locale says


def test_empty_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("  \n"))
    articles, problems = read(["-"])
    assert articles == []
    assert problems == ["<stdin>: empty input"]


def test_non_utf8_files(tmp_path):
    txt = tmp_path / "cp.txt"
    txt.write_bytes(TEXT_A.encode("cp1256"))
    jl = tmp_path / "cp.jsonl"
    jl.write_bytes(json.dumps({"text": TEXT_A}, ensure_ascii=False).encode("cp1256") + b"\n")
    ok = tmp_path / "ok.txt"
    ok.write_text(TEXT_B, encoding="utf-8")
    articles, problems = read([txt, jl, ok])
    assert [a.id for a in articles] == ["ok"]
    assert problems == [f"{txt}: not UTF-8 text", f"{jl}: not UTF-8 text"]


def test_missing_file_and_unsupported_suffix(tmp_path):
    missing = tmp_path / "nope.txt"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    articles, problems = read([missing, pdf])
    assert articles == []
    assert problems == [
        f"{missing}: no such file or directory",
        f"{pdf}: unsupported file type '.pdf' (expected .txt .html .htm .json .jsonl .jsonl.gz)",
    ]


def test_without_on_problem_the_first_problem_raises(tmp_path):
    f = write_jsonl(tmp_path / "x.jsonl", [json.dumps({"id": "ok", "text": TEXT_A}),
                                            json.dumps({"id": "bad"})])
    it = read_articles([str(f)])
    assert next(it).id == "ok"
    with pytest.raises(InputError) as info:
        next(it)
    assert info.value.path == f"{f}:2"
    assert info.value.reason == "missing text"
    assert str(info.value) == f"{f}:2: missing text"


# ---------------------------------------------------------------- writers

def make_event(**changes) -> Event:
    fields = dict(
        article_id="a1", event_date="2018-02-12", date_window=["2018-02-11", "2018-02-12"],
        time_precision=1, disorder_type="Political violence",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Syria (2000-)", actor1_ar="قوات النظام", inter1=1,
        actor2="Civilians (Syria)", actor2_ar="مدنيين", inter2=7, interaction=17,
        civilian_targeting="Civilian targeting", country="Syria", iso=760,
        location="Al Zaytoun", location_ar="الزيتون", admin1="Idlib", admin2="Idlib",
        latitude=35.93, longitude=36.63, geo_precision=2, fatalities=3, captured=None,
        wounded=2, source="وكالة المثال", source_url="https://example.org/news/1",
        evidence=[Evidence(TEXT_A, 0, len(TEXT_A)), Evidence("أصيب اثنان", 80, 90)],
        rules=["shelling.qasf", "fatalities.number"],
    )
    fields.update(changes)
    event = Event(**fields)
    event.assign_id()
    return event


def test_jsonl_round_trip():
    events = [make_event(), make_event(article_id="a2", latitude=None, longitude=None)]
    out = io.StringIO()
    with open_writer("jsonl", out) as writer:
        for event in events:
            writer.write(event)
    assert writer.count == 2
    text = out.getvalue()
    assert "قوات النظام" in text  # not \u-escaped
    lines = text.splitlines()
    assert [json.loads(line) for line in lines] == [e.to_dict() for e in events]
    back = json.loads(lines[0])
    back["evidence"] = [Evidence.from_dict(e) for e in back["evidence"]]
    assert Event(**back) == events[0]


def test_csv_header_and_row():
    event = make_event()
    out = io.StringIO(newline="")
    with open_writer("csv", out) as writer:
        writer.write(event)
        writer.write(make_event(country="Sudan", iso=729, event_date=None, latitude=None,
                                evidence=[], rules=[]))
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[0] == ACLED_COLUMNS + RASAD_EXTRA_COLUMNS
    assert rows[0][:3] == ["event_id_cnty", "event_date", "year"]
    assert rows[0][len(ACLED_COLUMNS) - 1] == "timestamp"
    assert rows[0][len(ACLED_COLUMNS)] == "event_id"
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["event_id_cnty"] == row["event_id"] == event.event_id != ""
    assert row["year"] == "2018"
    assert row["region"] == "Middle East"
    assert row["iso"] == "760"
    assert row["latitude"] == "35.93" and row["longitude"] == "36.63"
    assert row["notes"] == row["evidence_text"] == TEXT_A + " … " + "أصيب اثنان"
    assert row["evidence_spans"] == f"0-{len(TEXT_A)};80-90"
    assert row["rules"] == "shelling.qasf;fatalities.number"
    assert row["date_window_start"] == "2018-02-11" and row["date_window_end"] == "2018-02-12"
    assert row["captured"] == "" and row["wounded"] == "2"
    assert row["fatalities"] == "3"
    for empty in ("assoc_actor_1", "assoc_actor_2", "admin3", "source_scale", "tags",
                  "timestamp"):
        assert row[empty] == ""
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["region"] == "Northern Africa"
    assert second["year"] == second["event_date"] == second["latitude"] == ""
    assert second["notes"] == second["evidence_spans"] == second["rules"] == ""


def test_csv_zero_events_has_header_only():
    out = io.StringIO(newline="")
    open_writer("csv", out).close()
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [ACLED_COLUMNS + RASAD_EXTRA_COLUMNS]


def test_geojson_coordinates_and_null_geometry():
    located = make_event()
    unlocated = make_event(article_id="a9", latitude=None, longitude=None)
    out = io.StringIO()
    with open_writer("geojson", out) as writer:
        writer.write(located)
        writer.write(unlocated)
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection"
    first, second = data["features"]
    assert first["type"] == "Feature"
    assert first["geometry"] == {"type": "Point", "coordinates": [36.63, 35.93]}  # [lon, lat]
    assert first["properties"] == located.to_dict()
    assert first["id"] == located.event_id
    assert second["geometry"] is None


def test_geojson_zero_events_is_valid():
    out = io.StringIO()
    with open_writer("geojson", out):
        pass
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_unknown_format_and_write_after_close():
    with pytest.raises(ValueError, match="expected one of: jsonl, csv, geojson"):
        open_writer("xml", io.StringIO())
    writer = open_writer("GeoJSON", io.StringIO())
    writer.close()
    writer.close()  # idempotent
    with pytest.raises(ValueError):
        writer.write(make_event())
