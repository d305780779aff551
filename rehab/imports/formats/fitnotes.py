"""FitNotes (Android) exports: one unquoted row per set, date only.

Forms:

* old ``Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time`` (or
  ``Weight (kgs)``): the unit is in the header;
* new ``Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time``:
  ``kgs``/``lbs`` per row, so one file can mix units;
* either with an optional trailing ``Comment``.

Decisions: ``workout_start`` is the date at 00:00 (FitNotes records no time);
``workout_name`` stays NULL — ``Category`` is a muscle group chosen per exercise
("Back", "Legs"), not a workout, and a day holds several of them. ``set_index``
is NULL: the pipeline numbers sets in file order. ``Time`` (``H:MM:SS``) is the
set's duration.

FitNotes does not quote fields, so a comma in an exercise name
(``Overhead Press (Each Side, Dumbbells)``) or in a comment shifts the row.
:func:`fix_record` puts the extra fields back where the typed columns (numbers,
units, ``H:MM:SS``) say they belong. The body-tracker export
(``Date,Time,Measurement,Value,Unit``) is refused with a clear message.
"""

from __future__ import annotations

import re

import pandas as pd

from rehab.imports.base import (
    Detected,
    FormatModule,
    ImportFailure,
    canonical_frame,
    column_getter,
    distance_to_m,
    empty_errors,
    parse_datetime,
    parse_hms,
    to_number,
    weight_to_kg,
)
from rehab.imports.decisions import settings

_ROLES = {
    "date": "date", "exercise": "exercise", "category": "category", "weight": "weight",
    "weight (lbs)": "weight", "weight (lb)": "weight", "weight (kgs)": "weight", "weight (kg)": "weight",
    "weight unit": "weight_unit", "reps": "reps", "distance": "distance", "distance unit": "distance_unit",
    "time": "time", "comment": "comment",
}
BODY_TRACKER = ["date", "time", "measurement", "value", "unit"]

_NUM = re.compile(r"^\s*(?:-?\d+(?:[.,]\d+)?)?\s*$")  # a number or blank
_WEIGHT_UNIT = re.compile(r"^\s*(?:kgs?|lbs?)?\s*$", re.IGNORECASE)
_DIST_UNIT = re.compile(r"^\s*(?:[a-z]{1,6}\.?)?\s*$", re.IGNORECASE)
_TIME = re.compile(r"^\s*(?:(?:\d+:)?\d+:\d+(?:\.\d+)?|\d+(?:\.\d+)?)?\s*$")
_CHECKS = {"weight": _NUM, "reps": _NUM, "distance": _NUM, "weight_unit": _WEIGHT_UNIT,
           "distance_unit": _DIST_UNIT, "time": _TIME}


def detect(header: list[str]) -> Detected | None:
    low = [h.strip().lower() for h in header]
    if low[:5] == BODY_TRACKER:
        raise ImportFailure(
            "this is a FitNotes body-tracker export, not a workout log "
            "(export the workout data from FitNotes instead)"
        )
    cols: dict[str, int] = {}
    for i, h in enumerate(low):
        role = _ROLES.get(h)
        if role and role not in cols:
            cols[role] = i
    if not {"date", "exercise", "category"} <= cols.keys() or not {"weight", "reps", "distance", "time"} & cols.keys():
        return None
    weight_head = low[cols["weight"]] if "weight" in cols else ""
    if "weight_unit" in cols:
        return Detected("fitnotes", "fitnotes_new", cols, unit=None, ncols=len(header))
    if weight_head in ("weight", ""):  # no unit anywhere (not seen from the app itself): ask for one
        return Detected("fitnotes", "fitnotes_no_unit", cols, unit=None, needs_unit=True, ncols=len(header))
    unit = "lb" if "lb" in weight_head else "kg"
    return Detected("fitnotes", "fitnotes_old", cols, unit=unit, ncols=len(header))


def _layout_ok(det: Detected) -> bool:
    """Recovery assumes the app's column order: exercise, category, typed columns, comment last."""
    c = det.columns
    typed = [c[r] for r in _CHECKS if r in c]
    ok = c["exercise"] + 1 == c["category"] and all(p > c["category"] for p in typed)
    if "comment" in c:
        ok = ok and c["comment"] == det.ncols - 1
    return ok


def _valid(rec: list[str], det: Detected) -> bool:
    c = det.columns
    category = rec[c["category"]].strip()
    if not category or _NUM.match(category):
        return False  # a shifted row puts a number where the category belongs
    return all(_CHECKS[role].match(rec[pos]) for role, pos in c.items() if role in _CHECKS)


def fix_record(fields: list[str], det: Detected) -> list[str] | None:
    """Rejoin a row split by unquoted commas, or ``None`` when no reading fits.

    Extra fields go into the exercise name and/or the trailing comment; each
    split is tried (most into the name first) and the first whose typed columns
    parse is kept. A row missing only the trailing comment gets an empty one.
    """
    n = det.ncols
    has_comment = "comment" in det.columns
    if len(fields) == n - 1 and has_comment:
        return [*fields, ""]
    extra = len(fields) - n
    if extra <= 0 or not _layout_ok(det):
        return None
    ex = det.columns["exercise"]
    body = n - ex - 1 - (1 if has_comment else 0)  # columns after the name, before the comment
    for into_name in range(extra, -1 if has_comment else extra - 1, -1):
        cut = ex + into_name + 1
        rec = [*fields[:ex], ",".join(fields[ex:cut]), *fields[cut:cut + body]]
        if has_comment:
            rec.append(",".join(fields[cut + body:]))
        elif cut + body != len(fields):
            continue
        if len(rec) == n and _valid(rec, det):
            return rec
    return None


def convert(raw: pd.DataFrame, det: Detected, unit: str | None) -> pd.DataFrame:
    c = det.columns
    col = column_getter(raw, det)

    errors = empty_errors(raw.index)
    order, loc = settings(det)
    start = parse_datetime(col("date"), errors, "Date", order=order)
    weight = to_number(col("weight"), "Weight", errors, locale=loc) if "weight" in c else None
    reps = to_number(col("reps"), "Reps", errors, locale=loc) if "reps" in c else None
    if weight is None:
        weight_kg = pd.Series(float("nan"), index=raw.index)
    elif det.unit or det.needs_unit:
        weight_kg = weight_to_kg(weight, det.unit or unit)
    else:
        wunit = col.need("weight_unit").fillna("").str.strip().str.lower()
        bad = ~wunit.isin(["kgs", "kg", "lbs", "lb", ""])
        errors.loc[bad & errors.isna()] = "unknown Weight Unit: " + wunit[bad].str.slice(0, 20).map(repr)
        weight_kg = weight_to_kg(weight, wunit)
    dist_m = None
    if "distance" in c:
        dist = to_number(col("distance"), "Distance", errors, locale=loc)
        dunit = col.need("distance_unit").fillna("").str.strip() if "distance_unit" in c else "km"
        dist_m = distance_to_m(dist, dunit)
    secs = None
    if "time" in c:
        t = col.need("time").fillna("").str.strip()
        secs = parse_hms(t)
        bad = secs.isna() & (t != "")
        errors.loc[bad & errors.isna()] = "Time is not H:MM:SS: " + t[bad].str.slice(0, 20).map(repr)
    notes = None
    if "comment" in c:
        notes = col.need("comment").str.strip()
        notes = notes.where(notes != "")
    return canonical_frame(
        raw.index,
        workout_start=start,
        exercise_raw=col("exercise"),
        set_kind="normal",
        reps=reps,
        weight_kg=weight_kg.where(weight_kg != 0),
        distance_m=None if dist_m is None else dist_m.where(dist_m != 0),
        duration_s=None if secs is None else secs.where(secs != 0),
        notes=notes,
        _error=errors,
    )


FORMAT = FormatModule("fitnotes", detect, convert, fix_record, date_roles=("date",),
                      number_roles=("weight", "reps", "distance"))
