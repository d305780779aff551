"""Transactions and write locks (rehab.storage.transactions, rehab.storage.locks): commit, roll back on any
escape, hold the database's lock; one lock object per database, handed out by the Store."""

from __future__ import annotations

import threading

import duckdb
import grimp
import pytest

from rehab.storage import locks
from rehab.storage.db import connect
from rehab.storage.locks import WriteLock, lock_of
from rehab.storage.transactions import transaction, write
from rehab.storage.workspace import Store


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "tx.duckdb")
    yield c
    c.close()


def areas(con) -> int:
    return con.execute("SELECT count(*) FROM exercise_areas").fetchone()[0]


def add(cur) -> None:
    cur.execute("INSERT INTO exercise_areas VALUES ('Squat', ['knee'], current_localtimestamp())")


def free(lock: WriteLock) -> bool:
    """True when another thread can take ``lock`` now (the lock is re-entrant: this thread always could)."""
    got: list[bool] = []

    def take() -> None:
        ok = lock._local.acquire(timeout=0.2)
        got.append(ok)
        if ok:
            lock._local.release()
    t = threading.Thread(target=take)
    t.start()
    t.join()
    return got == [True]


def test_transaction_commits(con):
    with transaction(con) as cur:
        add(cur)
        add(cur)
    assert areas(con) == 2


def test_transaction_rolls_back_on_an_exception(con):
    with pytest.raises(ValueError, match="boom"), transaction(con) as cur:
        add(cur)
        raise ValueError("boom")
    assert areas(con) == 0
    with transaction(con) as cur:  # the lock was released and the next transaction starts cleanly
        add(cur)
    assert areas(con) == 1


def test_transaction_rolls_back_on_keyboard_interrupt(con):
    lock = lock_of(con)
    with pytest.raises(KeyboardInterrupt), transaction(con, lock) as cur:
        add(cur)
        raise KeyboardInterrupt
    assert areas(con) == 0
    assert not lock.held() and free(lock)  # released although the block was interrupted
    # on a cursor the caller keeps (an import's staging cursor) the ROLLBACK is what ends the transaction:
    # closing the cursor is not there to do it
    cur = con.cursor()
    with pytest.raises(KeyboardInterrupt), transaction(cur, lock, new_cursor=False):
        add(cur)
        raise KeyboardInterrupt
    assert areas(cur) == 0  # the cursor itself no longer sees its insert: rolled back, not left open
    with transaction(cur, lock, new_cursor=False):  # and it can begin again
        add(cur)
    assert areas(con) == 1


def test_the_lock_is_held_during_the_block_and_excludes_other_threads(con):
    lock = lock_of(con)
    with transaction(con) as cur:  # no lock given: the database's own
        add(cur)
        assert lock.held()
        assert not free(lock)  # another thread cannot take it while the block runs
    assert not lock.held() and free(lock)
    with transaction(con, lock):
        assert lock.held()


def test_the_lock_is_reentrant_and_takes_its_cross_process_part_once():
    entered: list[str] = []

    class Cross:
        def hold(self, key):
            import contextlib

            @contextlib.contextmanager
            def cm():
                entered.append("in")
                yield
                entered.append("out")
            return cm()

    lock = WriteLock("x", Cross())
    with lock:
        with lock:  # a writer calling another writer of the same database: no deadlock, no second PG lock
            assert entered == ["in"]
        assert lock.held()
    assert entered == ["in", "out"] and not lock.held()


def test_write_retries_a_write_write_conflict(con):
    tries: list[int] = []

    def fn(cur):
        tries.append(1)
        add(cur)
        if len(tries) < 3:
            raise duckdb.TransactionException("Conflict on update")
        return "done"

    assert write(con, fn) == "done"
    assert len(tries) == 3 and areas(con) == 1  # the failed attempts left nothing
    with pytest.raises(duckdb.TransactionException):
        write(con, lambda cur: (add(cur), (_ for _ in ()).throw(duckdb.TransactionException("again"))), attempts=2)
    assert areas(con) == 1


def test_a_connection_and_its_cursors_share_one_lock_other_databases_do_not(tmp_path, con):
    assert lock_of(con) is lock_of(con.cursor()) is lock_of(con.cursor().cursor())
    other = connect(tmp_path / "other.duckdb")
    mem_a, mem_b = connect(":memory:"), connect(":memory:")
    try:
        assert lock_of(other) is not lock_of(con)
        assert lock_of(mem_a) is not lock_of(mem_b)  # two private in-memory stores
        assert lock_of(mem_a) is lock_of(mem_a.cursor())
    finally:
        for c in (other, mem_a, mem_b):
            c.close()


def test_workspaces_hand_out_their_own_locks(tmp_path):
    store = Store(str(tmp_path / "reg.duckdb"))
    try:
        a, b = store.user_workspace("iss", "alice"), store.user_workspace("iss", "bob")
        t1, t2 = store.new_temporary(), store.new_temporary()
        got = [store.lock(w) for w in (a, b, t1, t2)]
        assert len({id(x) for x in got}) == 4  # two workspaces never share a lock
        assert store.lock(a) is store.lock(a) is got[0]  # the same workspace: the same lock
        # a writer that passes no lock finds the very same object for that workspace's connection
        assert lock_of(store.open(a).cursor()) is store.lock(a)
        assert lock_of(store.open(t1).cursor()) is store.lock(t1)
        local = store.get("local")
        assert store.lock(local) is store.registry_lock() is lock_of(store.registry())
        assert store.lock(local) not in got
        # a second Store of the same file (another part of the process) guards it with the same lock
        again = Store(str(tmp_path / "reg.duckdb"))
        assert again.lock(again.get(a.id)) is store.lock(a)
        again.shutdown()
    finally:
        store.shutdown()


def test_a_shared_store_workspace_lock_carries_the_stores_cross_process_lock(tmp_path):
    """On a DuckLake the Store's workspace locks take its PostgreSQL lock (here a stand-in: no PostgreSQL)."""
    import contextlib

    calls: list[str] = []

    class Cross:
        def hold(self, key):
            calls.append(key)
            return contextlib.nullcontext()

    store = Store(str(tmp_path / "reg.duckdb"))
    cross = Cross()
    try:
        ws = store.user_workspace("iss", "carol")
        store._pg = cross  # what Store does for a ducklake:postgres: target, before any workspace is open
        lock = store.lock(ws)
        assert lock.cross is cross
        with transaction(store.open(ws)) as cur:  # no lock passed: still the cross-process one
            add(cur)
        with transaction(store.open(ws), store.lock(ws)) as cur:
            add(cur)
        assert calls == [lock.name, lock.name]
    finally:
        locks.forget(cross)
        store._pg = None
        store.shutdown()


def test_storage_imports_no_other_rehab_package_and_has_no_cycle():
    g = grimp.build_graph("rehab")
    mods = sorted(m for m in g.modules if m.startswith("rehab.storage."))
    allowed = ("rehab.storage", "rehab.config", "rehab.errors", "rehab.words")
    upward = [(m, i) for m in mods for i in g.find_modules_directly_imported_by(m)
              if i.startswith("rehab.") and not i.startswith(allowed)]
    assert upward == []
    cycles = [(a, b) for a in mods for b in mods if a < b and g.chain_exists(a, b) and g.chain_exists(b, a)]
    assert cycles == []
    # imports sits below sync: undo no longer reaches up into it
    assert g.find_shortest_chain("rehab.imports.pipeline", "rehab.sync.store") is None
