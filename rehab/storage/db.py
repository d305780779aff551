"""Opening the DuckDB store and keeping its schema current.

The schema is a list of versioned migrations (:data:`MIGRATIONS`); ``migrate``
applies the ones a database has not seen, each in its own transaction, and
records them in ``schema_migrations``. Never edit a migration that has shipped:
add a new one.

No table has a PRIMARY KEY or UNIQUE constraint on purpose: the same store must
run on DuckLake, which has none. Uniqueness of sets is kept by the importer
(content key + anti-join), see :mod:`rehab.imports.pipeline`.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import duckdb

from rehab import config
from rehab.errors import StoreProblem

DEFAULT_DB = Path("data") / "rehab.duckdb"
#: Written into every store by migration 5 (table ``rehab_store``): a file without it is not opened,
#: unless it is empty or one of this product's stores from before the marker (see :func:`connect`).
PRODUCT = "rehab-training-dashboard"
log = logging.getLogger("rehab")

#: (version, description, SQL). Append only.
MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "sets, imports and rejects",
        """
        CREATE TABLE IF NOT EXISTS imports (
            batch_id      BIGINT NOT NULL,   -- time-ordered id, unique per import
            file_name     VARCHAR NOT NULL,
            sha256        VARCHAR NOT NULL,
            app           VARCHAR NOT NULL,  -- strong | hevy | fitnotes | fitbod | generic
            form          VARCHAR NOT NULL,  -- header form, e.g. strong_A
            unit          VARCHAR,           -- kg | lb | per-row | NULL
            sets_read     INTEGER NOT NULL,  -- data rows read (pseudo rows excluded)
            sets_added    INTEGER NOT NULL,
            duplicates    INTEGER NOT NULL,  -- rows already stored
            rejected      INTEGER NOT NULL,
            imported_at   TIMESTAMP NOT NULL
        );
        CREATE TABLE IF NOT EXISTS sets (
            batch_id           BIGINT NOT NULL,
            source_line        INTEGER NOT NULL,  -- first line of the row in its file
            workout_start      TIMESTAMP NOT NULL, -- local time as written
            day                DATE NOT NULL,      -- calendar date as written
            workout_name       VARCHAR,
            workout_notes      VARCHAR,
            workout_duration_s DOUBLE,
            exercise           VARCHAR NOT NULL,   -- trimmed name
            exercise_raw       VARCHAR NOT NULL,   -- as in the file
            set_index          INTEGER NOT NULL,   -- 1-based within exercise in workout
            set_kind           VARCHAR NOT NULL,   -- normal | warmup | drop | failure
            reps               DOUBLE,
            weight_kg          DOUBLE,             -- NULL: bodyweight / cardio
            distance_m         DOUBLE,
            duration_s         DOUBLE,
            rpe                DOUBLE,
            notes              VARCHAR,
            superset_id        VARCHAR,
            source_app         VARCHAR NOT NULL,
            source_form        VARCHAR NOT NULL,
            content_key        VARCHAR NOT NULL    -- normalized identity, see rehab.imports.pipeline
        );
        CREATE TABLE IF NOT EXISTS rejects (
            batch_id  BIGINT NOT NULL,
            line      INTEGER NOT NULL,
            reason    VARCHAR NOT NULL,
            raw       VARCHAR
        );
        """,
    ),
    (
        2,
        "pain diary, pain read from notes, exercise body-area overrides",
        """
        CREATE TABLE IF NOT EXISTS pain (
            pain_id        VARCHAR NOT NULL,   -- uuid4 hex
            ts             TIMESTAMP NOT NULL, -- when the pain was felt (date at 00:00 if no time)
            day            DATE NOT NULL,
            area           VARCHAR,            -- knee, shoulder, lower back, ...; NULL = unspecified (counts for all)
            score          DOUBLE,             -- 0-10; NULL for a mention without a number
            context        VARCHAR NOT NULL,   -- rest | during | after | next_morning
            note           VARCHAR,
            source         VARCHAR NOT NULL,   -- diary | csv | notes
            is_mention     BOOLEAN NOT NULL,   -- TRUE: named in a note without a score (shown, not averaged)
            batch_id       BIGINT,             -- import batch it was read from (notes / csv), else NULL
            workout_start  TIMESTAMP,          -- workout it was logged in (notes), else NULL
            exercise       VARCHAR,            -- exercise it was logged with (notes), else NULL
            updated_at     TIMESTAMP NOT NULL
        );
        CREATE TABLE IF NOT EXISTS exercise_areas (
            exercise  VARCHAR NOT NULL,        -- trimmed exercise name, as in sets.exercise
            areas     VARCHAR[] NOT NULL,      -- user override of the body areas it loads
            updated_at TIMESTAMP NOT NULL
        );
        """,
    ),
    (
        3,
        "workspace registry and read-only share links (used in the registry database; empty elsewhere)",
        """
        -- Read and written only in the *registry* database (REHAB_DB itself; in local mode that is also
        -- the one workspace). In a hosted workspace's own database these tables stay empty, and export
        -- never includes them. See rehab.storage.workspace and rehab.storage.share.
        CREATE TABLE IF NOT EXISTS workspaces (
            workspace_id  VARCHAR NOT NULL,   -- validated id, see rehab.storage.workspace.validate_id
            kind          VARCHAR NOT NULL,   -- local | user
            owner_hash    VARCHAR,            -- sha256 of the sign-in identity (issuer, subject); never raw
            created_at    TIMESTAMP NOT NULL, -- UTC
            last_used_at  TIMESTAMP           -- UTC
        );
        CREATE TABLE IF NOT EXISTS share_links (
            link_id        VARCHAR NOT NULL,  -- random public id used to list and revoke (not the token)
            token_hash     VARCHAR NOT NULL,  -- sha256 hex of the token; the token itself is never stored
            workspace_id   VARCHAR NOT NULL,  -- whose data the link shows
            label          VARCHAR NOT NULL,  -- e.g. "for my physio"
            created_at     TIMESTAMP NOT NULL, -- UTC
            expires_at     TIMESTAMP,          -- UTC; NULL = never
            date_from      DATE,               -- only data on/after this day is shown; NULL = open
            date_to        DATE,               -- only data on/before this day is shown; NULL = open
            revoked_at     TIMESTAMP,          -- UTC; NULL = active
            last_opened_at TIMESTAMP,          -- UTC; NULL = never opened
            open_count     BIGINT NOT NULL
        );
        """,
    ),
    (
        4,
        "session diary: intent and feel per workout (rehab.pain.sessions)",
        """
        CREATE TABLE IF NOT EXISTS sessions (
            session_id  VARCHAR NOT NULL,   -- uuid4 hex
            day         DATE NOT NULL,
            workout     VARCHAR,            -- workout name as in sets.workout_name; NULL = every workout that day
            intent      VARCHAR,            -- normal | deload | peaking | test | rehab; NULL = not said
            feel        VARCHAR,            -- good | hard | exhausting | painful; NULL = not said
            note        VARCHAR,
            source      VARCHAR NOT NULL,   -- diary | csv | import
            batch_id    BIGINT,             -- the CSV or workout import it came from, else NULL
            updated_at  TIMESTAMP NOT NULL
        );
        """,
    ),
    (
        5,
        "store marker; pain and session CSV imports recorded in the import history",
        f"""
        -- The marker rehab.storage.db.connect looks for before it writes anything into a file, and whether the store
        -- has ever had an import (undo does not clear it): ``python -m rehab demo`` (make run) loads the demo
        -- only into a store that never had one.
        CREATE TABLE IF NOT EXISTS rehab_store (
            product          VARCHAR NOT NULL,  -- '{PRODUCT}'
            created_at       TIMESTAMP NOT NULL,
            first_import_at  TIMESTAMP          -- NULL: never imported into
        );
        INSERT INTO rehab_store SELECT '{PRODUCT}', current_localtimestamp(), (SELECT min(imported_at) FROM imports)
            WHERE NOT EXISTS (SELECT 1 FROM rehab_store);
        -- Pain CSV imports now get an ``imports`` row (app 'pain') like workout imports, so they are listed
        -- and undone the same way, and a row whose batch has no ``imports`` row is left over from an
        -- interrupted import (rehab.storage.db.repair_orphans). Give the pain imports made before this one theirs.
        INSERT INTO imports
            SELECT batch_id, 'pain CSV', '', 'pain', 'pain_csv', NULL, count(*), count(*), 0, 0, min(updated_at)
            FROM pain
            WHERE source = 'csv' AND batch_id IS NOT NULL AND batch_id NOT IN (SELECT batch_id FROM imports)
            GROUP BY batch_id;
        -- The same for session diary CSV imports (migration 4).
        INSERT INTO imports
            SELECT batch_id, 'session CSV', '', 'sessions', 'session_csv', NULL, count(*), count(*), 0, 0,
                   min(updated_at)
            FROM sessions
            WHERE source = 'csv' AND batch_id IS NOT NULL AND batch_id NOT IN (SELECT batch_id FROM imports)
            GROUP BY batch_id;
        """,
    ),
    (
        6,
        "app sync (Hevy API): runs, workout links, removed sets kept for undo, settings, key, exercise templates",
        """
        -- See rehab.sync.hevy. Rows with a batch_id belong to that import batch (undo removes them).
        CREATE TABLE IF NOT EXISTS sync_runs (
            batch_id      BIGINT,            -- import batch of the changes; NULL when the run changed nothing
            source        VARCHAR NOT NULL,  -- hevy
            started_at    TIMESTAMP NOT NULL, -- UTC
            synced_until  TIMESTAMP NOT NULL, -- UTC; the next run reads events since then
            report        VARCHAR NOT NULL   -- JSON, the CLI's --json object
        );
        CREATE TABLE IF NOT EXISTS sync_links (
            source        VARCHAR NOT NULL,
            workout_id    VARCHAR NOT NULL,  -- the app's workout id
            content_key   VARCHAR NOT NULL,  -- a set of that workout (sets.content_key)
            batch_id      BIGINT NOT NULL,   -- sync batch that made the link
            removed_by    BIGINT             -- sync batch that dropped it; NULL = current
        );
        -- Sets a sync removed (workout updated or deleted in the app), kept so undo can put them back.
        CREATE TABLE IF NOT EXISTS sync_removed_sets AS SELECT *, NULL::BIGINT AS removed_by FROM sets LIMIT 0;
        CREATE TABLE IF NOT EXISTS sync_settings (
            source        VARCHAR NOT NULL,
            name          VARCHAR NOT NULL,  -- e.g. time_zone
            value         VARCHAR,
            updated_at    TIMESTAMP NOT NULL
        );
        -- Never exported (rehab.output.export.EXCLUDED): the API key, Fernet-encrypted with the server's secret.
        CREATE TABLE IF NOT EXISTS sync_credentials (
            source        VARCHAR NOT NULL,
            salt          BLOB NOT NULL,
            token         VARCHAR NOT NULL,
            created_at    TIMESTAMP NOT NULL
        );
        CREATE TABLE IF NOT EXISTS exercise_templates (
            source        VARCHAR NOT NULL,  -- hevy
            template_id   VARCHAR NOT NULL,
            title         VARCHAR NOT NULL,
            primary_muscle_group    VARCHAR,
            secondary_muscle_groups VARCHAR[],
            equipment     VARCHAR,
            areas         VARCHAR[] NOT NULL, -- body areas (rehab.analytics.areas) the muscle groups map to
            fetched_at    TIMESTAMP NOT NULL
        );
        """,
    ),
    (
        8,
        "reports made: the statuses each clinician report showed, to say what changed since the last one",
        """
        -- One row per exercise of a report (exercise NULL: the report's overall row), written when a
        -- report is downloaded or written by the CLI. Read by rehab.output.report.log.
        CREATE TABLE IF NOT EXISTS report_log (
            report_id    VARCHAR NOT NULL,   -- uuid4 hex, shared by the rows of one report
            made_at      TIMESTAMP NOT NULL, -- local time the report was made
            as_of        DATE NOT NULL,      -- the day the report's plan was computed for
            date_from    DATE NOT NULL,      -- first day of the report's period
            label        VARCHAR,            -- the person's label printed on it
            exercise     VARCHAR,            -- NULL: the overall row
            phase        VARCHAR,            -- strength | endurance | mobilize | paused (NULL on the overall row)
            status       VARCHAR,            -- see_clinician | switch | watch | ready_to_return | ok
            pain_recent  DOUBLE              -- mean pain 0-10 of the last 14 days (overall row), else NULL
        );
        """,
    ),
    (
        9,
        "notes a clinician leaves through a share link; links can turn them off",
        """
        -- share_links lives in the registry (migration 3); the owner may turn notes off per link. NULL = on
        -- (links made before this migration): DuckLake cannot add a column with a default, so none is set.
        ALTER TABLE share_links ADD COLUMN IF NOT EXISTS allow_notes BOOLEAN;
        -- Written only by rehab.storage.share.leave_note (a valid link that allows notes) into the OWNER's workspace;
        -- read and dismissed by the owner (Overview). Never copied into a shared view.
        CREATE TABLE IF NOT EXISTS clinician_notes (
            note_id     VARCHAR NOT NULL,    -- random hex
            link_id     VARCHAR NOT NULL,    -- the share link it came through
            link_label  VARCHAR NOT NULL,    -- that link's label when the note was left
            exercise    VARCHAR,             -- NULL: about the training overall
            author      VARCHAR NOT NULL,    -- the name the clinician typed (not verified)
            body        VARCHAR NOT NULL,    -- at most rehab.storage.share.MAX_NOTE characters
            created_at  TIMESTAMP NOT NULL   -- UTC
        );
        """,
    ),
]

_write_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()
#: Set by rehab.storage.backends when the store is shared by several processes (DuckLake on PostgreSQL):
#: ``key -> context manager`` holding a cross-process lock.
_shared_lock: Callable[[str], AbstractContextManager] | None = None


def set_shared_lock(hold: Callable[[str], AbstractContextManager] | None) -> None:
    global _shared_lock
    _shared_lock = hold


@contextmanager
def _both(local: threading.Lock, shared: AbstractContextManager) -> Iterator[None]:
    with local, shared:
        yield


def write_lock(key: str) -> AbstractContextManager:
    """One lock per database within this process (imports check-then-insert), plus the
    cross-process lock when the store is shared (see :mod:`rehab.storage.backends`). Use as ``with write_lock(k):``."""
    with _locks_guard:
        local = _write_locks.setdefault(key, threading.Lock())
    return local if _shared_lock is None else _both(local, _shared_lock(key))


def one(cur: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> tuple:
    """The one row a query always returns (``count(*)``, ``max(…)``, an ``INSERT … RETURNING`` of one row).

    A query that returns no row here is a bug, so it raises rather than handing back ``None`` for a caller
    to index: ``one(con, "SELECT count(*) FROM sets")[0]``.
    """
    row = (cur.execute(sql) if params is None else cur.execute(sql, params)).fetchone()
    if row is None:
        raise LookupError(f"expected one row from: {sql.split()[0]} …")
    return row


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
        if con.execute("SELECT count(*) FROM rehab_store WHERE product = ?", [PRODUCT]).fetchone()[0]:
            return
    elif "schema_migrations" in tables:
        # A store of this product from before the marker (migration 5 adds it): migration 1 is recorded.
        first = MIGRATIONS[0]
        if con.execute("SELECT count(*) FROM schema_migrations WHERE version = ? AND description = ?",
                       [first[0], first[1]]).fetchone()[0]:
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
    if target.startswith(("md:", "ducklake:")):
        from rehab.storage.backends import open_remote

        con = open_remote(target, read_only=read_only)
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
        with write_lock(f"migrate:{target}"):
            migrate(con)
            repair_orphans(con, target)
    return con


def _no_extension_autoload(con: duckdb.DuckDBPyConnection) -> None:
    """A local store needs no extension beyond the built-in ones: never load or download one on the fly
    (a query over a hostile file must not make DuckDB fetch code). Remote stores load theirs explicitly."""
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")


def mark_imported(cur: duckdb.DuckDBPyConnection, batch_id: int | None = None) -> None:
    """Record, inside an import's transaction, that the store has had an import (kept after an undo).

    Writes only the first time, so concurrent imports never conflict on the marker row."""
    cur.execute("UPDATE rehab_store SET first_import_at = current_localtimestamp() WHERE first_import_at IS NULL")


def ever_imported(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store holds data or has ever had an import (even one undone since)."""
    cur = con.cursor()
    try:
        return bool(cur.execute(
            "SELECT EXISTS (SELECT 1 FROM rehab_store WHERE first_import_at IS NOT NULL) "
            "OR EXISTS (SELECT 1 FROM imports) OR EXISTS (SELECT 1 FROM sets) OR EXISTS (SELECT 1 FROM pain)"
        ).fetchone()[0])
    finally:
        cur.close()


def repair_orphans(con: duckdb.DuckDBPyConnection, label: str = "") -> dict[str, int]:
    """Remove rows whose batch has no ``imports`` row; return ``{table: rows removed}`` (empty: none).

    Every import writes its rows and its ``imports`` row in one transaction, so such rows can only be left
    by a crash during the commit — DuckDB 1.5 (up to 1.5.6 at least) can replay a bulk append from the WAL
    without the rest of its transaction (duckdb/duckdb PR #25931). They cannot be undone and would make a
    re-import add nothing, so they go, in one transaction, and the repair is logged once (afterwards there
    is nothing left to repair).
    """
    cur = con.cursor()
    try:
        tables = [t for (t,) in cur.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'batch_id' "
            "AND table_schema = current_schema() AND table_catalog = current_database() "
            "AND table_name <> 'imports' ORDER BY table_name").fetchall()]
        if not tables:
            return {}
        orphan = "batch_id IS NOT NULL AND batch_id NOT IN (SELECT batch_id FROM imports)"
        found = " UNION ALL ".join(f"SELECT 1 FROM (SELECT 1 FROM \"{t}\" WHERE {orphan} LIMIT 1)" for t in tables)
        if not cur.execute(f"SELECT count(*) FROM ({found})").fetchone()[0]:
            return {}
        removed: dict[str, int] = {}
        cur.execute("BEGIN TRANSACTION")
        try:
            for t in tables:
                n = cur.execute(f'DELETE FROM "{t}" WHERE {orphan}').fetchone()[0]
                if n:
                    removed[t] = int(n)
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
    finally:
        cur.close()
    what = ", ".join(f"{n} {t}" for t, n in removed.items())
    log.warning("%s: removed %s left by an import that was interrupted before it committed "
                "(import that file again)", label or "database", what)
    return removed


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending migrations; return the versions applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER NOT NULL, description VARCHAR, applied_at TIMESTAMP NOT NULL)"
    )
    done = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, description, sql in MIGRATIONS:
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, current_localtimestamp())",
                [version, description],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
