"""Share links in a real browser against a real server: read-only from the very first visit (even a deep
link straight to a page that writes), and a link revoked while its viewer is looking stops at once."""

from __future__ import annotations

import datetime as dt

import pytest

from rehab.db import connect
from rehab.demo import load_demo
from rehab.share import create_link
from rehab.workspace import Store
from tests.e2e.conftest import serve

pytestmark = pytest.mark.e2e
READY = "[data-testid=stApp][data-test-script-state=notRunning]"


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(500)


def test_share_link_first_visit_and_revoke(tmp_path, browser, shots):
    db = tmp_path / "e2e.duckdb"  # the name serve() uses; it loads the demo only into an empty database
    con = connect(db)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.close()
    store = Store(str(db))
    token, _ = create_link(store, store.get("local"), "for my physio")
    store.shutdown()
    with serve(tmp_path) as url:
        viewer = browser.new_page(viewport={"width": 1280, "height": 900})
        _open(viewer, f"{url}/import_data?share={token}")  # first visit of a fresh server, to a writing page
        assert viewer.get_by_test_id("stFileUploaderDropzoneInput").count() == 0
        assert viewer.get_by_role("heading", name="Import workout logs").count() == 0
        _open(viewer, f"{url}/?share={token}")
        assert viewer.get_by_text("Read-only view").count() >= 1
        nav = viewer.get_by_test_id("stSidebarNav").inner_text()
        assert "Import" not in nav and "Share" not in nav and "Your data" not in nav and "Report" in nav, nav
        assert viewer.locator("[data-testid=stException]").count() == 0
        viewer.screenshot(path=str(shots / "share-viewer.png"), full_page=True)

        owner = browser.new_page(viewport={"width": 1280, "height": 900})
        _open(owner, f"{url}/share")
        assert owner.get_by_text("for my physio").count() >= 1
        owner.get_by_role("button", name="Revoke").click()
        owner.wait_for_selector(READY, timeout=30_000)
        owner.get_by_text("revoked").first.wait_for(timeout=30_000)

        viewer.get_by_test_id("stSidebarNav").get_by_text("Trends").click()  # the viewer's next click
        viewer.get_by_text("revoked by its owner").wait_for(timeout=30_000)
        assert viewer.locator("[data-testid=stVegaLiteChart]").count() == 0
        assert viewer.locator("[data-testid=stException]").count() == 0
