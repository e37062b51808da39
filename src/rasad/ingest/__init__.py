"""Reading what an analyst collects into Articles: files, folders, globs, stdin, URLs,
RSS/Atom feeds and WARC archives.

``iter_articles`` yields articles one at a time (nothing is loaded whole) and reports
every input it cannot read to ``on_problem`` (a ``ReadProblem``: where, and why), then
goes on with the next record, entry or file.

- ``.html`` / ``.htm``: trafilatura (``rasad.ingest.html``);
- ``.warc`` / ``.warc.gz``: HTML responses in the archive (``rasad.ingest.warc``);
- ``.rss`` / ``.atom`` / ``.xml``: a feed (``rasad.ingest.feeds``);
- ``.txt``, ``.json``, ``.jsonl``, ``.jsonl.gz`` and ``-``: ``rasad.io.read_articles``;
- ``http(s)://`` URLs: fetched; a feed if it looks like one, else an HTML page;
- a folder: every file above in it (sorted, hidden files skipped); a glob pattern: the
  files it matches.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

from rasad.ingest.feeds import looks_like_feed, read_feed
from rasad.ingest.fetch import Fetched, FetchError, fetch
from rasad.ingest.html import decode_html, html_article
from rasad.ingest.warc import read_warc
from rasad.io.readers import STDIN, InputError, ReadProblem, drain, folder_files, read_articles
from rasad.model import Article

INGEST_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".jsonl.gz", ".warc",
                   ".warc.gz", ".rss", ".atom", ".xml")
OnProblem = Callable[[ReadProblem], None]
Fetcher = Callable[[str], Fetched]

__all__ = ["INGEST_SUFFIXES", "html_article", "iter_articles", "read_feed", "read_warc"]


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, kind in ((".warc.gz", "warc"), (".warc", "warc"), (".jsonl.gz", "reader"),
                         (".html", "html"), (".htm", "html"), (".rss", "feed"),
                         (".atom", "feed"), (".xml", "feed"), (".txt", "reader"),
                         (".json", "reader"), (".jsonl", "reader")):
        if name.endswith(suffix):
            return kind
    return None


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def iter_articles(sources: Sequence[str], *, feeds: Sequence[str] = (),
                  published: date | None = None, on_problem: OnProblem,
                  fetcher: Fetcher = fetch) -> Iterator[Article]:
    """The articles in ``sources`` (paths, folders, globs, ``-``, URLs) and ``feeds``."""
    for source in sources:
        yield from _source(source, published, on_problem, fetcher, feed=False)
    for feed in feeds:
        yield from _source(feed, published, on_problem, fetcher, feed=True)


def _source(source: str, published: date | None, on_problem: OnProblem, fetcher: Fetcher,
            *, feed: bool) -> Iterator[Article]:
    if source == STDIN:
        yield from read_articles([STDIN], published=published, on_problem=on_problem)
        return
    if _is_url(source):
        yield from drain(_url(source, published, fetcher, feed=feed), on_problem)
        return
    path = Path(source)
    if path.is_dir():
        files = folder_files(path, _kind)
        if not files:
            on_problem(ReadProblem(source, "no article files found"))
        for file in files:
            yield from _file(file, published, on_problem, fetcher, feed=feed)
    elif path.exists():
        yield from _file(path, published, on_problem, fetcher, feed=feed)
    elif glob.has_magic(source):
        matches = sorted(Path(p) for p in glob.glob(source, recursive=True))
        files = [p for p in matches if p.is_file()]
        if not files:
            on_problem(ReadProblem(source, "no files match this pattern"))
        for file in files:
            yield from _file(file, published, on_problem, fetcher, feed=feed)
    else:
        on_problem(ReadProblem(source, "no such file or directory"))


def _file(path: Path, published: date | None, on_problem: OnProblem, fetcher: Fetcher,
          *, feed: bool) -> Iterator[Article]:
    kind = "feed" if feed else _kind(path)
    label = str(path)
    if kind == "reader" or kind is None:
        yield from read_articles([label], published=published, on_problem=on_problem)
    elif kind == "warc":
        yield from drain(read_warc(path, published), on_problem)
    else:
        yield from drain(_bytes_items(path, kind, published, fetcher), on_problem)


def _bytes_items(path: Path, kind: str, published: date | None,
                 fetcher: Fetcher) -> Iterator[Article | ReadProblem]:
    label = str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(label, f"cannot read ({e.strerror or e})") from None
    if not data.strip():
        raise InputError(label, "empty file")
    if kind == "feed":
        yield from read_feed(data, label=label, fetcher=fetcher, published=published)
    else:
        yield html_article(decode_html(data), label=label, article_id=_stem(path),
                           published=published)


def _stem(path: Path) -> str:
    return path.name.rsplit(".", 1)[0]


def _url(url: str, published: date | None, fetcher: Fetcher,
         *, feed: bool) -> Iterator[Article | ReadProblem]:
    try:
        got = fetcher(url)
    except FetchError as e:
        raise InputError(url, str(e)) from None
    if feed or looks_like_feed(got.body, got.content_type):
        yield from read_feed(got.body, label=url, fetcher=fetcher, published=published)
    else:
        yield html_article(decode_html(got.body, got.content_type), label=url,
                           url=got.url or url, published=published)
