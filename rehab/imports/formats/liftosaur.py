"""Liftosaur history CSV ("Export history to CSV"), one row per planned set.

Header (written by Liftosaur's ``History_exportAsCSV``)::

    Workout DateTime,Program,Day Name,Exercise,Is Warmup Set?,Required Reps,Completed Reps,Is AMRAP?,
    Required RPE,Completed RPE,Log RPE?,Required Weight Value,Required Weight Unit,Completed Weight Value,
    Completed Weight Unit,Ask Weight?,Completed Reps Time,Target Muscles,Synergist Muscles,Notes

* Every set of the day's plan is a row; only rows with **Completed Reps** are sets
  that were performed. Rows without are the plan's untouched sets: they are
  skipped, neither stored nor rejected.
* ``Workout DateTime`` is an ISO instant in UTC (``2025-12-15T10:30:00.000Z``);
  it is stored as local time (:mod:`rehab.imports.localtime`) so a session in
  the evening stays on its own day.
* The weight is ``Completed Weight Value`` in ``Completed Weight Unit`` (``kg`` or
  ``lb``, per row); a completed set without it was done at the required weight.
  0 is bodyweight. ``Is Warmup Set?`` 1 marks warm-ups; ``Completed RPE`` is the RPE.
* Exercise names carry their equipment after a comma (``Romanian Deadlift, Barbell``),
  quoted; ``Notes`` are per exercise.
"""

from __future__ import annotations

import pandas as pd

from rehab.imports.base import (
    Detected,
    FormatModule,
    blank_to_null,
    canonical_frame,
    column_getter,
    empty_errors,
    to_number,
    weight_to_kg,
    zero_to_null,
)
from rehab.imports.localtime import utc_to_local

_ROLES = {
    "workout datetime": "start", "program": "program", "day name": "day", "exercise": "exercise",
    "is warmup set?": "warmup", "required reps": "required_reps", "completed reps": "reps",
    "completed rpe": "rpe", "required weight value": "required_weight", "required weight unit": "required_unit",
    "completed weight value": "weight", "completed weight unit": "unit", "notes": "notes",
}
_REQUIRED = {"start", "exercise", "reps", "weight", "unit"}


def detect(header: list[str]) -> Detected | None:
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        role = _ROLES.get(h.strip().lower())
        if role and role not in cols:
            cols[role] = i
    if not cols.keys() >= _REQUIRED:
        return None
    return Detected("liftosaur", "liftosaur", cols, unit=None, ncols=len(header))


def convert(raw: pd.DataFrame, det: Detected, unit: str | None) -> pd.DataFrame:
    col = column_getter(raw, det)
    done = col.need("reps").fillna("").str.strip() != ""
    raw = raw[done]
    col = column_getter(raw, det)
    errors = empty_errors(raw.index)

    text = col.need("start").fillna("").str.strip()
    instant = pd.to_datetime(text, errors="coerce", utc=True, format="ISO8601")
    bad = instant.isna()
    errors.loc[bad] = "Workout DateTime is not a date: " + text[bad].str.slice(0, 40).map(repr)
    start = utc_to_local(instant.dt.tz_localize(None))

    reps = to_number(col("reps"), "Completed Reps", errors)
    weight = to_number(col("weight"), "Completed Weight Value", errors)
    wunit = col.need("unit").fillna("").str.strip().str.lower()
    if "required_weight" in det.columns:
        planned = to_number(col("required_weight"), "Required Weight Value", empty_errors(raw.index))
        use_planned = weight.isna() & planned.notna()
        weight = weight.where(~use_planned, planned)
        if "required_unit" in det.columns:
            wunit = wunit.where(~use_planned, col.need("required_unit").fillna("").str.strip().str.lower())
    bad_unit = (weight.notna() & (weight != 0) & ~wunit.isin(["kg", "lb"])).fillna(False)
    errors.loc[bad_unit & errors.isna()] = "Completed Weight Unit is not kg or lb: " + (
        col.need("unit")[bad_unit].fillna("").str.slice(0, 20).map(repr))
    rpe = to_number(col("rpe"), "Completed RPE", errors) if "rpe" in det.columns else None

    flag = col.need("warmup").fillna("").str.strip() if "warmup" in det.columns else pd.Series("0", index=raw.index)
    bad_flag = ~flag.isin(["0", "1", ""])
    errors.loc[bad_flag & errors.isna()] = "Is Warmup Set? is not 0 or 1: " + flag[bad_flag].str.slice(0, 20).map(repr)
    kind = flag.eq("1").map({True: "warmup", False: "normal"}).astype("str")

    name = blank_to_null(col("day"))
    program = blank_to_null(col("program"))
    if name is not None and program is not None:
        name = name.where(program.isna(), program + " · " + name.fillna(""))
    return canonical_frame(
        raw.index,
        workout_start=start,
        workout_name=name,
        exercise_raw=col.need("exercise").str.strip(),
        set_kind=kind,
        reps=reps,
        weight_kg=zero_to_null(weight_to_kg(weight, wunit)),
        rpe=rpe,
        notes=blank_to_null(col("notes")),
        _error=errors,
    )


FORMAT = FormatModule("liftosaur", detect, convert)
