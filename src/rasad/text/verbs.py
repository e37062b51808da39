"""Conjugation of Arabic verbs into their written forms (normalized, unvocalized).

News reports use the perfect (قصفت، سيطروا), the imperfect (يستهدف، تقصف) and the
passive, which unvocalized is written like the active (قُصف = قصف). From the perfect
3rd person masculine singular and its imperfect, this lists the written forms that
reports use; clitics are added by the lexicon compiler.
"""

from __future__ import annotations

from rasad.text.normalize import normalize_key

# Perfect suffixes: 3ms -, 3fs ت, 3mp وا, 3md ا, 3fd تا, 3fp ن, 1p نا, 1s/2s ت (same as 3fs).
_PERFECT = ("", "ت", "وا", "ا", "تا", "ن", "نا", "تم")
# Imperfect: person prefix + stem + suffix.
_IMPERFECT = (("ي", ""), ("ت", ""), ("ي", "ون"), ("ت", "ون"), ("ي", "وا"), ("ي", "ان"),
              ("ت", "ان"), ("ن", ""), ("ا", ""), ("ي", "ن"))
# Active participle prefix for derived forms (مستهدف، منسحب) is left to explicit forms.


def default_imperfect(past: str) -> str:
    """A regular 3ms imperfect for a normalized perfect: قصف -> يقصف, استهدف -> يستهدف.

    Forms IV, VII, VIII and X drop the initial alef (اعتقل -> يعتقل); form I verbs whose
    first radical is hamza (أسر -> يأسر) must be given explicitly.
    """
    return "ي" + (past[1:] if past.startswith("ا") else past)


def conjugate(past: str, imperfect: str | None = None) -> dict[str, str]:
    """Written forms (normalized) of a verb, each with its tense (perfect | imperfect)."""
    past = normalize_key(past)
    imp = normalize_key(imperfect) if imperfect else default_imperfect(past)
    stem = imp[1:]
    forms = {p + stem + s: "imperfect" for p, s in _IMPERFECT}
    # Where the two tenses write alike, the perfect reading is kept (news report the past).
    forms.update({past + s: "perfect" for s in _PERFECT})
    return dict(sorted(forms.items()))
