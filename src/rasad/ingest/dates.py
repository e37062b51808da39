"""Publication dates where the page's metadata has none: from the URL, then the dateline."""

from __future__ import annotations

import re
from datetime import date

from rasad.text.normalize import normalize_key

_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_.]|$)")
_URL_COMPACT = re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)(?:/|[-_.]|$)")

# Month names in both series (normalized: ى->ي, ة->ه, hamza seats dropped by normalize_key).
_MONTHS_RAW = {
    1: ["يناير", "كانون الثاني", "جانفي"], 2: ["فبراير", "شباط", "فيفري"],
    3: ["مارس", "آذار"], 4: ["أبريل", "إبريل", "نيسان", "أفريل"], 5: ["مايو", "أيار", "ماي"],
    6: ["يونيو", "حزيران", "جوان"], 7: ["يوليو", "تموز", "جويلية"],
    8: ["أغسطس", "آب", "أوت"], 9: ["سبتمبر", "أيلول"], 10: ["أكتوبر", "تشرين الأول"],
    11: ["نوفمبر", "تشرين الثاني"], 12: ["ديسمبر", "كانون الأول"],
}
_MONTHS = {normalize_key(n): m for m, names in _MONTHS_RAW.items() for n in names}
_MONTH_ALT = "|".join(sorted((re.escape(k) for k in _MONTHS), key=len, reverse=True))
_TEXT_DATE = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?({_MONTH_ALT})\s*(?:/\s*(?:{_MONTH_ALT})\s*)?"
    rf"(?:عام\s+|سنه\s+)?((?:19|20)\d\d)(?!\d)"
)
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_DMY_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)(?!\d)")
DATELINE_CHARS = 400


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def date_from_url(url: str | None) -> date | None:
    """``/2018/02/12/`` or ``/2018-02-12`` or ``/20180212/`` in a URL path."""
    if not url:
        return None
    for pattern in (_URL_DATE, _URL_COMPACT):
        m = pattern.search(url)
        if m and (d := _safe(int(m[1]), int(m[2]), int(m[3]))):
            return d
    return None


def date_from_dateline(text: str) -> date | None:
    """A full date (day, month, year) near the start of the text: the dateline."""
    head = normalize_key(text[:DATELINE_CHARS])
    best: tuple[int, date] | None = None
    for m in _TEXT_DATE.finditer(head):
        d = _safe(int(m[3]), _MONTHS[m[2]], int(m[1]))
        if d:
            best = (m.start(), d)
            break
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_DMY_DATE, (3, 2, 1))):
        m = pattern.search(head)
        d = _safe(*(int(m[i]) for i in order)) if m else None
        if m and d and (best is None or m.start() < best[0]):
            best = (m.start(), d)
    return best[1] if best else None
