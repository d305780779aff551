"""Opening the DuckDB store and keeping its schema current.

The schema is a list of versioned migrations (:data:`MIGRATIONS`); ``migrate``
applies the ones a database has not seen, each in its own transaction, and
records them in ``schema_migrations``. Never edit a migration that has shipped:
add a new one.

No table has a PRIMARY KEY or UNIQUE constraint on purpose: the same store must
run on DuckLake, which has none. Uniqueness of sets is kept by the importer
(content key + anti-join), see :mod:`rehab.ingest`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import duckdb

DEFAULT_DB = Path("data") / "rehab.duckdb"

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
            content_key        VARCHAR NOT NULL    -- normalized identity, see rehab.ingest
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
        -- never includes them. See rehab.workspace and rehab.share.
        CREATE TABLE IF NOT EXISTS workspaces (
            workspace_id  VARCHAR NOT NULL,   -- validated id, see rehab.workspace.validate_id
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
        "session diary: intent and feel per workout (rehab.sessions)",
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
        6,
        "app sync (Hevy API): runs, workout links, removed sets kept for undo, settings, key, exercise templates",
        """
        -- See rehab.sync_hevy. Rows with a batch_id belong to that import batch (undo removes them).
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
        -- Never exported (rehab.export.EXCLUDED): the API key, Fernet-encrypted with the server's secret.
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
            areas         VARCHAR[] NOT NULL, -- body areas (rehab.areas) the muscle groups map to
            fetched_at    TIMESTAMP NOT NULL
        );
        """,
    ),
    (
        8,
        "reports made: the statuses each clinician report showed, to say what changed since the last one",
        """
        -- One row per exercise of a report (exercise NULL: the report's overall row), written when a
        -- report is downloaded or written by the CLI. Read by rehab.report.log.
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
]

_write_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()
#: Set by rehab.lake when the store is shared by several processes (DuckLake on PostgreSQL):
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
    cross-process lock when the store is shared (see :mod:`rehab.lake`). Use as ``with write_lock(k):``."""
    with _locks_guard:
        local = _write_locks.setdefault(key, threading.Lock())
    return local if _shared_lock is None else _both(local, _shared_lock(key))


def default_db_path() -> str:
    return os.environ.get("REHAB_DB") or str(DEFAULT_DB)


def connect(target: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store named by ``target``: a DuckDB file path, ``:memory:``,
    ``ducklake:<catalog>`` (files in ``$REHAB_DATA_PATH``) or ``md:<database>`` (see :mod:`rehab.lake`)."""
    target = str(target or default_db_path())
    if target.startswith(("md:", "ducklake:")):
        from .lake import open_remote

        con = open_remote(target, read_only=read_only)
    else:
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(target, read_only=read_only)
    # DuckDB draws a progress bar on stdout for queries over 2 s: it would corrupt
    # ``import --json`` output (and the server log). Cursors inherit this setting.
    con.execute("SET enable_progress_bar = false")
    # Keep DuckDB's buffers well below the ~1 GB an import of a 300 MB export may
    # use in all (default: 80 % of RAM); beyond it DuckDB spills to disk.
    con.execute(f"SET memory_limit = '{os.environ.get('REHAB_DUCKDB_MEMORY', '512MB')}'")
    if not read_only:
        with write_lock(f"migrate:{target}"):
            migrate(con)
    return con


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
