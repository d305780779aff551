"""Strong exports converted inside DuckDB: the raw cells :func:`rehab.imports.fastcsv.load` read
go straight into the staging table.

Why: for a big plain-UTF-8 Strong export, moving every cell through pandas
(``fastcsv.chunks`` -> ``strong.convert`` -> ``validate`` -> Arrow) cost more
than DuckDB's scan of the file. Here one query joins the raw cells to small
lookup tables and writes canonical rows to the stage.

Exactness comes from *where* the parsing happens: every lookup table is built
by the pandas code ``strong.convert`` runs (``to_number``, ``parse_datetime``,
``parse_duration``, pandas' ``str.strip``, the unit factors), applied to the
*distinct* cell values only (a file repeats its dates, weights and names). SQL
only joins, multiplies by the same factors and checks the same rules
(:data:`rehab.imports.base.RULES`, as SQL by :func:`~rehab.imports.base.rules_sql`).
A row is taken by SQL only when every value parsed and passed every check; any
other row — a reject, a value SQL is unsure of, every set of a workout/exercise
that has a ``Note`` pseudo row to carry — goes through the usual ``convert`` +
``validate`` (the ``fallback`` callable), so reasons come from one place. Both
write ``seq`` = source line, which keeps the file order the content keys and set
numbering depend on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import duckdb
import numpy as np
import pandas as pd

from rehab.imports import decisions, fastcsv
from rehab.imports.base import (
    Detected,
    ImportFailure,
    ReadResult,
    Reject,
    date_bounds,
    distance_to_m,
    empty_errors,
    parse_datetime,
    parse_duration,
    passes_rules,
    rules_sql,
    to_number,
    weight_to_kg,
)
from rehab.imports.formats.strong import PSEUDO_ROWS, SET_TAGS, not_a_duration
from rehab.storage.transactions import one

#: ``fallback(frames, unit) -> (rows staged, rejects)``: the pandas convert + validate,
#: staging with ``seq`` = source line.
Fallback = Callable[[Iterator[pd.DataFrame], "str | None"], tuple[int, list[Reject]]]

_NUMBERS = ("weight", "reps", "distance", "seconds", "rpe")
# Ends that pandas' strip might remove (anything but printable ASCII): only such
# distinct notes go to pandas; the rest are their own stripped value.
_ODD_ENDS = r"^[^!-~]|[^!-~]$"


def stage(cur: duckdb.DuckDBPyConnection, stage_table: str, raw: str, det: Detected, result: ReadResult,
          unit: str | None, now: dt.datetime | None, fallback: Fallback) -> tuple[int, list[Reject]]:
    """Stage every set of the Strong export in ``raw`` (:func:`fastcsv.load`); return (count, rejects).

    Raises :class:`fastcsv.FastPathUnavailable` before staging anything when the
    file needs the pandas conversion (then ``raw`` is left as it was).
    """
    names: list[str] = []
    try:
        return _convert(cur, stage_table, raw, det, unit, now, det.ncols or len(det.columns), result, fallback,
                        names)
    finally:
        for n in [*names, f"{raw}_carry"]:
            cur.execute(f"DROP TABLE IF EXISTS {n}")


def _distinct(cur, raw: str, col: str, where: str = "") -> pd.Series:
    vals = cur.execute(f"SELECT DISTINCT coalesce({col}, '') FROM {raw} {where}").to_arrow_table().column(0)
    return pd.Series(vals.to_pylist(), dtype="str")


def _distinct_lines(cur, raw: str, col: str) -> tuple[pd.Series, np.ndarray]:
    """Distinct cells of ``col`` and the first line each occurs on (for the decisions' messages)."""
    t = cur.execute(f"SELECT coalesce({col}, '') AS k, min(_line) AS line FROM {raw} GROUP BY 1").to_arrow_table()
    return pd.Series(t.column(0).to_pylist(), dtype="str"), t.column(1).to_numpy()


def _strip(s: pd.Series) -> pd.Series:
    return s.str.strip()


def _convert(cur, stage_table: str, raw: str, det: Detected, unit: str | None, now: dt.datetime | None,
             ncols: int, result: ReadResult, fallback: Fallback, names: list[str]) -> tuple[int, list[Reject]]:
    c = {role: f"c{i}" for role, i in det.columns.items()}
    if not {"workout_name", "weight", "reps"} <= c.keys():
        raise fastcsv.FastPathUnavailable("a Strong export without Workout Name, Weight or Reps")
    min_date, now_ts = date_bounds(now)
    # The file-level decisions, from every distinct date and number of the file at once.
    dec: decisions.Decisions = det.extra["decisions"]
    date_cells, date_lines = _distinct_lines(cur, raw, c["date"])
    try:
        dec.dates.observe(date_cells, date_lines)
        number_cells = {role: _distinct_lines(cur, raw, c[role]) for role in _NUMBERS if role in c}
        for cells, lines in number_cells.values():
            dec.numbers.observe(cells, lines)
        dec.finish()
    except ImportFailure as exc:
        raise ImportFailure(f"{result.display_name}: {exc}") from None
    date_order, loc = decisions.settings(det)
    joins: list[str] = []
    ok: list[str] = []

    def lookup(role: str, frame: pd.DataFrame) -> str:
        """Register ``frame`` (first column ``k`` = raw cell) as the lookup for ``role``; return its alias."""
        alias = f"l_{role}"
        fastcsv.register(cur, f"{raw}_{alias}", frame, names)
        joins.append(f"JOIN {raw}_{alias} {alias} ON coalesce(r.{c[role]}, '') = {alias}.k")
        return alias

    # Set Order: pseudo rows, W/D/F tags, numbers (strong.convert's rules).
    k = _distinct(cur, raw, c["set_order"])
    order = _strip(k)
    low = order.str.lower()
    tag = low.isin(SET_TAGS.keys())
    idx = pd.to_numeric(order.where(~tag), errors="coerce")
    if det.extra.get("zero_based"):
        idx = idx + 1
    if (idx.notna() & ~(idx.abs() < 9e18)).any():
        # convert() raises on such a set number and pipeline._convert bisects its chunk to find
        # the row, which can split a Note row from its sets: only the pandas path repeats that.
        raise fastcsv.FastPathUnavailable("a set number too large for an integer")
    fine = (tag | (idx.notna() & (idx.abs() < 1e9))).fillna(False)
    rounded = idx.where(fine & ~tag).round()
    fine &= passes_rules("set_index", rounded)
    so = lookup("set_order", pd.DataFrame({
        "k": k, "pseudo": low.isin(PSEUDO_ROWS).fillna(False).astype(bool), "ok": fine.astype(bool),
        "kind": low.map(SET_TAGS).fillna("normal").astype("str"),
        "idx": rounded.where(fine).astype("Int64")}))
    ok.append(f"{so}.ok")

    k = date_cells
    errors = empty_errors(len(k))
    ts = parse_datetime(k, errors, "Date", order=date_order)
    fine = errors.isna() & ts.notna() & (ts >= min_date) & (ts <= now_ts)
    d = lookup("date", pd.DataFrame({"k": k, "ts": ts, "ok": fine.astype(bool), "key": _strip(k)}))
    ok.append(f"{d}.ok")

    k = _distinct(cur, raw, c["exercise"])
    e = lookup("exercise", pd.DataFrame({"k": k, "key": _strip(k), "ok": (_strip(k) != "").astype(bool)}))
    ok.append(f"{e}.ok")
    k = _distinct(cur, raw, c["workout_name"])
    wn = lookup("workout_name", pd.DataFrame({"k": k, "v": _strip(k)}))

    num: dict[str, str] = {}
    for role in _NUMBERS:
        if role in c:
            k = number_cells[role][0]
            errors = empty_errors(len(k))
            num[role] = lookup(role, pd.DataFrame({"k": k, "v": to_number(k, role, errors, locale=loc),
                                                   "ok": errors.isna().astype(bool)}))
            ok.append(f"{num[role]}.ok")
    du = None
    if "duration" in c:
        k = _distinct(cur, raw, c["duration"])
        du = lookup("duration", pd.DataFrame({"k": k, "v": parse_duration(k),
                                              "ok": ~not_a_duration(k)}))
        ok.append(f"{du}.ok")

    # Units -> factors computed by base.weight_to_kg / distance_to_m themselves.
    fallback_unit = unit
    if det.form == "strong_C":
        k = _distinct(cur, raw, c["weight_unit"])
        wunit = _strip(k.fillna("")).str.lower()
        counts = cur.execute(
            f"SELECT coalesce(r.{c['weight_unit']}, '') AS k, count(*) AS n FROM {raw} r "
            f"JOIN {raw}_{so} {so} ON coalesce(r.{c['set_order']}, '') = {so}.k WHERE NOT {so}.pseudo GROUP BY 1"
        ).df()
        per = counts.assign(u=counts["k"].map(dict(zip(k, wunit, strict=True)))).query("u != ''")
        per = per.groupby("u")["n"].sum()
        mode = min(per.index[per == per.max()]) if len(per) else ""
        default = unit or mode
        fallback_unit = unit or mode or None
        factor = weight_to_kg(pd.Series(1.0, index=k.index), wunit.where(wunit != "", default))
        wf = lookup("weight_unit", pd.DataFrame({"k": k, "f": factor}))
        weight_factor = f"{wf}.f"
        if "distance_unit" in c:
            k = _distinct(cur, raw, c["distance_unit"])
            df_ = lookup("distance_unit", pd.DataFrame({
                "k": k, "f": distance_to_m(pd.Series(1.0, index=k.index), _strip(k.fillna("")))}))
            dist_factor = f"{df_}.f"
        elif "distance" in c:  # rare header: distances follow each row's weight unit, left to convert()
            raise fastcsv.FastPathUnavailable("form C with a distance but no distance unit column")
        else:
            dist_factor = "1.0"
    else:
        u = det.unit or unit
        weight_factor = repr(float(weight_to_kg(pd.Series([1.0]), u).iloc[0]))
        dist_unit = det.extra.get("dist") or ("mi" if (u or "kg").startswith("lb") else "km")
        dist_factor = repr(float(distance_to_m(pd.Series([1.0]), dist_unit).iloc[0]))

    notes = {role: _text(cur, raw, c[role], f"{raw}_t_{role}", names) for role in ("notes", "workout_notes")
             if role in c}

    # Workouts/exercises with a Note pseudo row to carry: all their rows take the pandas path.
    carry = "false"
    if "notes" in c:
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE {raw}_carry AS SELECT DISTINCT {d}.key AS dk, {e}.key AS ek "
            f"FROM {raw} r {' '.join(joins)} {notes['notes'][1]} WHERE {so}.pseudo AND {notes['notes'][0]} IS NOT NULL"
        )
        if one(cur, f"SELECT count(*) FROM {raw}_carry")[0]:
            joins.append(f"LEFT JOIN {raw}_carry cy ON cy.dk = {d}.key AND cy.ek = {e}.key")
            carry = "cy.dk IS NOT NULL"
    text_joins = " ".join(j for _, j in notes.values())

    def val(role: str) -> str:
        return f"{num[role]}.v" if role in num else "NULL::DOUBLE"

    def pos(x: str) -> str:  # base.zero_to_null (strong.convert): 0 means "not logged"
        return f"CASE WHEN ({x}) = 0 THEN NULL ELSE ({x}) END"

    weight_kg = pos(f"{val('weight')} * {weight_factor}")
    dist_m = pos(f"{val('distance')} * {dist_factor}") if "distance" in num else "NULL::DOUBLE"
    secs = pos(val("seconds")) if "seconds" in num else "NULL::DOUBLE"
    checks = " AND ".join([*ok, f"{d}.ts IS NOT NULL", *rules_sql(
        {"reps": val("reps"), "weight_kg": weight_kg, "distance_m": dist_m, "duration_s": secs, "rpe": val("rpe")})])
    status = f"CASE WHEN {carry} THEN 2 WHEN {so}.pseudo THEN 1 WHEN {checks} THEN 0 ELSE 2 END"
    source = f"FROM {raw} r {' '.join(joins)} {text_joins}"
    cols = ("workout_start, workout_name, workout_notes, workout_duration_s, exercise_raw, set_index, set_kind, "
            "reps, weight_kg, distance_m, duration_s, rpe, notes, superset_id, source_line, seq")
    cur.execute(
        f"""INSERT INTO {stage_table} ({cols})
        SELECT {d}.ts, {wn}.v, {notes['workout_notes'][0] if 'workout_notes' in notes else 'NULL'},
               {f'{du}.v' if du else 'NULL::DOUBLE'}, coalesce(r.{c['exercise']}, ''), {so}.idx, {so}.kind,
               {val('reps')}, {weight_kg}, {dist_m}, {secs}, {val('rpe')},
               {notes['notes'][0] if 'notes' in notes else 'NULL'}, NULL, r._line, r._line
        {source} WHERE {status} = 0"""
    )
    good = one(cur, f"SELECT count(*) FROM {stage_table}")[0]
    rest = cur.execute(
        f"SELECT {', '.join(f'coalesce(r.c{i}, {chr(39) * 2}) AS c{i}' for i in range(ncols))}, r._line "
        f"{source} WHERE {status} = 2 ORDER BY r._line"
    ).to_arrow_table()
    more, rejects = fallback(fastcsv.frames(rest, ncols), fallback_unit)
    return good + more, rejects


def _text(cur, raw: str, col: str, name: str, names: list[str]) -> tuple[str, str]:
    """Stripped text, blank -> NULL (base.blank_to_null); pandas strips only the odd-ended values.

    Returns (SQL expression, join clause).
    """
    k = _distinct(cur, raw, col, f"WHERE regexp_matches(coalesce({col}, ''), '{_ODD_ENDS}')")
    v = _strip(k)
    fastcsv.register(cur, name, pd.DataFrame({"k": k, "v": v.where(v != "")}), names)
    alias = name.rsplit("_t_", 1)[1] + "_t"
    expr = (f"CASE WHEN {alias}.k IS NOT NULL THEN {alias}.v WHEN coalesce(r.{col}, '') = '' THEN NULL "
            f"ELSE r.{col} END")
    return expr, f"LEFT JOIN {name} {alias} ON r.{col} = {alias}.k"
