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


def test_default_lock_key_follows_the_process_store(monkeypatch):
    """A caller that passes no lock key still gets the cross-process lock of REHAB_DB's shared store."""
    from rehab.storage import backends as lake
    from rehab.storage import db

    t = parse_target("ducklake:postgres:dbname=x host=127.0.0.1 port=1")
    calls = []

    class Fake:
        def hold(self, key):
            calls.append(key)
            return __import__("contextlib").nullcontext()

        def close(self):
            pass

    monkeypatch.setitem(lake._shared_locks, t.raw, Fake())
    monkeypatch.setattr(db, "_shared_lock", lake._dispatch)
    monkeypatch.setenv("REHAB_DB", t.raw)
    with db.write_lock("default"):
        pass
    with db.write_lock(f"{t.raw}#u1"):
        pass
    with db.write_lock("data/other.duckdb#u1"):  # another store's key: no PostgreSQL lock
        pass
    assert calls == ["default", f"{t.raw}#u1"]
    monkeypatch.setenv("REHAB_DB", "data/rehab.duckdb")
    with db.write_lock("default"):
        pass
    assert len(calls) == 2
