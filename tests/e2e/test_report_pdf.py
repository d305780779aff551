"""The clinician report in a real browser: the paper follows the browser's locale, the PDF downloaded from the
Report page is A4 or Letter with every page numbered, and it reads as a document — exercise names, statuses
and prescriptions as text, no raw dicts and no code names."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from tests.e2e.test_dashboard import VIEWPORTS, no_exception, screenshot, settle

pytestmark = pytest.mark.e2e

SIZES = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0)}
CODE_NAME = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # pain_over_limit, see_clinician, next_morning
RAW = re.compile(r"\{'|'\s*:|\bNone\b|\bnan\b|\bNaN\b")


def download_pdf(page, tmp_path, name: str) -> PdfReader:
    settle(page)
    with page.expect_download(timeout=300_000) as dl:
        page.get_by_role("button", name="Download PDF").click()
    path = tmp_path / name
    dl.value.save_as(str(path))
    assert path.read_bytes().startswith(b"%PDF")
    return PdfReader(str(path))


def check(pdf: PdfReader, paper: str) -> str:
    n = len(pdf.pages)
    assert 5 <= n <= 16, f"{n} pages"
    for page in pdf.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(SIZES[paper], abs=0.5), f"{paper}: page is {size}"
    texts = [p.extract_text() for p in pdf.pages]
    for i, t in enumerate(texts, 1):
        assert f"Page {i} of {n}" in t
    whole = " ".join(" ".join(texts).split())
    assert not CODE_NAME.findall(whole), CODE_NAME.findall(whole)[:5]
    assert not RAW.findall(whole), RAW.findall(whole)[:5]
    first = " ".join(texts[0].split())
    for ex in ("Squat (Barbell)", "Bench Press (Barbell)"):  # the demo lifter's two stories
        assert ex in first
    assert "Switch" in first and "Endurance: 2–3 sets ×" in first  # the squat's status and prescription
    assert "What changed" in first and "Pain averaged" in first
    assert "Prescription" in whole and "Return-to-strength checklist" in whole and "Pain calendar" in whole
    assert "Week by week" in whole and "thresholds and sources" in whole and "not a diagnosis" in whole
    return whole


def test_pdf_from_the_report_page_on_a4_and_letter(fresh_server, browser, shots, tmp_path):
    server = fresh_server  # the demo alone: other browser tests import files into the shared server
    ctx = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-GB", accept_downloads=True)
    page = ctx.new_page()
    try:
        page.goto(f"{server}/report")
        settle(page)
        no_exception(page)
        page.get_by_role("textbox", name="Name or label on the report").fill("Sam Example")
        page.keyboard.press("Enter")
        settle(page)
        assert page.get_by_role("radio", name="A4").is_checked()  # en-GB prints on A4
        screenshot(page, shots / "report-desktop.png")
        check(download_pdf(page, tmp_path, "a4.pdf"), "A4")
        page.get_by_text("Letter", exact=True).click()
        settle(page)
        whole = check(download_pdf(page, tmp_path, "letter.pdf"), "Letter")
        assert "Sam Example" in whole
        no_exception(page)
    finally:
        ctx.close()


def test_a_us_browser_gets_letter_by_default(fresh_server, browser, tmp_path):
    server = fresh_server
    ctx = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-US", accept_downloads=True)
    page = ctx.new_page()
    try:
        page.goto(f"{server}/report")
        settle(page)
        assert page.get_by_role("radio", name="Letter").is_checked()
        check(download_pdf(page, tmp_path, "us.pdf"), "Letter")
    finally:
        ctx.close()
