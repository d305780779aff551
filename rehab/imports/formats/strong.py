"""Strong (iOS/Android) exports: forms A, B (incl. the oldest kg/km header), C and D.

Columns are found through an alias table (the app translates its header), so
the same code reads English and German exports. Forms, as seen in the wild:

* A  ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE``
  — no unit anywhere: the caller must say kg or lb (distance follows: km / mi).
* B  A without ``Duration`` and/or ``RPE``; the oldest files name the unit in the
  header (``kg``/``lbs``, ``km``/``mi.``) and count ``Set Order`` from 0.
* C  semicolon-separated with ``Weight Unit`` / ``Distance Unit`` per row.
* D  every field quoted, ``Weight (kg)`` and ``Distance (meters)``.

``Set Order`` is a number, or ``W``/``D``/``F`` (warm-up, drop, failure set), or a
pseudo row (``Rest Timer``, ``Note``) that is not a set and is skipped — the text of a
``Note`` row is kept on the first set of that exercise in the workout (pain is
often written there) when that set has no note of its own.
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
    parse_duration,
    to_number,
    weight_to_kg,
    zero_to_null,
)
from rehab.imports.decisions import settings

#: Header aliases (lower-cased) for each role. English plus the translations
#: Strong ships; extend here when a new language turns up.
ALIASES: dict[str, tuple[str, ...]] = {
    "workout_no": ("workout #",),
    "date": ("date", "datum", "fecha", "data", "date de début"),
    "workout_name": ("workout name", "workout-name", "nombre del entrenamiento", "nom de l'entraînement",
                     "nome dell'allenamento", "nome do treino", "trainingsname"),
    "duration": ("duration", "dauer", "duración", "durée", "durata", "duração", "duration (sec)",
                 "workout duration"),
    "exercise": ("exercise name", "name der übung", "nombre del ejercicio", "nom de l'exercice",
                 "nome dell'esercizio", "nome do exercício", "übung"),
    "set_order": ("set order", "reihenfolge festlegen", "orden de la serie", "ordre des séries",
                  "ordine delle serie", "ordem da série", "satzreihenfolge"),
    "weight": ("weight", "gewicht", "peso", "poids", "weight (kg)", "weight (lbs)", "weight (lb)", "kg", "lbs", "lb"),
    "weight_unit": ("weight unit",),
    "reps": ("reps", "wiederh.", "wiederholungen", "repeticiones", "répétitions", "ripetizioni",
             "repetições"),
    "distance": ("distance", "entfernung", "distancia", "distanza", "distância", "distance (meters)",
                 "distance (km)", "distance (miles)", "distance (mi)", "km", "mi.", "mi", "miles"),
    "distance_unit": ("distance unit",),
    "seconds": ("seconds", "sekunden", "segundos", "secondes", "secondi"),
    "notes": ("notes", "notizen", "notas", "note", "notizie"),
    "workout_notes": ("workout notes", "workout-notizen", "notas del entrenamiento",
                      "notes de l'entraînement", "note dell'allenamento", "notas do treino"),
    "rpe": ("rpe",),
}
_LOOKUP = {alias: role for role, names in ALIASES.items() for alias in names}

#: Form A's roles in column order (the fallback for untranslated headers).
FORM_A = ("date", "workout_name", "duration", "exercise", "set_order", "weight", "reps", "distance", "seconds",
          "notes", "workout_notes", "rpe")

#: ``Set Order`` values of rows that are not sets: the rest timer and the exercise
#: note, in the languages Strong ships and in the newer export's upper-case words.
PSEUDO_ROWS = {
    "rest timer", "rest_timer", "resttimer", "timer", "note", "notes",
    "ruhezeit", "pausentimer", "pausen-timer", "pause", "notiz",  # de
    "temporizador de descanso", "descanso", "nota",  # es / pt
    "cronómetro de descanso", "cronometro de descanso",  # pt
    "minuteur de repos", "repos", "minuteur",  # fr
    "timer di riposo", "riposo", "timer riposo",  # it
    "rusttimer", "rust", "notitie",  # nl
}
#: Set kinds written in ``Set Order``: the letters of the older exports and the
#: words of the newer semicolon export (``WARM_UP``, ``FAILURE``, ``DROP_SET``, …).
SET_TAGS = {"w": "warmup", "d": "drop", "f": "failure",
            "warm_up": "warmup", "warmup": "warmup", "warm-up": "warmup", "warm up": "warmup",
            "drop_set": "drop", "dropset": "drop", "drop-set": "drop", "drop set": "drop", "drop": "drop",
            "failure": "failure", "failure_set": "failure",
            "normal": "normal", "normal_set": "normal", "working": "normal", "working_set": "normal"}


def detect(header: list[str]) -> Detected | None:
    """Strong by its column names (in any language the alias table knows); Duration,
    RPE, Distance, Seconds and the notes columns are optional."""
    cols: dict[str, int] = {}
    low = [h.strip().lower() for h in header]
    for i, h in enumerate(low):
        role = _LOOKUP.get(h)
        if role and role not in cols:
            cols[role] = i
    # Every Strong form has these; a file without Weight or Reps is damaged, not a variant.
    if not {"date", "workout_name", "exercise", "set_order", "weight", "reps"} <= cols.keys():
        return None
    n = len(header)
    weight_head = low[cols["weight"]] if "weight" in cols else ""
    dist_head = low[cols["distance"]] if "distance" in cols else ""
    header_dist = {"distance (meters)": "m", "distance (km)": "km", "distance (miles)": "mi", "distance (mi)": "mi"}
    if "workout_no" in cols or weight_head.startswith("weight ("):
        # Form D (``Weight (kg)``; the comma-separated variant also ``Weight (lbs)``/``Distance (miles)``).
        unit = "lb" if weight_head in ("weight (lbs)", "weight (lb)") else "kg"
        return Detected("strong", "strong_D", cols, unit=unit, ncols=n,
                        extra={"dist": header_dist.get(dist_head, "mi" if unit == "lb" else "m")})
    if "weight_unit" in cols:
        return Detected("strong", "strong_C", cols, unit=None, ncols=n)
    if weight_head in ("kg", "lbs", "lb"):
        unit = "kg" if weight_head == "kg" else "lb"
        dist = dist_head if dist_head in ("km", "mi.", "mi", "miles") else ("km" if unit == "kg" else "mi")
        return Detected("strong", "strong_B_old", cols, unit=unit, ncols=n,
                        extra={"dist": dist, "zero_based": True})
    form = "strong_A" if ("duration" in cols and "rpe" in cols) else "strong_B"
    return Detected("strong", form, cols, unit=None, needs_unit="weight" in cols, ncols=n)


def detect_by_position(header: list[str]) -> Detected | None:
    """Form A in a language the alias table does not know yet: its column order is
    fixed and it ends in the untranslated "RPE". Tried only after every format's
    :func:`detect` failed (a 12-column Hevy export also ends in ``rpe``)."""
    low = [h.strip().lower() for h in header]
    if len(low) == len(FORM_A) and low[-1] == "rpe" and "weight unit" not in low:
        cols = {role: i for i, role in enumerate(FORM_A)}
        return Detected("strong", "strong_A", cols, unit=None, needs_unit=True, ncols=len(low),
                        extra={"by_position": True})
    return None


def convert(raw: pd.DataFrame, det: Detected, unit: str | None) -> pd.DataFrame:
    c = det.columns
    col = column_getter(raw, det)

    errors = empty_errors(raw.index)
    order = col.need("set_order").str.strip()
    order_low = order.str.lower()
    pseudo = order_low.isin(PSEUDO_ROWS)
    notes = _carry_pseudo_notes(raw, c, pseudo)
    raw, order, order_low, errors = raw[~pseudo], order[~pseudo], order_low[~pseudo], errors[~pseudo]
    col = column_getter(raw, det)  # the set rows only, from here on
    notes = notes[~pseudo] if notes is not None else None

    kind = order_low.map(SET_TAGS).fillna("normal").astype("str")
    idx = pd.to_numeric(order.where(~order_low.isin(SET_TAGS.keys())), errors="coerce")
    unknown = idx.isna() & ~order_low.isin(SET_TAGS.keys())
    errors.loc[unknown & errors.isna()] = "unknown Set Order: " + order[unknown].str.slice(0, 30).map(repr)
    if det.extra.get("zero_based"):
        idx = idx + 1

    date_order, loc = settings(det)
    start = parse_datetime(col("date"), errors, "Date", order=date_order)
    if "duration" in c:
        shifted = not_a_duration(col("duration"))
        errors.loc[shifted & errors.isna()] = "Duration is not a duration: " + (
            col.need("duration")[shifted].str.strip().str.slice(0, 30).map(repr))
    def number(role: str, what: str) -> pd.Series | None:
        return to_number(col(role), what, errors, locale=loc) if role in c else None

    weight = number("weight", "Weight")
    if weight is None:
        weight = pd.Series(float("nan"), index=raw.index)
    reps = number("reps", "Reps")
    dist = number("distance", "Distance")
    secs = number("seconds", "Seconds")
    rpe = number("rpe", "RPE")

    if det.form == "strong_C":
        wunit = col.need("weight_unit").fillna("").str.strip().str.lower()
        # Blank units belong to unweighted rows; should a weighted row lack one,
        # it takes --unit if given, else the unit the other rows of the file use.
        stated = wunit[wunit != ""]
        default = unit or (stated.mode().iloc[0] if len(stated) else "")
        wunit = wunit.where(wunit != "", default)
        weight_kg = weight_to_kg(weight, wunit)
        if "distance_unit" in c:
            dunit = col.need("distance_unit").fillna("").str.strip()
        else:  # no Distance Unit column: distances follow the row's weight unit (lbs -> miles)
            dunit = wunit.str.startswith("lb").map({True: "mi", False: "km"}).astype("str")
        dist_m = distance_to_m(dist, dunit) if dist is not None else None
    else:
        u = det.unit or unit
        weight_kg = weight_to_kg(weight, u)
        dist_unit = det.extra.get("dist") or ("mi" if (u or "kg").startswith("lb") else "km")
        dist_m = distance_to_m(dist, dist_unit) if dist is not None else None

    duration = parse_duration(col("duration")) if "duration" in c else None
    return canonical_frame(
        raw.index,
        workout_start=start,
        workout_name=col.need("workout_name").str.strip() if "workout_name" in c else None,
        workout_notes=blank_to_null(col("workout_notes")),
        workout_duration_s=duration,
        exercise_raw=col("exercise"),
        set_index=idx.round().astype("Int64"),
        set_kind=kind,
        reps=reps,
        weight_kg=zero_to_null(weight_kg),
        distance_m=zero_to_null(dist_m),
        duration_s=zero_to_null(secs),
        rpe=rpe,
        notes=notes,
        _error=errors,
    )


def _carry_pseudo_notes(raw: pd.DataFrame, c: dict[str, int], pseudo: pd.Series) -> pd.Series | None:
    """Per-set notes, with each ``Note`` pseudo row's text moved onto the first set
    of the same (workout start, exercise) that has no note of its own."""
    if "notes" not in c:
        return None
    notes = blank_to_null(raw[f"c{c['notes']}"])
    if notes is None:  # a column never gives None (only a missing one does)
        return None
    from_pseudo = pseudo & notes.notna()
    if not from_pseudo.any():
        return notes
    key = raw[f"c{c['date']}"].str.strip() + "\x1f" + raw[f"c{c['exercise']}"].str.strip()
    carried = notes[from_pseudo].groupby(key[from_pseudo], sort=False).agg(" / ".join)
    sets = ~pseudo
    first = sets & ~key.where(sets).duplicated(keep="first") & key.isin(carried.index)
    fill = first & notes.isna()
    return notes.where(~fill, key[fill].map(carried))


def not_a_duration(cells: pd.Series) -> pd.Series:
    """A Duration cell with text but no digit (``Squat (Barbell)``) means the row is shifted.

    Durations are written many ways (``31m``, ``1h 45m``, translated units), and an
    unreadable one only loses the workout's length; a cell without any digit is no
    duration in any language, so the row's columns cannot be trusted.
    """
    t = cells.fillna("").str.strip()
    return ((t != "") & ~t.str.contains(r"\d", regex=True)).fillna(False).astype(bool)



FORMAT = FormatModule("strong", detect, convert, detect_by_position=detect_by_position,
                      date_roles=("date",), number_roles=("weight", "reps", "distance", "seconds", "rpe"))
