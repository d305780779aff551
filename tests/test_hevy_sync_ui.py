"""The Import page's Hevy section through AppTest: connect, sync now, disconnect, against the fake API."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from rehab.storage.db import connect
from tests.hevy_fake import FakeHevy, exercise, workout
from tests.test_pages import APP, texts

KEY = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def page_env(tmp_path, monkeypatch):
    fake = FakeHevy(KEY)
    fake.put(workout("w-1", "Upper A", "2025-09-15T05:48:31Z", "2025-09-15T07:13:05Z", [
        exercise(0, "Bench Press (Barbell)", "79D0BB3A", [("normal", 80, 6), ("normal", 80, 6)])]))
    path = tmp_path / "ui.duckdb"
    connect(path).close()
    monkeypatch.setenv("REHAB_DB", str(path))
    monkeypatch.setenv("HEVY_API_URL", fake.url)
    monkeypatch.setenv("REHAB_SECRET_KEY", "a test secret, not a real one")
    monkeypatch.delenv("REHAB_READ_ONLY", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield fake, path
    st.cache_data.clear()
    st.cache_resource.clear()
    fake.close()


def _import_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("app_pages/import_data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _db_rows(path, sql):
    con = connect(path)  # the app holds the file open in this process: same configuration
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_connect_sync_disconnect(page_env):
    _fake, path = page_env
    at = _import_page()
    at.text_input(key="hevy_key_0").input(KEY).run()
    at.selectbox(key="hevy_tz").select("Europe/Berlin").run()
    at.button(key="hevy_connect").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Connected to Hevy (1 workouts" in texts(at)
    assert KEY not in texts(at) and not at.text_input  # the key is not shown again, the field is gone
    at.button(key="hevy_sync").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Synced: 2 sets added" in texts(at), texts(at)
    assert "Last sync:" in texts(at)
    # the sync is an import in the history, its sets are stored at Berlin wall time
    assert [str(m.value) for m in at.metric][:2] == ["1", "2"]
    (token,) = _db_rows(path, "SELECT token FROM sync_credentials")[0]
    assert KEY not in token  # encrypted at rest
    at.button(key="hevy_disconnect").click().run()
    assert "Disconnected" in texts(at)
    assert at.button(key="hevy_connect")  # back to the connect form
    assert _db_rows(path, "SELECT count(*) FROM sync_credentials") == [(0,)]
    assert _db_rows(path, "SELECT min(workout_start)::VARCHAR, count(*) FROM sets") == [("2025-09-15 07:48:00", 2)]


def test_a_refused_key_is_not_stored(page_env):
    _fake, path = page_env
    at = _import_page()
    at.text_input(key="hevy_key_0").input("99999999-8888-7777-6666-555555555555").run()
    at.selectbox(key="hevy_tz").select("Europe/Berlin").run()
    at.button(key="hevy_connect").click().run()
    assert "Not connected: Hevy refused the API key" in texts(at)
    assert _db_rows(path, "SELECT count(*) FROM sync_credentials") == [(0,)]


def test_without_a_secret_the_page_says_how_to_set_one(page_env, monkeypatch):
    monkeypatch.delenv("REHAB_SECRET_KEY")
    at = _import_page()
    assert "REHAB_SECRET_KEY" in texts(at)
    assert not at.text_input


def _connected_and_synced(path, fake, hours_ago: float) -> None:
    from rehab.sync.hevy import sync
    from rehab.sync.hevy_api import HevyClient
    from rehab.sync.store import save_api_key

    con = connect(path)
    save_api_key(con, "hevy", KEY, None)
    with HevyClient(KEY, fake.url) as client:
        sync(con, client, tz="Europe/Berlin")
    con.execute("UPDATE sync_runs SET started_at = started_at - to_microseconds(?), "
                "synced_until = synced_until - to_microseconds(?)", [int(hours_ago * 3.6e9)] * 2)
    con.close()
    fake.put(workout("w-2", "Lower", "2025-09-17T05:00:00Z", "2025-09-17T06:00:00Z", [
        exercise(0, "Squat (Barbell)", "D04AC939", [("normal", 100, 5)])]))


@pytest.mark.parametrize("hours_ago, expected", [(2, 3), (0.25, 2)])
def test_opening_the_dashboard_syncs_when_the_last_sync_is_over_an_hour_old(page_env, hours_ago, expected):
    fake, path = page_env
    _connected_and_synced(path, fake, hours_ago)
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _db_rows(path, "SELECT count(*) FROM sets") == [(expected,)]
