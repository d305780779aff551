"""Fitbod exports, one row per set.

Header: ``Date,Exercise,Reps,Weight(kg),Duration(s),Distance(m),Incline,Resistance,isWarmup,Note,multiplier``.

* ``Date`` is ``2025-12-17 03:24:30 +0000``: the time as written is kept and the
  offset dropped (no zone shift), so the training day is the date in the file.
* Weight is kg (a ``Weight(lbs)`` header is read as pounds), at full float precision (``7.937875915123695``); the
  pipeline rounds it for identity. It is kept as logged: ``multiplier`` (2.0 for
  dumbbell pairs) is *not* applied, like every other format.
* ``Reps`` and ``multiplier`` carry a leading space; blank lines occur (the base
  reader skips them); the file lists the newest workout first.
* ``isWarmup`` ``true`` marks a warm-up set. No set number: the pipeline numbers
  sets in file order within workout, exercise and kind.
"""

from __future__ import annotations

import pandas as pd

from rehab.imports.base import (
    Detected,
    FormatModule,
    canonical_frame,
    column_getter,
    empty_errors,
    parse_datetime,
    to_number,
    weight_to_kg,
)
from rehab.imports.decisions import settings

_ROLES = {
    "date": "date", "exercise": "exercise", "reps": "reps", "weight(kg)": "weight",
    "duration(s)": "seconds", "distance(m)": "distance", "iswarmup": "warmup", "note": "notes",
    "multiplier": "multiplier", "weight(lbs)": "weight", "weight(lb)": "weight",
}


def detect(header: list[str]) -> Detected | None:
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        role = _ROLES.get(h.strip().lower().replace(" ", ""))
        if role and role not in cols:
            cols[role] = i
    if not {"date", "exercise", "warmup"} <= cols.keys() or not {"reps", "weight"} & cols.keys():
        return None
    unit = "lb" if "weight" in cols and "lb" in header[cols["weight"]].lower() else "kg"
    return Detected("fitbod", "fitbod" if unit == "kg" else "fitbod_lb", cols, unit=unit, ncols=len(header))


def convert(raw: pd.DataFrame, det: Detected, unit: str | None) -> pd.DataFrame:
    c = det.columns
    col = column_getter(raw, det)

    errors = empty_errors(raw.index)
    order, loc = settings(det)
    start = parse_datetime(col("date"), errors, "Date", order=order)
    reps = to_number(col("reps"), "Reps", errors, locale=loc) if "reps" in c else None
    weight = weight_to_kg(to_number(col("weight"), "Weight", errors, locale=loc), det.unit) if "weight" in c \
        else pd.Series(float("nan"), index=raw.index)
    secs = to_number(col("seconds"), "Duration(s)", errors, locale=loc) if "seconds" in c else None
    dist = to_number(col("distance"), "Distance(m)", errors, locale=loc) if "distance" in c else None
    flag = col.need("warmup").fillna("").str.strip().str.lower()
    bad_flag = ~flag.isin(["true", "false", "1", "0", "yes", "no", ""])
    errors.loc[bad_flag & errors.isna()] = "isWarmup is not true/false: " + flag[bad_flag].str.slice(0, 20).map(repr)
    kind = flag.isin(["true", "1", "yes"]).map({True: "warmup", False: "normal"}).astype("str")
    notes = col("notes")
    if notes is not None:
        notes = notes.str.strip()
        notes = notes.where(notes != "")
    return canonical_frame(
        raw.index,
        workout_start=start,
        exercise_raw=col("exercise"),
        set_kind=kind,
        reps=reps,
        weight_kg=weight.where(weight != 0),
        distance_m=None if dist is None else dist.where(dist != 0),
        duration_s=None if secs is None else secs.where(secs != 0),
        notes=notes,
        _error=errors,
    )


FORMAT = FormatModule("fitbod", detect, convert, date_roles=("date",),
                      number_roles=("reps", "weight", "seconds", "distance"))
