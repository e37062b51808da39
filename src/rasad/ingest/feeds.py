"""RSS / Atom feeds (feedparser): each entry becomes an article.

An entry that carries its full text (``content``, or a long ``summary``) is read from the
feed; otherwise its ``link`` is fetched and read as an HTML page. An entry with neither,
or whose page cannot be fetched or holds no article text, is reported and skipped; the
other entries go on. The entry's own date is its publication date when the page gives
none.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date

from rasad.ingest.fetch import Fetched, FetchError
from rasad.ingest.html import decode_html, html_article, url_id
from rasad.io.readers import InputError, ReadProblem
from rasad.model import Article

FULL_TEXT_MIN = 300  # characters of text from which an entry is taken as the full article
_TAGS = re.compile(r"<[^>]+>")


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """Whether a fetched body is RSS/Atom, by its content type or its first bytes."""
    ct = content_type.lower()
    if any(k in ct for k in ("rss", "atom", "/xml", "+xml")):
        return True
    head = data[:1000].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or
                                          b"<rdf" in head)


def _plain(value: str) -> str:
    return " ".join(htmllib.unescape(_TAGS.sub(" ", value)).split())


def read_feed(data: bytes, *, label: str, fetcher: Callable[[str], Fetched],
              published: date | None = None) -> Iterator[Article | ReadProblem]:
    """The feed's entries as articles, or a ``ReadProblem`` for each entry that fails;
    ``InputError`` when ``data`` is no feed or has no entries."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        reason = "not an RSS/Atom feed" if parsed.get("bozo") else "feed has no entries"
        raise InputError(label, reason)
    outlet = (parsed.get("feed") or {}).get("title") or None
    for i, entry in enumerate(entries, 1):
        where = f"{label}#{i}"
        try:
            yield _entry_article(entry, where=where, outlet=outlet, fetcher=fetcher,
                                 published=published)
        except InputError as e:
            yield ReadProblem(e.path, e.reason)


def _entry_date(entry: dict) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        t = entry.get(key)
        if t:
            try:
                return date(t.tm_year, t.tm_mon, t.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def _entry_article(entry: dict, *, where: str, outlet: str | None,
                   fetcher: Callable[[str], Fetched], published: date | None) -> Article:
    link = (entry.get("link") or "").strip() or None
    title = _plain(entry.get("title") or "") or None
    when = _entry_date(entry)
    body = ""
    contents = entry.get("content") or []
    if contents:
        body = contents[0].get("value") or ""
    size = len(_plain(body))
    if size < FULL_TEXT_MIN:
        summary = entry.get("summary") or ""
        if (summary_size := len(_plain(summary))) > size:
            body, size = summary, summary_size
    if size >= FULL_TEXT_MIN:
        page = f"<html><head><title>{htmllib.escape(title or '')}</title></head>" \
               f"<body><article>{body}</article></body></html>"
        art = html_article(page, label=where, url=link, published=published, outlet=outlet,
                           known_date=when)
        return _with(art, title=title, link=link, where=where)
    if not link:
        raise InputError(where, "entry has neither a link nor its full text")
    try:
        fetched = fetcher(link)
    except FetchError as e:
        raise InputError(f"{where} {link}", str(e)) from None
    art = html_article(decode_html(fetched.body, fetched.content_type),
                       label=f"{where} {link}", url=fetched.url or link, published=published,
                       outlet=outlet, known_date=when)
    return _with(art, title=title, link=link, where=where)


def _with(art: Article, *, title: str | None, link: str | None, where: str) -> Article:
    url = art.url or link
    return replace(art, id=url_id(url) if url else where, title=art.title or title,
                   url=url, path=where)
