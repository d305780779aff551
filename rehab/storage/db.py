"""Opening a store: :func:`connect` refuses what is not one of this product's stores, opens a file,
``:memory:`` or a remote store (:mod:`rehab.storage.backends`), and keeps the schema current
(:mod:`rehab.storage.schema`) before anything else writes. The errors a user sees when a file cannot be
opened (:class:`StoreLocked`, :class:`StoreDamaged`, :class:`NotAStore`) are raised here.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

import duckdb

from rehab import config
from rehab.errors import StoreProblem
from rehab.storage import backends, locks
from rehab.storage.schema import MIGRATIONS, PRODUCT, migrate, repair_orphans
from rehab.storage.transactions import one

DEFAULT_DB = Path("data") / "rehab.duckdb"
log = logging.getLogger("rehab")


def default_db_path() -> str:
    return config.get("REHAB_DB") or str(DEFAULT_DB)


class StoreOpenError(StoreProblem, ValueError):
    """A database file that is not opened. ``str()`` is the user message and names the file; a ValueError,
    so the CLI prints it as one ``error:`` line. Subclasses say why, so callers decide by type."""

    def __init__(self, path: str, message: str):
        super().__init__(message, file=path)
        self.path = path


class StoreLocked(StoreOpenError):
    """Another process holds the database file open for writing. ``holder``: what it is, if known."""

    def __init__(self, path: str, pid: int | None, holder: str | None):
        who = f"{holder} (PID {pid})" if holder and pid else f"PID {pid}" if pid else "another process"
        super().__init__(path, f"{path} is in use by another process: {who}. Stop it (is the dashboard or an "
                               "import running?) or use --db for another file.")
        self.pid, self.holder = pid, holder


class StoreDamaged(StoreOpenError):
    """DuckDB cannot read the file although it is a DuckDB file and nobody holds it: it is damaged."""


class NotAStore(StoreOpenError):
    """The file is not one of this product's stores (another program's database, or not a database)."""


_SQLITE_MAGIC = b"SQLite format 3\x00"
_DUCKDB_MAGIC = (8, b"DUCK")  # the main header's magic bytes start at offset 8


def _check_file(path: Path) -> None:
    """Refuse, before DuckDB opens it, a path that is not a DuckDB file (DuckDB would try to load an extension
    for a SQLite file, or fail with a confusing error). An empty (0-byte) file is removed: DuckDB refuses one,
    and it holds nothing to lose."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise NotAStore(str(path), f"{path}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise NotAStore(str(path), f"{path} is a directory, not a database file")
    if not stat.S_ISREG(st.st_mode):
        raise NotAStore(str(path), f"{path} is not a regular file (a device, FIFO or socket); not opened")
    if st.st_size == 0:
        path.unlink()
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise NotAStore(str(path), f"{path}: cannot be read ({exc.strerror or exc})") from None
    if head.startswith(_SQLITE_MAGIC):
        raise NotAStore(str(path), f"{path} is a SQLite database, not a rehab store; nothing was changed. "
                                   "Use --db with a new file name.")
    off, magic = _DUCKDB_MAGIC
    if head[off:off + len(magic)] != magic:
        raise NotAStore(str(path), f"{path} is not a DuckDB database file; nothing was changed. "
                                   "Use --db with a new file name.")


def _lock_holder(path: Path, read_only: bool) -> tuple[int, str | None] | None:
    """The process holding a lock on ``path`` that conflicts with opening it, or None when none does.

    Asks the kernel (``F_GETLK``; DuckDB takes a POSIX record lock on its file) instead of reading DuckDB's
    error text. Linux uses an open-file-description query, which never touches this process's own locks.
    """
    try:
        import fcntl
        import struct
    except ImportError:  # Windows: no record locks to ask about
        return None
    lock_type = fcntl.F_RDLCK if read_only else fcntl.F_WRLCK
    linux = sys.platform.startswith("linux")
    fmt = "hhqqi4x" if linux else "qqihh"
    if linux:
        packed = struct.pack(fmt, lock_type, os.SEEK_SET, 0, 0, 0)
        cmd = getattr(fcntl, "F_OFD_GETLK", fcntl.F_GETLK)
    else:
        packed = struct.pack(fmt, 0, 0, 0, lock_type, os.SEEK_SET)
        cmd = fcntl.F_GETLK
    try:
        fd = os.open(path, os.O_RDWR if not read_only else os.O_RDONLY)
    except OSError:
        return None
    try:
        out = fcntl.fcntl(fd, cmd, packed)
    except OSError:
        return None
    finally:
        if cmd != fcntl.F_GETLK:  # closing would drop this process's own POSIX locks on the file
            os.close(fd)
        else:
            _kept_fds.append(fd)
    fields = struct.unpack(fmt, out)
    got_type, pid = (fields[0], fields[4]) if linux else (fields[3], fields[2])
    if got_type == fcntl.F_UNLCK:
        return None
    return pid, _process_name(pid)


#: Descriptors a plain ``F_GETLK`` query opened (outside Linux): closing one would release this process's
#: own locks on that file, so they stay open (one per failed open of a locked file; rare).
_kept_fds: list[int] = []


def _process_name(pid: int) -> str | None:
    """A short description of process ``pid`` ("streamlit run app.py", "python -m rehab import …")."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    args = [a for a in raw.decode("utf-8", "replace").split("\0") if a]
    if not args:
        return None
    for i, a in enumerate(args):
        if a == "-c":
            return "python -c …"
        if a.endswith("streamlit"):
            return " ".join(["streamlit", *args[i + 1:i + 3]])
        if a == "-m" and i + 1 < len(args):
            return " ".join(["python -m", *args[i + 1:i + 3]])
    return " ".join(Path(args[0]).name if j == 0 else a for j, a in enumerate(args[:3]))[:80]


def _classify(path: Path, exc: duckdb.Error, read_only: bool) -> StoreOpenError:
    """Why DuckDB could not open ``path``: held by another process, or damaged."""
    held = _lock_holder(path, read_only)
    if held is not None:
        return StoreLocked(str(path), *held)
    detail = (str(exc).splitlines() or [""])[0][:200]
    return StoreDamaged(str(path), f"{path}: damaged database file, DuckDB cannot read it ({detail}). "
                                   "Restore it from a backup (python -m rehab restore) or use --db for another "
                                   "file; it was not changed.")


def _check_marker(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Refuse a DuckDB file that is neither empty nor one of this product's stores."""
    tables = {t for (t,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary"
    ).fetchall()}
    if not tables:
        return
    if "rehab_store" in tables:
        if one(con, "SELECT count(*) FROM rehab_store WHERE product = ?", [PRODUCT])[0]:
            return
    elif "schema_migrations" in tables:
        # A store of this product from before the marker (migration 5 adds it): migration 1 is recorded.
        first = MIGRATIONS[0]
        if one(con, "SELECT count(*) FROM schema_migrations WHERE version = ? AND description = ?",
               [first[0], first[1]])[0]:
            return
    shown = ", ".join(sorted(tables)[:6]) + (", …" if len(tables) > 6 else "")
    raise NotAStore(path, f"{path} is a DuckDB database of another program (tables: {shown}); nothing was "
                          "changed. Use --db with a new file name.")


def connect(target: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store named by ``target``: a DuckDB file path, ``:memory:``,
    ``ducklake:<catalog>`` (files in ``$REHAB_DATA_PATH``) or ``md:<database>`` (see :mod:`rehab.storage.backends`).

    A file is opened only when it is new, empty or carries this product's marker (or is one of its stores
    from before the marker); anything else raises :class:`NotAStore`, a file held by another process
    :class:`StoreLocked`, a file DuckDB cannot read :class:`StoreDamaged` — all before anything is written.
    Opened for writing, the store is migrated and rows left by an interrupted import are removed
    (:func:`repair_orphans`).
    """
    if target is not None and not str(target).strip():
        raise NotAStore("", "no database given: the database path is empty")
    target = str(target or default_db_path())
    cross = None
    if target.startswith(("md:", "ducklake:")):
        cross = backends.pg_lock(backends.parse_target(target))
        con = backends.open_remote(target, read_only=read_only)
    elif target == ":memory:":
        con = duckdb.connect(target)
        _no_extension_autoload(con)
    else:
        path = Path(target)
        _check_file(path)
        if read_only and not path.exists():
            raise NotAStore(target, f"{target}: no such database file")
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(target, read_only=read_only)
        except duckdb.IOException as exc:
            raise _classify(path, exc, read_only) from None
        try:
            _no_extension_autoload(con)
            _check_marker(con, target)
        except BaseException:
            con.close()
            raise
    # DuckDB draws a progress bar on stdout for queries over 2 s: it would corrupt
    # ``import --json`` output (and the server log). Cursors inherit this setting.
    con.execute("SET enable_progress_bar = false")
    # Keep DuckDB's buffers well below the ~1 GB an import of a 300 MB export may
    # use in all (default: 80 % of RAM); beyond it DuckDB spills to disk.
    con.execute(f"SET memory_limit = '{config.get('REHAB_DUCKDB_MEMORY')}'")
    if not read_only:
        with locks.opening_lock(target, cross):
            migrate(con)
            repair_orphans(con, target)
        if cross is not None:  # writers of this store, with or without a lock in hand, take the shared one
            locks.register(con, cross)
    return con


def _no_extension_autoload(con: duckdb.DuckDBPyConnection) -> None:
    """A local store needs no extension beyond the built-in ones: never load or download one on the fly
    (a query over a hostile file must not make DuckDB fetch code). Remote stores load theirs explicitly."""
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")


