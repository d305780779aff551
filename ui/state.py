"""Which database a session talks to, and the cache key that says when its data changed.

One DuckDB connection per process (``st.cache_resource``), one cursor per browser
session (a DuckDB connection must not run calls from two threads at once, and
Streamlit runs every session in its own thread). The decision "which database,
which cursor" lives only in :func:`cursor`; hosted mode (per-user workspaces,
read-only share links) changes that function and :func:`read_only`, nothing else.

Query results are cached with ``st.cache_data`` keyed by :func:`data_version`,
a fingerprint of the store (its path, set/import counts, the pain diary's last
edit): any import, undo or pain edit changes it, so a stale result can never be
served, and :func:`ui.data.changed` also drops the old entries at once. (This module knows nothing of
those caches: :mod:`ui.data` imports it, never the other way round.)
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import streamlit as st

from rehab import config
from rehab.storage.db import default_db_path
from rehab.storage.locks import WriteLock
from rehab.storage.share import Grant, open_shared, resolve
from rehab.storage.workspace import Store, Workspace, WorkspaceError


def db_path() -> str:
    """``$REHAB_DB``, else ``data/rehab.duckdb`` (read on every call so tests can point it elsewhere)."""
    return default_db_path()


def _close(cur: duckdb.DuckDBPyConnection) -> None:
    try:
        cur.close()
    except duckdb.Error:  # the parent connection may already be gone at shutdown
        pass


@st.cache_resource(show_spinner=False, scope="session", on_release=_close)
def _session_cursor(path: str, ws_id: str, kind: str, generation: int) -> duckdb.DuckDBPyConnection:
    """This session's cursor on one workspace (the store keeps one DuckDB instance per workspace;
    ``generation`` changes if that instance is replaced, so no cursor outlives it)."""
    return _store(path).open(Workspace(ws_id, kind)).cursor()


@st.cache_resource(show_spinner=False, scope="session", on_release=_close)
def _share_cursor(path: str, token: str) -> duckdb.DuckDBPyConnection:
    return _shared(path, token)[1].cursor()


def cursor() -> duckdb.DuckDBPyConnection:
    """This session's cursor on the data it may see: its workspace, or the private copy a share link shows."""
    sc = scope()
    if sc.kind == "share":
        return _share_cursor(db_path(), share_token())
    return _session_cursor(db_path(), sc.workspace.id, sc.workspace.kind, store().generation(sc.workspace))


def read_only() -> bool:
    """True when this session may only look (every writing widget checks it and disables itself)."""
    return config.flag("REHAB_READ_ONLY") or scope().kind == "share"


#: Cheap (metadata-level counts, no scan of set values): runs on every rerun to key the caches.
_FINGERPRINT_SQL = """
SELECT (SELECT path FROM duckdb_databases() WHERE database_name = current_database()),
       (SELECT count(*) FROM sets), (SELECT count(*) FROM imports), (SELECT max(batch_id) FROM imports),
       (SELECT count(*) FROM pain), (SELECT max(updated_at) FROM pain),
       (SELECT count(*) FROM exercise_areas), (SELECT max(updated_at) FROM exercise_areas),
       (SELECT count(*) FROM sessions), (SELECT max(updated_at) FROM sessions)
"""


def data_version() -> str:
    """A short string that changes whenever the data behind this session's cursor changes.

    Read from the store once per script run (:func:`new_run`) and after every :func:`forget_version`;
    a page asks for it a dozen times per run.
    """
    version = st.session_state.get("_data_version")
    if version is None:
        row = cursor().execute(_FINGERPRINT_SQL).fetchone()
        # The scope key first: two workspaces (or links) never share cached results, even with equal counts.
        version = "|".join([scope().key, *("" if v is None else str(v) for v in row)])
        st.session_state["_data_version"] = version
    return version


def forget_version() -> None:
    """The data may have changed: :func:`data_version` reads the store again when next asked."""
    st.session_state.pop("_data_version", None)


def new_run() -> None:
    """Call at the top of every script run: the data may have changed since the last one (another tab)."""
    forget_version()


def _remove_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


@st.cache_resource(show_spinner=False, scope="session", on_release=_remove_dir)
def upload_dir() -> Path:
    """A private temp directory per session for uploads (DuckDB and our reader need a real path)."""
    return Path(tempfile.mkdtemp(prefix="rehab-upload-"))


# ---------------------------------------------------------------- hosted mode: who is this session?


class SignInRequired(Exception):
    """Hosted mode with a sign-in provider, and this session has not signed in."""


@dataclass(frozen=True)
class Scope:
    """What this session may see. ``kind``: local | user | temporary | share. ``key`` namespaces every
    cache: two different workspaces or links never share a key, whatever their data looks like."""

    kind: str
    key: str
    workspace: Workspace | None = None
    grant: Grant | None = None


def mode() -> str:
    """``$REHAB_MODE``: ``hosted`` (private workspaces) or ``local`` (default: one person, no login)."""
    return "hosted" if config.get("REHAB_MODE").lower() == "hosted" else "local"


def auth_section() -> dict:
    """The ``[auth]`` secrets section, or {} when none is configured."""
    try:
        auth = st.secrets.get("auth")
    except Exception:  # no secrets.toml at all
        return {}
    return dict(auth) if auth else {}


@st.cache_resource(show_spinner=False, max_entries=8)
def _store(path: str) -> Store:
    """The process-wide store: registry plus one DuckDB instance per open workspace (thread-safe)."""
    return Store(path)


def store() -> Store:
    return _store(db_path())


def share_token() -> str | None:
    """The ``?share=`` token; sticky for the session, so moving between pages never widens the view."""
    token = st.query_params.get("share")
    if token:
        st.session_state["_share_token"] = token
    return st.session_state.get("_share_token")


def _close_view(value) -> None:
    _close(value[1])


@st.cache_resource(show_spinner="Opening the shared dashboard…", scope="session", on_release=_close_view)
def _shared(path: str, token: str):
    """This session's private copy of what the link shows (see :func:`rehab.storage.share.open_shared`)."""
    return open_shared(_store(path), token)


def _drop_temporary(ws: Workspace) -> None:
    try:
        _store(db_path()).delete(ws)
    except Exception:  # the store may already be closed at shutdown
        pass


@st.cache_resource(show_spinner=False, scope="session", on_release=_drop_temporary)
def _temporary_lifetime(path: str, ws_id: str) -> Workspace:
    """Ties a temporary workspace to the session that made it: deleted when the session ends."""
    return Workspace(ws_id, "temporary")


def _temporary(path: str) -> Workspace:
    """An anonymous visitor's in-memory workspace; its id lives in this session's own state only."""
    ws_id = st.session_state.get("_temporary_ws")
    if ws_id is None:
        ws_id = _store(path).new_temporary().id
        st.session_state["_temporary_ws"] = ws_id
    return _temporary_lifetime(path, ws_id)


def _user_workspace(path: str, issuer: str, subject: str) -> Workspace:
    """The signed-in user's workspace, registered once per session (kept in this session's state)."""
    key = (path, issuer, subject)
    memo = st.session_state.get("_user_ws")
    if memo is None or memo[0] != key:
        memo = (key, _store(path).user_workspace(issuer, subject))
        st.session_state["_user_ws"] = memo
    return memo[1]


def _identity() -> tuple[str, str] | None:
    """(issuer, subject) of the signed-in user; the e-mail only when the provider sends no subject."""
    if not st.user.get("is_logged_in"):
        return None
    subject = st.user.get("sub") or st.user.get("email")
    return (str(st.user.get("iss") or "oidc"), str(subject)) if subject else None


def scope() -> Scope:
    """Who this session is and what it may see. THE decision; everything else asks here.

    Raises :class:`rehab.storage.share.ShareError` for a bad link and :class:`SignInRequired` before sign-in.
    """
    memo = st.session_state.get("_scope")
    if memo is not None:
        return memo
    path = db_path()
    token = share_token()
    if token is not None:
        resolve(_store(path), token, touch=False)  # revoked or expired: stops working at the next click
        grant, _view = _shared(path, token)
        sc = Scope("share", f"share:{grant.link_id}:{path}", grant=grant)
    elif mode() == "local":
        sc = Scope("local", f"local:{path}", Workspace("local", "local"))
    elif auth_section():
        ident = _identity()
        if ident is None:
            raise SignInRequired
        ws = _user_workspace(path, *ident)
        try:
            _store(path).generation(ws)
        except WorkspaceError:  # deleted from another tab since: start afresh
            st.session_state.pop("_user_ws", None)
            ws = _user_workspace(path, *ident)
        sc = Scope("user", f"user:{ws.id}:{path}", ws)
    else:
        ws = _temporary(path)
        sc = Scope("temporary", f"temporary:{ws.id}:{path}", ws)
    st.session_state["_scope"] = sc
    return sc


def fresh_scope() -> Scope:
    """:func:`scope` decided anew: called once at the top of every run (a link revoked since the last
    click stops working now)."""
    st.session_state.pop("_scope", None)
    return scope()


def write_lock() -> WriteLock | None:
    """Pass to ``import_file(..., lock=…)``: serialises writers of this session's workspace (None in a
    read-only view, which writes nothing: the lock of the view's own copy)."""
    sc = scope()
    return store().lock(sc.workspace) if sc.workspace is not None else None


def forget_workspace() -> None:
    """After this session's workspace was deleted: the next run registers (and opens) it afresh."""
    for key in ("_user_ws", "_scope", "_data_version"):
        st.session_state.pop(key, None)
