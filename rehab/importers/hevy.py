"""Hevy exports: one quoted row per set, units in the column names.

Header: ``title,start_time,end_time,description,exercise_title,superset_id,
exercise_notes,set_index,set_type,weight_kg|weight_lbs,reps,distance_km|distance_miles,
duration_seconds,rpe``.

* Times are written ``15 Sep 2025, 07:48``; exports from a phone in another
  language translate the month (``5 Mai 2026, 07:34``, ``3 févr. 2026, 18:00``).
  Month tokens are mapped through :data:`MONTHS` (en/pt/de/es/fr/it/nl/pl/ru/tr, full and
  abbreviated, any case, with or without a dot), vectorised over the column.
* There is no workout id: a workout is ``(title, start_time)``. The same exercise
  can appear twice in one workout, each block with ``set_index`` from 0; the
  second block continues the numbering so every set keeps its own index.
* ``set_type`` normal/warmup/failure/dropset; weight 0 or blank is bodyweight (null).
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from .base import (
    Detected,
    FormatModule,
    blank_to_null,
    canonical_frame,
    column_getter,
    distance_to_m,
    empty_errors,
    parse_datetime,
    to_number,
    weight_to_kg,
    zero_to_null,
)

_FULL_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
           "outubro", "novembro", "dezembro"),
    "de": ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
           "octubre", "noviembre", "diciembre"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
           "ottobre", "novembre", "dicembre"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    # dates use the genitive in these languages; abbreviations are its prefixes
    "pl": ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
           "października", "listopada", "grudnia"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"),
    "tr": ("ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım",
           "aralık"),
}
#: Abbreviations that are not simply a 3+ letter prefix of a full name.
_EXTRA_ABBREV = {"mrt": 3, "sept": 9, "set": 9, "jänner": 1, "jän": 1, "май": 5, "март": 3}


def _strip_accents(s: str) -> str:
    s = s.replace("ı", "i").replace("ł", "l")
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def _build_months() -> dict[str, int]:
    """Every full name and every prefix of 3+ letters that names only one month."""
    seen: dict[str, set[int]] = {}
    for names in _FULL_NAMES.values():
        for month, name in enumerate(names, start=1):
            for n in range(3, len(name) + 1):
                seen.setdefault(name[:n], set()).add(month)
    months = {tok: ms.pop() for tok, ms in seen.items() if len(ms) == 1}
    months.update(_EXTRA_ABBREV)
    months.update({_strip_accents(k): v for k, v in list(months.items())})
    return months


#: Lower-case month token (no trailing dot) -> month number.
MONTHS: dict[str, int] = _build_months()

_HEVY_TIME = (
    r"^\s*(?P<d>\d{1,2})\.?\s+(?:de\s+)?(?P<mon>[^\W\d_]+)\.?,?\s+(?:de\s+)?(?P<y>\d{4})(?:\s*г\.)?,?\s+"
    r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?\s*$"
)

SET_TYPES = {"normal": "normal", "warmup": "warmup", "warm_up": "warmup", "failure": "failure",
             "dropset": "drop", "drop": "drop", "": "normal"}


def parse_hevy_time(s: pd.Series, errors: pd.Series, what: str) -> pd.Series:
    """``15 Sep 2025, 07:48`` in any supported language; other forms via ISO/mixed parsing.

    Every set of a workout repeats its start and end time, so only the distinct
    strings are parsed and the result is spread back over the column.
    """
    codes, uniques = pd.factorize(s.astype("str"), use_na_sentinel=False)
    uniq = pd.Series(uniques, dtype="str")
    uniq_err = empty_errors(len(uniq))
    parsed = _parse_distinct(uniq, uniq_err, what)
    out = pd.Series(parsed.to_numpy()[codes], index=s.index, dtype="datetime64[us]")
    msg = pd.Series(uniq_err.to_numpy()[codes], index=s.index, dtype="str")
    target = msg.notna() & errors.isna()
    errors.loc[target] = msg[target]
    return out


def _parse_distinct(t: pd.Series, errors: pd.Series, what: str) -> pd.Series:
    parts = t.str.extract(_HEVY_TIME)
    month = parts["mon"].str.lower().map(MONTHS)
    hour = pd.to_numeric(parts["H"], errors="coerce")
    ampm = parts["ampm"].str.lower().str.slice(0, 1)
    hour = hour.where(ampm.isna(), hour % 12 + (ampm == "p").astype("float64") * 12)
    comps = pd.DataFrame({
        "year": pd.to_numeric(parts["y"], errors="coerce"),
        "month": month.astype("float64"),
        "day": pd.to_numeric(parts["d"], errors="coerce"),
        "hour": hour,
        "minute": pd.to_numeric(parts["M"], errors="coerce"),
        "second": pd.to_numeric(parts["S"], errors="coerce").fillna(0),
    })
    ok = comps.notna().all(axis=1)
    out = pd.Series(pd.NaT, index=t.index, dtype="datetime64[us]")
    if ok.any():
        out.loc[ok] = pd.to_datetime(comps[ok], errors="coerce").astype("datetime64[us]")
    rest = out.isna()
    if rest.any():
        # ISO or English month-first forms; an unknown month name ends up as an error.
        known_bad = rest & parts["mon"].notna() & month.isna()
        sub_err = empty_errors(t.index[rest])
        out.loc[rest] = parse_datetime(t[rest], sub_err, what)
        still = out.isna() & rest
        msg = pd.Series(pd.NA, index=t.index, dtype="str")
        msg.loc[rest] = sub_err
        msg.loc[known_bad & still] = what + " has an unknown month name: " + parts["mon"][known_bad & still]
        target = still & errors.isna()
        errors.loc[target] = msg[target]
    return out


def detect(header: list[str]) -> Detected | None:
    low = [h.strip().lower() for h in header]
    cols = {name: i for i, name in reversed(list(enumerate(low)))}
    if not {"title", "start_time", "exercise_title", "set_index"} <= cols.keys():
        return None
    weight = next((w for w in ("weight_kg", "weight_lbs", "weight_lb") if w in cols), None)
    if weight is None or "reps" not in cols:
        return None
    dist = next((d for d in ("distance_km", "distance_miles", "distance_mi", "distance_m") if d in cols), None)
    roles = {
        "title": cols["title"], "start": cols["start_time"], "exercise": cols["exercise_title"],
        "set_index": cols["set_index"], "weight": cols[weight], "reps": cols["reps"],
    }
    for role, name in (("end", "end_time"), ("description", "description"), ("superset", "superset_id"),
                       ("notes", "exercise_notes"), ("set_type", "set_type"),
                       ("seconds", "duration_seconds"), ("rpe", "rpe")):
        if name in cols:
            roles[role] = cols[name]
    if dist:
        roles["distance"] = cols[dist]
    unit = "kg" if weight == "weight_kg" else "lb"
    dist_unit = {"distance_km": "km", "distance_miles": "mi", "distance_mi": "mi", "distance_m": "m"}.get(dist or "")
    return Detected("hevy", f"hevy_{unit}", roles, unit=unit, ncols=len(header),
                    extra={"dist": dist_unit, "weight_col": weight})


def convert(raw: pd.DataFrame, det: Detected, unit: str | None) -> pd.DataFrame:
    c = det.columns
    col = column_getter(raw, det)

    errors = empty_errors(raw.index)
    start = parse_hevy_time(col("start"), errors, "start_time")
    duration = None
    if "end" in c:
        end = parse_hevy_time(col("end"), empty_errors(raw.index), "end_time")
        duration = (end - start).dt.total_seconds()
        duration = duration.where(duration >= 0)

    kinds = col("set_type").fillna("").str.strip().str.lower() if "set_type" in c else None
    if kinds is not None:
        kind = kinds.map(SET_TYPES)
        unknown = kind.isna()
        errors.loc[unknown & errors.isna()] = "unknown set_type: " + kinds[unknown].str.slice(0, 30).map(repr)
        kind = kind.fillna("normal").astype("str")
    else:
        kind = "normal"

    idx0 = to_number(col("set_index"), "set_index", errors)
    exercise = col("exercise")
    idx = idx0 + 1 + _earlier_block_sets(col("title"), col("start"), exercise)

    weight = to_number(col("weight"), det.extra["weight_col"], errors)
    reps = to_number(col("reps"), "reps", errors)
    dist = to_number(col("distance"), "distance", errors) if "distance" in c else None
    secs = to_number(col("seconds"), "duration_seconds", errors) if "seconds" in c else None
    rpe = to_number(col("rpe"), "rpe", errors) if "rpe" in c else None
    weight_kg = weight_to_kg(weight, det.unit)
    dist_m = distance_to_m(dist, det.extra.get("dist")) if dist is not None else None
    return canonical_frame(
        raw.index,
        workout_start=start,
        workout_name=blank_to_null(col("title")),
        workout_notes=blank_to_null(col("description")),
        workout_duration_s=duration,
        exercise_raw=exercise,
        set_index=idx.round().astype("Int64"),
        set_kind=kind,
        reps=reps,
        weight_kg=zero_to_null(weight_kg),
        distance_m=zero_to_null(dist_m),
        duration_s=zero_to_null(secs),
        rpe=rpe,
        notes=blank_to_null(col("notes")),
        superset_id=blank_to_null(col("superset")),
        _error=errors,
    )


def _earlier_block_sets(title: pd.Series, start: pd.Series, exercise: pd.Series) -> pd.Series:
    """Sets of the same exercise in earlier blocks of the same workout (0 for the first block).

    A block is a run of consecutive rows with the same (title, start, exercise);
    Hevy restarts ``set_index`` at 0 in each block.
    """
    key = pd.DataFrame({"t": title.fillna(""), "s": start.fillna(""), "e": exercise.fillna("").str.strip()})
    changed = (key != key.shift()).any(axis=1)
    block = changed.cumsum()
    in_group = key.groupby(["t", "s", "e"], sort=False).cumcount()
    in_block = block.groupby(block).cumcount()
    return (in_group - in_block).astype("float64")



FORMAT = FormatModule("hevy", detect, convert)
