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

import numpy as np
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
    to_number,
    weight_to_kg,
    zero_to_null,
)
from rehab.imports.decisions import from_parts, settings

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


def parse_hevy_time(s: pd.Series, errors: pd.Series, what: str, order: str | None = None) -> pd.Series:
    """``15 Sep 2025, 07:48`` in any supported language; other forms via ISO/mixed parsing.

    Every set of a workout repeats its start and end time, so only the distinct
    strings are parsed and the result is spread back over the column.
    """
    codes, uniques = pd.factorize(s.astype("str"), use_na_sentinel=False)
    uniq = pd.Series(uniques, dtype="str")
    uniq_err = empty_errors(len(uniq))
    parsed = _parse_distinct(uniq, uniq_err, what, order)
    out = pd.Series(parsed.to_numpy()[codes], index=s.index, dtype="datetime64[us]")
    msg = pd.Series(uniq_err.to_numpy()[codes], index=s.index, dtype="str")
    target = msg.notna() & errors.isna()
    errors.loc[target] = msg[target]
    return out


def _parse_distinct(t: pd.Series, errors: pd.Series, what: str, order: str | None = None) -> pd.Series:
    parts = t.str.extract(_HEVY_TIME)
    month = parts["mon"].str.lower().map(MONTHS)
    matched = parts["d"].notna() & month.notna()
    out = pd.Series(pd.NaT, index=t.index, dtype="datetime64[us]")
    if matched.any():
        comps = parts[matched].rename(columns={"d": "a"}).assign(b=month[matched])
        # from_parts range-checks hour and minute: 24:00 or 10:60 is an error, not the next day.
        out.loc[matched] = from_parts(comps, "a", "b")
    impossible = matched & out.isna()
    if impossible.any():
        errors.loc[impossible & errors.isna()] = (
            what + " is not a real date and time: " + t[impossible].str.slice(0, 40).map(repr))
    rest = out.isna() & ~impossible
    if rest.any():
        # ISO or day/month forms (read in the file's date order); an unknown month name is an error.
        known_bad = rest & parts["mon"].notna() & month.isna()
        sub_err = empty_errors(t.index[rest])
        out.loc[rest] = parse_datetime(t[rest], sub_err, what, order=order)
        still = out.isna() & rest
        msg = pd.Series(pd.NA, index=t.index, dtype="str")
        msg.loc[rest] = sub_err
        msg.loc[known_bad & still] = what + " has an unknown month name: " + parts["mon"][known_bad & still]
        target = still & errors.isna()
        errors.loc[target] = msg[target]
    return out


#: Columns that identify a Hevy export; every other column is optional (older and
#: trimmed exports lack ``superset_id``, ``exercise_notes``, ``rpe``, …).
IDENTIFYING = ("start_time", "exercise_title")
_MEASURES = ("weight_kg", "weight_lbs", "weight_lb", "reps", "distance_km", "distance_miles", "distance_mi",
             "distance_m", "duration_seconds")


def detect(header: list[str]) -> Detected | None:
    low = [h.strip().lower() for h in header]
    cols = {name: i for i, name in reversed(list(enumerate(low)))}
    if not set(IDENTIFYING) <= cols.keys() or not any(m in cols for m in _MEASURES):
        return None
    weight = next((w for w in ("weight_kg", "weight_lbs", "weight_lb") if w in cols), None)
    dist = next((d for d in ("distance_km", "distance_miles", "distance_mi", "distance_m") if d in cols), None)
    roles = {"start": cols["start_time"], "exercise": cols["exercise_title"]}
    for role, name in (("title", "title"), ("set_index", "set_index"), ("reps", "reps"), ("end", "end_time"),
                       ("description", "description"), ("superset", "superset_id"),
                       ("notes", "exercise_notes"), ("set_type", "set_type"),
                       ("seconds", "duration_seconds"), ("rpe", "rpe")):
        if name in cols:
            roles[role] = cols[name]
    if weight:
        roles["weight"] = cols[weight]
    if dist:
        roles["distance"] = cols[dist]
    unit = "lb" if weight in ("weight_lbs", "weight_lb") else "kg"
    dist_unit = {"distance_km": "km", "distance_miles": "mi", "distance_mi": "mi", "distance_m": "m"}.get(dist or "")
    return Detected("hevy", f"hevy_{unit}", roles, unit=unit, ncols=len(header),
                    extra={"dist": dist_unit, "weight_col": weight or "weight"})


def convert(raw: pd.DataFrame, det: Detected, unit: str | None) -> pd.DataFrame:
    c = det.columns
    col = column_getter(raw, det)
    order, loc = settings(det)

    errors = empty_errors(raw.index)
    start = parse_hevy_time(col("start"), errors, "start_time", order)
    duration = None
    if "end" in c:
        end = parse_hevy_time(col("end"), empty_errors(raw.index), "end_time", order)
        duration = (end - start).dt.total_seconds()
        duration = duration.where(duration >= 0)

    kinds = col.need("set_type").fillna("").str.strip().str.lower() if "set_type" in c else None
    if kinds is not None:
        kind = kinds.map(SET_TYPES)
        unknown = kind.isna()
        errors.loc[unknown & errors.isna()] = "unknown set_type: " + kinds[unknown].str.slice(0, 30).map(repr)
        kind = kind.fillna("normal").astype("str")
    else:
        kind = "normal"

    def number(role: str, what: str) -> pd.Series | None:
        return to_number(col(role), what, errors, locale=loc) if role in c else None

    exercise = col("exercise")
    title = col("title") if "title" in c else pd.Series("", index=raw.index, dtype="str")
    idx = None
    if "set_index" in c:
        idx0 = to_number(col.need("set_index"), "set_index", errors, locale=loc)
        signature = [col(r) for r in ("set_type", "weight", "reps", "distance", "seconds", "rpe", "notes",
                                      "superset") if r in c]
        idx = idx0 + 1 + _earlier_block_sets(title, col("start"), exercise, idx0, signature)

    weight = number("weight", det.extra["weight_col"])
    reps = number("reps", "reps")
    dist = number("distance", "distance")
    secs = number("seconds", "duration_seconds")
    rpe = number("rpe", "rpe")
    weight_kg = weight_to_kg(weight, det.unit) if weight is not None else None
    dist_m = distance_to_m(dist, det.extra.get("dist")) if dist is not None else None
    return canonical_frame(
        raw.index,
        workout_start=start,
        workout_name=blank_to_null(col("title")),
        workout_notes=blank_to_null(col("description")),
        workout_duration_s=duration,
        exercise_raw=exercise,
        set_index=None if idx is None else idx.round().astype("Int64"),
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


def _earlier_block_sets(title: pd.Series, start: pd.Series, exercise: pd.Series, idx0: pd.Series,
                        signature: list[pd.Series]) -> pd.Series:
    """Sets of the same exercise in earlier blocks of the same workout (0 for the first block).

    Hevy restarts ``set_index`` at 0 in each block of an exercise, and the same
    exercise can appear twice in a workout. The numbering must not depend on
    where the rows sit in the file (a re-sorted or reversed export must give the
    same sets):

    * an exercise that appears once in a workout (no ``set_index`` repeated) is
      numbered by ``set_index`` alone;
    * where a ``set_index`` repeats, the exercise's own rows (in file order, other
      rows in between do not matter) form blocks of rising ``set_index``; rows read
      the other way round (a reversed file) are turned first, so the blocks and
      their order come out the same;
    * rows in no such order (a file sorted by weight) are told apart by their
      content (``signature``: set type, weight, reps, …): the k-th of each
      ``set_index`` joins block k.

    Each block continues after the sets of the blocks before it.
    """
    key = pd.DataFrame({"t": title.fillna(""), "s": start.fillna(""), "e": exercise.fillna("").str.strip(),
                        "i": idx0})
    repeated = key.duplicated(["t", "s", "e", "i"], keep=False)
    out = pd.Series(0.0, index=key.index)
    if not repeated.any():
        return out
    group = ["t", "s", "e"]
    in_repeat = repeated.groupby([key[g] for g in group], sort=False).transform("any")
    sub = key[in_repeat]
    sig = pd.Series("", index=sub.index, dtype="object")
    for col in signature:
        sig = sig + "\x1f" + col[in_repeat].fillna("").astype("str").astype("object")
    gid = sub.groupby(group, sort=False).ngroup()
    # The usual case, vectorised: rows in file order form runs of rising set_index, as
    # many runs as the most repeated set_index has rows (old code's numbering).
    i = sub["i"]
    step = i.groupby(gid).diff()
    turned = (step == -1).groupby(gid).transform("sum") > (step == 1).groupby(gid).transform("sum")
    run = (i <= i.groupby(gid).shift()).fillna(False).astype("int64").groupby(gid).cumsum()
    most = i.groupby([gid, i]).transform("size").groupby(gid).transform("max")
    clean = (~turned & (run.groupby(gid).transform("max") + 1 == most)).to_numpy()
    in_group = gid.groupby(gid).cumcount()
    in_run = gid.groupby([gid, run]).cumcount()
    out.loc[sub.index[clean]] = (in_group - in_run)[clean].astype("float64").to_numpy()
    if clean.all():
        return out
    sub, sig, gid = sub[~clean], sig[~clean], gid[~clean].to_numpy()
    order = np.argsort(gid, kind="stable")  # each group's rows together, in file order
    gid_sorted = gid[order]
    bounds = np.flatnonzero(np.diff(gid_sorted)) + 1
    positions = sub.index.to_numpy()
    values = sub["i"].to_numpy(dtype="float64")
    sigs = sig.to_numpy()
    result = np.zeros(len(sub), dtype="float64")
    for rows in np.split(order, bounds):
        result[rows] = _block_offsets(values[rows], sigs[rows])
    out.loc[positions] = result
    return out


def _block_offsets(idx: np.ndarray, sig: np.ndarray) -> np.ndarray:
    """Offsets for one (workout, exercise) whose rows are given in file order."""
    n = len(idx)
    steps = np.diff(idx)
    turned = (steps == -1).sum() > (steps == 1).sum()
    seq = np.arange(n)[::-1] if turned else np.arange(n)
    block = np.zeros(n, dtype="int64")
    b = 0
    for a, prev in zip(seq[1:], seq[:-1], strict=True):
        if not idx[a] > idx[prev]:
            b += 1
        block[a] = b
    multiplicity = np.unique(idx, return_counts=True)[1].max()
    if b + 1 != multiplicity:  # not blocks of rising set_index: tell the rows apart by content
        block = np.zeros(n, dtype="int64")
        for v in np.unique(idx):
            rows = np.flatnonzero(idx == v)
            block[rows[np.argsort(sig[rows], kind="stable")]] = np.arange(len(rows))
    sizes = np.bincount(block)
    before = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    return before[block].astype("float64")



FORMAT = FormatModule("hevy", detect, convert, date_roles=("start", "end"),
                      number_roles=("set_index", "weight", "reps", "distance", "seconds", "rpe"))
