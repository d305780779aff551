"""The pain diary: add, edit, delete, load, and store a pain CSV (pain from notes: :mod:`rehab.pain.notes`).

Why a module of its own: pain is what the rehab flags weigh training against,
so every way pain enters the store (diary entry, CSV, workout notes) goes
through the same validation and lands in one table (``pain``, migration 2).

Concurrency: each write is its own short transaction on its own cursor, under
the database's write lock (:func:`rehab.storage.transactions.write`), and edits/deletes
address one row by ``pain_id``; two sessions writing at once never lose an
entry (a DuckDB write-write conflict is retried).

Pain CSV template (read by :func:`rehab.imports.diaries.import_pain_csv`)::

    date,score,area,context,note
    2025-03-01,3,knee,rest,
    2025-03-02 18:30,5,lower back,after,deadlifts

``date`` is ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM`` (``:SS`` and a ``T`` allowed);
``score`` 0-10 (decimals allowed, ``4/10`` accepted); ``area`` one of
:data:`rehab.words.areas.AREAS` or a synonym (blank = unspecified); ``context`` one of
:data:`CONTEXTS` (blank = rest); ``note`` free text. One bad line writes nothing
and every bad line is reported. Re-importing adds nothing: an entry with the
same time, area, context, score and note is already there.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from rehab.errors import InputError
from rehab.pain.notes import pain_from_batch  # noqa: F401 - the import hook (rehab.imports.pipeline.COMMIT_HOOKS)
from rehab.storage.schema import mark_imported
from rehab.storage.transactions import one, write
from rehab.words.areas import normalize_area

CONTEXTS: tuple[str, ...] = ("rest", "during", "after", "next_morning")
_CONTEXT_ALIASES = {"next morning": "next_morning", "morning": "next_morning", "next day": "next_morning",
                    "at rest": "rest", "resting": "rest", "in session": "during", "training": "during",
                    "post": "after", "post workout": "after", "afterwards": "after"}
CSV_COLUMNS: tuple[str, ...] = ("date", "score", "area", "context", "note")
#: Columns of :func:`load_pain`, in order.
PAIN_COLUMNS: tuple[str, ...] = ("ts", "day", "area", "score", "context", "note", "source", "is_mention",
                                 "exercise", "pain_id")
_EDITABLE = {"ts", "day", "score", "area", "context", "note"}
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")
_MIN_DAY = dt.date(1990, 1, 1)
_MAX_NOTE = 2000


class PainError(InputError, ValueError):
    """Bad pain input; ``str()`` is the user message, ``problems`` lists (line, reason) for a CSV."""

    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class PainImportReport:
    """Outcome of a pain CSV import (:func:`store_csv_rows`)."""

    file: str
    rows_read: int
    added: int
    duplicates: int  # rows already stored (or repeated within the file)
    batch_id: int | None = None
    pain_ids: list[str] = field(default_factory=list)


# --- validation -----------------------------------------------------------------

def _blank(value: object) -> bool:
    """None, NaN, pd.NA/NaT or an empty string (what a table editor sends for an empty cell)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def parse_when(value: object) -> dt.datetime:
    """A date or date-time (``date``, ``datetime``, ``YYYY-MM-DD[ HH:MM[:SS]]``) as a naive datetime."""
    if _blank(value):
        raise PainError("date is missing")
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        when = value.replace(tzinfo=None, microsecond=0)
    elif isinstance(value, dt.date):
        when = dt.datetime(value.year, value.month, value.day)
    else:
        text = str(value or "").strip()
        parsed: dt.datetime | None = None
        for fmt in _DATE_FORMATS:
            try:
                parsed = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if parsed is None:
            raise PainError(f"date {text!r} is not YYYY-MM-DD or YYYY-MM-DD HH:MM" if text else "date is missing")
        when = parsed
    if when.date() < _MIN_DAY:
        raise PainError(f"date {when.date()} is before {_MIN_DAY}")
    if when.date() > dt.date.today() + dt.timedelta(days=1):
        raise PainError(f"date {when.date()} is in the future")
    return when


def parse_score(value: object) -> float:
    """A score from 0 to 10 (``4``, ``4.5``, ``4,5``, ``4/10``)."""
    if _blank(value):
        raise PainError("score is missing (a number from 0 to 10)")
    if isinstance(value, bool):
        raise PainError(f"score {value!r} is not a number from 0 to 10")
    if isinstance(value, (int, float)):
        score = float(value)
    else:
        text = str(value if value is not None else "").strip().replace(",", ".")
        if text.endswith("/10"):
            text = text[:-3].strip()
        if not text:
            raise PainError("score is missing (a number from 0 to 10)")
        try:
            score = float(text)
        except ValueError:
            raise PainError(f"score {value!r} is not a number from 0 to 10") from None
    if not 0 <= score <= 10:  # also rejects NaN
        raise PainError(f"score {value!r} is outside 0-10")
    return score


def parse_context(value: object) -> str:
    text = "" if _blank(value) else " ".join(str(value).strip().lower().replace("_", " ").replace("-", " ").split())
    if not text:
        return "rest"
    key = text.replace(" ", "_")
    if key in CONTEXTS:
        return key
    if text in _CONTEXT_ALIASES:
        return _CONTEXT_ALIASES[text]
    raise PainError(f"context {value!r} is not one of {', '.join(CONTEXTS)}")


def parse_area(value: object) -> str | None:
    try:
        return normalize_area(None if _blank(value) else str(value))
    except ValueError as exc:
        raise PainError(str(exc)) from None


def _note(value: object) -> str | None:
    text = "" if _blank(value) else str(value).strip()
    if len(text) > _MAX_NOTE:
        raise PainError(f"note is longer than {_MAX_NOTE} characters")
    return text or None


# --- writes -----------------------------------------------------------------------

def add_pain(con: duckdb.DuckDBPyConnection, day: object = None, score: object = None, area: str | None = None,
             context: str = "rest", note: str | None = None, *, ts: object = None) -> str:
    """Add one diary entry; return its ``pain_id``.

    ``day`` (or ``ts``) is a date, a datetime or ``YYYY-MM-DD[ HH:MM]``; a date
    alone is stored at 00:00. Raises :class:`PainError` for bad input.
    """
    when = parse_when(ts if ts is not None else day)
    row = _row(when, parse_score(score), parse_area(area), parse_context(context), _note(note), "diary")

    def insert(cur):
        cur.execute("INSERT INTO pain VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, NULL, NULL, NULL, "
                    "current_localtimestamp())", row)
        return row[0]

    return write(con, insert)


def _row(when: dt.datetime, score: float, area: str | None, context: str, note: str | None, source: str) -> list:
    return [uuid.uuid4().hex, when, when.date(), area, score, context, note, source]


def edit_pain(con: duckdb.DuckDBPyConnection, pain_id: str, **fields: object) -> None:
    """Change some of ``ts``/``day``, ``score``, ``area``, ``context``, ``note`` of one entry."""
    unknown = set(fields) - _EDITABLE
    if unknown:
        raise PainError(f"cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(sorted(_EDITABLE))}")
    if not fields:
        return
    sets: dict[str, object] = {}
    moved_to: dt.date | None = None
    if "ts" in fields or "day" in fields:
        raw = fields["ts"] if not _blank(fields.get("ts")) else fields.get("day")
        when = parse_when(raw)
        sets["ts"], sets["day"] = when, when.date()
        # A new day alone ("2025-03-04" or a date) moves the entry but keeps its time of day.
        if "ts" not in fields and not isinstance(raw, dt.datetime) and len(str(raw).strip()) <= 10:
            moved_to = when.date()
    if "score" in fields:
        sets["score"] = parse_score(fields["score"])
        sets["is_mention"] = False
    if "area" in fields:
        sets["area"] = parse_area(fields["area"])
    if "context" in fields:
        sets["context"] = parse_context(fields["context"])
    if "note" in fields:
        sets["note"] = _note(fields["note"])

    def update(cur):
        if not one(cur, "SELECT count(*) FROM pain WHERE pain_id = ?", [pain_id])[0]:
            raise PainError(f"no pain entry with id {pain_id}")
        if moved_to is not None:
            (old_ts,) = one(cur, "SELECT ts FROM pain WHERE pain_id = ?", [pain_id])
            sets["ts"] = dt.datetime.combine(moved_to, old_ts.time())
        assign = ", ".join(f"{k} = ?" for k in sets)
        cur.execute(f"UPDATE pain SET {assign}, updated_at = current_localtimestamp() WHERE pain_id = ?",
                    [*sets.values(), pain_id])

    write(con, update)


def delete_pain(con: duckdb.DuckDBPyConnection, pain_id: str) -> None:
    """Delete one entry; :class:`PainError` if there is no such id."""

    def delete(cur):
        if not one(cur, "SELECT count(*) FROM pain WHERE pain_id = ?", [pain_id])[0]:
            raise PainError(f"no pain entry with id {pain_id}")
        cur.execute("DELETE FROM pain WHERE pain_id = ?", [pain_id])

    write(con, delete)


# --- reads ------------------------------------------------------------------------

def load_pain(con: duckdb.DuckDBPyConnection, start: object = None, end: object = None) -> pd.DataFrame:
    """Pain entries with ``start <= day <= end`` (either may be None), oldest first.

    Columns (:data:`PAIN_COLUMNS`): ``ts`` datetime64 (date at 00:00 without a
    time), ``day`` datetime64 at midnight, ``area`` str or null (= unspecified,
    counts for every exercise), ``score`` float 0-10 or NaN for a mention,
    ``context`` rest|during|after|next_morning, ``note`` str or null, ``source``
    diary|csv|notes, ``is_mention`` bool (named in a note without a score: show,
    do not average), ``exercise`` str or null (the exercise a note was logged
    with), ``pain_id`` str.
    """
    where, params = [], []
    if start is not None:
        where.append("day >= ?")
        params.append(parse_when(start).date())
    if end is not None:
        where.append("day <= ?")
        params.append(parse_when(end).date())
    sql = f"SELECT {', '.join(PAIN_COLUMNS)} FROM pain"
    if where:
        sql += " WHERE " + " AND ".join(where)
    cur = con.cursor()
    try:
        df = cur.execute(sql + " ORDER BY ts, pain_id", params).df()
    finally:
        cur.close()
    return df.astype({"ts": "datetime64[us]", "day": "datetime64[us]", "score": "float64", "is_mention": "bool",
                      **dict.fromkeys(("area", "context", "note", "source", "exercise", "pain_id"), "str")})


# --- CSV import ---------------------------------------------------------------------

def csv_row(cell: dict[str, str]) -> list:
    """One pain CSV record (``{column: text}``) validated to a row for :func:`store_csv_rows`; raises
    :class:`PainError` with the reason."""
    return _row(parse_when(cell.get("date")), parse_score(cell.get("score")), parse_area(cell.get("area")),
                parse_context(cell.get("context")), _note(cell.get("note")), "csv")


def store_csv_rows(con: duckdb.DuckDBPyConnection, rows: list[list], name: str, sha: str,
                   read: int) -> PainImportReport:
    """Write a pain CSV's validated rows (:func:`csv_row`) as one batch with its history row, in one
    transaction (read by :func:`rehab.imports.diaries.import_pain_csv`)."""
    batch_id = _new_batch_id()
    frame = pd.DataFrame(rows, columns=["pain_id", "ts", "day", "area", "score", "context", "note", "source"])

    def insert(cur):
        ids = _insert_new(cur, frame, batch_id)
        # The import's history row, in the same transaction: listed by ``python -m rehab imports`` and
        # undone by ``undo`` like a workout import (app 'pain', form 'pain_csv'; "sets" are pain entries).
        cur.execute("INSERT INTO imports VALUES (?, ?, ?, 'pain', 'pain_csv', NULL, ?, ?, ?, 0, "
                    "current_localtimestamp())", [batch_id, name, sha, read, len(ids), read - len(ids)])
        mark_imported(cur)
        return ids

    ids = write(con, insert)
    return PainImportReport(name, read, len(ids), read - len(ids), batch_id, ids)


def _new_batch_id() -> int:
    """A time-ordered id, like a workout import's (:func:`rehab.imports.pipeline.import_file`)."""
    return int(time.time() * 1000) * 100 + random.randrange(100)


def _insert_new(cur: duckdb.DuckDBPyConnection, frame: pd.DataFrame, batch_id: int | None) -> list[str]:
    """Insert the rows of ``frame`` (``_row`` columns) tagged with ``batch_id`` that are not stored yet (same
    time, area, context, score and note) nor repeated earlier in ``frame``; return the new ``pain_id``s."""
    frame = frame.assign(seq=range(len(frame)))
    cur.register("_pain_in", frame)
    try:
        cur.execute(
            """
            INSERT INTO pain
            SELECT pain_id, ts, day, area, score, context, note, source, FALSE, ?, NULL, NULL,
                   current_localtimestamp()
            FROM (SELECT *, row_number() OVER (PARTITION BY ts, area, context, score, note ORDER BY seq) AS n
                  FROM _pain_in) f
            WHERE n = 1 AND NOT EXISTS (
                SELECT 1 FROM pain p WHERE p.ts = f.ts AND p.context = f.context AND p.score = f.score
                  AND p.area IS NOT DISTINCT FROM f.area AND p.note IS NOT DISTINCT FROM f.note)
            ORDER BY seq
            """,
            [batch_id],
        )
        stored = cur.execute("SELECT pain_id FROM pain WHERE pain_id IN (SELECT pain_id FROM _pain_in)").fetchall()
    finally:
        cur.unregister("_pain_in")
    added = {r[0] for r in stored}  # the ids are new uuids: those stored are those just added
    return [pid for pid in frame["pain_id"] if pid in added]


def add_pain_entries(con: duckdb.DuckDBPyConnection, entries: Iterable[dict], batch_id: int | None,
                     source: str = "diary") -> list[str]:
    """Add many entries (``ts``/``day``, ``score``, ``area``, ``context``, ``note``) in one transaction, each
    validated like :func:`add_pain`, tagged with ``batch_id`` so that undoing that import removes them (the
    demo's diary belongs to the demo import). Entries already stored are skipped. Returns the new ids."""
    rows = []
    for e in entries:
        when = parse_when(e.get("ts") if e.get("ts") is not None else e.get("day"))
        rows.append(_row(when, parse_score(e.get("score")), parse_area(e.get("area")),
                         parse_context(e.get("context", "rest")), _note(e.get("note")), source))
    if not rows:
        return []
    frame = pd.DataFrame(rows, columns=["pain_id", "ts", "day", "area", "score", "context", "note", "source"])
    return write(con, lambda cur: _insert_new(cur, frame, batch_id))
