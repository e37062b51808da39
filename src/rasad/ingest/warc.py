"""WARC / WARC.gz archives (warcio): every HTML response becomes an article.

Only ``response`` records with HTTP status 200 and an HTML content type are read; other
records (requests, metadata, images, redirects) are passed over silently. A page without
article text is reported and skipped; a truncated or corrupt archive is reported, and
the pages read before the damage are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from rasad.ingest.html import decode_html, html_article
from rasad.io.readers import InputError, ReadProblem
from rasad.model import Article


def read_warc(path: Path, published: date | None = None) -> Iterator[Article | ReadProblem]:
    """The archive's HTML pages as articles (see the module docstring)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    label = str(path)
    n = records = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                records += 1
                if not record.rec_headers.get_header("WARC-Type"):
                    raise InputError(label, "not a WARC archive (a record without WARC-Type)")
                if record.rec_type != "response":
                    continue
                n += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{label}:{url or n}"
                http = record.http_headers
                status = http.get_statuscode() if http is not None else None
                ctype = (http.get_header("Content-Type") if http is not None else "") or ""
                if status != "200" or "html" not in ctype.lower():
                    continue
                body = record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0):  # fewer bytes than announced
                    raise InputError(label, f"truncated WARC: record {url or n} is cut short")
                try:
                    yield html_article(decode_html(body, ctype), label=where, url=url,
                                       published=published)
                except InputError as e:
                    yield ReadProblem(e.path, e.reason)
        if records == 0:
            raise InputError(label, "no WARC records found")
    except InputError:
        raise
    except ArchiveLoadFailed as e:
        raise InputError(label, f"not a valid WARC archive ({_short(e)})") from None
    except (EOFError, OSError, ValueError) as e:
        raise InputError(label, f"truncated or corrupt WARC ({_short(e)})") from None
    except Exception as e:  # zlib.error and friends from a cut gzip member
        raise InputError(label, f"truncated or corrupt WARC ({type(e).__name__}: "
                                f"{_short(e)})") from None


def _short(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:200]
