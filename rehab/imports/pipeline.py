"""The import pipeline: file -> canonical rows -> one transactional batch.

Every file is streamed in chunks into a connection-local staging table (so a
300 MB export never sits in memory as one frame), then a single transaction
writes the ``imports`` row, the new ``sets`` and the ``rejects``. A crash before
``COMMIT`` leaves the database as it was.

One reader per file, decided once before a row is staged (``docs/imports.md``,
"Reading path per file kind"): a header CSV that is plain UTF-8 and well formed
is read by DuckDB's CSV reader (:func:`rehab.imports.fastcsv.load`), any other
header CSV by the Python reader (:func:`rehab.imports.base.open_records`), a
document format by its own reader (:mod:`rehab.imports.documents`). Strong
exports read by DuckDB are converted inside DuckDB (:mod:`rehab.imports.strong_sql`);
rows it is unsure of, and every other format, go through the format's
``convert`` and :func:`~rehab.imports.base.validate`.

Identity of a set (``content_key``): md5 over normalized values — workout start,
lower-cased trimmed exercise, set index, set kind, reps (2 dp), weight (2 dp),
distance (m) and duration (s) — plus the occurrence number of that value within
the file. ``6`` and ``6.0`` reps or float noise in weights give the same key;
three identical 5 x 100 kg sets get occurrences 1, 2, 3 and stay distinct; a later
full-history export that repeats them adds nothing. New sets are inserted with
an anti-join on the key (no PRIMARY KEY: DuckLake has none).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
import time
import uuid
from collections.abc import Callable, Generator, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from rehab.imports import decisions, fastcsv, header_of, open_export, strong_sql
from rehab.imports.base import (
    CANONICAL,
    Detected,
    FormatModule,
    ImportFailure,
    Reject,
    canonical_frame,
    validate,
)
from rehab.imports.decode import check_regular_file
from rehab.imports.unit_guess import guess_unit
from rehab.pain.diary import pain_from_batch
from rehab.storage.locks import WriteLock
from rehab.storage.schema import mark_imported, remove_batch
from rehab.storage.transactions import transaction

UNITS = ("kg", "lb")


@dataclass
class ImportReport:
    """The outcome of importing one file (the CLI's ``--json`` object is a subset)."""

    file: str
    format: str
    unit: str | None
    sets_read: int
    sets_added: int
    duplicates: int
    rejected: int
    batch_id: int | None = None
    app: str = ""
    warnings: list[str] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    @property
    def mostly_rejected(self) -> bool:
        """More than half the rows were rejected: the import must not look like a success."""
        return self.rejected * 2 > self.sets_read

    def as_json(self) -> dict:
        d = asdict(self)
        return {k: d[k] for k in ("file", "format", "unit", "sets_read", "sets_added", "duplicates", "rejected")}


@dataclass
class Preview:
    """What the UI shows before committing: format, unit question, mapped rows."""

    file: str
    detected: Detected
    needs_unit: bool
    unit_guess: str | None  # 'kg' / 'lb' when the evidence is clear, else None (the person picks)
    rows: pd.DataFrame  # canonical columns of the first rows (weights as in the file if unit unknown)
    problems: list[Reject]
    unit_evidence: tuple[str, ...] = ()  # why the guess (or why none), one sentence per sign
    #: True when the dates read differently day-first and month-first: ask (DMY or MDY)
    needs_date_format: bool = False
    date_example: str | None = None  # a day/month date of the file, to show in the question
    date_order: str | None = None  # the order decided from the first rows (DMY/MDY), if any


def normalize_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    u = unit.strip().lower()
    if u in ("kg", "kgs", "kilo", "kilos", "kilograms"):
        return "kg"
    if u in ("lb", "lbs", "pound", "pounds"):
        return "lb"
    raise ImportFailure(f"unknown unit {unit!r}: use kg or lb")


def _open(path: Path, name: str, fmt: str | None, date_format: str | None):
    """``open_export`` with this product's detection, a second header refused, and
    the file-level decisions (date order, number locale) attached to ``det.extra``."""
    order = decisions.normalize_date_format(date_format)
    det, module, chunks, result = open_export(path, name, fmt, other_header=header_of)
    det = _with_decisions(det, module, order)
    result.detected = det
    return det, module, chunks, result


def _with_decisions(det: Detected, module: FormatModule, order: str | None) -> Detected:
    """``det`` with fresh file-level decisions (nothing observed yet) in ``extra["decisions"]``."""
    dec = decisions.make(det, order, module.date_roles, module.number_roles, module.default_date_order)
    return replace(det, extra={**det.extra, "decisions": dec})


#: Rows held back while a file-level decision is open (a date both orders read
#: differently, ``1,035`` before the file shows its decimal separator); past this
#: the rest of the file is only scanned for the decision and then read again.
HOLD_ROWS = 300_000


def _decided(chunks: Iterator[pd.DataFrame], det: Detected, name: str,
             reopen: Callable[[], Generator[pd.DataFrame, None, None]]) -> Iterator[pd.DataFrame]:
    """Yield raw chunks only once the file-level decisions they depend on are made.

    Each chunk is observed (:meth:`decisions.Decisions.observe`); while a decision
    is open, chunks wait. Memory stays bounded: past ``HOLD_ROWS`` waiting rows
    the held chunks are dropped, the rest of the file is observed, and the
    dropped part is read again from ``reopen()`` (the same chunks, in order).
    Raises :class:`ImportFailure` (naming ``name``) for dates that fit no single
    order or stay ambiguous to the end.
    """
    dec: decisions.Decisions = det.extra["decisions"]
    held: list[pd.DataFrame] = []
    held_rows = 0
    yielded = 0  # chunks handed on
    overflow = False
    def decide(step: Callable[[], None]) -> None:
        try:
            step()
        except ImportFailure as exc:
            raise ImportFailure(f"{name}: {exc}") from None

    for raw in chunks:
        decide(functools.partial(dec.observe, raw))
        if overflow:
            continue
        if dec.pending:
            held.append(raw)
            held_rows += len(raw)
            if held_rows > HOLD_ROWS:
                overflow, held = True, []
            continue
        for h in [*held, raw]:
            yielded += 1
            yield h
        held = []
    decide(dec.finish)
    if overflow:
        again = reopen()
        try:
            for i, raw in enumerate(again):
                if i >= yielded:
                    yield raw
        finally:
            again.close()
    else:
        yield from held




def preview_file(path: str | Path, display_name: str | None = None, unit: str | None = None,
                 fmt: str | None = None, n: int = 50, date_format: str | None = None) -> Preview:
    """Detect the format and map the first ``n`` rows without touching the database.

    The date order is judged from the first chunk only (up to ``CHUNK_ROWS``
    rows): ``needs_date_format`` says the user must choose it (the import itself
    still checks the whole file).
    """
    path = Path(path)
    name = display_name or path.name
    det, module, chunks, result = _open(path, name, fmt, date_format)
    u = normalize_unit(unit)
    first = next(chunks, None)
    chunks.close()
    if first is None:
        raise ImportFailure(f"{name}: the file has a header but no rows")
    dec: decisions.Decisions = det.extra["decisions"]
    try:
        dec.observe(first)
    except ImportFailure as exc:
        raise ImportFailure(f"{name}: {exc}") from None
    dates = dec.dates
    conv = validate(module.convert(first.head(max(n, 200)), det, u or det.unit or "kg"))
    guess = None
    if det.needs_unit:
        def column(role: str) -> pd.Series | None:
            return first[f"c{det.columns[role]}"] if role in det.columns else None

        guess = guess_unit(column("weight") if "weight" in det.columns else pd.Series([], dtype="str"),
                           column("exercise"), column("reps"))
    rows = conv.drop(columns=["_error"]).head(n).assign(exercise=lambda d: d["exercise_raw"].str.strip())
    return Preview(name, det, det.needs_unit and u is None, guess.unit if guess else None, rows, result.rejects[:20],
                   guess.evidence if guess else (), needs_date_format=dates.pending,
                   date_example=dates.open_example[0] if dates.open_example else dates.example,
                   date_order=dates.order if dates.example else None)


def import_file(con: duckdb.DuckDBPyConnection, path: str | Path, display_name: str | None = None,
                unit: str | None = None, fmt: str | None = None, now: dt.datetime | None = None,
                lock: WriteLock | None = None, date_format: str | None = None) -> ImportReport:
    """Import one export into the store behind ``con``: all of it or nothing.

    ``date_format`` (DMY/MDY/YMD) fixes the order of day/month dates; without it
    the order is decided from all the file's dates (:mod:`rehab.imports.decisions`).
    ``lock``: the write lock of the store (``store.lock(ws)``); None takes the lock of ``con``'s database.
    Raises :class:`ImportFailure` (message names the file and reason) when the
    file cannot be imported at all; row-level problems become rejects.
    """
    path = Path(path)
    name = display_name or path.name
    check_regular_file(path, name)
    u = normalize_unit(unit)
    det, module, chunks, result = _open(path, name, fmt, date_format)
    if det.needs_unit and u is None:
        chunks.close()
        raise ImportFailure(
            f"{name}: this {det.form.replace('_', ' form ')} export does not say whether weights are kg or lb; "
            "pass --unit kg or --unit lb"
        )
    unit_label = det.unit or (u if det.needs_unit else "per-row")
    sha = file_sha256(path)
    if det.needs_unit:
        _refuse_other_unit(con, name, sha, unit_label, chunks)

    stage = f"stage_{uuid.uuid4().hex[:12]}"
    cur = con.cursor()  # own connection: temp table and transaction stay local
    raw_tables: list[str] = []
    try:
        cur.execute(_stage_ddl(stage))
        det, good, rejects = _read(cur, stage, path, name, det, module, chunks, result, u, now,
                                   date_format, fmt, raw_tables)
        for table in raw_tables:  # the raw cells are staged: free them before the commit
            cur.execute(f"DROP TABLE IF EXISTS {table}")
        rejects = sorted(result.rejects + rejects, key=lambda r: r.line)
        if good == 0 and not rejects:
            raise ImportFailure(f"{name}: the file has a header but no sets")
        if good == 0:
            first = rejects[0]
            raise ImportFailure(
                f"{name}: none of the {len(rejects)} rows could be read; "
                f"first problem at line {first.line}: {first.reason}"
            )
        batch_id = int(time.time() * 1000) * 100 + random.randrange(100)
        added = _commit(cur, lock, stage, batch_id, name, sha, det, unit_label, good, rejects)
    finally:
        chunks.close()
        try:
            for table in raw_tables:
                cur.execute(f"DROP TABLE IF EXISTS {table}")
            cur.execute(f"DROP TABLE IF EXISTS {stage}")
            cur.execute(f"DROP TABLE IF EXISTS {stage}_sessions")
        finally:
            cur.close()
    warnings = []
    if result.recoded_lines:
        n = len(result.recoded_lines)
        warnings.append(
            f"{name}: {n} line(s) were not valid UTF-8 and were read as Windows-1252 "
            f"(first: line {result.recoded_lines[0]})"
        )
    read = good + len(rejects)
    if len(rejects) * 2 > read:  # ImportReport.mostly_rejected
        first = rejects[0]
        warnings.append(
            f"{name}: {len(rejects)} of {read} rows ({len(rejects) / read:.0%}) were rejected and not imported; "
            f"check the file (first problem at line {first.line}: {first.reason})")
    return ImportReport(name, det.form, unit_label, read, added, good - added,
                        len(rejects), batch_id, det.app, warnings, rejects)


def _refuse_other_unit(con: duckdb.DuckDBPyConnection, name: str, sha: str, unit: str | None, chunks) -> None:
    """The same file (same SHA-256) imported before with the other ``--unit`` would add
    every weighted set again under new weights: refuse, naming the earlier import."""
    cur = con.cursor()
    try:
        rows = cur.execute("SELECT batch_id, unit FROM imports WHERE sha256 = ? AND unit IS DISTINCT FROM ? "
                           "AND unit IN ('kg', 'lb') ORDER BY batch_id", [sha, unit]).fetchall()
    finally:
        cur.close()
    if rows:
        chunks.close()
        batch, other = rows[0]
        raise ImportFailure(
            f"{name}: this file was already imported as {other} (import #{batch}); undo that import first "
            f"(python -m rehab undo {batch}) to import it as {unit}")


def _read(cur, stage: str, path: Path, name: str, det: Detected, module: FormatModule,
          chunks: Generator[pd.DataFrame, None, None], result, u: str | None, now: dt.datetime | None,
          date_format: str | None, fmt: str | None, raw_tables: list[str]) -> tuple[Detected, int, list[Reject]]:
    """Stage every set of the file with its one reader; return ``(det, rows staged, rejects)``.

    A header CSV DuckDB's reader can carry (:func:`fastcsv.load` decides, before
    anything is staged) is read by it: Strong converted in SQL, other formats in
    chunks through ``convert``. Every other file keeps the reader that opened it
    (the Python CSV reader or a document's own).
    """
    raw = f"{stage}_raw"
    ncols = det.ncols or len(det.columns)
    if result.encoding != "document":
        try:
            lines = fastcsv.load(cur, raw, path, result, ncols, raw_tables)
        except fastcsv.FastPathUnavailable:
            lines = None
        if lines is not None:
            chunks.close()
            if det.app == "strong":
                try:
                    good, rejects = strong_sql.stage(
                        cur, stage, raw, det, result, u, now,
                        lambda frames, unit: _stage(cur, stage, frames, module, det, unit, now, line_seq=True))
                    return det, good, rejects
                except fastcsv.FastPathUnavailable:  # a cell SQL does not convert: all rows through convert
                    det = _with_decisions(det, module, decisions.normalize_date_format(date_format))
            raw_chunks = fastcsv.chunks(cur, raw, lines, ncols)
            good, rejects = _stage(cur, stage, _decided(raw_chunks, det, name,
                                                        lambda: fastcsv.chunks(cur, raw, lines, ncols)),
                                   module, det, u, now)
            return det, good, rejects

    def reopen() -> Generator[pd.DataFrame, None, None]:
        return open_export(path, name, fmt)[2]

    good, rejects = _stage(cur, stage, _decided(chunks, det, name, reopen), module, det, u, now)
    return det, good, rejects


def _convert(module: FormatModule, raw: pd.DataFrame, det: Detected, u: str | None,
             budget: list[int] | None = None) -> pd.DataFrame:
    """``module.convert``, where a value that makes the importer raise rejects its row, not the file.

    Vectorised converters can trip over one absurd cell (a set number of ``1e30``
    or ``inf`` cannot become an integer). Then the chunk is halved until the rows
    that raise on their own are found; only those are rejected. Costs nothing
    unless a converter raises. After ``_CONVERT_RETRIES`` failed attempts in one
    chunk (many such rows, or a converter bug that fails on every row) the rest
    of the failing part is rejected whole, with the error, rather than row by row.
    """
    budget = [_CONVERT_RETRIES] if budget is None else budget
    try:
        with np.errstate(invalid="ignore", over="ignore"):  # no numpy cast warnings on the user's stderr
            return module.convert(raw, det, u)
    except (ValueError, TypeError, ArithmeticError, AttributeError, LookupError) as exc:
        budget[0] -= 1
        if len(raw) > 1 and budget[0] > 0:
            mid = len(raw) // 2
            return pd.concat([_convert(module, raw.iloc[:mid], det, u, budget),
                              _convert(module, raw.iloc[mid:], det, u, budget)])
        what = (str(exc).splitlines() or [""])[0][:120]
        reason = f"a value in this row cannot be read ({type(exc).__name__}: {what})"
        return canonical_frame(raw.index, set_kind="normal", _error=pd.Series(reason, index=raw.index, dtype="str"))


_CONVERT_RETRIES = 600


def _stage(cur, stage: str, chunks, module: FormatModule, det: Detected, u: str | None,
           now: dt.datetime | None, line_seq: bool = False) -> tuple[int, list[Reject]]:
    """Convert and validate every raw chunk; stage good rows, return (count, rejects).

    ``line_seq``: ``seq`` is the source line (rows staged by another path sit between these).
    """
    rejects: list[Reject] = []
    good = seq = 0
    for raw in chunks:
        conv = validate(_convert(module, raw, det, u), now)
        lines = raw.loc[conv.index, "_line"].to_numpy()
        bad = conv["_error"].notna().to_numpy()
        if bad.any():
            raw_cols = [c for c in raw.columns if c.startswith("c")]
            bad_raw = raw.loc[conv.index[bad], raw_cols].fillna("").agg(",".join, axis=1)
            for line, reason, text in zip(lines[bad], conv["_error"][bad], bad_raw, strict=True):
                rejects.append(Reject(int(line), str(reason), text[:2000]))
        ok = conv[~bad].drop(columns=["_error"])
        _stage_sessions(cur, stage, ok)
        if len(ok):
            seqs = lines[~bad].astype("int64") if line_seq else np.arange(seq, seq + len(ok), dtype="int64")
            ok = ok.assign(source_line=lines[~bad].astype("int64"), seq=seqs)
            seq += len(ok)
            good += len(ok)
            cur.register("_chunk", pa.Table.from_pandas(ok, preserve_index=False))  # 2x faster than a frame
            try:
                cur.execute(f"INSERT INTO {stage} SELECT {', '.join(_STAGE_COLS)} FROM _chunk")
            finally:
                cur.unregister("_chunk")
    return good, rejects


_STAGE_COLS = [c for c in CANONICAL if c != "_error"] + ["source_line", "seq"]
#: Session-diary columns a format may add beside the canonical ones (the generic template's intent/feel).
SESSION_COLUMNS = ("intent", "feel")


def _stage_sessions(cur, stage: str, ok: pd.DataFrame) -> None:
    """Stage the (workout, intent, feel) of rows that carry session-diary columns, in ``{stage}_sessions``."""
    cols = [c for c in SESSION_COLUMNS if c in ok]
    if not cols or not len(ok):
        return
    rows = pd.DataFrame({"workout_start": ok["workout_start"], "workout_name": ok["workout_name"],
                         **{c: ok[c] for c in SESSION_COLUMNS if c in ok}})
    rows = rows.reindex(columns=["workout_start", "workout_name", *SESSION_COLUMNS])
    rows = rows.dropna(subset=list(SESSION_COLUMNS), how="all")
    if rows.empty:
        return
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage}_sessions (workout_start TIMESTAMP, workout_name VARCHAR, "
                "intent VARCHAR, feel VARCHAR)")
    cur.register("_sess", rows.astype({"workout_name": "object", "intent": "object", "feel": "object"}))
    try:
        cur.execute(f"INSERT INTO {stage}_sessions SELECT * FROM _sess")
    finally:
        cur.unregister("_sess")


def _insert_sessions(cur, stage: str, batch_id: int) -> None:
    """The staged session-diary rows, one entry per workout (its first intent and feel), tagged with the batch."""
    if not cur.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary",
                       [f"{stage}_sessions"]).fetchone()[0]:
        return
    from rehab.pain.sessions import save_imported

    per = cur.execute(f"""
        SELECT CAST(workout_start AS DATE) AS day, workout_name, first(intent) FILTER (WHERE intent IS NOT NULL),
               first(feel) FILTER (WHERE feel IS NOT NULL)
        FROM {stage}_sessions GROUP BY ALL ORDER BY 1, 2""").fetchall()
    save_imported(cur, per, batch_id)


def _stage_ddl(stage: str) -> str:
    types = {"datetime64[us]": "TIMESTAMP", "str": "VARCHAR", "float64": "DOUBLE", "Int64": "BIGINT"}
    cols = [f"{c} {types[t]}" for c, t in CANONICAL.items() if c != "_error"]
    cols += ["source_line BIGINT", "seq BIGINT"]
    return f"CREATE TEMP TABLE {stage} ({', '.join(cols)})"


#: Steps run inside the import transaction after the sets and rejects are
#: written and before the ``imports`` row: ``hook(cur, batch_id)``. A hook reads
#: the batch's new rows (``SELECT … FROM sets WHERE batch_id = ?``) and writes its
#: own rows tagged with ``batch_id`` (undo deletes them). If it raises, the whole
#: import rolls back.
COMMIT_HOOKS: list[Callable[[duckdb.DuckDBPyConnection, int], object]] = [  # what a hook returns is unused
    pain_from_batch,  # pain read from the new sets' notes (rehab.pain.diary)
    mark_imported,  # the store has had an import (rehab.storage.schema; the demo loads only into one that never had)
]


def _commit(cur, lock: WriteLock | None, stage: str, batch_id: int, name: str, sha: str, det: Detected,
            unit: str | None, good: int, rejects: list[Reject]) -> int:
    """One transaction under the write lock, on the cursor holding the staging table: new sets, rejects,
    hooks, then the history row; all or nothing."""
    with transaction(cur, lock, new_cursor=False):
        added = _insert_sets(cur, stage, batch_id, det)
        _insert_rejects(cur, batch_id, rejects)
        _insert_sessions(cur, stage, batch_id)
        for hook in COMMIT_HOOKS:
            hook(cur, batch_id)
        _insert_history(cur, batch_id, name, sha, det, unit, good, added, len(rejects))
    return added


#: The stored exercise name: the raw name in Unicode NFC, trimmed of spaces and
#: invisible characters at both ends (no-break and zero-width spaces, BOM, soft
#: hyphen, direction marks; inside the name they stay, shown as written),
#: so "Übung" typed on a Mac (NFD) and on Windows (NFC), or pasted with a trailing
#: no-break space, is one exercise with one content key. Plain ASCII names (nearly
#: all) skip the Unicode work.
_EDGE = (r"[\s\x{{00A0}}\x{{00AD}}\x{{2000}}-\x{{200F}}\x{{202A}}-\x{{202F}}\x{{205F}}-\x{{206F}}"
         r"\x{{3000}}\x{{FEFF}}]+")
EXERCISE_NAME = f"""CASE WHEN strlen(exercise_raw) <> length(exercise_raw)
    THEN regexp_replace(nfc_normalize(exercise_raw), '^{_EDGE}|{_EDGE}$', '', 'g')
    ELSE trim(exercise_raw) END"""

_KEYED = """
    WITH named AS (
        SELECT *, """ + EXERCISE_NAME + """ AS exercise FROM {stage}
    ), indexed AS (
        SELECT *, {set_idx} AS set_idx
        FROM named
    ), based AS (
        SELECT *, md5(concat_ws('|', strftime(workout_start, '%Y-%m-%d %H:%M:%S'), lower(exercise),
                   set_idx, set_kind, coalesce(round(reps, 2)::VARCHAR, ''),
                   coalesce(round(weight_kg, 2)::VARCHAR, ''), coalesce(round(distance_m)::VARCHAR, ''),
                   coalesce(round(duration_s)::VARCHAR, ''))) AS base_key
        FROM indexed
    )
    SELECT *, base_key || ':' || row_number() OVER (PARTITION BY base_key ORDER BY seq) AS content_key
    FROM based
"""


_NUMBERED = """coalesce(set_index, row_number() OVER (
                   PARTITION BY workout_start, exercise, set_kind, set_index IS NULL
                   ORDER BY seq))"""


def staged_keys(cur, stage: str) -> list[tuple[int, str]]:
    """``(source_line, content_key)`` of every staged row: the keys :func:`_insert_sets` will store.

    An app sync (:mod:`rehab.sync.hevy`) uses them to know which stored sets make up which workout.
    """
    unnumbered = cur.execute(f"SELECT count(*) FILTER (WHERE set_index IS NULL) FROM {stage}").fetchone()[0]
    keyed = _KEYED.format(stage=stage, set_idx=_NUMBERED if unnumbered else "set_index")
    return [(int(line), key) for line, key in cur.execute(f"SELECT source_line, content_key FROM ({keyed}) k")
            .fetchall()]


def _insert_sets(cur, stage: str, batch_id: int, det: Detected) -> int:
    """Insert the staged sets whose content key is not stored yet; return how many.

    No ``ORDER BY seq``: sorting a big batch back into file order cost as much as
    the insert itself, and every reader orders what it needs (``source_line``
    keeps the file order).
    """
    # Numbering sets without a set index needs a window over the whole stage;
    # most formats give the index, so skip the window when nothing needs it.
    unnumbered, staged, lo, hi = cur.execute(
        f"SELECT count(*) FILTER (WHERE set_index IS NULL), count(*), min(workout_start), max(workout_start) "
        f"FROM {stage}").fetchone()
    set_idx = _NUMBERED if unnumbered else "set_index"
    # A content key starts from the workout start, so no stored set outside the
    # batch's time span can match one: a first import of new history skips the
    # anti-join, and the count of added sets is the count staged.
    overlap = staged and cur.execute(
        "SELECT count(*) FROM (SELECT 1 FROM sets WHERE workout_start BETWEEN ? AND ? LIMIT 1)", [lo, hi]
    ).fetchone()[0]
    anti = "WHERE NOT EXISTS (SELECT 1 FROM sets s WHERE s.content_key = k.content_key)" if overlap else ""
    cur.execute(
        f"""
        INSERT INTO sets
        SELECT ?, source_line, workout_start, workout_start::DATE, workout_name, workout_notes,
               workout_duration_s, exercise, exercise_raw, set_idx, set_kind, reps,
               round(weight_kg, 4), distance_m, duration_s, rpe, notes, superset_id, ?, ?, content_key
        FROM ({_KEYED.format(stage=stage, set_idx=set_idx)}) k
        {anti}
        """,
        [batch_id, det.app, det.form],
    )
    if not overlap:
        return int(staged)
    return int(cur.execute("SELECT count(*) FROM sets WHERE batch_id = ?", [batch_id]).fetchone()[0])


def _insert_rejects(cur, batch_id: int, rejects: list[Reject]) -> None:
    if not rejects:
        return
    rej = pd.DataFrame({
        "batch_id": np.full(len(rejects), batch_id, dtype="int64"),
        "line": [r.line for r in rejects],
        "reason": [r.reason for r in rejects],
        "raw": [r.raw for r in rejects],
    })
    cur.register("_rej", rej)
    try:
        cur.execute("INSERT INTO rejects SELECT batch_id, line, reason, raw FROM _rej")
    finally:
        cur.unregister("_rej")


def _insert_history(cur, batch_id: int, name: str, sha: str, det: Detected, unit: str | None, good: int,
                    added: int, rejected: int) -> None:
    cur.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp())",
        [batch_id, name, sha, det.app, det.form, unit, good + rejected, added, good - added, rejected],
    )


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def undo_import(con: duckdb.DuckDBPyConnection, batch_id: int, lock: WriteLock | None = None) -> int:
    """Delete one import batch (its sets, rejects, pain and history row); return sets removed."""
    return undo_batch(con, batch_id, lock).get("sets", 0)


def undo_batch(con: duckdb.DuckDBPyConnection, batch_id: int, lock: WriteLock | None = None) -> dict[str, int]:
    """Delete one import batch — a workout import, a pain CSV import, an app sync or the demo — in one
    transaction under ``lock`` (None: the lock of ``con``'s database): every row tagged with it (sets,
    rejects, pain read from notes or imported, the demo's diary; a sync's removed sets come back) and then
    its history row (:func:`rehab.storage.schema.remove_batch`). Returns ``{table: rows removed}`` (without
    ``imports``)."""
    removed = remove_batch(con, batch_id, lock)
    if removed is None:
        raise ImportFailure(f"no import with id {batch_id}")
    return removed
