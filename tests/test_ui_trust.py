"""Issue 10, the dashboard's side (Streamlit AppTest): user text is rendered as text on every page (21), a
database held by the command line is explained with a retry (18), local mode refuses a network address (19)
and a share link's session stays read-only (20). Browser checks: tests/e2e/test_share_e2e.py."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib

import pytest
import streamlit as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from rehab.demo import BENCH, SQUAT, load_demo
from rehab.pain.diary import add_pain
from rehab.storage.db import connect
from rehab.storage.share import create_link
from rehab.storage.workspace import Store
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
PIXEL = "![px](http://host/px.png)"
SCRIPT = "<img src=x onerror=alert(1)>"
HOSTILE_SQUAT = f"{PIXEL} Squat"
HOSTILE_BENCH = f"{SCRIPT} Bench"
#: Every page of the app (the data pages, and the owner's pages).
PAGES = ["overview", "trends", "spectrum", "exercise", "plan", "pain", "report", "import_data", "your_data", "share"]
#: String fields of element protos that Streamlit renders as Markdown (bodies, labels, tooltips, captions).
MARKDOWN_FIELDS = {"body", "label", "help", "caption", "captions", "placeholder"}
_md = MarkdownIt("commonmark", {"html": True})


@pytest.fixture
def registry(tmp_path, monkeypatch):
    path = tmp_path / "ui.duckdb"
    monkeypatch.setenv("REHAB_DB", str(path))
    for var in ("REHAB_READ_ONLY", "REHAB_MODE", "REHAB_ALLOW_NETWORK", "REHAB_PUBLIC_URL"):
        monkeypatch.delenv(var, raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def app(share: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if share is not None:
        at.query_params["share"] = share
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown_strings(at: AppTest) -> list[str]:
    """Every string the page hands Streamlit to render as Markdown, from every element in its tree."""
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            for field, value in proto.ListFields():
                if field.name in MARKDOWN_FIELDS:
                    out.extend([value] if isinstance(value, str) else [v for v in value if isinstance(v, str)])
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def rendered(at: AppTest) -> list[str]:
    return [_md.render(s) for s in markdown_strings(at)]


def assert_text_only(at: AppTest, page: str) -> int:
    """No user string rendered as an image, a link to the hostile host or raw HTML; return how many rendered
    strings show the hostile names (as text)."""
    html = rendered(at)
    bad = [h for h in html if "<img" in h or 'href="http://host' in h]
    assert not bad, (page, bad[:3])
    return sum("px.png" in h or "onerror" in h for h in html)


@pytest.fixture
def hostile(registry):
    """The demo lifter with hostile names everywhere a user writes text: exercises (both with active or
    calm plans), workout names, notes, a pain note and a share link label."""
    con = connect(registry)
    load_demo(con, end=dt.date.today())
    con.execute("UPDATE sets SET exercise = ?, exercise_raw = ? WHERE exercise = ?", [HOSTILE_SQUAT, HOSTILE_SQUAT,
                                                                                       SQUAT])
    con.execute("UPDATE sets SET exercise = ?, exercise_raw = ? WHERE exercise = ?", [HOSTILE_BENCH, HOSTILE_BENCH,
                                                                                       BENCH])
    con.execute("UPDATE sets SET workout_name = ?, notes = coalesce(notes, ?)", [f"{PIXEL} day", SCRIPT])
    con.execute("UPDATE pain SET exercise = ? WHERE exercise = ?", [HOSTILE_BENCH, BENCH])
    add_pain(con, dt.date.today(), 3, area="knee", note=f"{PIXEL} {SCRIPT}")
    con.close()
    s = Store(str(registry))
    create_link(s, s.get("local"), f"{PIXEL} physio")
    s.shutdown()
    return registry


@pytest.mark.parametrize("page", PAGES)
def test_item21_user_text_is_text_on_every_page(hostile, page, tmp_path):
    at = app()
    shown = assert_text_only(at, "first run") if page == "overview" else 0
    goto(at, page)
    shown += assert_text_only(at, page)
    if page in ("trends", "spectrum"):
        # with the hostile exercise picked in the sidebar (kept in the address), its name is in the caption
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["ex"] = [HOSTILE_SQUAT, HOSTILE_BENCH]
        at.run()
        goto(at, page)
        shown += assert_text_only(at, page)
    if page == "import_data":
        upload = tmp_path / "upload.csv"
        upload.write_text("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
                          "Workout Notes,RPE\n2025-03-04 18:05:10,Push,1h,Dip,1,x,5,0,0,,,\n", encoding="utf-8")
        at.file_uploader[0].set_value((f"{PIXEL}.csv", upload.read_bytes(), "text/csv"))
        at.run()
        shown += assert_text_only(at, page)
        at.button(key="undo_ask").click().run()
        shown += assert_text_only(at, page)
    if page in ("overview", "import_data", "share", "trends", "spectrum"):
        assert shown, f"{page}: the hostile names never reached a Markdown element (the test would be vacuous)"


def test_item21_esc_round_trips_to_the_same_text():
    from ui.view import esc

    for raw in [PIXEL, SCRIPT, "Bench Press (Barbell)", ":red[x] :material/flag: $x$ **b** _i_ `c` # h",
                "a\\b", "1. list", "- item", "http://host/x", "[a](b) <http://c>", "x | y ~~z~~"]:
        html = _md.render(esc(raw))
        assert "<img" not in html and "<a " not in html and "<em>" not in html and "<strong>" not in html, raw
        assert "<code>" not in html and "<h1>" not in html and "<ol>" not in html and "<ul>" not in html, raw


# ----------------------------------------------------------------- 18: the store held by the CLI


@pytest.fixture
def held(registry):
    connect(registry).close()
    proc = subprocess.Popen([sys.executable, "-c", "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); "
                             "print('ready', flush=True); time.sleep(120)", str(registry)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    yield proc
    proc.kill()
    proc.wait()


def test_item18_dashboard_says_what_holds_the_store_and_retries(held):
    at = app()
    errors = [str(e.value) for e in at.error]
    assert any("in use by another process" in e and f"PID {held.pid}" in e and "python \\-c" in e
               for e in errors), errors
    retry = at.button(key="store_retry")
    assert retry.label == "Retry"
    held.kill()
    held.wait()
    retry.click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "No training data yet" in "\n".join(str(m.value) for m in at.subheader)


# ----------------------------------------------------------------- 19: local mode stays on this computer


def test_item19_config_binds_to_loopback():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["address"] == "127.0.0.1"


@pytest.fixture
def network_address():
    old = st.get_option("server.address")
    st.config.set_option("server.address", "0.0.0.0")
    yield
    st.config.set_option("server.address", old)


def test_item19_local_mode_refuses_a_network_address(registry, network_address, monkeypatch):
    con = connect(registry)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.close()
    at = app()
    assert any("Local mode has no sign-in" in str(e.value) for e in at.error)
    assert not at.get("vega_lite_chart") and not at.metric
    monkeypatch.setenv("REHAB_ALLOW_NETWORK", "1")
    at = app()
    assert not at.error and at.metric


def test_item19_hosted_mode_may_listen_on_the_network(registry, network_address, monkeypatch):
    monkeypatch.setenv("REHAB_MODE", "hosted")
    at = app()
    assert not any("Local mode has no sign-in" in str(e.value) for e in at.error)


@pytest.mark.parametrize(("address", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                   ("[::1]", True), ("127.0.0.2", True), ("0.0.0.0", False),
                                                   ("", False), (None, False), ("192.168.1.5", False),
                                                   ("::", False), ("example.org", False)])
def test_item19_is_loopback(address, loopback):
    from ui.hosted import is_loopback

    assert is_loopback(address) is loopback


# ----------------------------------------------------------------- 20: a share session stays read-only


def test_item20_share_token_stays_in_every_page_url_and_in_the_tab(registry):
    con = connect(registry)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.close()
    s = Store(str(registry))
    token, _ = create_link(s, s.get("local"), "physio")
    at = app(share=token)
    scripts = [h.proto.body for h in at.get("html")]
    assert any("sessionStorage.setItem" in b and token in b for b in scripts)
    # A session that arrived through the link but whose address lost it (a page switch in the browser drops
    # the query string): still the link's read-only view, and the token goes back into the address.
    again = AppTest.from_file(APP, default_timeout=60)
    again.session_state["_share_token"] = token
    again.run()
    assert not again.exception
    assert again.query_params.get("share") in (token, [token])
    assert any("Read-only view" in str(m.value) for m in again.info)
    for page in ("pain", "trends"):
        goto(again, page)
        assert not [w for w in again.button if not w.disabled], page


def test_item20_owner_tab_checks_for_a_share_link_it_came_from(registry):
    """A plain (owner) session asks the tab's sessionStorage for a link token and goes back to that link."""
    at = app()
    scripts = [h.proto.body for h in at.get("html")]
    assert any("sessionStorage.getItem" in b and "location.replace" in b for b in scripts)


def test_item20_share_page_says_what_a_link_protects_and_uses_the_public_url(registry, monkeypatch):
    monkeypatch.setenv("REHAB_PUBLIC_URL", "https://rehab.example.org")
    con = connect(registry)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.close()
    at = app()
    goto(at, "share")
    assert any("What a link protects in local mode" in str(w.value) for w in at.warning)
    at.text_input[0].input("physio")
    at.button(key="create_link").click().run()
    (url,) = [c.value for c in at.code]
    assert url.startswith("https://rehab.example.org/?share=")
