"""The clinician report: a document a physiotherapist reads in a minute and can print on A4 or Letter.

Owns what the report says (:mod:`.content`, built from :class:`rehab.analysis.Analysis` and its plan as of
the one "as of" day of :func:`rehab.analysis.default_as_of`), its charts (:mod:`.figures`, vector SVG), its
layout (:mod:`.render`: HTML, and a paged PDF from the same HTML by WeasyPrint), the paper sizes
(:mod:`.paper`) and the log of reports made (:mod:`.log`) that "what changed since the last report" reads.
May import the analytics and the advice; never pages or Streamlit.
"""

from __future__ import annotations

from rehab.output.report.content import (
    DEFAULT_WEEKS,
    Change,
    Changes,
    ExerciseSection,
    PainTrend,
    Report,
    build_report,
    fmt_day,
)
from rehab.output.report.log import LoggedReport, last_label, last_report, record_report
from rehab.output.report.paper import PAPERS, Paper, paper, paper_for_locale, system_locale
from rehab.output.report.render import report_html, report_pdf

__all__ = [
    "DEFAULT_WEEKS", "PAPERS", "Change", "Changes", "ExerciseSection", "LoggedReport", "PainTrend", "Paper",
    "Report", "build_report", "fmt_day", "last_label", "last_report", "paper", "paper_for_locale",
    "record_report", "report_html", "report_pdf", "system_locale",
]
