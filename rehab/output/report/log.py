"""The reports a person has made, so a new one can say what changed since the last.

A report is logged when it leaves the app (downloaded from the Report page, written by
``python -m rehab report``), not when it is merely looked at: "the last report" is the one the clinician
got. Each logged report keeps the plan it showed (phase and status per exercise) and the recent pain;
a new report compares itself with the latest report made *for an earlier day*, so making the same report
twice does not make it compare with itself. Logging the same as-of day again replaces that day's entry.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import duckdb

from rehab.storage.locks import WriteLock
from rehab.storage.transactions import write


@dataclass(frozen=True)
class LoggedReport:
    """A report made earlier: ``exercises`` maps exercise -> (phase, status)."""

    made_at: dt.datetime
    as_of: dt.date
    date_from: dt.date
    label: str | None
    pain_recent: float | None
    exercises: dict[str, tuple[str, str]]


def last_report(con: duckdb.DuckDBPyConnection, before: dt.date) -> LoggedReport | None:
    """The latest report logged for a day before ``before`` (None: none was)."""
    cur = con.cursor()
    try:
        head = cur.execute(
            "SELECT report_id, made_at, as_of, date_from, label FROM report_log WHERE as_of < ? "
            "ORDER BY as_of DESC, made_at DESC LIMIT 1", [before]).fetchone()
        if head is None:
            return None
        rows = cur.execute("SELECT exercise, phase, status, pain_recent FROM report_log WHERE report_id = ?",
                           [head[0]]).fetchall()
    finally:
        cur.close()
    pain = next((p for e, _, _, p in rows if e is None), None)
    return LoggedReport(head[1], head[2], head[3], head[4], None if pain is None else float(pain),
                        {e: (ph, st) for e, ph, st, _ in rows if e is not None})


def last_label(con: duckdb.DuckDBPyConnection) -> str | None:
    """The label printed on the latest report (a sensible default for the next one)."""
    cur = con.cursor()
    try:
        row = cur.execute("SELECT label FROM report_log WHERE label IS NOT NULL AND label <> '' "
                          "ORDER BY made_at DESC LIMIT 1").fetchone()
    finally:
        cur.close()
    return row[0] if row else None


def record_report(con: duckdb.DuckDBPyConnection, rep, lock: WriteLock | None = None, attempts: int = 5) -> str:
    """Log ``rep`` (a :class:`rehab.output.report.Report`) as made now; replaces an entry for the same as-of day.
    Returns the report id. One transaction (under ``lock``, None: the lock of ``con``'s database): a
    half-written report is never read back."""
    report_id = uuid.uuid4().hex
    now = dt.datetime.now().replace(microsecond=0)
    rows = [(report_id, now, rep.as_of, rep.start, rep.label or None, None, None, None, rep.pain.recent)]
    rows += [(report_id, now, rep.as_of, rep.start, rep.label or None, s.plan.exercise, s.plan.phase,
              s.plan.status, None) for s in rep.sections]
    def log(cur) -> str:
        cur.execute("DELETE FROM report_log WHERE as_of = ?", [rep.as_of])
        cur.executemany("INSERT INTO report_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return report_id

    return write(con, log, lock, attempts)
