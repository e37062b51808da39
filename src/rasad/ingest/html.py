"""News HTML -> Article through trafilatura: main text without navigation or comments,
title, author, site name, canonical URL and publication date.

The date comes from the page's metadata (trafilatura/htmldate, without guessing from the
body), else from the URL (``/2018/02/12/``), else from the text's dateline; where none is
found the article keeps ``published = None`` (and the caller's default, if given).
When trafilatura finds no main text (tiny or unusual pages), rasad's simple HTML reader
is tried before the page is reported as having no article text.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date

from rasad.ingest.dates import date_from_dateline, date_from_url
from rasad.io.readers import InputError
from rasad.model import Article

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

MIN_WORDS = 5
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def decode_html(data: bytes, content_type: str = "") -> str:
    """Bytes of a page as text: the declared charset, else UTF-8, else cp1256."""
    charset = None
    if "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
    for enc in filter(None, (charset, "utf-8-sig", "cp1256")):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


def url_id(url: str) -> str:
    """A stable article id for a page known only by its URL."""
    return "url-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def html_article(html: str, *, label: str, article_id: str | None = None,
                 url: str | None = None, published: date | None = None,
                 outlet: str | None = None, known_date: date | None = None) -> Article:
    """The article in an HTML page; ``InputError`` when the page holds no article text.

    ``known_date`` is a publication date from outside the page's own metadata (a feed
    entry's date): it ranks after the page's metadata and before the URL; ``published``
    is the last resort, after the dateline.
    """
    import trafilatura

    if not html or not html.strip():
        raise InputError(label, "empty page")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            favor_recall=True, date_extraction_params=_DATE_PARAMS,
        )
    except Exception as e:  # trafilatura/lxml raise many kinds on hostile markup
        doc = None
        reason = f"could not parse HTML ({type(e).__name__})"
    else:
        reason = "no article text found"
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text.split()) < MIN_WORDS:  # a menu or a caption is not an article
        text = ""
    meta_date = _parse(getattr(doc, "date", None)) if doc is not None else None
    page_url = (getattr(doc, "url", None) if doc is not None else None) or url
    title = getattr(doc, "title", None) if doc is not None else None
    site = getattr(doc, "sitename", None) if doc is not None else None
    if not text:
        fallback = _fallback(html, label)
        if fallback is None or len(fallback.text.split()) < MIN_WORDS:
            raise InputError(label, reason)
        text = fallback.text
        title = title or fallback.title
        page_url = page_url or fallback.url
        site = site or fallback.outlet
        meta_date = meta_date or fallback.published
    when = (meta_date or known_date or date_from_url(page_url) or date_from_dateline(text)
            or published)
    return Article(
        id=article_id or (url_id(page_url) if page_url else label),
        text=text, published=when, title=title or None, url=page_url or None,
        outlet=outlet or site or None, path=label,
    )


def _parse(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _fallback(html: str, label: str) -> Article | None:
    from rasad.io.readers import _html_article

    try:
        return _html_article(html, label=label, article_id="page", published=None)
    except InputError:
        return None
