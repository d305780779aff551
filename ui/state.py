"""Which database a session talks to, and the cache key that says when its data changed.

One DuckDB connection per process (``st.cache_resource``), one cursor per browser
session (a DuckDB connection must not run calls from two threads at once, and
Streamlit runs every session in its own thread). The decision "which database,
which cursor" lives only in :func:`cursor`; hosted mode (per-user workspaces,
read-only share links) changes that function and :func:`read_only`, nothing else.

Query results are cached with ``st.cache_data`` keyed by :func:`data_version`,
a fingerprint of the store (its path, set/import counts, the pain diary's last
edit): any import, undo or pain edit changes it, so a stale result can never be
served, and :func:`changed` also drops the old entries at once.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import streamlit as st

from rehab.db import connect, default_db_path


def db_path() -> str:
    """``$REHAB_DB``, else ``data/rehab.duckdb`` (read on every call so tests can point it elsewhere)."""
    return os.environ.get("REHAB_DB") or default_db_path()


@st.cache_resource(show_spinner=False, max_entries=8)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """The process-wide connection to one store (opening a file twice in a process fails)."""
    return connect(path)


def _close(cur: duckdb.DuckDBPyConnection) -> None:
    try:
        cur.close()
    except duckdb.Error:  # the parent connection may already be gone at shutdown
        pass


@st.cache_resource(show_spinner=False, scope="session", on_release=_close)
def _session_cursor(path: str) -> duckdb.DuckDBPyConnection:
    return _connection(path).cursor()


def cursor() -> duckdb.DuckDBPyConnection:
    """This session's cursor on the store it may see. The one place that decides which database."""
    return _session_cursor(db_path())


def read_only() -> bool:
    """True when this session may only look (every writing widget checks it and disables itself)."""
    return os.environ.get("REHAB_READ_ONLY", "").lower() in ("1", "true", "yes")


#: Cheap (metadata-level counts, no scan of set values): runs on every rerun to key the caches.
_FINGERPRINT_SQL = """
SELECT (SELECT path FROM duckdb_databases() WHERE database_name = current_database()),
       (SELECT count(*) FROM sets), (SELECT count(*) FROM imports), (SELECT max(batch_id) FROM imports),
       (SELECT count(*) FROM pain), (SELECT max(updated_at) FROM pain),
       (SELECT count(*) FROM exercise_areas), (SELECT max(updated_at) FROM exercise_areas)
"""


def data_version() -> str:
    """A short string that changes whenever the data behind this session's cursor changes.

    Read from the store once per script run (:func:`new_run`) and after every :func:`changed`;
    a page asks for it a dozen times per run.
    """
    version = st.session_state.get("_data_version")
    if version is None:
        row = cursor().execute(_FINGERPRINT_SQL).fetchone()
        version = "|".join("" if v is None else str(v) for v in row)
        st.session_state["_data_version"] = version
    return version


def new_run() -> None:
    """Call at the top of every script run: the data may have changed since the last one (another tab)."""
    st.session_state.pop("_data_version", None)


def changed() -> None:
    """Call after an import, undo or pain edit: forget every cached query result."""
    from . import data  # data imports this module

    st.cache_data.clear()
    data.forget_analyses()
    st.session_state.pop("_data_version", None)


def _remove_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


@st.cache_resource(show_spinner=False, scope="session", on_release=_remove_dir)
def upload_dir() -> Path:
    """A private temp directory per session for uploads (DuckDB and our reader need a real path)."""
    return Path(tempfile.mkdtemp(prefix="rehab-upload-"))
