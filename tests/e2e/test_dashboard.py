"""The dashboard in a real browser: every page at desktop and phone width, and an upload end to end."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = {"overview": "", "trends": "trends", "spectrum": "spectrum", "exercise": "exercise", "plan": "plan",
         "pain": "pain", "import": "import_data"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def settle(page, timeout: float = 60_000) -> None:
    """Wait until the script run triggered by the last action has finished."""
    page.wait_for_selector("[data-testid=stApp]", timeout=timeout)
    page.wait_for_timeout(400)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)


def screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main container, so grow the viewport to its height first."""
    size = page.viewport_size
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer], "
        "[data-testid=stSidebarContent]')].map(e => e.scrollHeight), 0)")
    page.set_viewport_size({"width": size["width"], "height": int(min(max(height, size["height"]), 6000))})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def no_exception(page) -> None:
    errors = page.locator("[data-testid=stException]")
    assert errors.count() == 0, errors.first.inner_text()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_renders_and_is_screenshotted(server, browser, shots, viewport):
    """No exception anywhere, a title, charts where expected, and nothing wider than the screen."""
    ctx = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone",
                              has_touch=viewport == "phone")
    page = ctx.new_page()
    try:
        for name, path in PAGES.items():
            page.goto(f"{server}/{path}")
            settle(page)
            no_exception(page)
            assert page.locator("h1").count() >= 1, f"{name}: no title"
            if name in ("overview", "trends", "spectrum", "exercise", "plan"):
                page.wait_for_selector("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg",
                                       timeout=30_000)
            too_wide = page.evaluate(
                "[...document.querySelectorAll('[data-testid=stVegaLiteChart]')]"
                ".filter(e => e.scrollWidth > e.clientWidth + 2).length")
            assert too_wide == 0, f"{name}: {too_wide} chart(s) wider than their column at {viewport} width"
            screenshot(page, shots / f"{name}-{viewport}.png")
    finally:
        ctx.close()


def test_dark_theme_follows_the_browser_and_stays_legible(server, browser, shots):
    ctx = browser.new_context(viewport=VIEWPORTS["desktop"], color_scheme="dark")
    page = ctx.new_page()
    try:
        for name in ("overview", "spectrum"):
            page.goto(f"{server}/{PAGES[name]}")
            settle(page)
            no_exception(page)
            page.wait_for_selector("[data-testid=stVegaLiteChart]", timeout=30_000)
            bg = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
            rgb = [int(x) for x in re.findall(r"\d+", bg)[:3]]
            assert sum(rgb) < 3 * 80, f"{name}: expected a dark background, got {bg}"
            screenshot(page, shots / f"{name}-desktop-dark.png")
    finally:
        ctx.close()


def test_upload_strong_and_hevy_then_see_them_on_the_overview(server, browser, shots):
    ctx = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = ctx.new_page()
    try:
        page.goto(f"{server}/import_data")
        settle(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            [str(FIXTURES / "ui_strong_a_lb.csv"), str(FIXTURES / "ui_hevy_kg.csv")])
        settle(page)
        page.get_by_text("Weights in ui_strong_a_lb.csv are in…").wait_for(timeout=30_000)
        assert page.get_by_text(re.compile("Pre-selected lb from the evidence")).count() == 1
        assert page.get_by_text(re.compile(r"45 \+ 10·k")).count() >= 1  # the evidence, shown
        # Answer the unit question (the guess is pre-selected; click it to be explicit).
        question = page.locator("[data-testid=stMain] [data-testid=stRadio]").filter(has_text="ui_strong_a_lb.csv")
        question.locator("label").filter(has_text=re.compile(r"^lb$")).click()
        settle(page)
        page.get_by_role("button", name="Import 2 files").click()
        settle(page)
        page.get_by_text("Last import").wait_for(timeout=60_000)
        no_exception(page)
        metrics = page.locator("[data-testid=stMetric]")
        text = " ".join(metrics.all_inner_texts())
        assert "Sets added" in text and "108" in text and "72" in text
        screenshot(page, shots / "import-result-desktop.png")

        # The new lifts, in a shared link with a date range and an exercise filter, on the Overview.
        q = f"dates=2026-09-01&dates=2026-10-17&ex={quote('Overhead Press (Barbell)')}"
        page.goto(f"{server}/?{q}")
        settle(page)
        no_exception(page)
        page.wait_for_selector("[data-testid=stVegaLiteChart]", timeout=30_000)
        volume = page.locator("[data-testid=stMetric]").filter(has_text="Volume this week").inner_text()
        assert re.search(r"Volume this week so far \(kg\)\s+[1-9]", volume), volume
        screenshot(page, shots / "overview-after-import-desktop.png")
    finally:
        ctx.close()


def test_the_server_log_has_no_traceback_or_deprecation(server, browser):
    """Runs last: everything the other tests did left no error or deprecation warning in the server log."""
    ctx = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = ctx.new_page()
    try:
        page.goto(f"{server}/plan")
        settle(page)
    finally:
        ctx.close()
    log = server.log.read_text(errors="replace")
    assert "URL" in log, "not the server's log"  # Streamlit prints its local URL on start
    for bad in ("Traceback", "DeprecationWarning", "deprecated", "use_container_width"):
        assert bad not in log, f"{bad!r} in the server log:\n{log[-3000:]}"
