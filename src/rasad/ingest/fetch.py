"""Fetching a URL (standard library only): bytes, final URL and content type."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

USER_AGENT = "rasad/0.1 (+https://github.com/; Arabic conflict event coding)"
MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = 20.0


class FetchError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    content_type: str
    body: bytes


def fetch(url: str, *, timeout: float = TIMEOUT) -> Fetched:
    """The body (at most ``MAX_BYTES``), final URL and content type; ``FetchError`` else."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise FetchError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
            return Fetched(resp.geturl(), resp.headers.get("Content-Type", "") or "", body)
    except urllib.error.HTTPError as e:
        raise FetchError(f"HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        raise FetchError(f"cannot fetch ({e.reason})") from None
    except (TimeoutError, OSError, ValueError) as e:
        raise FetchError(f"cannot fetch ({e})") from None
