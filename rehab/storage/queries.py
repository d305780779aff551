"""Read side of the store: totals, import history and rejected rows.

Functions take a DuckDB connection or cursor; the dashboard hands each session
its own cursor (a DuckDB connection must not be used from two threads at once).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from rehab.storage.transactions import one

#: Definitions shared with ``../shared/FORMATS.md`` (and the CLI contract):
#: volume counts rows with weight > 0 and reps > 0, warm-ups included;
#: "working" means every set kind but warm-up.
SUMMARY_SQL = """
SELECT count(*)                                                        AS sets,
       coalesce(sum(reps), 0)                                          AS reps_total,
       coalesce(sum(weight_kg * reps) FILTER (WHERE weight_kg > 0 AND reps > 0), 0) AS volume_kg,
       count(DISTINCT day)                                             AS training_days,
       count(DISTINCT exercise)                                        AS exercises,
       min(day)                                                        AS first_day,
       max(day)                                                        AS last_day,
       count(*) FILTER (WHERE set_kind <> 'warmup')                    AS working_sets,
       coalesce(sum(weight_kg * reps) FILTER (
           WHERE weight_kg > 0 AND reps > 0 AND set_kind <> 'warmup'), 0) AS working_volume_kg
FROM sets
"""


def summary(con: duckdb.DuckDBPyConnection) -> dict:
    """Totals over every stored set, as the CLI's ``summary --json`` prints them."""
    cur = con.cursor()
    try:
        row = one(cur, SUMMARY_SQL)  # an aggregate: always one row
        names = [d[0] for d in cur.description]
    finally:
        cur.close()
    out = dict(zip(names, row, strict=True))
    reps = out["reps_total"]
    out["reps_total"] = int(reps) if float(reps).is_integer() else round(float(reps), 2)
    out["volume_kg"] = round(float(out["volume_kg"]), 1)
    out["working_volume_kg"] = round(float(out["working_volume_kg"]), 1)
    for k in ("first_day", "last_day"):
        out[k] = out[k].isoformat() if out[k] is not None else None
    return out


def imports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Import history, newest first."""
    return con.cursor().execute("SELECT * FROM imports ORDER BY imported_at DESC, batch_id DESC").df()


def rejects(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    return con.cursor().execute(
        "SELECT line, reason, raw FROM rejects WHERE batch_id = ? ORDER BY line", [batch_id]
    ).df()


def set_count(con: duckdb.DuckDBPyConnection) -> int:
    return int(one(con.cursor(), "SELECT count(*) FROM sets")[0])


def exercise_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every stored exercise name, once."""
    cur = con.cursor()
    try:
        return [r[0] for r in cur.execute("SELECT DISTINCT exercise FROM sets ORDER BY exercise").fetchall()]
    finally:
        cur.close()


def recent_workouts(con: duckdb.DuckDBPyConnection, limit: int = 12, end=None) -> pd.DataFrame:
    """The last ``limit`` workouts up to ``end`` (a day), as the session diary knows them — one per day and
    workout name (two sessions of the same name on one day are one diary entry): ``day``, ``workout`` (name,
    may be null), ``start`` (the first), ``exercises`` (comma-separated, most sets first), ``sets`` (working)."""
    cur = con.cursor()
    try:
        return cur.execute("""
            SELECT day, workout_name AS workout, min(first_start) AS start,
                   string_agg(exercise, ', ' ORDER BY n DESC, exercise) AS exercises, sum(n)::INTEGER AS sets
            FROM (SELECT day, workout_name, exercise, min(workout_start) AS first_start, count(*) AS n FROM sets
                  WHERE set_kind <> 'warmup' AND (? IS NULL OR day <= ?)
                  GROUP BY ALL)
            GROUP BY ALL ORDER BY start DESC LIMIT ?""", [end, end, limit]).df()
    finally:
        cur.close()
