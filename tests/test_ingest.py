"""Reading what analysts collect (rasad.ingest) and `rasad ingest` / `events` / `sources`.

The HTML pages, the WARC archive and the RSS feed are written by the tests (the feed and
its pages are served by a local http.server in a thread); the Arabic sentences were
written for rasad.
"""

from __future__ import annotations

import gzip
import io
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from rasad.cli import app
from rasad.ingest import iter_articles
from rasad.ingest.dates import date_from_dateline, date_from_url
from rasad.ingest.html import html_article
from rasad.io.readers import InputError, ReadProblem

AIRSTRIKE = ("قتل خمسة مدنيين بينهم طفلان جراء غارة جوية روسية استهدفت مدينة أريحا جنوب "
             "إدلب اليوم.")
AIRSTRIKE_2 = ("استهدفت غارة جوية روسية مدينة أريحا جنوب إدلب صباح اليوم، ما أدى إلى مقتل "
               "سبعة مدنيين.")
IED = ("انفجرت عبوة ناسفة مزروعة في سيارة وسط مدينة الباب بريف حلب الشرقي صباح اليوم، "
       "ما أدى إلى مقتل ثلاثة أشخاص وإصابة سبعة آخرين.")
FILLER = ("وتشهد المنطقة منذ أسابيع تصعيدا متواصلا، بحسب ما أفاد به ناشطون محليون "
          "لوسائل الإعلام، فيما تواصل فرق الإنقاذ عملها في ظروف صعبة.")


def page(title: str, paragraphs: list[str], *, published: str | None = "2019-05-05",
         canonical: str | None = None, site: str = "شبكة أخبار الشمال") -> str:
    meta = f'<meta property="article:published_time" content="{published}T09:00:00+03:00">' \
        if published else ""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f"<title>{title}</title>{meta}{link}"
            f'<meta property="og:site_name" content="{site}"></head><body>'
            f'<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/s">سياسة</a></li>'
            f"</ul></nav><main><article><h1>{title}</h1>{body}</article></main>"
            f'<section class="comments"><h3>التعليقات</h3><div class="comment">'
            f"<p>تعليق من قارئ: حسبنا الله</p></div></section>"
            f"<footer><p>جميع الحقوق محفوظة</p></footer></body></html>")


# ---------------------------------------------------------------- HTML and dates

def test_html_page_through_trafilatura() -> None:
    html = page("غارة روسية على أريحا", [AIRSTRIKE, AIRSTRIKE_2, FILLER],
                canonical="https://news.example.org/ar/news/12345")
    a = html_article(html, label="p.html", article_id="p")
    assert "قتل خمسة" in a.text and "سبعة مدنيين" in a.text
    assert "الرئيسية" not in a.text and "حسبنا الله" not in a.text
    assert "جميع الحقوق" not in a.text
    assert a.title == "غارة روسية على أريحا"
    assert a.published == date(2019, 5, 5)
    assert a.url == "https://news.example.org/ar/news/12345"
    assert a.outlet == "شبكة أخبار الشمال"


def test_publication_date_from_url_then_dateline() -> None:
    html = page("عنوان", [AIRSTRIKE, AIRSTRIKE_2, FILLER], published=None,
                canonical="https://news.example.org/2018/02/12/story")
    assert html_article(html, label="p").published == date(2018, 2, 12)
    dated = page("عنوان", ["إدلب - 14 شباط 2018: " + AIRSTRIKE, AIRSTRIKE_2, FILLER],
                 published=None, canonical="https://news.example.org/story")
    assert html_article(dated, label="p").published == date(2018, 2, 14)
    none = page("عنوان", [AIRSTRIKE, AIRSTRIKE_2, FILLER], published=None)
    assert html_article(none, label="p").published is None


def test_date_helpers() -> None:
    assert date_from_url("https://x.org/news/2018/02/12/a-b") == date(2018, 2, 12)
    assert date_from_url("https://x.org/2019-08-28-title") == date(2019, 8, 28)
    assert date_from_url("https://x.org/news/20210610/x") == date(2021, 6, 10)
    assert date_from_url("https://x.org/2019/13/45/x") is None
    assert date_from_url(None) is None
    assert date_from_dateline("دمشق - ١٢ فبراير ٢٠١٨ - قال مراسلنا") == date(2018, 2, 12)
    assert date_from_dateline("نشر في 2020-04-28 قصف") == date(2020, 4, 28)
    assert date_from_dateline("لا تاريخ هنا") is None


@pytest.mark.parametrize("bad", ["", "   ", "<html><body><nav>قائمة</nav></body></html>",
                                 "\x00\x01\x02<<<>>>"])
def test_malformed_html_is_an_input_error(bad: str) -> None:
    with pytest.raises(InputError):
        html_article(bad, label="bad.html")


# ---------------------------------------------------------------- WARC

def write_warc(path: Path, pages: list[tuple[str, str]], *, extra: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")),
                http_headers=headers))
        if extra:  # an image and a redirect: not articles, passed over
            img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")],
                                   protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                "https://news.example.org/logo.png", "response",
                payload=io.BytesIO(b"\x89PNG...."), http_headers=img))
            moved = StatusAndHeaders("301 Moved", [("Location", "/x")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                "https://news.example.org/old", "response", payload=io.BytesIO(b""),
                http_headers=moved))


def _collect(sources: list[str], **kw) -> tuple[list, list[ReadProblem]]:
    problems: list[ReadProblem] = []
    arts = list(iter_articles(sources, on_problem=problems.append, **kw))
    return arts, problems


def test_warc_html_responses_become_articles(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [
        ("https://news.example.org/2019/05/05/ariha", page("أريحا", [AIRSTRIKE, FILLER])),
        ("https://news.example.org/2019/05/06/bab", page("الباب", [IED, FILLER],
                                                         published=None)),
    ])
    arts, problems = _collect([str(warc)])
    assert problems == []
    assert [a.url for a in arts] == ["https://news.example.org/2019/05/05/ariha",
                                     "https://news.example.org/2019/05/06/bab"]
    assert arts[1].published == date(2019, 5, 6)  # from the URL
    plain = tmp_path / "crawl.warc"
    write_warc(plain, [("https://news.example.org/a", page("أريحا", [AIRSTRIKE, FILLER]))])
    arts, problems = _collect([str(plain)])
    assert len(arts) == 1 and problems == []


def test_truncated_warc_is_reported_and_earlier_pages_kept(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    pages = [(f"https://news.example.org/2019/05/0{i}/p", page("عنوان", [AIRSTRIKE, FILLER]
                                                              + [FILLER] * i))
             for i in range(1, 6)]
    write_warc(warc, pages, extra=False)
    data = warc.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    arts, problems = _collect([str(cut)])
    assert 1 <= len(arts) < 5
    assert len(problems) == 1 and "cut.warc.gz" in problems[0].path
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"this is not a warc file at all\n" * 10)
    arts, problems = _collect([str(garbage)])
    assert arts == [] and len(problems) == 1


# ---------------------------------------------------------------- feeds over HTTP

class _Site(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[str, bytes]]] = {}

    def do_GET(self) -> None:
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        ctype, body = route
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Site.routes = {}
    yield base, _Site.routes
    server.shutdown()
    server.server_close()


def rss(base: str, items: list[str]) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>وكالة أنباء المثال</title><link>{base}/</link>"
            f"<description>أخبار</description>{''.join(items)}</channel></rss>").encode()


def item(title: str, link: str | None = None, content: str | None = None,
         pub: str = "Sun, 05 May 2019 08:00:00 GMT") -> str:
    parts = [f"<title>{title}</title>", f"<pubDate>{pub}</pubDate>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return "<item>" + "".join(parts) + "</item>"


def test_feed_entries_fetched_or_read_and_broken_ones_skipped(site) -> None:
    base, routes = site
    routes["/news/ariha"] = ("text/html; charset=utf-8",
                             page("غارة على أريحا", [AIRSTRIKE, AIRSTRIKE_2, FILLER],
                                  published=None).encode())
    full = "".join(f"<p>{p}</p>" for p in (IED, FILLER, FILLER, FILLER))
    items = [
        item("غارة على أريحا", link=f"{base}/news/ariha"),
        item("انفجار في الباب", link=f"{base}/news/bab", content=full),
        item("خبر بلا رابط ولا نص"),
        item("صفحة مفقودة", link=f"{base}/news/missing"),
    ]
    routes["/feed.xml"] = ("application/rss+xml", rss(base, items).replace(
        b'<rss version="2.0">',
        b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'))
    arts, problems = _collect([], feeds=[f"{base}/feed.xml"])
    assert [a.url for a in arts] == [f"{base}/news/ariha", f"{base}/news/bab"]
    assert "غارة جوية روسية" in arts[0].text
    assert "عبوة ناسفة" in arts[1].text
    assert all(a.published == date(2019, 5, 5) for a in arts)  # the entries' dates
    assert all(a.outlet == "وكالة أنباء المثال" for a in arts)
    assert len(problems) == 2
    assert "neither a link" in problems[0].reason
    assert "404" in problems[1].reason
    # a feed URL given as a plain input is recognized by its content type
    arts2, _ = _collect([f"{base}/feed.xml"])
    assert len(arts2) == 2
    # a page URL is fetched and read as HTML; a dead one is reported
    arts3, problems3 = _collect([f"{base}/news/ariha", f"{base}/gone"])
    assert [a.url for a in arts3] == [f"{base}/news/ariha"] and arts3[0].published is None
    assert len(problems3) == 1 and "404" in problems3[0].reason


def test_feed_file_and_bad_feeds(tmp_path: Path, site) -> None:
    base, routes = site
    routes["/broken"] = ("text/html", b"<html><body><p>no feed</p></body></html>")
    feed = tmp_path / "feed.rss"
    feed.write_bytes(rss(base, [item("انفجار", content="<p>" + IED + "</p>" + FILLER * 4)]))
    arts, problems = _collect([str(feed)])
    assert len(arts) == 1 and problems == []
    empty = tmp_path / "empty.rss"
    empty.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                      b"</channel></rss>")
    arts, problems = _collect([str(empty)], feeds=[f"{base}/broken", f"{base}/none"])
    assert arts == [] and len(problems) == 3


def test_folders_globs_and_missing_inputs(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(page("أ", [AIRSTRIKE, FILLER]), "utf-8")
    (tmp_path / "pages" / "b.htm").write_text(page("ب", [IED, FILLER]), "utf-8")
    (tmp_path / "pages" / "c.txt").write_text(IED, "utf-8")
    (tmp_path / "pages" / "notes.md").write_text("ignored", "utf-8")
    arts, problems = _collect([str(tmp_path / "pages")], published=date(2019, 5, 5))
    assert [a.id for a in arts] == ["a", "b", "c"] and problems == []
    arts, problems = _collect([str(tmp_path / "pages" / "*.htm*"), str(tmp_path / "nope")])
    assert [a.id for a in arts] == ["a", "b"]
    assert len(problems) == 1 and problems[0].reason == "no such file or directory"


# ---------------------------------------------------------------- the commands

@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    (root / "ariha-1.html").write_text(page("غارة على أريحا", [AIRSTRIKE, FILLER],
                                            canonical="https://a.example.org/1",
                                            site="المنفذ الأول"), "utf-8")
    (root / "ariha-2.html").write_text(page("أريحا", [AIRSTRIKE_2, FILLER],
                                            canonical="https://b.example.org/7",
                                            site="المنفذ الثاني"), "utf-8")
    (root / "bab.html").write_text(page("الباب", [IED, FILLER],
                                        canonical="https://a.example.org/2",
                                        site="المنفذ الأول"), "utf-8")
    (root / "broken.html").write_text("<html><body><nav>x</nav></body></html>", "utf-8")
    records = [{"id": "j1", "url": "https://c.example.org/9", "outlet": "منفذ ثالث",
                "published": "2019-05-05", "text": AIRSTRIKE + " " + FILLER}]
    with gzip.open(root / "more.jsonl.gz", "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return root


def test_ingest_command_end_to_end(corpus: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rasad.sqlite'}"
    runner = CliRunner()
    r = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert r.exit_code == 1, r.output  # broken.html was skipped
    assert "read 4, new 4, duplicate 0, skipped 1" in r.output
    assert "broken.html" in r.output and "articles/s" in r.output
    again = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert "read 4, new 0, duplicate 4, skipped 1" in again.output

    r = runner.invoke(app, ["events", "--db", db])
    fused = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    strikes = [e for e in fused if e["sub_event_type"] == "Air/drone strike"]
    assert len(strikes) == 1 and strikes[0]["n_sources"] == 3
    assert strikes[0]["fatalities"] == 5  # the lowest reported figure
    assert {s["outlet"] for s in strikes[0]["sources"]} == {"المنفذ الأول", "المنفذ الثاني",
                                                            "منفذ ثالث"}
    assert all(s["evidence"] and s["source_url"] for s in strikes[0]["sources"])
    assert any(e["event_type"] == "Explosions/Remote violence"
               and e["sub_event_type"] != "Air/drone strike" for e in fused)

    per = runner.invoke(app, ["events", "--db", db, "--per-article", "--type",
                              "Air/drone strike"])
    assert len([x for x in per.stdout.splitlines() if x.startswith("{")]) == 3

    src = runner.invoke(app, ["sources", strikes[0]["event_id"], "--db", db, "--json"])
    assert json.loads(src.stdout)["n_sources"] == 3
    table = runner.invoke(app, ["sources", strikes[0]["event_id"], "--db", db])
    assert table.exit_code == 0 and "3 source(s)" in table.stdout
    assert runner.invoke(app, ["sources", "fsd-none", "--db", db]).exit_code == 1

    for fmt in ("csv", "geojson", "parquet"):
        target = tmp_path / f"out.{fmt}"
        r = runner.invoke(app, ["events", "--db", db, "--format", fmt, "-o", str(target)])
        assert r.exit_code == 0, r.output
        assert target.stat().st_size > 0
    geo = json.loads((tmp_path / "out.geojson").read_text("utf-8"))
    assert any(f["properties"].get("n_sources") == 3 for f in geo["features"])
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "out.parquet")
    assert "sources" in table.column_names and table.num_rows == len(fused)

    assert runner.invoke(app, ["fuse", "--db", db]).exit_code == 0
    r = runner.invoke(app, ["events", "--db", db])
    assert len([x for x in r.stdout.splitlines() if x.startswith("{")]) == len(fused)
    r = runner.invoke(app, ["reextract", "--db", db, "--all"])
    assert r.exit_code == 0 and "re-extracted 4 articles" in r.output
