"""Hosted mode and share links through the real app (Streamlit AppTest): every session sees only its own
workspace, a share link is read-only with nothing that writes reachable, bad links show no data."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from rehab.demo import load_demo
from rehab.storage.db import connect
from rehab.storage.share import create_link, revoke
from rehab.storage.workspace import Store
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "id",
        "client_secret": "secret", "server_metadata_url": "https://issuer.example/.well-known/openid-configuration"}
READ_PAGES = ["clinician", "overview", "trends", "spectrum", "exercise", "plan", "pain", "report"]


@pytest.fixture
def registry(tmp_path, monkeypatch):
    path = tmp_path / "registry.duckdb"
    monkeypatch.setenv("REHAB_DB", str(path))
    monkeypatch.delenv("REHAB_READ_ONLY", raising=False)
    monkeypatch.delenv("REHAB_MODE", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def app(share: str | None = None, user: dict | None = None, auth: bool = False) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if share is not None:
        at.query_params["share"] = share
    if auth:
        at.secrets["auth"] = AUTH
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def text(at: AppTest) -> str:
    """The page's text as a reader sees it (Markdown backslash escapes of user text undone)."""
    kinds = ("markdown", "caption", "info", "success", "warning", "error", "title", "subheader", "code")
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", "\n".join(str(m.value) for k in kinds for m in at.get(k)))


def has_data(at: AppTest) -> bool:
    return bool(at.get("vega_lite_chart")) or bool(at.metric)


def writers(at: AppTest) -> list:
    """Widgets that could change stored data and are enabled."""
    found = [w for w in at.get("file_uploader") if not w.proto.disabled]
    # "Send note": a clinician's note back, the one write a link allows (never training or pain data,
    # tests/test_share_notes.py).
    found += [b for b in at.button if not b.disabled and b.label not in ("Sign out", "Send note")]
    found += [e for e in at.get("data_editor") if not e.proto.disabled] if hasattr(at, "data_editor") else []
    return found


def test_share_link_opens_owner_data_read_only(registry):
    con = connect(registry)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.close()
    s = Store(str(registry))
    token, _ = create_link(s, s.get("local"), "physio")
    at = app(share=token)
    assert has_data(at)
    assert "Read-only view" in text(at)
    nav = {Path(str(i.get("script_path"))).stem for i in at._registered_pages.values()}
    assert nav == {*READ_PAGES}  # nothing that writes is in the navigation
    for page in READ_PAGES:
        goto(at, page)
        assert not writers(at), (page, [getattr(w, "label", w) for w in writers(at)])
    for page in ("import_data", "share", "your_data"):
        # Not in the navigation; run the file directly, as a crafted URL could: the page itself refuses.
        at = AppTest.from_file(str(ROOT / "app_pages" / f"{page}.py"), default_timeout=60)
        at.query_params["share"] = token
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not writers(at) and not at.get("file_uploader") and "read-only" in text(at).lower()


@pytest.mark.parametrize("state", ["revoked", "expired", "unknown"])
def test_bad_links_show_a_message_and_no_data(registry, state):
    con = connect(registry)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.close()
    s = Store(str(registry))
    token, link = create_link(s, s.get("local"), "physio", expires=dt.timedelta(seconds=1) if state == "expired"
                              else None)
    if state == "revoked":
        revoke(s, s.get("local"), link.link_id)
    if state == "expired":
        import time

        time.sleep(1.2)
    at = app(share=token if state != "unknown" else "nope-" + token)
    assert not has_data(at)
    assert {"revoked": "revoked", "expired": "expired", "unknown": "not valid"}[state] in text(at)


def test_anonymous_visitors_never_share_a_workspace(registry, monkeypatch):
    monkeypatch.setenv("REHAB_MODE", "hosted")
    one = app()
    assert "Temporary workspace" in text(one)
    one.button(key="load_demo").click().run()
    assert has_data(one)
    two = app()
    assert not has_data(two) and "No training data yet" in text(two)
    one.run()
    assert has_data(one)
    assert connect(registry).execute("SELECT count(*) FROM sets").fetchone()[0] == 0  # nothing on disk


def test_signed_in_users_are_isolated_and_can_share(registry, monkeypatch):
    monkeypatch.setenv("REHAB_MODE", "hosted")
    out = app(auth=True, user={"is_logged_in": False})
    assert not has_data(out) and any("Sign in" in b.label for b in out.button)
    alice = app(auth=True, user={"is_logged_in": True, "sub": "alice", "iss": "https://issuer.example",
                                 "email": "alice@example.org"})
    alice.button(key="load_demo").click().run()
    assert has_data(alice)
    bob = app(auth=True, user={"is_logged_in": True, "sub": "bob", "iss": "https://issuer.example"})
    assert not has_data(bob)
    goto(alice, "share")
    alice.text_input[0].input("for my physio")
    alice.button(key="create_link").click().run()
    url = next(c.value for c in alice.get("code"))
    token = url.split("?share=")[1]
    viewer = app(share=token)
    assert has_data(viewer)
    goto(alice, "share")
    assert "last opened" in text(alice)


def test_anonymous_visitor_restores_a_download(registry, monkeypatch):
    from rehab.output.export import export_bytes

    src = connect(":memory:")
    load_demo(src, end=dt.date(2026, 11, 23))
    n = src.execute("SELECT count(*) FROM sets").fetchone()[0]
    zipped = export_bytes(src)
    monkeypatch.setenv("REHAB_MODE", "hosted")
    at = app()
    goto(at, "your_data")
    at.file_uploader(key="restore_zip").set_value(("my-rehab.zip", zipped, "application/zip"))
    at.run()
    at.button(key="restore_go").click().run()
    assert f"Restored {n} sets" in text(at), text(at)
    goto(at, "overview")
    assert has_data(at)
    goto(at, "your_data")  # a second restore without "replace" is refused with the file's name
    at.file_uploader(key="restore_zip").set_value(("my-rehab.zip", zipped, "application/zip"))
    at.run()
    at.button(key="restore_go").click().run()
    assert "my-rehab.zip: this workspace already has data" in text(at)
    at.file_uploader(key="restore_zip").set_value(("notes.zip", b"not a zip", "application/zip"))
    at.run()
    at.button(key="restore_go").click().run()
    assert "notes.zip: not a workspace export" in text(at)


def test_report_page_and_share_page_in_local_mode(registry):
    con = connect(registry)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.close()
    at = app()
    goto(at, "report")
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download PDF", "Download HTML"]
    assert at.get("iframe") and at.radio(key="report_paper").value == "A4"  # no browser locale: A4
    assert "last 12 weeks" in at.selectbox(key="report_weeks").format_func(12)
    at.text_input(key="report_label").input("Sam <b>").run()
    assert not at.exception and "Sam &lt;b&gt;" in at.get("iframe")[0].proto.srcdoc
    con = connect(registry)
    assert con.execute("SELECT count(*) FROM report_log").fetchone()[0] == 0  # looking is not making one
    con.close()
    goto(at, "share")
    at.text_input[0].input("coach ' OR 1=1 --")
    at.button(key="create_link").click().run()
    assert "?share=" in next(c.value for c in at.get("code"))
    assert "coach ' OR 1=1 --" in text(at) and "`active`" in text(at)
    revoke_btn = next(b for b in at.button if b.label == "Revoke")
    revoke_btn.click().run()
    assert "`revoked`" in text(at)


def test_share_link_with_an_empty_date_range(registry):
    con = connect(registry)
    load_demo(con, end=dt.date(2026, 11, 23))
    con.close()
    s = Store(str(registry))
    token, _ = create_link(s, s.get("local"), "old", date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 2, 1))
    at = app(share=token)
    assert not has_data(at) and not writers(at)
    for page in READ_PAGES:
        goto(at, page)
        assert not has_data(at) and not writers(at)


def test_signed_in_user_deletes_the_workspace(registry, monkeypatch):
    monkeypatch.setenv("REHAB_MODE", "hosted")
    carol = {"is_logged_in": True, "sub": "carol", "iss": "https://issuer.example"}
    at = app(auth=True, user=carol)
    at.button(key="load_demo").click().run()
    assert has_data(at)
    s = Store(str(registry))
    ws = s.user_workspace("https://issuer.example", "carol")
    token, _ = create_link(s, ws, "physio")
    goto(at, "your_data")
    at.checkbox(key="delete_sure").check().run()
    at.button(key="delete_go").click().run()
    assert not at.exception
    assert not s.path(ws).exists()
    viewer = app(share=token)  # the link died with the workspace
    assert not has_data(viewer) and "not valid" in text(viewer)
    at.user = carol  # signing in again starts an empty workspace, without errors
    at.run()
    assert not at.exception and not has_data(at)



def test_signed_in_upload_lands_in_the_users_own_workspace(registry, monkeypatch):
    monkeypatch.setenv("REHAB_MODE", "hosted")
    hevy = ROOT / "tests" / "fixtures" / "ui_hevy_kg.csv"
    dana = {"is_logged_in": True, "sub": "dana", "iss": "https://issuer.example"}
    at = app(auth=True, user=dana)
    goto(at, "import_data")
    at.file_uploader[0].set_value((hevy.name, hevy.read_bytes(), "text/csv"))
    at.run()
    at.button(key="do_import").click().run()
    assert [m.value for m in at.metric if m.label == "Sets added"] == ["72"]
    s = Store(str(registry))
    mine = s.open(s.user_workspace("https://issuer.example", "dana"))
    assert mine.execute("SELECT count(*) FROM sets").fetchone()[0] == 72
    assert s.registry().execute("SELECT count(*) FROM sets").fetchone()[0] == 0
    other = app(auth=True, user={"is_logged_in": True, "sub": "erin", "iss": "https://issuer.example"})
    assert not has_data(other)
