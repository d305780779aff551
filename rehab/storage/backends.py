"""Opening stores beyond one local file, offline: DuckLake on PostgreSQL, and MotherDuck.

``REHAB_DB`` names the store:

* a DuckDB file path (default) — one machine, one process;
* ``ducklake:postgres:dbname=lake host=… port=… user=…`` plus ``REHAB_DATA_PATH`` (where the Parquet
  files go) — several app servers share one store; PostgreSQL holds the catalog;
* ``md:<database>`` — MotherDuck (token from ``MOTHERDUCK_TOKEN``; needs network, untested here).

Extensions come from the PyPI packages ``duckdb-extension-postgres`` / ``-ducklake`` (pinned in
requirements.txt), never from the network: they are linked into a process-private extension
directory under the names DuckDB's autoloader expects (the postgres one must be called
``postgres_scanner``), so plain ``duckdb.connect('ducklake:…')`` autoloads them.

Why connect *directly* to a lake instead of ``ATTACH … ; USE lake``: ``USE`` is per connection, and every
``con.cursor()`` starts again in the instance's default database. The library opens cursors all the time,
so a workspace must be the *default* database of its own DuckDB instance. ATTACH options
(``DATA_PATH``, ``METADATA_SCHEMA``) cannot be given to ``duckdb.connect``, so they go into a DuckLake
secret, written to a process-private ``secret_directory`` (mode 0700, removed at exit) just before the
connect. Passwords belong in ``PGPASSWORD`` / ``~/.pgpass``, not in ``REHAB_DB``.

Concurrent imports of the same file from two servers must not insert twice: DuckLake has no unique
constraints and two appends to one table do not conflict, so :class:`PgAdvisoryLock` serialises the
check-then-insert of an import with a PostgreSQL transaction-level advisory lock, held from before the
import transaction starts until after it commits: it is the cross-process part of the store's
:class:`rehab.storage.locks.WriteLock` (:func:`pg_lock` gives the one of a target; ``rehab.storage.db.connect``
and ``rehab.storage.workspace.Store`` attach it to the databases they open).

Imports only :mod:`rehab.storage.transactions` of this package: the modules that open stores build on this one.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.util
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from rehab import config
from rehab.errors import StoreProblem
from rehab.storage.transactions import one, rolled_back

_EXTENSIONS = {  # name DuckDB expects -> (PyPI module, file shipped)
    "postgres_scanner": ("duckdb_extension_postgres", "postgres.duckdb_extension"),
    "ducklake": ("duckdb_extension_ducklake", "ducklake.duckdb_extension"),
}
_SECRET_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")

_guard = threading.Lock()
_ext_dir: Path | None = None
_secret_dir: Path | None = None


class StoreError(StoreProblem, ValueError):
    """The store named by ``REHAB_DB`` cannot be opened. ``str()`` is the user message (a ValueError, so the
    CLI prints it as one ``error:`` line)."""


@dataclass(frozen=True)
class Target:
    """A parsed ``REHAB_DB``: ``kind`` is file | memory | ducklake | motherduck."""

    kind: str
    raw: str
    metadata: str = ""  # ducklake: the catalog database ("postgres:dbname=…" or a file)
    pg_dsn: str = ""  # ducklake on PostgreSQL: the libpq connection string
    database: str = ""  # motherduck: database name

    @property
    def shared(self) -> bool:
        """True when several processes/servers may write this store at once."""
        return self.kind in ("ducklake", "motherduck")


def parse_target(target: str) -> Target:
    t = str(target)
    if t == ":memory:":
        return Target("memory", t)
    if t.startswith("ducklake:"):
        meta = t.removeprefix("ducklake:")
        if not meta:
            raise StoreError("REHAB_DB=ducklake: needs a catalog, e.g. ducklake:postgres:dbname=lake host=…")
        dsn = meta.removeprefix("postgres:") if meta.startswith("postgres:") else ""
        return Target("ducklake", t, metadata=meta, pg_dsn=dsn)
    if t.startswith("md:"):
        name = t.removeprefix("md:").split("?", 1)[0]
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", name):
            raise StoreError(f"REHAB_DB={t!r}: give a MotherDuck database name, e.g. md:rehab")
        return Target("motherduck", t, database=name)
    return Target("file", t)


def data_path() -> str:
    """``REHAB_DATA_PATH``: where a DuckLake writes its Parquet files (required for DuckLake)."""
    p = config.get("REHAB_DATA_PATH")
    if not p:
        raise StoreError("a DuckLake store needs REHAB_DATA_PATH (a directory or object-store prefix for its files)")
    return p if p.endswith("/") else p + "/"


def _cleanup() -> None:
    for d in (_ext_dir, _secret_dir):
        if d is not None:
            shutil.rmtree(d, ignore_errors=True)


def extension_dir() -> Path:
    """A private extension directory holding the pinned extensions under their canonical names."""
    global _ext_dir
    with _guard:
        if _ext_dir is not None:
            return _ext_dir
        root = Path(tempfile.mkdtemp(prefix="rehab-duckdb-ext-"))
        with duckdb.connect(":memory:") as c:
            platform = one(c, "SELECT platform FROM pragma_platform()")[0]
        version = "v" + duckdb.__version__
        target = root / version / platform
        target.mkdir(parents=True)
        for name, (module, shipped) in _EXTENSIONS.items():
            spec = importlib.util.find_spec(module)
            if spec is None or not spec.submodule_search_locations:
                continue  # not installed: the store kind that needs it reports a clear error
            src = Path(next(iter(spec.submodule_search_locations))) / "extensions" / version / shipped
            if src.exists():
                try:
                    (target / f"{name}.duckdb_extension").symlink_to(src)
                except OSError:
                    shutil.copyfile(src, target / f"{name}.duckdb_extension")
        _ext_dir = root
        atexit.register(_cleanup)
        return root


def _secrets() -> Path:
    global _secret_dir
    with _guard:
        if _secret_dir is None:
            _secret_dir = Path(tempfile.mkdtemp(prefix="rehab-secrets-"))  # mode 0700
            os.chmod(_secret_dir, 0o700)
        return _secret_dir


def duckdb_config(network: bool = False) -> dict:
    """DuckDB config for remote stores: extensions only from our directory, unless ``network``."""
    return {
        "extension_directory": str(extension_dir()),
        "secret_directory": str(_secrets()),
        "autoinstall_known_extensions": network,
        "autoload_known_extensions": True,
    }


def _no_password(text: str) -> str:
    """Error messages may echo the connection string: never show a password in them."""
    return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", text, flags=re.IGNORECASE)


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def open_ducklake(metadata: str, data: str, name: str, metadata_schema: str | None = None,
                  read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB instance whose *default* database is the DuckLake ``metadata`` (+ ``metadata_schema``).

    ``name`` (lower-case identifier) names the secret and hence the catalog. The lake is created on
    first use with ``data`` as its data path.
    """
    if not _SECRET_NAME.fullmatch(name):
        raise ValueError(f"bad lake name {name!r}")
    cfg = duckdb_config()
    opts = [f"METADATA_PATH {_sql_str(metadata)}", f"DATA_PATH {_sql_str(data)}"]
    if metadata_schema:
        opts.append(f"METADATA_SCHEMA {_sql_str(metadata_schema)}")
    try:
        with duckdb.connect(":memory:", config=cfg) as boot:
            boot.execute(f"CREATE OR REPLACE PERSISTENT SECRET {name} (TYPE ducklake, {', '.join(opts)})")
        con = duckdb.connect(f"ducklake:{name}", read_only=read_only, config=cfg)
    except duckdb.Error as exc:
        raise StoreError(_no_password(f"cannot open the DuckLake store ({metadata}): {exc}")) from None
    return con


def open_motherduck(database: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Connect to MotherDuck (``MOTHERDUCK_TOKEN`` from the environment); the extension is fetched online."""
    if not config.is_set("MOTHERDUCK_TOKEN"):
        raise StoreError("REHAB_DB=md:… needs MOTHERDUCK_TOKEN (environment or .streamlit/secrets.toml)")
    try:
        return duckdb.connect(f"md:{database}", read_only=read_only, config=duckdb_config(network=True))
    except duckdb.Error as exc:
        raise StoreError(f"cannot open MotherDuck database {database!r}: {exc}") from exc


def open_remote(target: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """The store named by a ``ducklake:`` or ``md:`` target, as used in local (single workspace) mode."""
    t = parse_target(target)
    if t.kind == "ducklake":
        files = data_path()
        lock = pg_lock(t)
        with lock.hold(f"open:{t.raw}") if lock else contextlib.nullcontext():  # first open creates the catalog
            return open_ducklake(t.metadata, files, "rehab_main", read_only=read_only)
    if t.kind == "motherduck":
        return open_motherduck(t.database, read_only=read_only)
    raise StoreError(f"not a remote store: {target!r}")


# ------------------------------------------------------------------ cross-process lock


def lock_id(key: str) -> int:
    """A signed 64-bit advisory-lock id for ``key`` (stable across processes)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


class PgAdvisoryLock:
    """Serialises writers across processes with ``pg_advisory_xact_lock`` on the catalog's PostgreSQL.

    One small DuckDB instance per process attaches the PostgreSQL database; each key gets its own
    cursor (so its own PostgreSQL connection and transaction). Entering the lock opens a transaction
    and takes the advisory lock; leaving rolls the transaction back, which releases it.
    """

    def __init__(self, dsn: str):
        self.dsn = dsn
        self._db: duckdb.DuckDBPyConnection | None = None
        self._cursors: dict[str, duckdb.DuckDBPyConnection] = {}
        self._guard = threading.Lock()

    def _cursor(self, key: str) -> duckdb.DuckDBPyConnection:
        with self._guard:
            if self._db is None:
                db = duckdb.connect(":memory:", config=duckdb_config())
                try:
                    db.execute(f"ATTACH {_sql_str(self.dsn)} AS pg (TYPE postgres)")
                except duckdb.Error as exc:
                    db.close()
                    raise StoreError(_no_password(f"cannot reach PostgreSQL ({self.dsn}): {exc}")) from None
                self._db = db
            if key not in self._cursors:
                self._cursors[key] = self._db.cursor()
            return self._cursors[key]

    @contextlib.contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with rolled_back(self._cursor(key)) as cur:  # leaving ends the transaction, which releases the lock
            cur.execute(f"SELECT * FROM postgres_query('pg', 'SELECT pg_advisory_xact_lock({lock_id(key)})::text')")
            yield

    def close(self) -> None:
        with self._guard:
            db, self._db, self._cursors = self._db, None, {}
        if db is not None:
            db.close()

    def execute(self, sql: str) -> None:
        """Run one statement on PostgreSQL itself (used to drop a deleted workspace's catalog schema)."""
        cur = self._cursor("__execute__")
        cur.execute("CALL postgres_execute('pg', ?)", [sql])


_pg_locks: dict[str, PgAdvisoryLock] = {}  # target -> its lock (one PostgreSQL connection per process)


def pg_lock(t: Target) -> PgAdvisoryLock | None:
    """The cross-process lock of a DuckLake on PostgreSQL (one per target and process), else None."""
    if not t.pg_dsn:
        return None
    with _guard:
        return _pg_locks.setdefault(t.raw, PgAdvisoryLock(t.pg_dsn))


def drop_pg_lock(t: Target) -> PgAdvisoryLock | None:
    """Close the cross-process lock of ``t`` (its store was shut down); return it (None: it had none)."""
    with _guard:
        lock = _pg_locks.pop(t.raw, None)
    if lock is not None:
        lock.close()
    return lock
