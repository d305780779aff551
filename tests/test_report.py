"""Clinician report: the numbers of the analysis, escaped HTML, and PDF/PNG rendered offline."""

from __future__ import annotations

import datetime as dt

import pytest

from rehab.advice import SIGN_LABELS
from rehab.db import connect
from rehab.demo import load_demo
from rehab.report import build_report, report_chart, report_html, report_pdf, report_png

END = dt.date(2026, 11, 23)  # the demo lifter ends here; bench pain peaks in early September
MID = dt.date(2026, 9, 6)
NASTY = "<img src=x onerror=alert(1)> Bench"


@pytest.fixture(scope="module")
def demo():
    con = connect(":memory:")
    load_demo(con, end=END)
    con.execute("UPDATE sets SET exercise = ? WHERE exercise = 'Bench Press (Barbell)'", [NASTY])
    con.execute("INSERT INTO exercise_areas VALUES (?, ['shoulder', 'chest', 'elbow', 'wrist'], now())", [NASTY])
    yield con
    con.close()


def test_report_carries_range_weekly_bands_and_flags(demo):
    rep = build_report(demo, start=dt.date(2026, 7, 1), end=MID)
    assert rep.as_of == MID and rep.period == "01 Jul 2026 – 06 Sep 2026"
    weeks = rep.weekly["week"]
    assert weeks.min() >= dt.datetime(2026, 6, 29) and weeks.max() <= dt.datetime(2026, 9, 6)
    in_range = demo.execute("SELECT count(*) FROM sets WHERE day BETWEEN '2026-07-01' AND '2026-09-06' "
                            "AND set_kind <> 'warmup'").fetchone()[0]
    assert rep.summary["working_sets"] == in_range
    assert rep.bands["share"].sum() == pytest.approx(1.0)
    assert rep.bands.set_index("band").loc["strength", "sets"] > 0
    assert {f["flag"] for f in rep.flags} >= {"pain_over_limit"}
    assert NASTY in {f["exercise"] for f in rep.flags}
    assert rep.weekly["pain_mean"].dropna().between(0, 10).all()


def test_html_is_self_contained_and_escaped(demo):
    rep = build_report(demo, end=MID, title="Report for <b>Sam</b>")
    page = report_html(rep)
    assert page.startswith("<!doctype html>")
    assert "<script" not in page.lower() and "http://" not in page.replace("http://www.w3.org", "")
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; Bench" in page
    assert "Report for &lt;b&gt;Sam&lt;/b&gt;" in page
    for f in rep.flags:
        assert f["prescription"] is None or f["prescription"].split("(")[0].strip() in page.replace("&#x27;", "'")
    assert page.count("<svg") >= 2 and "@media print" in page
    assert page.count("<tr><td>") == min(len(rep.weekly), 16)


def test_pdf_and_png_render_offline(demo):
    rep = build_report(demo, end=MID)
    spec = report_chart(rep).to_dict()
    texts = str(spec)
    assert all(SIGN_LABELS[f["flag"]] in texts for f in rep.flags)
    pdf = report_pdf(rep)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    png = report_png(rep, scale=1)
    assert png.startswith(b"\x89PNG")


def test_empty_workspace_still_reports():
    con = connect(":memory:")
    rep = build_report(con)
    assert rep.flags == [] and rep.summary["sets"] == 0 and rep.period == "no training logged"
    assert "No flags are active" in report_html(rep)
    assert report_pdf(rep).startswith(b"%PDF")
