"""Store targets (file, DuckLake, MotherDuck) parse and fail with clear messages, offline."""

from __future__ import annotations

import pytest

from rehab.storage.backends import (
    StoreError,
    _no_password,
    extension_dir,
    lock_id,
    open_ducklake,
    open_remote,
    parse_target,
)


def test_parse_targets():
    assert parse_target("data/rehab.duckdb").kind == "file"
    assert parse_target(":memory:").kind == "memory"
    t = parse_target("ducklake:postgres:dbname=lake host=127.0.0.1 port=5432 user=rehab")
    assert (t.kind, t.pg_dsn, t.shared) == ("ducklake", "dbname=lake host=127.0.0.1 port=5432 user=rehab", True)
    assert parse_target("ducklake:meta.ducklake").pg_dsn == ""
    assert parse_target("md:rehab").database == "rehab"
    for bad in ("md:", "md:bad name", "md:x;drop", "ducklake:"):
        with pytest.raises(StoreError):
            parse_target(bad)


def test_extensions_come_from_the_pinned_packages():
    d = extension_dir()
    names = {p.name for p in d.rglob("*.duckdb_extension")}
    assert names == {"postgres_scanner.duckdb_extension", "ducklake.duckdb_extension"}


def test_ducklake_needs_a_data_path(monkeypatch):
    monkeypatch.delenv("REHAB_DATA_PATH", raising=False)
    with pytest.raises(StoreError, match="REHAB_DATA_PATH"):
        open_remote("ducklake:postgres:dbname=lake host=127.0.0.1")


def test_motherduck_needs_a_token(monkeypatch):
    monkeypatch.delenv("MOTHERDUCK_TOKEN", raising=False)
    with pytest.raises(StoreError, match="MOTHERDUCK_TOKEN"):
        open_remote("md:rehab")


def test_ducklake_on_a_local_catalog_file(tmp_path):
    """DuckLake without PostgreSQL (a DuckDB catalog file): the default database is the lake itself."""
    con = open_ducklake(str(tmp_path / "meta.ducklake"), str(tmp_path / "files") + "/", "rehab_filelake")
    con.execute("CREATE TABLE t (a INTEGER)")
    con.execute("INSERT INTO t VALUES (1), (2)")
    assert con.cursor().execute("SELECT sum(a) FROM t").fetchone()[0] == 3  # cursors stay in the lake
    con.close()


def test_errors_never_show_a_password():
    assert _no_password("host=x password=hunter2 user=y") == "host=x password=*** user=y"
    assert "s3cr3t" not in _no_password("PASSWORD = 's3cr3t value' port=1")
    with pytest.raises(StoreError) as exc:
        open_ducklake("postgres:dbname=nope host=127.0.0.1 port=1 user=x password=hunter2", "/tmp/none/", "rehab_pw")
    assert "hunter2" not in str(exc.value)


def test_lock_ids_are_stable_and_distinct():
    assert lock_id("a") == lock_id("a") and lock_id("a") != lock_id("b")
    assert -(2**63) <= lock_id("x") < 2**63


def test_unreachable_postgres_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("REHAB_DATA_PATH", str(tmp_path))
    with pytest.raises(StoreError, match="cannot reach PostgreSQL") as exc:
        open_remote("ducklake:postgres:dbname=lake host=127.0.0.1 port=1 user=x password=hunter2")
    assert "hunter2" not in str(exc.value)


def test_a_writer_without_a_lock_takes_its_shared_stores_cross_process_lock(tmp_path):
    """A caller that passes no lock still gets the cross-process lock of its (shared) store; a writer of
    another database does not take it, and a shut-down store's lock is no longer taken."""
    import contextlib

    from rehab.storage import locks
    from rehab.storage.db import connect
    from rehab.storage.schema import migrate
    from rehab.storage.transactions import transaction

    calls = []

    class Fake:
        def hold(self, key):
            calls.append(key)
            return contextlib.nullcontext()

    lake = open_ducklake(str(tmp_path / "meta.ducklake"), str(tmp_path / "files") + "/", "rehab_lockcheck")
    migrate(lake)
    fake = Fake()
    try:
        own = locks.register(lake, fake)
        with transaction(lake) as cur:  # no lock given: the lake's own, with its cross-process part
            cur.execute("INSERT INTO exercise_areas VALUES ('Squat', ['knee'], current_localtimestamp())")
        assert calls == [own.name]
        assert locks.lock_of(lake.cursor()) is own
        other = connect(tmp_path / "other.duckdb")
        with transaction(other):  # another store's writer: no cross-process lock
            pass
        assert calls == [own.name]
    finally:
        locks.forget(fake)
    with transaction(lake):
        pass
    assert calls == [own.name]
    assert lake.execute("SELECT count(*) FROM exercise_areas").fetchone()[0] == 1
    lake.close()
    other.close()
