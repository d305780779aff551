"""Share links in a real browser against a real server: read-only from the very first visit (even a deep
link straight to a page that writes), and a link revoked while its viewer is looking stops at once."""

from __future__ import annotations

import datetime as dt

import pytest

from rehab.demo import load_demo
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


def _read_only(page) -> bool:
    """The link's read-only view is drawn (waited for: after a redirect the new page is still loading)."""
    page.get_by_text("Read-only view").first.wait_for(timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    nav = page.get_by_test_id("stSidebarNav").inner_text()
    return "Import" not in nav and "Your data" not in nav


def test_share_tab_stays_read_only_across_pages_reloads_and_a_bare_address(tmp_path, browser, shots):
    """Issue 10, item 20: moving between pages, reloading, or deleting the query string (and reloading) never
    turns a tab opened through a link into the owner's dashboard; a different tab without the link is the
    owner's (local mode has no sign-in: the link protects its own tab, as the Share page says)."""
    db = tmp_path / "e2e.duckdb"
    con = connect(db)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.close()
    store = Store(str(db))
    token, _ = create_link(store, store.get("local"), "for my physio")
    store.shutdown()
    with serve(tmp_path) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        viewer = context.new_page()
        _open(viewer, f"{url}/?share={token}")
        assert _read_only(viewer)
        viewer.wait_for_function("() => sessionStorage.getItem('rehab-share')", timeout=30_000)
        for name in ("Trends", "Pain log", "Report"):
            viewer.get_by_test_id("stSidebarNav").get_by_text(name).click()
            viewer.wait_for_url(f"**share={token}**", timeout=30_000)  # the token is back in the address
            viewer.wait_for_selector(READY, timeout=60_000)
            assert _read_only(viewer), name
            viewer.reload()
            viewer.wait_for_selector(READY, timeout=60_000)
            viewer.wait_for_timeout(500)
            assert f"share={token}" in viewer.url and _read_only(viewer), name
        for bare in (f"{url}/", f"{url}/import_data", f"{url}/pain"):  # the query string deleted by hand
            viewer.goto(bare)
            viewer.wait_for_url(f"**share={token}**", timeout=30_000)
            viewer.wait_for_selector(READY, timeout=60_000)
            viewer.wait_for_timeout(500)
            assert _read_only(viewer), bare
            assert viewer.get_by_test_id("stFileUploaderDropzoneInput").count() == 0
        viewer.screenshot(path=str(shots / "share-viewer-after-reload.png"), full_page=True)
        assert viewer.locator("[data-testid=stException]").count() == 0

        owner = context.new_page()  # another tab: its own sessionStorage, no link
        _open(owner, f"{url}/")
        assert "share=" not in owner.url and "Import" in owner.get_by_test_id("stSidebarNav").inner_text()
        context.close()
