"""Download GeoNames country dumps (``<CC>.zip``) and import them into the store."""

from __future__ import annotations

import os
import re
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

GEONAMES_BASE = "https://download.geonames.org/export/dump/"
_CC_RE = re.compile(r"^[A-Z]{2}$")
USER_AGENT = "rasad-gazetteer/0.1 (+https://www.geonames.org/export/)"


class DownloadError(Exception):
    """A dump that could not be fetched (HTTP error, network, bad country code)."""


def dump_url(country: str, base_url: str = GEONAMES_BASE) -> str:
    cc = country.strip().upper()
    if not _CC_RE.match(cc):
        raise DownloadError(f"{country!r} is not an ISO 3166 two-letter country code")
    return base_url.rstrip("/") + f"/{cc}.zip"


def fetch(url: str, dest_dir: Path, *, progress: Callable[[int, int | None], None] | None = None,
          timeout: float = 60.0) -> Path:
    """Fetch ``url`` into ``dest_dir`` (a temporary name renamed when complete)."""
    name = url.rstrip("/").rsplit("/", 1)[-1] or "download"
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / name
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        resp = urllib.request.urlopen(req, timeout=timeout)
    except urllib.error.HTTPError as e:
        raise DownloadError(f"{url}: HTTP {e.code} {e.reason}") from e
    except (urllib.error.URLError, OSError) as e:
        raise DownloadError(f"{url}: {getattr(e, 'reason', e)}") from e
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=dest_dir)
    try:
        with resp, os.fdopen(fd, "wb") as out:
            length = resp.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            while chunk := resp.read(1 << 16):
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
        if total is not None and done != total:
            raise DownloadError(f"{url}: got {done} of {total} bytes")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target

