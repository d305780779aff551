"""One text layout for the set records that document readers produce, and its ``convert``.

A document reader (:mod:`rehab.imports.documents`) has already found each set
in its file; what is left is the same for all of them: parse the numbers and
times, convert units, flag what cannot be read. So they all emit
:data:`COLUMNS` (text cells) through :func:`cells` and share :func:`convert`,
which reports a bad value as ``<label> is not a number: '…'`` where the label is
the name the app's own file uses (readers pass it in the ``labels`` extra).
"""

from __future__ import annotations

import pandas as pd

from rehab.imports.base import (
    SET_KINDS,
    Detected,
    blank_to_null,
    canonical_frame,
    column_getter,
    empty_errors,
    parse_datetime,
    to_number,
    weight_to_kg,
    zero_to_null,
)

COLUMNS = ("start", "workout_name", "workout_notes", "workout_duration_s", "exercise", "set_index", "set_kind",
           "reps", "weight", "weight_unit", "distance_m", "duration_s", "rpe", "notes")
ROLES = {name: i for i, name in enumerate(COLUMNS)}


def cells(**values: object) -> list[str]:
    """A record's cells in :data:`COLUMNS` order; missing values are blank."""
    unknown = set(values) - set(COLUMNS)
    if unknown:
        raise TypeError(f"unknown set record fields: {sorted(unknown)}")
    return ["" if values.get(c) is None else str(values[c]) for c in COLUMNS]


def detected(app: str, form: str, unit: str | None = None, needs_unit: bool = False, **extra) -> Detected:
    return Detected(app, form, dict(ROLES), unit=unit, needs_unit=needs_unit, ncols=len(COLUMNS), extra=extra)


def convert(raw: pd.DataFrame, det: Detected, unit: str | None) -> pd.DataFrame:
    col = column_getter(raw, det)
    labels: dict[str, str] = det.extra.get("labels", {})

    def label(role: str) -> str:
        return labels.get(role, role)

    errors = empty_errors(raw.index)
    start = parse_datetime(col("start"), errors, label("start"))
    idx = to_number(col("set_index"), label("set_index"), errors)
    reps = to_number(col("reps"), label("reps"), errors)
    weight = to_number(col("weight"), label("weight"), errors)
    dist = to_number(col("distance_m"), label("distance_m"), errors)
    secs = to_number(col("duration_s"), label("duration_s"), errors)
    rpe = to_number(col("rpe"), label("rpe"), errors)
    wdur = to_number(col("workout_duration_s"), label("workout_duration_s"), empty_errors(raw.index))
    row_unit = col.need("weight_unit").fillna("").str.strip().str.lower()
    row_unit = row_unit.where(row_unit != "", det.unit or unit or "")
    kind = col.need("set_kind").fillna("").str.strip().replace("", "normal")
    bad_kind = ~kind.isin(SET_KINDS)
    errors.loc[bad_kind & errors.isna()] = "unknown set type: " + kind[bad_kind].str.slice(0, 30).map(repr)
    return canonical_frame(
        raw.index,
        workout_start=start,
        workout_name=blank_to_null(col("workout_name")),
        workout_notes=blank_to_null(col("workout_notes")),
        workout_duration_s=wdur.where(wdur > 0),
        exercise_raw=col.need("exercise").str.strip(),
        set_index=idx.round().astype("Int64"),
        set_kind=kind.where(~bad_kind, "normal"),
        reps=reps,
        weight_kg=zero_to_null(weight_to_kg(weight, row_unit)),
        distance_m=zero_to_null(dist),
        duration_s=zero_to_null(secs),
        rpe=rpe,
        notes=blank_to_null(col("notes")),
        _error=errors,
    )
