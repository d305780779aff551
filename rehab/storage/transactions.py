"""Cursors and transactions: the one place that says BEGIN, COMMIT and ROLLBACK.

* :func:`transaction` — ``with transaction(con, lock) as cur:`` a fresh cursor, the database's write lock
  held, one transaction: COMMIT when the block ends, ROLLBACK when anything escapes it (any
  ``BaseException``, ``KeyboardInterrupt`` included), then the lock is released and the cursor closed.
  ``lock=None`` is the lock of ``con``'s own database (:func:`rehab.storage.locks.lock_of`).
* :func:`write` — :func:`transaction` around ``fn(cur)``, retried when DuckDB reports a write-write
  conflict (two sessions writing one table at once).
* :func:`atomic` — the transaction alone, on a cursor the caller owns, for a caller that already holds the
  lock it needs (migrations, under the opening lock).
* :func:`snapshot` — a read transaction: one consistent view of every table, no write lock.
* :func:`rolled_back` — a transaction kept only for what it holds while open (a PostgreSQL advisory lock).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import duckdb

from rehab.storage.locks import WriteLock, lock_of

T = TypeVar("T")


def one(cur: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> tuple:
    """The one row a query always returns (``count(*)``, ``max(…)``, an ``INSERT … RETURNING`` of one row).

    A query that returns no row here is a bug, so it raises rather than handing back ``None`` for a caller
    to index: ``one(con, "SELECT count(*) FROM sets")[0]``.
    """
    row = (cur.execute(sql) if params is None else cur.execute(sql, params)).fetchone()
    if row is None:
        raise LookupError(f"expected one row from: {sql.split()[0]} …")
    return row


@contextmanager
def atomic(cur: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN on ``cur``; COMMIT when the block ends, ROLLBACK (and re-raise) on any BaseException — also one
    raised by the COMMIT itself (a write-write conflict). Takes no lock."""
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, lock: WriteLock | None = None, *,
                new_cursor: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """One write transaction under the database's write lock; yields the cursor to write with.

    ``new_cursor=False`` runs it on ``con`` itself (a cursor holding the caller's temp tables, e.g. an
    import's staging table) and leaves it open."""
    cur = con.cursor() if new_cursor else con
    try:
        with (lock if lock is not None else lock_of(con)), atomic(cur):
            yield cur
    finally:
        if new_cursor:
            cur.close()


def write(con: duckdb.DuckDBPyConnection, fn: Callable[[duckdb.DuckDBPyConnection], T],
          lock: WriteLock | None = None, attempts: int = 5) -> T:
    """``fn(cur)`` in one :func:`transaction`; a write-write conflict is rolled back and tried again (up
    to ``attempts`` times, then raised). Returns what ``fn`` returns."""
    for attempt in range(attempts):
        try:
            with transaction(con, lock) as cur:
                return fn(cur)
        except duckdb.TransactionException:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


@contextmanager
def snapshot(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh cursor in one read transaction: every query in the block sees the same state (an export
    reads its tables as one snapshot). Takes no lock, so writers are never held up by a long read."""
    cur = con.cursor()
    try:
        with atomic(cur):
            yield cur
    finally:
        cur.close()


@contextmanager
def rolled_back(cur: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN on ``cur``; ROLLBACK however the block ends. For a transaction that matters only while it is
    open (``pg_advisory_xact_lock`` holds until its transaction ends), never for what it writes."""
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
    finally:
        cur.execute("ROLLBACK")
