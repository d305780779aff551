"""The clinician report: its numbers (the plan and the dashboard's as-of day), its words (labels, never code
names or raw dicts), the paged PDF (A4 and Letter, page numbers, embedded fonts, selectable text), the log of
reports that says what changed, the paper chosen by locale, and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from rehab.advice import SIGN_LABELS, STATUS_LABELS
from rehab.analysis import Analysis, default_as_of
from rehab.cli.main import main
from rehab.demo import SQUAT, load_demo
from rehab.output.report import (
    PAPERS,
    build_report,
    last_report,
    paper_for_locale,
    record_report,
    report_html,
    report_pdf,
)
from rehab.output.report.content import clean_label
from rehab.storage.db import connect
from rehab.storage.queries import summary

END = dt.date(2026, 11, 23)  # the demo lifter's last day: the squat switch is active
TODAY = dt.date(2026, 11, 25)  # two days later: not stale, so "as of" is today
MID = dt.date(2026, 10, 1)  # bench pain peaks around here
NASTY = "<img src=x onerror=alert(1)> Bench"
CODE_NAME = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # pain_over_limit, see_clinician, ready_to_return
RAW = re.compile(r"\{'|'\s*:|\bNone\b|\bnan\b|\bNaN\b|\[\]")


class _Text(HTMLParser):
    """The visible text of an HTML document (no tags, no CSS)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


@pytest.fixture(scope="module")
def demo():
    con = connect(":memory:")
    load_demo(con, end=END)
    yield con
    con.close()


@pytest.fixture(scope="module")
def rep(demo):
    return build_report(demo, today=TODAY, label="Sam <b>Example</b>")


@pytest.fixture(scope="module")
def pdfs(rep):
    return {name: report_pdf(rep, p) for name, p in PAPERS.items()}


def test_default_period_is_12_weeks_to_the_dashboards_as_of_day(demo, rep):
    assert rep.as_of == default_as_of(summary(demo)["last_day"], TODAY) == TODAY
    assert rep.start == dt.date(2026, 9, 7) and rep.start.weekday() == 0  # Monday, 11 weeks before this one
    assert rep.weeks == 12 and rep.weekly["week"].min().date() == rep.start
    # An old log is looked at as of its last day, as the dashboard and the CLI do.
    old = build_report(demo, today=dt.date(2027, 6, 1))
    assert old.as_of == END and old.start == dt.date(2026, 9, 7)


def test_report_shows_the_plan_of_that_day(demo, rep):
    plan = Analysis.load(demo, as_of=TODAY).plan()
    got = [(s.plan.exercise, s.plan.phase, s.plan.phase_since, s.plan.status, s.plan.advice) for s in rep.sections]
    # The whole plan as the dashboard shows it, phases that began before the period included.
    assert got == [(p.exercise, p.phase, p.phase_since, p.status, p.advice) for p in plan.by_status()]
    assert min(s.plan.phase_since for s in rep.sections) < rep.start - dt.timedelta(weeks=12)
    squat = next(s for s in rep.sections if s.plan.exercise == SQUAT)
    assert squat.plan.status == "switch" and squat.plan.prescription is not None
    assert set(squat.history["exercise"]) == {SQUAT} and len(squat.history) >= 11  # one row a week
    assert squat.weekly["pain_mean"].dropna().between(0, 10).all()


def test_pain_trend_uses_every_score_of_the_plans_window(demo, rep):
    cur = demo.execute("SELECT avg(score), count(*) FROM pain WHERE score IS NOT NULL AND NOT is_mention "
                       "AND day > ? AND day <= ?", [TODAY - dt.timedelta(days=14), TODAY]).fetchone()
    assert rep.pain.recent == pytest.approx(round(cur[0], 1)) and rep.pain.entries == cur[1]
    assert rep.pain.days == 14


def test_weekly_figures_add_up(demo, rep):
    w = rep.weekly
    in_range = demo.execute("SELECT count(*) FROM sets WHERE day BETWEEN ? AND ? AND set_kind <> 'warmup'",
                            [rep.start, rep.as_of]).fetchone()[0]
    assert int(w["working_sets"].sum()) == in_range == rep.summary["working_sets"]
    sessions = demo.execute("SELECT count(DISTINCT workout_start) FROM sets WHERE day BETWEEN ? AND ?",
                            [rep.start, rep.as_of]).fetchone()[0]
    assert int(w["sessions"].sum()) == sessions
    assert (w["pain_max"].dropna() >= w["pain_mean"].dropna()).all()


def test_html_words_are_labels_never_code_names_or_raw_values(rep):
    text = visible(report_html(rep))
    assert not CODE_NAME.findall(text), CODE_NAME.findall(text)[:5]
    assert not RAW.findall(text), RAW.findall(text)[:5]
    for s in rep.sections:
        assert s.plan.exercise in text and STATUS_LABELS[s.plan.status] in text
        for sign in s.plan.signs:
            assert SIGN_LABELS[sign.flag] in text
    squat = next(s.plan for s in rep.sections if s.plan.exercise == SQUAT)
    rx = squat.prescription
    assert f"{rx.sets[0]}–{rx.sets[1]} sets × {rx.reps[0]}–{rx.reps[1]} reps of {SQUAT} at {rx.load}" in text
    for part in ("Plan per exercise", "Pain calendar", "Week by week", "thresholds and sources",
                 "not a diagnosis", "Silbernagel", "Return-to-strength checklist"):
        assert part in text, part


def test_html_is_self_contained_and_escapes_user_text(demo):
    con = connect(":memory:")
    load_demo(con, end=END)
    con.execute("UPDATE sets SET exercise = ? WHERE exercise = 'Bench Press (Barbell)'", [NASTY])
    rep = build_report(con, today=TODAY, label="<script>alert(1)</script>")
    page = report_html(rep)
    assert page.startswith("<!doctype html>") and "<script" not in page.lower()
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; Bench" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    con.close()


@pytest.mark.parametrize("name, size", [("A4", (595.28, 841.89)), ("Letter", (612, 792))])
def test_pdf_pages_are_paper_with_numbers_fonts_and_text(rep, pdfs, name, size):
    r = PdfReader(io.BytesIO(pdfs[name]))
    n = len(r.pages)
    assert 5 <= n <= 14
    for page in r.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size, abs=0.5)
    texts = [p.extract_text() for p in r.pages]
    for i, t in enumerate(texts, 1):
        assert f"Page {i} of {n}" in t
    first = " ".join(texts[0].split())  # a long name may wrap in its cell
    assert "Training and pain report" in first and "Sam <b>Example</b>" in first  # a label, printed as typed
    assert all(s.plan.exercise in first and STATUS_LABELS[s.plan.status] in first for s in rep.sections)
    whole = " ".join(" ".join(texts).split())
    assert not CODE_NAME.findall(whole) and not RAW.findall(whole)
    # Charts are vector: their axis labels are text in the PDF, not pixels.
    assert "Pain (0–10)" in whole and "Week of" in whole
    fonts = set()
    for page in r.pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            f = f.get_object()
            desc = (f["/DescendantFonts"][0].get_object() if "/DescendantFonts" in f else f)["/FontDescriptor"]
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), f["/BaseFont"]
            fonts.add(f["/BaseFont"])
    assert fonts


def test_changes_since_the_last_report(demo):
    con = connect(":memory:")
    load_demo(con, end=END)
    first = build_report(con, end=MID)
    assert not first.changes.from_report  # no earlier report: compared with the period's first week
    record_report(con, first)
    record_report(con, first)  # the same day again replaces it
    assert con.execute("SELECT count(DISTINCT report_id) FROM report_log").fetchone()[0] == 1
    later = build_report(con, end=END)
    ch = later.changes
    assert ch.from_report and ch.since == MID and ch.pain_before == first.pain.recent
    then = {s.plan.exercise: s.plan.status for s in first.sections}
    now = {s.plan.exercise: s.plan.status for s in later.sections}
    changed = {c.exercise: (c.status_before, c.status_now) for c in ch.rows if c.status_before != c.status_now}
    assert changed == {e: (then.get(e), now.get(e)) for e in set(then) | set(now) if then.get(e) != now.get(e)}
    assert changed  # the demo's squat goes from OK to Switch between these days
    assert "What changed since the last report" in visible(report_html(later))
    # A report for the same day as the logged one never compares with itself.
    assert last_report(con, before=MID) is None
    # The label of the last report is the next one's default.
    record_report(con, build_report(con, end=END, label="Sam"))
    assert build_report(con, end=END).label == "Sam"
    con.close()


@pytest.mark.parametrize("loc, name", [
    ("en-US", "Letter"), ("en_US.UTF-8", "Letter"), ("fr-CA", "Letter"), ("es-MX", "Letter"), ("en-PH", "Letter"),
    ("en-GB", "A4"), ("de-DE", "A4"), ("es-ES", "A4"), ("zh-Hans-CN", "A4"), ("en", "A4"), ("C", "A4"), (None, "A4"),
])
def test_paper_follows_the_locale(loc, name):
    assert paper_for_locale(loc).name == name


def test_label_is_one_short_line():
    assert clean_label("  Sam \n Example ") == "Sam Example"
    with pytest.raises(ValueError, match="80"):
        clean_label("x" * 81)


def test_empty_workspace_still_reports():
    con = connect(":memory:")
    rep = build_report(con, today=TODAY)
    assert rep.sections == () and rep.summary["sets"] == 0 and rep.as_of == TODAY
    text = visible(report_html(rep))
    assert "there is no plan to report" in text and "No pain score was logged" in text
    assert len(PdfReader(io.BytesIO(report_pdf(rep))).pages) >= 2


def test_cli_writes_the_pdf_and_logs_it(tmp_path, capsys, monkeypatch):
    db = tmp_path / "r.duckdb"
    con = connect(db)
    load_demo(con, end=END)
    con.close()
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    out = tmp_path / "r.pdf"
    assert main(["report", "--db", str(db), "--out", str(out), "--to", END.isoformat(), "--label", "Sam"]) == 0
    msg = capsys.readouterr().out
    assert "Letter" in msg and END.isoformat() in msg
    page = PdfReader(out).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((612, 792), abs=0.5)
    con = connect(db)
    assert con.execute("SELECT DISTINCT as_of, label FROM report_log").fetchall() == [(END, "Sam")]
    con.close()
    assert main(["report", "--db", str(db), "--out", str(tmp_path / "r.png")]) == 2
    assert "several pages" in capsys.readouterr().err
    assert main(["report", "--db", str(db), "--out", str(out), "--from", "2026-12-01", "--to", "2026-11-01"]) == 2
    assert "starts" in capsys.readouterr().err
