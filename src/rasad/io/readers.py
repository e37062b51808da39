"""Reading articles from plain text, simple HTML, JSON and JSON Lines files, folders or stdin.

Everything is streamed: `read_articles` yields one `Article` at a time, and JSON Lines
files (also gzip-compressed `.jsonl.gz`) are read line by line, never loaded whole.

Problems (a missing file, undecodable bytes, a bad JSONL line, a record without text)
never stop the run: each is passed to `on_problem` as a `ReadProblem` and reading goes
on with the next record or file. Without `on_problem`, the first problem raises
`InputError`.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path
from typing import Any

from rasad.model import Article

STDIN = "-"
STDIN_LABEL = "<stdin>"
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".json", ".jsonl", ".jsonl.gz")

_EXPECTED = " ".join(SUPPORTED_SUFFIXES)
_KINDS = {".txt": "txt", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}


class InputError(Exception):
    """A problem with one input file or record; `str()` is "<path>: <reason>"."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A file or record that could not be read. `path` may end in ":<line>"."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# An item produced by the per-file readers: an article, or a record-level problem
# (file-level problems are raised as InputError and end that file).
_Item = Article | ReadProblem


def read_articles(
    sources: Sequence[str],
    *,
    published: date | None = None,
    on_problem: Callable[[ReadProblem], None] | None = None,
) -> Iterator[Article]:
    """Yield the articles in `sources`, in order.

    A source is a file, a folder (searched recursively, in sorted path order, for
    files ending in .txt .html .htm .json .jsonl .jsonl.gz; hidden files and folders
    are skipped) or "-" for stdin (JSON Lines if its first non-space character is
    "{", plain text otherwise).

    `published` is the publication date for articles that do not carry one
    (plain text always; HTML without a date in its markup; JSON records whose
    `published` is absent or null).
    """
    for source in sources:
        if source == STDIN:
            yield from drain(_read_stdin(published), on_problem)
            continue
        path = Path(source)
        if path.is_dir():
            files = folder_files(path)
            if not files:
                _report(ReadProblem(source, f"no article files found (expected {_EXPECTED})"),
                        on_problem)
            for file in files:
                yield from drain(_read_file(file, published), on_problem)
        elif not path.exists():
            _report(ReadProblem(source, "no such file or directory"), on_problem)
        else:
            yield from drain(_read_file(path, published), on_problem)


def _report(problem: ReadProblem, on_problem: Callable[[ReadProblem], None] | None) -> None:
    if on_problem is None:
        raise InputError(problem.path, problem.reason)
    on_problem(problem)


def drain(items: Iterable[_Item],
          on_problem: Callable[[ReadProblem], None] | None) -> Iterator[Article]:
    """Pass articles through; report record problems and a file-ending InputError
    (raised as it is when there is no `on_problem`)."""
    fatal: InputError | None = None
    try:
        for item in items:
            if isinstance(item, ReadProblem):
                _report(item, on_problem)
            else:
                yield item
    except InputError as e:
        if on_problem is None:
            raise
        fatal = e
    if fatal is not None:
        _report(ReadProblem(fatal.path, fatal.reason), on_problem)


# ---------------------------------------------------------------- files and folders

def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        return "jsonl.gz"
    return _KINDS.get(Path(name).suffix)


def _stem(path: Path) -> str:
    name = path.name
    if name.lower().endswith(".jsonl.gz"):
        return name[: -len(".jsonl.gz")]
    return path.stem


def folder_files(root: Path, kind: Callable[[Path], str | None] = _kind) -> list[Path]:
    """Files under `root` that `kind` recognises (a kind, not None), hidden files and
    folders skipped, sorted by path."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            file = Path(dirpath, name)
            if name.startswith(".") or kind(file) is None or not file.is_file():
                continue
            found.append((file.relative_to(root).parts, file))
    return [file for _, file in sorted(found)]


def _read_file(path: Path, published: date | None) -> Iterator[_Item]:
    label = str(path)
    kind = _kind(path)
    if kind is None:
        suffix = path.suffix
        what = f"'{suffix}'" if suffix else "(no suffix)"
        raise InputError(label, f"unsupported file type {what} (expected {_EXPECTED})")
    if kind in ("jsonl", "jsonl.gz"):
        yield from _read_jsonl_file(path, published, compressed=kind == "jsonl.gz")
        return
    text = _read_utf8(path)
    if kind == "txt":
        yield Article(id=_stem(path), text=_normalize_newlines(text), published=published,
                      path=label)
    elif kind == "html":
        yield _html_article(text, label=label, article_id=_stem(path), published=published)
    else:
        yield from _json_items(text, label=label, stem=_stem(path), published=published)


def _read_utf8(path: Path) -> str:
    label = str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(label, f"cannot read ({e.strerror or e})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(label, "not UTF-8 text") from None
    if not text.strip():
        raise InputError(label, "empty file")
    return text


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_jsonl_file(path: Path, published: date | None, *, compressed: bool) -> Iterator[_Item]:
    label = str(path)
    try:
        with (gzip.open(path, "rb") if compressed else path.open("rb")) as lines:
            yield from _jsonl_items(lines, label=label, stem=_stem(path), published=published)
    except gzip.BadGzipFile as e:
        raise InputError(label, f"not a valid gzip file ({e})") from None
    except (EOFError, zlib.error) as e:
        raise InputError(label, f"corrupt or truncated gzip data ({e})") from None
    except OSError as e:
        raise InputError(label, f"cannot read ({e.strerror or e})") from None


# ---------------------------------------------------------------- stdin

def _read_stdin(published: date | None) -> Iterator[_Item]:
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    lines: Iterator[bytes | str] = iter(buffer if buffer is not None else stream)
    head: list[bytes | str] = []
    first = ""
    for raw in lines:
        head.append(raw)
        first = _as_text(raw, errors="replace").replace("\ufeff", "").strip()
        if first:
            break
    if not first:
        raise InputError(STDIN_LABEL, "empty input")
    everything = chain(head, lines)
    if first.startswith("{"):
        yield from _jsonl_items(everything, label=STDIN_LABEL, stem="stdin", published=published)
        return
    parts = list(everything)
    if parts and isinstance(parts[0], bytes):
        try:
            text = b"".join(parts).decode("utf-8-sig")  # type: ignore[arg-type]
        except UnicodeDecodeError:
            raise InputError(STDIN_LABEL, "not UTF-8 text") from None
    else:
        text = "".join(parts).lstrip("\ufeff")  # type: ignore[arg-type]
    yield Article(id="stdin", text=_normalize_newlines(text), published=published,
                  path=STDIN_LABEL)


def _as_text(raw: bytes | str, errors: str = "strict") -> str:
    if isinstance(raw, bytes):
        return raw.decode("utf-8-sig", errors)
    return raw.lstrip("\ufeff")


# ---------------------------------------------------------------- JSON and JSON Lines

def _jsonl_items(lines: Iterable[bytes | str], *, label: str, stem: str,
                 published: date | None) -> Iterator[_Item]:
    """Articles from JSON Lines, one record per line; blank lines are skipped."""
    seen = False
    for lineno, raw in enumerate(lines, 1):
        where = f"{label}:{lineno}"
        try:
            line = _as_text(raw)
        except UnicodeDecodeError:
            if not seen:  # the very first record is not UTF-8: the whole file is suspect
                raise InputError(label, "not UTF-8 text") from None
            yield ReadProblem(where, "not UTF-8 text")
            continue
        if not line.strip():
            continue
        seen = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadProblem(where, f"invalid JSON ({e.msg} at column {e.colno})")
            continue
        try:
            yield _record_article(record, where=where, default_id=f"{stem}:{lineno}",
                                  published=published)
        except InputError as e:
            yield ReadProblem(e.path, e.reason)
    if not seen:
        raise InputError(label, "empty file")


def _json_items(text: str, *, label: str, stem: str, published: date | None) -> Iterator[_Item]:
    """Articles from a .json file holding one object or a list of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(label, f"invalid JSON ({e})") from None
    if isinstance(data, dict):
        yield _record_article(data, where=label, default_id=stem, published=published,
                              path=label)
        return
    if not isinstance(data, list):
        raise InputError(label, f"expected a JSON object or a list of objects, "
                                f"got {_json_type(data)}")
    for record, lineno in zip(data, _list_element_lines(text), strict=True):
        where = f"{label}:{lineno}"
        try:
            yield _record_article(record, where=where, default_id=f"{stem}:{lineno}",
                                  published=published)
        except InputError as e:
            yield ReadProblem(e.path, e.reason)


_JSON_WS = re.compile(r"[ \t\n\r]*")


def _list_element_lines(text: str) -> list[int]:
    """The line on which each element of a top-level JSON list starts (text is valid JSON)."""
    decoder = json.JSONDecoder()
    pos = _JSON_WS.match(text).end() + 1  # past "["
    pos = _JSON_WS.match(text, pos).end()
    lines: list[int] = []
    line, counted = 1, 0
    if text[pos] == "]":
        return lines
    while True:
        line += text.count("\n", counted, pos)
        counted = pos
        lines.append(line)
        _, pos = decoder.raw_decode(text, pos)
        pos = _JSON_WS.match(text, pos).end()
        if text[pos] != ",":
            return lines
        pos = _JSON_WS.match(text, pos + 1).end()


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def _record_article(record: Any, *, where: str, default_id: str, published: date | None,
                    path: str | None = None) -> Article:
    """One JSON record as an Article; extra fields (events, cluster, …) are ignored."""
    if not isinstance(record, dict):
        raise InputError(where, f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "missing text")
    article_id = record.get("id")
    if article_id is None or article_id == "":
        article_id = default_id
    elif isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    elif not isinstance(article_id, str):
        raise InputError(where, f"field 'id' must be a string, got {_json_type(article_id)}")
    strings: dict[str, str | None] = {}
    for name in ("url", "outlet", "title"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(where, f"field '{name}' must be a string or null, "
                                    f"got {_json_type(value)}")
        strings[name] = value or None
    raw_date = record.get("published")
    if raw_date is None or raw_date == "":
        record_date = published
    else:
        record_date = _parse_record_date(raw_date, where)
    return Article(id=article_id, text=text, published=record_date, path=path or where,
                   title=strings["title"], url=strings["url"], outlet=strings["outlet"])


def _parse_record_date(value: Any, where: str) -> date:
    if isinstance(value, str):
        s = value.strip()
        try:
            return date.fromisoformat(s) if len(s) == 10 else datetime.fromisoformat(s).date()
        except ValueError:
            pass
    raise InputError(where, f"invalid published date {value!r} "
                            f"(expected YYYY-MM-DD or an ISO datetime)")


# ---------------------------------------------------------------- HTML

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"}
_SKIPPED = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript"}
# Start tags that implicitly close an open <p> (HTML's own rule, simplified).
_CLOSES_P = _BLOCKS | {"div", "ul", "ol", "dl", "table", "section", "article", "main",
                       "figure", "pre", "hr", "nav", "header", "footer", "aside", "form"}
_DATE_META = {"article:published_time": 0, "date": 1}  # lower rank wins; <time> is rank 2


class _ArticleHTMLParser(HTMLParser):
    """Collects title, paragraphs and metadata; tolerant of unclosed tags and bad nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title_parts: list[str] | None = None  # collecting while inside <title>
        self.title: str | None = None
        self.first_h1: str | None = None
        self.paragraphs: list[str] = []
        self.dates: list[tuple[int, str]] = []
        self.canonical: str | None = None
        self.og_url: str | None = None
        self.site_name: str | None = None
        self._blocks: list[str] = []  # open text blocks, innermost last
        self._skipping: dict[str, int] = {}  # open skipped containers by tag
        self._buffer: list[str] = []

    # -- tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "").strip() for k, v in attrs}
        if self.title_parts is not None:  # an unclosed <title> ends at the next tag
            self._end_title()
        if tag == "meta":
            self._meta(a)
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href") or None
        elif tag == "title" and self.title is None:
            self.title_parts = []
        elif tag == "time" and a.get("datetime") and not self._skipping_now():
            self.dates.append((2, a["datetime"]))
        elif tag == "br":
            self._buffer.append("\n")
        if tag in _CLOSES_P and self._blocks and self._blocks[-1] == "p":
            self._end_block()
        if tag == "li" and self._blocks and self._blocks[-1] == "li":
            self._end_block()
        if tag in _SKIPPED:
            self._skipping[tag] = self._skipping.get(tag, 0) + 1
        elif tag in _BLOCKS:
            self._flush()
            self._blocks.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED or tag in _BLOCKS:  # <p/> and the like: nothing inside
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title_parts is not None:
            self._end_title()
        elif tag in _SKIPPED:
            if self._skipping.get(tag):
                self._skipping[tag] -= 1
        elif tag in _BLOCKS and tag in self._blocks:
            while self._blocks:
                if self._end_block() == tag:
                    break
        elif tag in ("ul", "ol") and "li" in self._blocks:
            while self._blocks and self._end_block() != "li":
                pass

    def handle_data(self, data: str) -> None:
        if self.title_parts is not None:
            self.title_parts.append(data)
        elif self._blocks and not self._skipping_now():
            self._buffer.append(data.replace("\n", " "))  # only <br> breaks a line

    def close(self) -> None:
        super().close()
        while self._blocks:
            self._end_block()

    # -- helpers

    def _end_title(self) -> None:
        self.title = " ".join("".join(self.title_parts or []).split()) or None
        self.title_parts = None

    def _skipping_now(self) -> bool:
        return any(self._skipping.values())

    def _meta(self, a: dict[str, str]) -> None:
        key = (a.get("property") or a.get("name") or "").lower()
        content = a.get("content") or None
        if not content:
            return
        if key in _DATE_META:
            self.dates.append((_DATE_META[key], content))
        elif key == "og:url":
            self.og_url = self.og_url or content
        elif key == "og:site_name":
            self.site_name = self.site_name or content

    def _end_block(self) -> str:
        tag = self._blocks.pop()
        text = self._flush()
        if tag == "h1" and self.first_h1 is None and text:
            self.first_h1 = " ".join(text.split())
        return tag

    def _flush(self) -> str:
        text = _clean("".join(self._buffer))
        self._buffer = []
        if text:
            self.paragraphs.append(text)
        return text


def _clean(text: str) -> str:
    """Collapse runs of white space within lines; keep line breaks from <br>."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _html_date(candidates: list[tuple[int, str]]) -> date | None:
    for _, value in sorted(candidates, key=lambda c: c[0]):  # stable: document order per rank
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            continue
    return None


def _html_article(html: str, *, label: str, article_id: str, published: date | None) -> Article:
    parser = _ArticleHTMLParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError) as e:  # html.parser's few hard failures
        raise InputError(label, f"could not parse HTML ({e})") from None
    if not parser.paragraphs:
        raise InputError(label, "no article text found")
    return Article(
        id=article_id,
        text="\n\n".join(parser.paragraphs),
        published=_html_date(parser.dates) or published,
        title=parser.title or parser.first_h1,
        url=parser.canonical or parser.og_url,
        outlet=parser.site_name,
        path=label,
    )
