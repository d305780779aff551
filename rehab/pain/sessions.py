"""The session diary: per workout an intent and a feel, beside the pain diary (table ``sessions``).

Why: the advice reads effort from RPE, but RPE alone cannot tell a planned
heavy week from a bad one. A session tagged ``peaking`` or ``test`` is intent,
not a warning; ``deload`` restarts the progress trend; a feel of ``exhausting``
or ``painful`` is the article's "exhausting, and not in a good way" in the
person's own words (:mod:`rehab.advice.rules`).

One entry per (day, workout): adding again updates it. ``workout`` is the
workout name as the log has it; empty means every workout of that day. The CSV
template (read by :func:`rehab.imports.diaries.import_sessions_csv`)::

    date,workout,intent,feel,note
    2026-03-02,Lower A,deload,good,
    2026-03-04,,peaking,hard,opener singles

Validation and the all-or-nothing import follow the pain diary: one bad line
writes nothing and every bad line is reported with its number.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from rehab.pain.diary import PainError, _blank, _note, parse_when
from rehab.storage.schema import mark_imported
from rehab.storage.transactions import one, write
from rehab.words.sessions import FEELS, INTENTS

CSV_COLUMNS: tuple[str, ...] = ("date", "workout", "intent", "feel", "note")
COLUMNS: tuple[str, ...] = ("session_id", "day", "workout", "intent", "feel", "note", "source", "batch_id")
_MAX_WORKOUT = 200


class SessionError(PainError):
    """Bad session-diary input; ``str()`` is the user message, ``problems`` lists (line, reason)."""


@dataclass
class SessionImportReport:
    file: str
    rows_read: int
    added: int
    duplicates: int
    batch_id: int | None = None
    session_ids: list[str] = field(default_factory=list)


def _choice(value: object, allowed: tuple[str, ...], what: str) -> str | None:
    if _blank(value):
        return None
    text = str(value).strip().casefold()
    if text not in allowed:
        raise SessionError(f"{what} {value!r} is not one of {', '.join(allowed)}")
    return text


def _workout(value: object) -> str | None:
    if _blank(value):
        return None
    text = " ".join(str(value).split())
    if len(text) > _MAX_WORKOUT:
        raise SessionError(f"workout name is longer than {_MAX_WORKOUT} characters")
    return text


def parse_entry(date: object, workout: object = None, intent: object = None, feel: object = None,
                note: object = None) -> tuple[dt.date, str | None, str | None, str | None, str | None]:
    """Validate one entry: (day, workout, intent, feel, note). Raises :class:`SessionError`."""
    try:
        day = parse_when(date).date()
        clean_note = _note(note)
    except PainError as exc:
        raise SessionError(str(exc)) from None
    entry = (day, _workout(workout), _choice(intent, INTENTS, "intent"), _choice(feel, FEELS, "feel"), clean_note)
    if entry[2] is None and entry[3] is None and entry[4] is None:
        raise SessionError("give at least an intent, a feel or a note")
    return entry


def _upsert(cur: duckdb.DuckDBPyConnection, entry, source: str, batch_id: int | None) -> tuple[str, bool]:
    """Insert or update the entry of (day, workout); returns (session_id, added)."""
    day, workout, intent, feel, note = entry
    row = cur.execute("SELECT session_id, intent, feel, note FROM sessions WHERE day = ? AND "
                      "lower(coalesce(workout, '')) = lower(coalesce(?, ''))", [day, workout]).fetchone()
    if row is None:
        sid = uuid.uuid4().hex
        cur.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp())",
                    [sid, day, workout, intent, feel, note, source, batch_id])
        return sid, True
    sid, old_intent, old_feel, old_note = row
    new = (intent or old_intent, feel or old_feel, note or old_note)
    if new == (old_intent, old_feel, old_note):
        return sid, False
    cur.execute("UPDATE sessions SET intent = ?, feel = ?, note = ?, updated_at = current_localtimestamp() "
                "WHERE session_id = ?", [*new, sid])
    return sid, False


def add_session(con: duckdb.DuckDBPyConnection, date: object, workout: object = None, intent: object = None,
                feel: object = None, note: object = None) -> str:
    """Add (or update) the diary entry of one workout; return its ``session_id``."""
    entry = parse_entry(date, workout, intent, feel, note)
    return write(con, lambda cur: _upsert(cur, entry, "diary", None)[0])


def delete_session(con: duckdb.DuckDBPyConnection, session_id: str) -> None:
    def delete(cur):
        n = one(cur, "SELECT count(*) FROM sessions WHERE session_id = ?", [str(session_id)])[0]
        if not n:
            raise SessionError(f"no session entry with id {session_id!r}")
        cur.execute("DELETE FROM sessions WHERE session_id = ?", [str(session_id)])

    write(con, delete)


def load_sessions(con: duckdb.DuckDBPyConnection, start: object = None, end: object = None) -> pd.DataFrame:
    """Diary entries oldest first: :data:`COLUMNS` (``day`` as datetime64)."""
    where, params = ["TRUE"], []
    if start is not None:
        where.append("day >= ?")
        params.append(pd.Timestamp(start).date())
    if end is not None:
        where.append("day <= ?")
        params.append(pd.Timestamp(end).date())
    cur = con.cursor()
    try:
        df = cur.execute(f"SELECT {', '.join(COLUMNS)} FROM sessions WHERE {' AND '.join(where)} "
                         "ORDER BY day, workout NULLS FIRST", params).df()
    finally:
        cur.close()
    df["day"] = pd.to_datetime(df["day"])
    return df


def store_csv_entries(con: duckdb.DuckDBPyConnection, entries: list, name: str, sha: str,
                      read: int) -> SessionImportReport:
    """Write a session CSV's validated entries (:func:`parse_entry`) as one batch with its history row, in
    one transaction (read by :func:`rehab.imports.diaries.import_sessions_csv`)."""
    batch_id = int(time.time() * 1000) * 100 + random.randrange(100)

    def insert(cur):
        ids, added = [], 0
        for entry in entries:
            sid, new = _upsert(cur, entry, "csv", batch_id)
            ids.append(sid)
            added += new
        # Its history row, in the same transaction (like a pain CSV import): listed and undone as a batch, and
        # never taken for rows an interrupted import left behind (rehab.storage.schema.repair_orphans).
        cur.execute("INSERT INTO imports VALUES (?, ?, ?, 'sessions', 'session_csv', NULL, ?, ?, ?, 0, "
                    "current_localtimestamp())", [batch_id, name, sha, read, added, read - added])
        mark_imported(cur)
        return ids, added

    ids, added = write(con, insert)
    return SessionImportReport(name, read, added, read - added, batch_id if added else None, ids)


def save_imported(cur: duckdb.DuckDBPyConnection, rows, batch_id: int) -> int:
    """Inside an import's transaction: (day, workout, intent, feel) per workout from a workout file's own
    columns (the generic template), tagged with its batch so undo removes them; returns how many were added."""
    added = 0
    for day, workout, intent, feel in rows:
        added += _upsert(cur, (pd.Timestamp(day).date(), workout, intent, feel, None), "import", batch_id)[1]
    return added
