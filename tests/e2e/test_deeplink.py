"""A shared link that opens a sub-page must route through app.py (sidebar filters, our navigation).

Streamlit runs a ``pages/`` folder beside the main script as a legacy multipage app until
st.navigation has run once; the pages live in ``app_pages/`` so that never happens. The very first
visit to a fresh server is the case that would show it: it gets its own server here.
"""

import pytest

pytestmark = pytest.mark.e2e


def test_first_visit_is_a_deep_link_with_filters(fresh_server, browser, shots):
    url = fresh_server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{url}/trends?start=2026-01-05")
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)
    # The rerun through app.py draws the sidebar first, then the page: wait for both.
    page.get_by_text("Filters", exact=True).wait_for(timeout=60_000)
    page.get_by_role("heading", name="Trends").first.wait_for(timeout=60_000)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)
    nav = page.get_by_test_id("stSidebarNav").inner_text()
    assert "Pain log" in nav and "import data" not in nav, nav
    assert page.locator("[data-testid=stException]").count() == 0
    page.screenshot(path=str(shots / "deeplink-trends-desktop.png"), full_page=True)
    page.close()
