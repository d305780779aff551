"""Lyfta CSV exports, one row per set, no unit anywhere in the file.

Header, as Lyfta writes it (the first name starts with a space; some names quoted)::

     Title,Date,Duration,Exercise,"Superset id",Weight,Reps,Distance,Time,"Set Type"

* ``Date`` is the local start time ``2025-12-11 12:41:04``; ``Duration`` the
  workout's length ``01:07:28``. A workout is ``(Title, Date)``.
* ``Weight`` (``25.000``) is in the unit the person set in the app, which the
  file does not say: like Strong's current export, the import asks for it
  (``--unit kg|lb``; the dashboard asks with a guess from the plate pattern).
  0 is bodyweight. ``Distance`` follows that unit (km, or miles for lb).
* ``Set Type`` ``NORMAL_SET``; warm-up, drop and failure sets are read from the
  words ``WARM``, ``DROP`` and ``FAIL`` in it; anything else is rejected.
* No set number: sets are numbered in file order within workout and exercise.
"""

from __future__ import annotations

import pandas as pd

from rehab.imports.base import (
    Detected,
    FormatModule,
    blank_to_null,
    canonical_frame,
    column_getter,
    distance_to_m,
    empty_errors,
    parse_datetime,
    parse_hms,
    to_number,
    weight_to_kg,
    zero_to_null,
)

_ROLES = {"title": "title", "date": "date", "duration": "duration", "exercise": "exercise",
          "superset id": "superset", "weight": "weight", "reps": "reps", "distance": "distance",
          "time": "seconds", "set type": "set_type"}
_REQUIRED = {"title", "date", "duration", "exercise", "weight", "reps", "set_type"}


def detect(header: list[str]) -> Detected | None:
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        role = _ROLES.get(h.strip().lower())
        if role and role not in cols:
            cols[role] = i
    if not cols.keys() >= _REQUIRED:
        return None
    return Detected("lyfta", "lyfta", cols, unit=None, needs_unit=True, ncols=len(header))


def _kind(s: pd.Series) -> pd.Series:
    t = s.fillna("").str.strip().str.upper()
    out = pd.Series(pd.NA, index=s.index, dtype="str")
    out[t.isin(["", "NORMAL_SET", "NORMAL"])] = "normal"
    out[t.str.contains("WARM", regex=False)] = "warmup"
    out[t.str.contains("DROP", regex=False)] = "drop"
    out[t.str.contains("FAIL", regex=False)] = "failure"
    return out


def convert(raw: pd.DataFrame, det: Detected, unit: str | None) -> pd.DataFrame:
    col = column_getter(raw, det)
    errors = empty_errors(raw.index)
    start = parse_datetime(col("date"), errors, "Date")
    weight = to_number(col("weight"), "Weight", errors)
    reps = to_number(col("reps"), "Reps", errors)
    dist = to_number(col("distance"), "Distance", errors) if "distance" in det.columns else None
    secs = parse_hms(col("seconds")) if "seconds" in det.columns else None
    kind = _kind(col("set_type"))
    unknown = kind.isna()
    shown = col.need("set_type")[unknown].fillna("").str.slice(0, 30).map(repr)
    errors.loc[unknown & errors.isna()] = "unknown Set Type: " + shown
    u = unit or "kg"
    return canonical_frame(
        raw.index,
        workout_start=start,
        workout_name=blank_to_null(col("title")),
        workout_duration_s=parse_hms(col("duration")),
        exercise_raw=col.need("exercise").str.strip(),
        set_kind=kind.fillna("normal"),
        reps=reps,
        weight_kg=zero_to_null(weight_to_kg(weight, u)),
        distance_m=None if dist is None else zero_to_null(distance_to_m(dist, "mi" if u == "lb" else "km")),
        duration_s=None if secs is None else zero_to_null(secs),
        superset_id=blank_to_null(col("superset")),
        _error=errors,
    )


FORMAT = FormatModule("lyfta", detect, convert)
