"""The Import page's "Hevy sync" section: connect (paste the API key), sync now, last sync, disconnect.

The key is encrypted into this session's workspace (:mod:`rehab.sync.store`) with a key derived from
the server's secret -- ``REHAB_SECRET_KEY`` in ``.streamlit/secrets.toml`` or the environment -- and is
never shown again. In hosted mode the workspace is the signed-in person's own, so each key lives only
there. Without a secret the section says how to set one instead of storing anything.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import available_timezones

import streamlit as st

from rehab import config
from rehab.sync.hevy import SOURCE, last_sync, sync
from rehab.sync.hevy_api import HevyClient, HevyError
from rehab.sync.store import (
    SECRET_ENV,
    CredentialError,
    forget_api_key,
    get_setting,
    has_api_key,
    load_api_key,
    machine_time_zone,
    save_api_key,
    set_setting,
)
from rehab.words.wording import plural

from . import data, state

#: The dashboard syncs by itself when it opens and the last sync is older than this (if the person left it on).
AUTO_AFTER = dt.timedelta(hours=1)


def secret() -> str | None:
    """The server's secret: ``REHAB_SECRET_KEY`` from ``.streamlit/secrets.toml``, else the environment."""
    try:
        value = st.secrets.get(SECRET_ENV)
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning None
        value = None
    return str(value) if value else (config.get(SECRET_ENV) or None)


def _zones() -> list[str]:
    return sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


def _default_zone(cur) -> str:
    stored = get_setting(cur, SOURCE, "time_zone")
    if stored:
        return stored
    try:
        browser = st.context.timezone  # the person's browser, which matters more than the server's clock
    except Exception:
        browser = None
    return browser or machine_time_zone()


def section() -> None:
    """Draw the section (called by app_pages/import_data.py)."""
    st.subheader("Hevy sync")
    st.caption("Hevy Pro members can sync instead of exporting: the first sync reads every workout, later ones "
               "only what changed (edits replace a workout's sets, deletions remove them). Sets already imported "
               "from a Hevy CSV export are recognised, not added twice.")
    ro = state.read_only()
    cur = state.cursor()
    key_secret = secret()
    if key_secret is None:
        st.info(f"To connect Hevy, the server needs a secret to encrypt your API key with: set `{SECRET_ENV}` "
                "in `.streamlit/secrets.toml` or in the environment, then reload.")
        return
    if not has_api_key(cur, SOURCE):
        _connect_form(cur, key_secret, ro)
    else:
        _connected(cur, key_secret, ro)
    if msg := st.session_state.pop("_hevy_msg", None):
        kind, text = msg
        (st.success if kind == "ok" else st.error)(text)


def _connect_form(cur, key_secret: str, ro: bool) -> None:
    gen = st.session_state.get("_hevy_gen", 0)
    key = st.text_input("Hevy API key", type="password", key=f"hevy_key_{gen}", disabled=ro,
                        help="In the Hevy web app: Settings > Developer (needs Hevy Pro). Stored encrypted in this "
                             "workspace and never shown again.")
    zones = _zones()
    default = _default_zone(cur)
    if default not in zones:  # UTC, Etc/… from the machine
        zones = [default, *zones]
    tz = st.selectbox("Your time zone", zones, index=zones.index(default) if default in zones else None,
                      key="hevy_tz", disabled=ro,
                      help="Hevy's CSV exports hold local times, the API UTC: this is how they are matched.")
    if st.button("Connect Hevy", key="hevy_connect", disabled=ro or not key or not tz, type="primary"):
        try:
            with HevyClient(key) as client:
                n = client.workout_count()
            save_api_key(cur, SOURCE, key, key_secret)
            set_setting(cur, SOURCE, "time_zone", tz)
        except (HevyError, CredentialError) as exc:
            st.session_state["_hevy_msg"] = ("error", f"Not connected: {exc}")
        else:
            st.session_state["_hevy_msg"] = ("ok", f"Connected to Hevy ({n:,} workouts on the account). "
                                                   "Press **Sync now** to read them.")
        st.session_state["_hevy_gen"] = gen + 1  # a fresh, empty key field
        st.rerun()


def _connected(cur, key_secret: str, ro: bool) -> None:
    run = last_sync(cur)
    zone = get_setting(cur, SOURCE, "time_zone") or machine_time_zone()
    st.markdown(f"**Hevy is connected.** The key is stored encrypted in this workspace. Time zone: `{zone}`.")
    if run is None:
        st.caption("Not synced yet.")
    else:
        rep = run["report"]
        when = run["started_at"].replace(tzinfo=dt.UTC)
        st.caption(f"Last sync: {when:%Y-%m-%d %H:%M} UTC"
                   + (f" — import #{rep['batch_id']}" if rep.get("batch_id") else " — nothing changed"))
        c1, c2, c3, c4 = st.columns(4)
        c1.metric("Workouts read", f"{rep['workouts_seen']:,}")
        c2.metric("Sets added", f"{rep['sets_added']:,}")
        c3.metric("Sets removed", f"{rep['sets_removed']:,}")
        c4.metric("Already stored", f"{rep['duplicates']:,}")
        if rep.get("workouts_updated") or rep.get("workouts_deleted"):
            st.caption(f"{plural(rep['workouts_updated'], 'workout')} changed in Hevy, "
                       f"{rep['workouts_deleted']} deleted.")
        for w in rep.get("warnings") or []:
            st.warning(w)
    auto = get_setting(cur, SOURCE, "auto_sync") != "off"
    if st.toggle("Sync when the dashboard opens (if the last sync is over an hour old)", value=auto,
                 key="hevy_auto", disabled=ro) != auto:
        set_setting(cur, SOURCE, "auto_sync", "on" if not auto else "off")
        st.rerun()
    b1, b2 = st.columns(2)
    if b1.button("Sync now", key="hevy_sync", type="primary", disabled=ro):
        bar = st.progress(0.0, text="Connecting to Hevy…")

        def progress(label: str, done: int, total: int) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=f"Reading {label}: page {done} of {total}")

        try:
            with HevyClient(load_api_key(cur, SOURCE, key_secret) or "") as client:
                rep = sync(cur, client, lock=state.write_lock(), progress=progress)
        except (HevyError, CredentialError, ValueError) as exc:
            st.session_state["_hevy_msg"] = ("error", f"Sync failed: {exc}")
        else:
            data.changed()
            msg = (f"Synced: {rep.sets_added:,} sets added, {rep.sets_removed:,} removed, "
                   f"{rep.duplicates:,} already stored")
            if rep.rejected:
                msg += f", {rep.rejected} rejected (first: {rep.rejects[0].reason})"
            st.session_state["_hevy_msg"] = ("ok", msg + ".")
        st.rerun()
    if b2.button("Disconnect Hevy", key="hevy_disconnect", disabled=ro,
                 help="Removes the stored key. Synced sets stay; undo a sync in the history below."):
        forget_api_key(cur, SOURCE)
        st.session_state["_hevy_msg"] = ("ok", "Disconnected: the Hevy key is removed from this workspace.")
        st.rerun()


def auto_sync(scope: state.Scope) -> None:
    """Once per browser session, on opening the dashboard: a quick incremental sync when Hevy is connected,
    the person left auto-sync on and the last sync is over :data:`AUTO_AFTER` old. Never holds the page up
    for long (one attempt, 10 s timeout, no waiting on ``Retry-After``); a failure is a toast, not an error."""
    if st.session_state.get("_hevy_auto_done") or scope.kind == "share" or state.read_only():
        return
    st.session_state["_hevy_auto_done"] = True
    key_secret = secret()
    if key_secret is None:
        return
    cur = state.cursor()
    run = last_sync(cur)
    if (run is None or not has_api_key(cur, SOURCE) or get_setting(cur, SOURCE, "auto_sync") == "off"
            or dt.datetime.now(dt.UTC) - run["started_at"].replace(tzinfo=dt.UTC) < AUTO_AFTER):
        return
    try:
        with st.spinner("Syncing Hevy…"), HevyClient(load_api_key(cur, SOURCE, key_secret) or "", timeout=10,
                                                      attempts=1, max_wait=0) as client:
            rep = sync(cur, client, lock=state.write_lock())
    except (HevyError, CredentialError, ValueError) as exc:
        st.toast(f"Hevy sync skipped: {exc}", icon=":material/sync_problem:")
        return
    if rep.batch_id:
        data.changed()
        st.toast(f"Hevy synced: {rep.sets_added} sets added, {rep.sets_removed} removed.", icon=":material/sync:")
