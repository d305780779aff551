"""The schema: what tables a store has and what every module may assume of them.

The schema is a list of versioned migrations (:data:`MIGRATIONS`); :func:`migrate` applies the ones a
database has not seen, each in its own transaction, and records them in ``schema_migrations``. Never edit a
migration that has shipped: add a new one.

No table has a PRIMARY KEY or UNIQUE constraint on purpose: the same store must run on DuckLake, which has
none. Uniqueness of sets is kept by the importer (content key + anti-join), see :mod:`rehab.imports.pipeline`.

Also here, because they follow from the tables and not from any one feature: which tables are the user's
data (:func:`data_tables`: exported, restored, shared), which rows belong to an import batch
(:func:`batch_tables`) and how a batch is removed again (:func:`remove_batch`, which also puts back the sets
an app sync replaced), and the repair of rows an interrupted import left (:func:`repair_orphans`).
"""

from __future__ import annotations

import logging

import duckdb

from rehab.storage.locks import WriteLock
from rehab.storage.transactions import atomic, one, transaction

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

#: Not workspace data: the migration log, the registry tables (migration 3) and the store marker (migration 5,
#: every store has its own); never exported: the encrypted app keys (migration 6), which only this server's
#: secret can read.
EXCLUDED = frozenset({"schema_migrations", "workspaces", "share_links", "rehab_store", "sync_credentials"})


def data_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every data table of the workspace behind ``con`` (its default database and schema): what an export
    holds, a restore loads and a share link may copy."""
    cur = con.cursor()
    try:
        rows = cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_schema = current_schema() AND table_catalog = current_database() ORDER BY table_name"
        ).fetchall()
    finally:
        cur.close()
    return [t for (t,) in rows if t not in EXCLUDED]


def batch_tables(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table whose rows record the import batch they came from (a ``batch_id`` column), but
    ``imports`` itself: sets, rejects, pain read from notes, sessions, sync links and runs, …"""
    return [t for (t,) in cur.execute(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'batch_id' "
        "AND table_schema = current_schema() AND table_catalog = current_database() "
        "AND table_name <> 'imports' ORDER BY table_name").fetchall()]


def mark_imported(cur: duckdb.DuckDBPyConnection, batch_id: int | None = None) -> None:
    """Record, inside an import's transaction, that the store has had an import (kept after an undo).

    Writes only the first time, so concurrent imports never conflict on the marker row."""
    cur.execute("UPDATE rehab_store SET first_import_at = current_localtimestamp() WHERE first_import_at IS NULL")


def ever_imported(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store holds data or has ever had an import (even one undone since)."""
    cur = con.cursor()
    try:
        return bool(one(cur,
            "SELECT EXISTS (SELECT 1 FROM rehab_store WHERE first_import_at IS NOT NULL) "
            "OR EXISTS (SELECT 1 FROM imports) OR EXISTS (SELECT 1 FROM sets) OR EXISTS (SELECT 1 FROM pain)"
        )[0])
    finally:
        cur.close()


def remove_batch(con: duckdb.DuckDBPyConnection, batch_id: int, lock: WriteLock | None = None) -> dict[str, int] | None:
    """Remove one import batch — a workout import, a pain or session CSV, an app sync, the demo — in one
    transaction: first put back what an app sync batch removed (:func:`_put_back_synced`), then delete every
    row tagged with it (:func:`batch_tables`) and last its ``imports`` row. Returns ``{table: rows removed}``
    (without ``imports``), or None when there is no such batch (nothing written)."""
    removed: dict[str, int] = {}
    with transaction(con, lock) as cur:
        if not one(cur, "SELECT count(*) FROM imports WHERE batch_id = ?", [batch_id])[0]:
            return None
        _put_back_synced(cur, batch_id)
        for table in batch_tables(cur):
            removed[table] = int(one(cur, f'DELETE FROM "{table}" WHERE batch_id = ?', [batch_id])[0])
        cur.execute("DELETE FROM imports WHERE batch_id = ?", [batch_id])
    return removed


def _put_back_synced(cur: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """The sync tables' part of removing batch ``batch_id`` (migration 6, written by :mod:`rehab.sync.hevy`):
    put back the sets and links that batch removed, and forget the no-op runs after it.

    Runs before the batch's own rows (its sets, links and run) are deleted. A removed set whose key is
    stored again by another batch is not put back twice.
    """
    cur.execute(
        """INSERT INTO sets BY NAME
           SELECT * EXCLUDE (removed_by) FROM sync_removed_sets r
           WHERE r.removed_by = ?
             AND NOT EXISTS (SELECT 1 FROM sets s WHERE s.content_key = r.content_key AND s.batch_id <> ?)""",
        [batch_id, batch_id])
    cur.execute("DELETE FROM sync_removed_sets WHERE removed_by = ?", [batch_id])
    cur.execute("UPDATE sync_links SET removed_by = NULL WHERE removed_by = ?", [batch_id])
    # Runs after this one that changed nothing moved the cursor past its events: forget them too,
    # so the next sync reads from where the run before this batch left off.
    cur.execute(
        """DELETE FROM sync_runs WHERE batch_id IS NULL AND source IN (SELECT source FROM sync_runs WHERE batch_id = ?)
           AND started_at >= (SELECT min(started_at) FROM sync_runs WHERE batch_id = ?)""",
        [batch_id, batch_id])


def repair_orphans(con: duckdb.DuckDBPyConnection, label: str = "") -> dict[str, int]:
    """Remove rows whose batch has no ``imports`` row; return ``{table: rows removed}`` (empty: none).

    Every import writes its rows and its ``imports`` row in one transaction, so such rows can only be left
    by a crash during the commit — DuckDB 1.5 (up to 1.5.6 at least) can replay a bulk append from the WAL
    without the rest of its transaction (duckdb/duckdb PR #25931). They cannot be undone and would make a
    re-import add nothing, so they go, in one transaction, and the repair is logged once (afterwards there
    is nothing left to repair). Runs while the store is opened, under its opening lock.
    """
    cur = con.cursor()
    try:
        tables = batch_tables(cur)
        if not tables:
            return {}
        orphan = "batch_id IS NOT NULL AND batch_id NOT IN (SELECT batch_id FROM imports)"
        found = " UNION ALL ".join(f"SELECT 1 FROM (SELECT 1 FROM \"{t}\" WHERE {orphan} LIMIT 1)" for t in tables)
        if not one(cur, f"SELECT count(*) FROM ({found})")[0]:
            return {}
        removed: dict[str, int] = {}
        with atomic(cur):
            for t in tables:
                n = one(cur, f'DELETE FROM "{t}" WHERE {orphan}')[0]
                if n:
                    removed[t] = int(n)
    finally:
        cur.close()
    what = ", ".join(f"{n} {t}" for t, n in removed.items())
    log.warning("%s: removed %s left by an import that was interrupted before it committed "
                "(import that file again)", label or "database", what)
    return removed


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending migrations; return the versions applied. The caller holds the store's opening lock
    (:func:`rehab.storage.locks.opening_lock`), so two openers never apply one migration twice."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER NOT NULL, description VARCHAR, applied_at TIMESTAMP NOT NULL)"
    )
    done = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, description, sql in MIGRATIONS:
        if version in done:
            continue
        with atomic(con):
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, current_localtimestamp())",
                [version, description],
            )
        applied.append(version)
    return applied
