"""Write locks: one per database, handed out as objects.

A writer that checks and then inserts (an import's anti-join on content keys, a note's per-link cap) must
not interleave with another writer of the same database, and DuckDB's optimistic transactions do not stop
two appends. So every database has one :class:`WriteLock`: a re-entrant lock for the threads of this
process, plus — for a store several servers write at once (DuckLake on PostgreSQL) — a cross-process lock
(:class:`rehab.storage.backends.PgAdvisoryLock`), taken by the outermost holder only.

Whose lock is it: the database's. :func:`lock_of` finds the lock of whatever database a connection or
cursor has as its default (see :func:`identity`), so a caller that passes no lock still serialises with
every other writer of that database; :meth:`rehab.storage.workspace.Store.lock` hands out the same object.
:func:`register` attaches the cross-process part when a shared store is opened. Opening a store (creating
its catalog, migrating it) comes before it has an identity: :func:`opening_lock` guards that by target.
"""

from __future__ import annotations

import os
import threading
import weakref
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Protocol

import duckdb


class CrossProcessLock(Protocol):
    """What a shared store's lock offers: ``with lock.hold(key):`` excludes every process holding ``key``."""

    def hold(self, key: str) -> AbstractContextManager[None]: ...


class WriteLock:
    """The write lock of one database: ``with lock:``. Re-entrant within a thread (a writer that calls
    another writer of the same database does not deadlock); ``cross``, when set, is also held, once, by the
    outermost ``with``. Compare by identity: one object per database per process."""

    def __init__(self, name: str, cross: CrossProcessLock | None = None):
        self.name = name  # the database's identity; may contain a connection string: never show it
        self.cross = cross
        self._local = threading.RLock()
        self._held = threading.local()

    def __repr__(self) -> str:
        return f"<WriteLock {'cross-process' if self.cross else 'in-process'} at {id(self):#x}>"

    def __enter__(self) -> WriteLock:
        self._local.acquire()
        depth = getattr(self._held, "depth", 0)
        if depth == 0 and self.cross is not None:
            try:
                cm = self.cross.hold(self.name)
                cm.__enter__()
            except BaseException:
                self._local.release()
                raise
            self._held.cross = cm
        self._held.depth = depth + 1
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._held.depth -= 1
        try:
            if self._held.depth == 0:
                cm, self._held.cross = getattr(self._held, "cross", None), None
                if cm is not None:
                    cm.__exit__(exc_type, exc, tb)
        finally:
            self._local.release()

    def held(self) -> bool:
        """True when the calling thread holds this lock."""
        return getattr(self._held, "depth", 0) > 0


_locks: dict[str, WriteLock] = {}
_guard = threading.Lock()


def _named(name: str, cross: CrossProcessLock | None) -> WriteLock:
    with _guard:
        lock = _locks.get(name)
        if lock is None:
            lock = _locks[name] = WriteLock(name, cross)
        elif cross is not None:
            lock.cross = cross
        return lock


def identity(con: duckdb.DuckDBPyConnection) -> str:
    """What names the default database of ``con`` within and across processes: its kind, where it is (file
    path, DuckLake catalog; ``''`` in memory), its name, and when it was created (the ``rehab_store`` marker
    row, which tells apart two in-memory databases and a file deleted and made anew)."""
    where = ("SELECT type, coalesce(path, ''), database_name{} FROM duckdb_databases() "
             "WHERE database_name = current_database()")
    cur = con.cursor()
    try:
        try:
            rows = cur.execute(where.format(", (SELECT min(created_at) FROM rehab_store)::VARCHAR")).fetchall()
        except duckdb.CatalogException:  # not (yet) one of our stores: no marker to tell it by
            rows = [(*r, None) for r in cur.execute(where.format("")).fetchall()]
    finally:
        cur.close()
    kind, path, name, created = rows[0] if rows else ("", "", "", None)
    if kind == "duckdb" and path:
        path = os.path.realpath(path)
    return "\x1f".join((kind, path, name, created or ""))


#: Connections (and cursors) whose lock was looked up: a connection's default database never changes.
_known: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, WriteLock] = weakref.WeakKeyDictionary()


def lock_of(con: duckdb.DuckDBPyConnection) -> WriteLock:
    """The write lock of the database ``con`` (a connection or a cursor of it) writes to; found once per
    connection object (:func:`identity`), then remembered for as long as it lives."""
    with _guard:
        lock = _known.get(con)
    if lock is None:
        lock = _named(identity(con), None)
        with _guard:
            _known[con] = lock
    return lock


def register(con: duckdb.DuckDBPyConnection, cross: CrossProcessLock | None) -> WriteLock:
    """The write lock of ``con``'s database, which from now on also takes ``cross`` (a shared store)."""
    return _named(identity(con), cross)


def forget(cross: CrossProcessLock) -> None:
    """A shared store was shut down: its locks stop taking its (closed) cross-process lock."""
    with _guard:
        for lock in _locks.values():
            if lock.cross is cross:
                lock.cross = None


def opening_lock(target: str, cross: CrossProcessLock | None = None) -> WriteLock:
    """The lock held while the store named ``target`` is created and migrated (it has no identity yet):
    one opener at a time, across processes too when ``cross`` is given."""
    return _named("open\x1f" + target, cross)
