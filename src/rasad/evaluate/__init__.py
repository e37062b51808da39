"""Scoring rasad's events against gold articles (GUIDELINES §9)."""

from rasad.evaluate.report import render_report
from rasad.evaluate.score import (
    Accuracy,
    ErrorItem,
    MatchedPair,
    Report,
    TypeRow,
    load_gold,
    load_pred,
    report_to_dict,
    score,
)

__all__ = [
    "Accuracy",
    "ErrorItem",
    "MatchedPair",
    "Report",
    "TypeRow",
    "load_gold",
    "load_pred",
    "render_report",
    "report_to_dict",
    "score",
]
