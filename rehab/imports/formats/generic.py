"""The generic CSV template, for any app without its own importer (see README).

Columns (header names case-insensitive, any order, extra columns ignored):

==============  ========  ==========================================================
``date``        required  ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM[:SS]`` (local time)
``exercise``    required  exercise name
``reps``        optional  number
``weight``      optional  number, with ``unit`` (``kg``/``lb`` per row) or ``--unit``
``weight_kg``   optional  instead of ``weight`` + ``unit`` (also ``weight_lb``/``weight_lbs``)
``workout``     optional  workout name
``set``         optional  1-based set number within the exercise (else file order)
``set_type``    optional  ``normal`` (default), ``warmup``, ``drop``, ``failure``
``rpe``         optional  0–10
``distance_m``  optional  metres
``duration_s``  optional  seconds
``notes``       optional  free text (pain notes welcome)
``intent``      optional  the workout's intent: ``normal``, ``deload``, ``peaking``, ``test``, ``rehab``
``feel``        optional  how the workout felt: ``good``, ``hard``, ``exhausting``, ``painful``
==============  ========  ==========================================================

``intent`` and ``feel`` go to the session diary (:mod:`rehab.pain.sessions`), one entry per workout (the first
value given in it), in the same transaction and batch as the sets: undoing the import removes them.

A weight of 0 or blank means bodyweight (stored as null). Detection runs last:
any header with ``date`` and ``exercise`` that no app module claimed.
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
from rehab.words.sessions import FEELS, INTENTS

_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "datetime", "start", "workout_start"),
    "exercise": ("exercise", "exercise_name"),
    "reps": ("reps",),
    "weight": ("weight",),
    "weight_kg": ("weight_kg", "weight_kgs", "weight (kg)"),
    "weight_lb": ("weight_lb", "weight_lbs", "weight (lb)", "weight (lbs)"),
    "unit": ("unit", "weight_unit"),
    "workout": ("workout", "workout_name"),
    "set": ("set", "set_index", "set_number"),
    "set_type": ("set_type", "kind", "type"),
    "rpe": ("rpe",),
    "distance_m": ("distance_m",),
    "duration_s": ("duration_s", "seconds"),
    "notes": ("notes", "note", "comment"),
    "intent": ("intent",),
    "feel": ("feel",),
}
_LOOKUP = {alias: role for role, names in _ALIASES.items() for alias in names}

SET_TYPES = {"": "normal", "normal": "normal", "working": "normal", "warmup": "warmup", "warm-up": "warmup",
             "warm_up": "warmup", "w": "warmup", "drop": "drop", "dropset": "drop", "d": "drop",
             "failure": "failure", "f": "failure"}
UNITS = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb", "": ""}


def detect(header: list[str]) -> Detected | None:
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        role = _LOOKUP.get(h.strip().lower())
        if role and role not in cols:
            cols[role] = i
    if not {"date", "exercise"} <= cols.keys():
        return None
    if "weight_kg" in cols or "weight_lb" in cols:
        unit = "kg" if "weight_kg" in cols else "lb"
        cols["weight"] = cols.pop("weight_kg" if unit == "kg" else "weight_lb")
        return Detected("generic", f"generic_{unit}", cols, unit=unit, ncols=len(header))
    if "weight" in cols and "unit" in cols:
        return Detected("generic", "generic", cols, unit=None, ncols=len(header))
    # A bare ``weight`` column says no unit: ask (as for Strong's current export).
    return Detected("generic", "generic", cols, unit=None, needs_unit="weight" in cols, ncols=len(header))


def convert(raw: pd.DataFrame, det: Detected, unit: str | None) -> pd.DataFrame:
    c = det.columns
    col = column_getter(raw, det)

    def text(role: str) -> pd.Series | None:
        s = col(role)
        if s is None:
            return None
        s = s.str.strip()
        return s.where(s != "")

    errors = empty_errors(raw.index)
    order, loc = settings(det)
    start = parse_datetime(col("date"), errors, "date", order=order or "YMD")
    reps = to_number(col("reps"), "reps", errors, locale=loc) if "reps" in c else None
    weight_kg = None
    if "weight" in c:
        weight = to_number(col("weight"), "weight", errors, locale=loc)
        if det.unit:
            weight_kg = weight_to_kg(weight, det.unit)
        elif "unit" in c:
            raw_unit = col.need("unit").fillna("").str.strip().str.lower()
            u = raw_unit.map(UNITS)
            bad = u.isna()
            errors.loc[bad & errors.isna()] = "unit is not kg or lb: " + raw_unit[bad].str.slice(0, 20).map(repr)
            u = u.fillna("")
            if unit:
                u = u.where(u != "", unit)
            missing = (u == "") & weight.fillna(0).ne(0)
            errors.loc[missing & errors.isna()] = "unit missing for a weighted set (kg or lb)"
            weight_kg = weight_to_kg(weight, u)
        else:
            weight_kg = weight_to_kg(weight, unit)
        weight_kg = weight_kg.where(weight_kg != 0)
    kind = "normal"
    if "set_type" in c:
        raw_kind = col.need("set_type").fillna("").str.strip().str.lower()
        k = raw_kind.map(SET_TYPES)
        bad = k.isna()
        errors.loc[bad & errors.isna()] = "unknown set_type: " + raw_kind[bad].str.slice(0, 20).map(repr)
        kind = k.fillna("normal").astype("str")
    set_index = None
    if "set" in c:
        set_index = to_number(col("set"), "set", errors, locale=loc).round().astype("Int64")
    dist = to_number(col("distance_m"), "distance_m", errors, locale=loc) if "distance_m" in c else None
    secs = to_number(col("duration_s"), "duration_s", errors, locale=loc) if "duration_s" in c else None
    out = canonical_frame(
        raw.index,
        workout_start=start,
        workout_name=text("workout"),
        exercise_raw=col("exercise"),
        set_index=set_index,
        set_kind=kind,
        reps=reps,
        weight_kg=weight_kg,
        distance_m=None if dist is None else dist.where(dist != 0),
        duration_s=None if secs is None else secs.where(secs != 0),
        rpe=to_number(col("rpe"), "rpe", errors, locale=loc) if "rpe" in c else None,
        notes=text("notes"),
        _error=errors,
    )
    # The session diary's columns ride along (rehab.imports.pipeline stages them beside the sets, see SESSION_COLUMNS).
    for role, allowed in (("intent", INTENTS), ("feel", FEELS)):
        if role in c:
            value = col.need(role).fillna("").str.strip().str.casefold()
            bad = (value != "") & ~value.isin(allowed)
            errors.loc[bad & errors.isna()] = (f"{role} " + value[bad].str.slice(0, 20).map(repr)
                                               + f" is not one of {', '.join(allowed)}")
            out[role] = value.where(value != "")
    out["_error"] = errors
    return out


FORMAT = FormatModule("generic", detect, convert, date_roles=("date",),
                      number_roles=("reps", "weight", "set", "distance_m", "duration_s", "rpe"),
                      default_date_order="YMD")
