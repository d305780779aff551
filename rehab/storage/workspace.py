"""Workspaces: whose data a connection can see, and where that data lives.

Design — **one database per workspace**, never a shared table with a user column:

* local mode: the one workspace ``local`` *is* ``REHAB_DB`` (no login);
* hosted, signed in: workspace ``u<128-bit hash of (issuer, subject)>`` is its own database —
  a file ``<dir of REHAB_DB>/workspaces/<id>.duckdb``, a DuckLake of its own (catalog schema
  ``rehab_ws_<id>`` in PostgreSQL, files under ``$REHAB_DATA_PATH/ws_<id>/``) or a MotherDuck
  database ``<db>_ws_<id>``;
* hosted, anonymous: a ``t<random>`` workspace held only in memory (a private ``:memory:`` DuckDB
  instance), gone when the session ends; it can be downloaded and restored (:mod:`rehab.output.export`).

Why not a schema per workspace with ``USE``: ``USE`` is per DuckDB connection and every ``con.cursor()``
starts again in the default database, and the library opens cursors everywhere — one missed scope would
read someone else's rows. With a database per workspace, the connection handed to a session *is* the
workspace: no query, cursor or cache key (the database path is part of ``ui.state.data_version``) can
reach another person's tables, and deleting a workspace deletes its file / catalog schema and data files
(a DuckLake's catalog schema, with every snapshot, is dropped and its file directory removed).

``REHAB_DB`` itself is the *registry* (tables ``workspaces`` and ``share_links``, migration 3): it maps
identities and share tokens to workspace ids and holds no health data in hosted mode. Workspace ids are
validated (``[a-z][a-z0-9_]{2,39}``) before they become a path, schema or database name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import secrets
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from rehab import config
from rehab.errors import AccessError
from rehab.storage import locks
from rehab.storage.backends import (
    Target,
    data_path,
    drop_pg_lock,
    open_ducklake,
    open_motherduck,
    parse_target,
    pg_lock,
)
from rehab.storage.db import connect, default_db_path
from rehab.storage.locks import WriteLock
from rehab.storage.schema import migrate
from rehab.storage.transactions import one, transaction

WORKSPACE_ID = re.compile(r"[a-z][a-z0-9_]{2,39}")
LOCAL = "local"
KINDS = ("local", "user", "temporary")


class WorkspaceError(AccessError):
    """A workspace that cannot be used (bad id, unknown, deleted). ``str()`` is the user message."""


def validate_id(ws_id: str) -> str:
    """Return ``ws_id`` if it is a well-formed workspace id, else raise :class:`WorkspaceError`."""
    if not isinstance(ws_id, str) or not WORKSPACE_ID.fullmatch(ws_id):
        raise WorkspaceError(f"not a valid workspace id: {str(ws_id)[:60]!r}")
    return ws_id


@dataclass(frozen=True)
class Workspace:
    """``kind``: local (the embedded file, no login) | user (signed in) | temporary (anonymous session)."""

    id: str
    kind: str

    def __post_init__(self) -> None:
        validate_id(self.id)
        if self.kind not in KINDS:
            raise WorkspaceError(f"unknown workspace kind {self.kind!r}")


@dataclass(frozen=True)
class WorkspaceInfo:
    id: str
    kind: str
    created_at: dt.datetime  # UTC
    last_used_at: dt.datetime | None  # UTC


def utcnow() -> dt.datetime:
    """Naive UTC (the registry stores UTC without a zone)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def owner_hash(issuer: str, subject: str) -> str:
    """A stable, non-reversible key for a sign-in identity (the raw e-mail/subject is never stored)."""
    if not subject:
        raise WorkspaceError("a signed-in user needs a subject (the OIDC 'sub' claim)")
    return hashlib.sha256(f"{issuer}\x00{subject}".encode()).hexdigest()


def user_workspace_id(issuer: str, subject: str) -> str:
    return "u" + owner_hash(issuer, subject)[:32]


class Store:
    """The store named by ``REHAB_DB`` and every workspace in it, one DuckDB instance per open workspace.

    Thread-safe; keep one per process (``st.cache_resource``) and give each session its own
    ``store.open(ws).cursor()``. Writers of a workspace take :meth:`lock` (the same object a writer that
    passes no lock finds for that workspace's connection); registry writes take :meth:`registry_lock`.
    """

    def __init__(self, target: str | None = None):
        self.raw = str(target or default_db_path())
        self.target: Target = parse_target(self.raw)
        self._cons: dict[str, duckdb.DuckDBPyConnection] = {}
        self._generations: dict[str, int] = {}
        self._counter = itertools.count(1)
        self._guard = threading.RLock()
        self._registry: duckdb.DuckDBPyConnection | None = None
        self._registry_lock: WriteLock | None = None
        self._locks: dict[str, WriteLock] = {}
        self._pg = pg_lock(self.target) if self.target.kind == "ducklake" else None

    # ------------------------------------------------------------------ registry

    def registry(self) -> duckdb.DuckDBPyConnection:
        """``REHAB_DB`` itself: the registry, and in local mode the ``local`` workspace."""
        with self._guard:
            if self._registry is None:
                self._registry = connect(self.raw)
                self._registry_lock = locks.register(self._registry, self._pg)
            return self._registry

    def registry_lock(self) -> WriteLock:
        """The write lock of the registry (in local mode also the ``local`` workspace's :meth:`lock`)."""
        with self._guard:
            self.registry()
            assert self._registry_lock is not None
            return self._registry_lock

    def _q(self, sql: str, params: list | None = None) -> list[tuple]:
        cur = self.registry().cursor()
        try:
            return cur.execute(sql, params or []).fetchall()
        finally:
            cur.close()

    def user_workspace(self, issuer: str, subject: str) -> Workspace:
        """The private workspace of a signed-in identity, created on first sign-in."""
        ws = Workspace(user_workspace_id(issuer, subject), "user")
        with transaction(self.registry(), self.registry_lock()) as cur:
            if one(cur, "SELECT count(*) FROM workspaces WHERE workspace_id = ?", [ws.id])[0]:
                cur.execute("UPDATE workspaces SET last_used_at = ? WHERE workspace_id = ?", [utcnow(), ws.id])
            else:
                cur.execute("INSERT INTO workspaces VALUES (?, 'user', ?, ?, ?)",
                            [ws.id, owner_hash(issuer, subject), utcnow(), utcnow()])
        return ws

    def new_temporary(self) -> Workspace:
        """A private in-memory workspace for an anonymous session (never written to disk)."""
        ws = Workspace("t" + secrets.token_hex(16), "temporary")
        self.open(ws)
        return ws

    def get(self, ws_id: str) -> Workspace:
        """A persistent workspace by id (``local`` or a registered user workspace)."""
        validate_id(ws_id)
        if ws_id == LOCAL:
            return Workspace(LOCAL, "local")
        rows = self._q("SELECT kind FROM workspaces WHERE workspace_id = ?", [ws_id])
        if rows:
            return Workspace(ws_id, rows[0][0])
        with self._guard:
            if ws_id in self._cons and ws_id.startswith("t"):
                return Workspace(ws_id, "temporary")
        raise WorkspaceError(f"no workspace {ws_id!r}")

    def list(self) -> list[WorkspaceInfo]:
        """Registered (persistent) workspaces; ids and dates only, never their data."""
        rows = self._q("SELECT workspace_id, kind, created_at, last_used_at FROM workspaces ORDER BY created_at")
        return [WorkspaceInfo(*r) for r in rows]

    # ------------------------------------------------------------------ workspaces

    def lock(self, ws: Workspace) -> WriteLock:
        """The write lock of ``ws`` (opened if need be): ``import_file(..., lock=store.lock(ws))``. One object
        per workspace; two workspaces never share one; on a shared DuckLake it is also held across processes."""
        if ws.kind == "local":
            return self.registry_lock()
        with self._guard:
            self.open(ws)
            return self._locks[ws.id]

    def path(self, ws: Workspace) -> Path:
        """The file of a user workspace in a file store."""
        return Path(self.raw).resolve().parent / "workspaces" / f"{validate_id(ws.id)}.duckdb"

    def open(self, ws: Workspace) -> duckdb.DuckDBPyConnection:
        """The connection whose default database is ``ws`` (cached; migrated). Hand out ``.cursor()``s."""
        if ws.kind == "local":
            return self.registry()
        with self._guard:
            con = self._cons.get(ws.id)
            if con is None:
                con = self._open_new(ws)
                self._cons[ws.id] = con
                self._locks[ws.id] = locks.register(con, self._pg)
                self._generations[ws.id] = next(self._counter)
            return con

    def generation(self, ws: Workspace) -> int:
        """Changes whenever ``ws`` gets a new DuckDB instance (after a delete): key session cursors by it,
        so no session keeps a cursor on a closed instance."""
        if ws.kind == "local":
            return 0
        with self._guard:
            self.open(ws)
            return self._generations[ws.id]

    def _open_new(self, ws: Workspace) -> duckdb.DuckDBPyConnection:
        if ws.kind == "temporary" or self.target.kind == "memory":
            return connect(":memory:")
        if not self._q("SELECT count(*) FROM workspaces WHERE workspace_id = ?", [ws.id])[0][0]:
            raise WorkspaceError(f"no workspace {ws.id!r}")
        t = self.target
        if t.kind == "file":
            p = self.path(ws)
            p.parent.mkdir(parents=True, exist_ok=True)
            return connect(p)
        # Creating a lake's catalog and migrating it race between servers: one at a time.
        with locks.opening_lock(f"{self.raw}#{ws.id}", self._pg):
            if t.kind == "ducklake":
                con = open_ducklake(t.metadata, f"{data_path()}ws_{ws.id}/", f"ws_{ws.id}",
                                    metadata_schema=f"rehab_ws_{ws.id}")
            else:  # motherduck: one database per workspace
                name = f"{t.database}_ws_{ws.id}"
                self._q(f'CREATE DATABASE IF NOT EXISTS "{name}"')
                con = open_motherduck(name)
            # the same session settings rehab.storage.db.connect gives a store (no progress bar, capped buffers)
            con.execute("SET enable_progress_bar = false")
            con.execute(f"SET memory_limit = '{config.get('REHAB_DUCKDB_MEMORY')}'")
            migrate(con)
        return con

    def close(self, ws: Workspace) -> None:
        """Forget the open instance of ``ws`` (temporary workspaces are thereby deleted)."""
        with self._guard:
            con = self._cons.pop(ws.id, None)
            self._locks.pop(ws.id, None)
        if con is not None:
            con.close()

    def delete(self, ws: Workspace) -> None:
        """Delete a workspace and all its data, and every share link to it."""
        if ws.kind == "local":
            raise WorkspaceError("the local workspace is the database file itself: delete the file")
        if ws.kind == "temporary":
            self.close(ws)
            return
        t = self.target
        leftover = ""
        with self.lock(ws):
            self.close(ws)
            if t.kind == "file":
                p = self.path(ws)
                for f in (p, p.with_name(p.name + ".wal")):
                    f.unlink(missing_ok=True)
            elif t.kind == "ducklake":
                # The lake's whole catalog (every snapshot) is this schema, its files this directory.
                if self._pg is not None:
                    self._pg.execute(f'DROP SCHEMA IF EXISTS "rehab_ws_{ws.id}" CASCADE')
                files = f"{data_path()}ws_{ws.id}"
                if "://" in files:
                    leftover = files
                else:
                    shutil.rmtree(files, ignore_errors=True)
            elif t.kind == "motherduck":
                self._q(f'DROP DATABASE IF EXISTS "{t.database}_ws_{ws.id}"')
        with transaction(self.registry(), self.registry_lock()) as cur:
            cur.execute("DELETE FROM share_links WHERE workspace_id = ?", [ws.id])
            cur.execute("DELETE FROM workspaces WHERE workspace_id = ?", [ws.id])
        if leftover:
            raise WorkspaceError(f"workspace deleted, but remove its files under {leftover} yourself "
                                 "(deleting object-storage files is not supported)")

    def shutdown(self) -> None:
        with self._guard:
            cons, self._cons = list(self._cons.values()), {}
            reg, self._registry = self._registry, None
            self._locks, self._registry_lock = {}, None
        for c in [*cons, *([reg] if reg is not None else [])]:
            c.close()
        if self._pg is not None:
            locks.forget(self._pg)
            drop_pg_lock(self.target)
            self._pg = None


_stores: dict[str, Store] = {}
_stores_guard = threading.Lock()


def get_store(target: str | None = None) -> Store:
    """The process-wide :class:`Store` for ``target`` (default ``REHAB_DB``)."""
    key = str(target or default_db_path())
    with _stores_guard:
        if key not in _stores:
            _stores[key] = Store(key)
        return _stores[key]


def open_store(target: str | None = None, workspace_id: str = LOCAL) -> duckdb.DuckDBPyConnection:
    """A connection scoped to one workspace of the store named by ``target`` (``REHAB_DB``)."""
    store = get_store(target)
    return store.open(store.get(workspace_id))
