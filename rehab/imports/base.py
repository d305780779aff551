"""Shared machinery for every export format: cell parsing, the Python CSV reader, validation.

Design: a format module only knows its own columns. It offers ``detect(header)``
(returns a :class:`Detected` or ``None``) and ``convert(raw, detected, unit)``,
which turns one chunk of raw string cells into the canonical set columns
(:data:`CANONICAL`), vectorised with pandas. This module does everything that is
the same for all apps: over the lines of :mod:`rehab.imports.decode` it reads
CSV records with their *source line numbers* (quoted notes may span lines),
repairs or rejects rows whose field count is wrong, holds the rules of a valid
set (:data:`RULES`, applied by :func:`validate` and, as SQL, by
:mod:`rehab.imports.strong_sql`), and hands chunks of at most ``CHUNK_ROWS``
records onward so memory stays bounded. Which reader reads a file is decided
once, in :mod:`rehab.imports.pipeline` (see ``docs/imports.md``).

Parsers return ``(result, problems)``: bad rows become :class:`Reject` records
with a line and a reason; exceptions are kept for files that cannot be read at
all (:class:`ImportFailure`, whose message names the file and the reason).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from rehab.imports.decisions import (
    _COMMA_GROUPED,
    _DM_START,
    _POINT_GROUPED,
    AMBIGUOUS_COMMA,
    AMBIGUOUS_DOT,
    OFFSET,
    YMD_VALUE,
    dm_parts,
    from_parts,
)
from rehab.imports.decode import MAX_LINE_BYTES as MAX_LINE_BYTES  # the limit the readers share
from rehab.imports.decode import (
    ImportFailure,
    open_lines,
    split_header,
)
from rehab.imports.decode import normalize_header as normalize_header

LB_TO_KG = 0.45359237
MILE_TO_M = 1609.344
CHUNK_ROWS = 100_000

#: Sanity limits applied to every row of every format (a row outside them is
#: rejected with its line and reason, the rest of the file still imports).
MAX_REPS = 1000
MAX_WEIGHT_KG = 1000.0
#: Set numbers are stored as INTEGER; no one logs a thousand sets of one exercise.
MAX_SET_INDEX = 1000
MIN_DATE = pd.Timestamp("1990-01-01")
#: Some slack for time zones: a workout "tomorrow" in UTC is today somewhere.
FUTURE_SLACK = pd.Timedelta(days=2)

SET_KINDS = ("normal", "warmup", "drop", "failure")

#: The bounds of a valid set, ``(column, "<" or ">", bound, reason)``, in the order their
#: reasons win: written once, applied by :func:`validate` (pandas) and :func:`rules_sql`
#: (the Strong conversion inside DuckDB). A null value passes. Dates: :func:`date_bounds`.
RULES: tuple[tuple[str, str, float, str], ...] = (
    ("reps", "<", 0, "negative reps"),
    ("reps", ">", MAX_REPS, f"absurd reps (more than {MAX_REPS})"),
    ("set_index", "<", 0, "negative set number"),
    ("set_index", ">", MAX_SET_INDEX, f"absurd set number (more than {MAX_SET_INDEX})"),
    ("weight_kg", "<", 0, "negative weight"),
    ("weight_kg", ">", MAX_WEIGHT_KG, f"absurd weight (more than {MAX_WEIGHT_KG:g} kg)"),
    ("distance_m", "<", 0, "negative distance"),
    ("duration_s", "<", 0, "negative duration"),
    ("rpe", "<", 0, "RPE outside 0-10"),
    ("rpe", ">", 10, "RPE outside 0-10"),
)

#: The canonical set columns every ``convert`` returns, with their dtypes.
#: ``set_index`` may be null: the importer numbers such sets 1, 2, … within
#: (workout, exercise) in file order. ``weight_kg`` is null for bodyweight and
#: cardio sets (never 0 for "no weight"), as logged (no implement multiplier).
CANONICAL: dict[str, str] = {
    "workout_start": "datetime64[us]",  # local start time as written, no tz shift
    "workout_name": "str",
    "workout_notes": "str",
    "workout_duration_s": "float64",
    "exercise_raw": "str",  # the name exactly as in the file
    "set_index": "Int64",  # 1-based within the exercise in the workout
    "set_kind": "str",  # one of SET_KINDS
    "reps": "float64",
    "weight_kg": "float64",
    "distance_m": "float64",
    "duration_s": "float64",
    "rpe": "float64",
    "notes": "str",  # per-exercise / per-set note
    "superset_id": "str",
    "_error": "str",  # reason the row is rejected, null when fine
}


@dataclass(frozen=True)
class Detected:
    """What a header told us about a file."""

    app: str  # strong | hevy | fitnotes | fitbod | generic
    form: str  # e.g. strong_A, strong_B_old, hevy, fitnotes_new
    columns: dict[str, int]  # role -> column position in the header
    unit: str | None = None  # 'kg' / 'lb' when the header fixes it, else None
    needs_unit: bool = False  # True when neither header nor rows carry a unit
    ncols: int = 0
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reject:
    line: int
    reason: str
    raw: str


@dataclass(frozen=True)
class FormatModule:
    """The contract a format module offers (see ``rehab.imports``)."""

    name: str
    detect: Callable[[list[str]], Detected | None]
    convert: Callable[[pd.DataFrame, Detected, str | None], pd.DataFrame]
    #: Repair a record whose field count differs from the header, or ``None``.
    fix_record: Callable[[list[str], Detected], list[str] | None] | None = None
    #: A weaker detection tried only after every format's ``detect`` failed.
    detect_by_position: Callable[[list[str]], Detected | None] | None = None
    #: Roles (``Detected.columns``) whose cells are dates / numbers: the file-level
    #: date order and number locale are decided from them (:mod:`.decisions`).
    date_roles: tuple[str, ...] = ()
    number_roles: tuple[str, ...] = ()
    #: Date order unless ``--date-format`` says otherwise (the generic template: YMD).
    default_date_order: str | None = None


# ----------------------------------------------------------------- value parsing

def _distinct(errors_arg: str | None = None):
    """Run a vectorised cell parser on the distinct values only, then spread back.

    Exports repeat the same date on every set of a workout and the same few
    weights, durations and reps thousands of times; parsing each distinct
    string once is the same result at a fraction of the cost. ``errors_arg``
    names the parser's in-place error Series, if it has one.
    """

    def wrap(fn):
        sig = inspect.signature(fn)

        @functools.wraps(fn)
        def run(s: pd.Series, *args, **kwargs):
            bound = sig.bind(s, *args, **kwargs)
            codes, uniques = pd.factorize(s, use_na_sentinel=False)
            u = pd.Series(uniques, dtype=s.dtype if len(uniques) else "str")
            errors = bound.arguments.get(errors_arg) if errors_arg else None
            if errors is not None:
                bound.arguments[errors_arg] = empty_errors(len(u))
            bound.arguments[next(iter(sig.parameters))] = u
            out_u = fn(*bound.args, **bound.kwargs)
            out = pd.Series(out_u.to_numpy()[codes], index=s.index, dtype=out_u.dtype)
            if errors is not None:
                e = bound.arguments[errors_arg].to_numpy()[codes]
                target = pd.notna(e) & errors.isna().to_numpy()
                if target.any():
                    errors.loc[target] = e[target]
            return out

        return run

    return wrap


@_distinct("errors")
def to_number(s: pd.Series, what: str, errors: pd.Series, locale: str | None = None) -> pd.Series:
    """Parse numbers (``6``, ``6.0``, `` 5``, ``1,5`` decimal comma); blank -> NaN.

    ``locale`` is the file's decimal separator (``point``/``comma``/``mixed``/None,
    see :mod:`rehab.imports.decisions`): it decides cells with a separator before
    exactly three digits (``1,035``) and cells with thousands groups (``1,035.5``);
    such a cell the locale cannot decide is an error, never a guess. Cells that are
    present but not numbers set ``errors`` (in place) to a reason naming the column
    and the value.
    """
    t = s.astype("str").str.strip()
    blank = t.isna() | (t == "")
    out_t = t
    reason = pd.Series(pd.NA, index=t.index, dtype="str")
    if t.str.contains(",", regex=False).fillna(False).any() or (
            locale == "comma" and t.str.contains(".", regex=False).fillna(False).any()):
        out_t, reason = _grouped(t, what, locale)
    out = pd.to_numeric(out_t.where(~blank & reason.isna()), errors="coerce")
    bad = out.isna() & ~blank
    if bad.any():
        target = bad & errors.isna()
        msg = (what + " is not a number: " + t.str.slice(0, 40).map(repr)).where(reason.isna(), reason)
        errors.loc[target] = msg[target]
    return out.astype("float64")


def _grouped(t: pd.Series, what: str, locale: str | None) -> tuple[pd.Series, pd.Series]:
    """Rewrite comma/dot cells to plain numbers by the file's locale; (text, reason if refused)."""
    reason = pd.Series(pd.NA, index=t.index, dtype="str")
    shown = t.str.slice(0, 40).map(repr)
    amb_comma = t.str.fullmatch(AMBIGUOUS_COMMA.pattern).fillna(False)
    amb_dot = t.str.fullmatch(AMBIGUOUS_DOT.pattern).fillna(False)
    point_grouped = t.str.fullmatch(_POINT_GROUPED).fillna(False)
    comma_grouped = t.str.fullmatch(_COMMA_GROUPED).fillna(False)
    dec_comma = t.str.fullmatch(r"-?\d+,\d+").fillna(False) & ~amb_comma
    out = t.copy()
    # decimal comma with other than three decimals: unambiguous (as before)
    out = out.where(~dec_comma, t.str.replace(",", ".", regex=False))
    # thousands groups of the decimal-point convention: 1,035.5 / 1,234,567
    out = out.where(~point_grouped, t.str.replace(",", "", regex=False))
    # thousands groups of the decimal-comma convention: 1.035,5 / 1.234.567
    out = out.where(~comma_grouped, t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    if locale == "comma":
        out = out.where(~amb_comma, t.str.replace(",", ".", regex=False))  # 1,035 -> 1.035
        out = out.where(~amb_dot, t.str.replace(".", "", regex=False))  # 1.035 -> 1035
        refuse = point_grouped
        why = " uses a thousands comma but the file writes decimal commas"
    elif locale == "point":
        out = out.where(~amb_comma, t.str.replace(",", "", regex=False))  # 1,035 -> 1035
        refuse = comma_grouped
        why = " uses a thousands dot but the file writes decimal points"
    else:
        refuse = amb_comma | ((point_grouped | comma_grouped) & (locale == "mixed"))
        why = (" could be a thousands separator or a decimal comma, and the file "
               + ("writes both decimal points and decimal commas" if locale == "mixed"
                  else "shows no decimal separator elsewhere") + "; write it without grouping (1035 or 1.035)")
    if refuse.any():
        reason = reason.where(~refuse, what + " " + shown + why)
    return out, reason


def empty_errors(n_or_index) -> pd.Series:
    index = n_or_index if isinstance(n_or_index, pd.Index) else pd.RangeIndex(n_or_index)
    return pd.Series(pd.NA, index=index, dtype="str")


@_distinct()
def parse_duration(s: pd.Series) -> pd.Series:
    """Strong durations: ``31m``, ``1h 45m``, ``38min``, ``45s``, ``1h``, or seconds."""
    t = s.astype("str").str.strip().str.lower()
    plain = pd.to_numeric(t, errors="coerce")
    parts = t.str.extract(
        r"^(?:(?P<h>\d+(?:\.\d+)?)\s*h)?\s*(?:(?P<m>\d+(?:\.\d+)?)\s*m(?:in)?)?\s*(?:(?P<s>\d+(?:\.\d+)?)\s*s)?$"
    )
    hms = (
        pd.to_numeric(parts["h"], errors="coerce").fillna(0) * 3600
        + pd.to_numeric(parts["m"], errors="coerce").fillna(0) * 60
        + pd.to_numeric(parts["s"], errors="coerce").fillna(0)
    )
    matched = parts.notna().any(axis=1)
    return plain.where(plain.notna(), hms.where(matched)).astype("float64")


@_distinct()
def parse_hms(s: pd.Series) -> pd.Series:
    """``H:MM:SS`` / ``MM:SS`` / seconds -> seconds (FitNotes ``Time``)."""
    t = s.astype("str").str.strip()
    parts = t.str.extract(r"^(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$")
    hms = (
        pd.to_numeric(parts[0], errors="coerce").fillna(0) * 3600
        + pd.to_numeric(parts[1], errors="coerce") * 60
        + pd.to_numeric(parts[2], errors="coerce")
    )
    plain = pd.to_numeric(t, errors="coerce")
    return hms.where(hms.notna(), plain).astype("float64")


def _to_datetime(t: pd.Series, **kw) -> pd.Series:
    """``pd.to_datetime(errors="coerce")`` that never raises nor returns a time zone.

    An offset the caller did not strip (``+000``, ``+05``) makes pandas return
    zone-aware values or raise "Mixed timezones"; such cells become NaT (the
    row is rejected as not a date) instead of crashing the whole import.
    """
    try:
        out = pd.to_datetime(t, errors="coerce", **kw)
        if not isinstance(out.dtype, pd.DatetimeTZDtype):
            return out
    except (ValueError, TypeError, OverflowError):
        pass
    values = []
    for v in t:
        try:
            ts = pd.to_datetime(v, errors="coerce", **kw)
        except (ValueError, TypeError, OverflowError):
            ts = pd.NaT
        values.append(pd.NaT if pd.isna(ts) or ts.tzinfo is not None else ts)
    return pd.Series(values, index=t.index, dtype="datetime64[us]")


@_distinct("errors")
def parse_datetime(s: pd.Series, errors: pd.Series, what: str = "date", fmt: str | None = None,
                   order: str | None = None) -> pd.Series:
    """Parse timestamps as written (local time, no zone shift); bad -> error.

    ``order`` is the file's date order (DMY/MDY/YMD, decided once per file by
    :mod:`rehab.imports.decisions`): year-first values are always year-month-day;
    day/month values (``04.03.2025``, ``3/4/25 5:30 PM``) are read in that order;
    with ``YMD`` they are rejected; with None only values both orders read the
    same way are accepted. A value with a month name (``4 Mar 2025``) is read as
    written unless the order is ``YMD``.
    """
    t = s.astype("str").str.strip()
    blank = t.isna() | (t == "")
    t2 = t.str.replace(OFFSET, "", regex=True)
    if fmt:
        out = _to_datetime(t2, format=fmt).astype("datetime64[us]")
    else:
        out = pd.Series(pd.NaT, index=t.index, dtype="datetime64[us]")
        year_first = t2.str.match(r"\d{4}").fillna(False)
        if year_first.any():
            out.loc[year_first] = _to_datetime(t2[year_first], format="ISO8601").astype("datetime64[us]")
            rest = year_first & out.isna()
            if rest.any():  # e.g. 2025-03-04 5:30:00 PM, 2025/03/04 10:00
                out.loc[rest] = from_parts(t2[rest].str.extract(YMD_VALUE), "a", "b")
        others = ~year_first & ~blank
        if others.any() and order != "YMD":
            dm = others & t2.str.match(_DM_START).fillna(False)
            if dm.any():
                parts = dm_parts(t2[dm])
                if order in ("DMY", None):
                    got = from_parts(parts, "a", "b")
                    if order is None:  # undecided: only values both orders read alike
                        got = got.where(got == from_parts(parts, "b", "a"))
                else:
                    got = from_parts(parts, "b", "a")
                out.loc[dm] = got
            named = others & ~dm & t2.str.contains(r"[^\W\d_]{3}", regex=True).fillna(False) \
                & t2.str.contains(r"\d{4}", regex=True).fillna(False)
            if named.any():  # a month name: no day/month question
                out.loc[named] = _to_datetime(t2[named], format="mixed", dayfirst=False).astype("datetime64[us]")
    out = out.astype("datetime64[us]")
    bad = out.isna()
    if bad.any():
        msg = pd.Series(f"{what} missing", index=t.index, dtype="str")
        msg = msg.where(blank, what + " is not a date: " + t.str.slice(0, 40).map(repr))
        if order == "YMD" and not fmt:  # a day/month date where YYYY-MM-DD is required: say how to allow it
            hint = dm_parts(t2)["a"].notna()
            msg = msg.where(~hint, msg + " (read as YYYY-MM-DD; pass --date-format DMY or MDY for other orders)")
        errors.loc[bad & errors.isna()] = msg[bad & errors.isna()]
    return out


class Columns:
    """The raw cells of a chunk by role: ``col(role)`` is the column a role was detected at, or None if the
    header has no such column; ``col.need(role)`` is for a role the format requires (or has checked)."""

    def __init__(self, raw: pd.DataFrame, det: Detected):
        self.raw, self.det = raw, det

    def __call__(self, role: str) -> pd.Series | None:
        return self.raw[f"c{self.det.columns[role]}"] if role in self.det.columns else None

    def need(self, role: str) -> pd.Series:
        return self.raw[f"c{self.det.columns[role]}"]  # KeyError: a format bug (it requires the role)


def column_getter(raw: pd.DataFrame, det: Detected) -> Columns:
    """``col(role)`` / ``col.need(role)`` over the raw cells of one chunk (:class:`Columns`)."""
    return Columns(raw, det)


def zero_to_null(s: pd.Series | None) -> pd.Series | None:
    """0 means "not logged" in these exports (bodyweight, no distance): null it."""
    return None if s is None else s.where(s != 0)


def blank_to_null(s: pd.Series | None) -> pd.Series | None:
    """Trim text cells; an empty cell becomes null."""
    if s is None:
        return None
    t = s.str.strip()
    return t.where(t != "")


def canonical_frame(index: pd.Index, **cols) -> pd.DataFrame:
    """Assemble a canonical frame; missing columns become typed nulls."""
    out = {}
    for name, dtype in CANONICAL.items():
        v = cols.get(name)
        if v is None:
            out[name] = pd.Series(pd.NA if dtype in ("str", "Int64") else np.nan, index=index, dtype=dtype)
        elif isinstance(v, pd.Series):
            out[name] = v.astype(dtype) if str(v.dtype) != dtype else v
        else:
            out[name] = pd.Series(v, index=index).astype(dtype)
    return pd.DataFrame(out, index=index)


def weight_to_kg(weight: pd.Series, unit: pd.Series | str | None) -> pd.Series:
    """Convert weights to kg given a unit (scalar or per row: kg/kgs/lb/lbs)."""
    if unit is None:
        return weight
    if isinstance(unit, str):
        return weight * LB_TO_KG if unit.lower().startswith("lb") else weight
    is_lb = unit.astype("str").str.strip().str.lower().str.startswith("lb").fillna(False)
    return weight.where(~is_lb, weight * LB_TO_KG)


def distance_to_m(dist: pd.Series, unit: pd.Series | str | None) -> pd.Series:
    """Distances to metres; unit scalar or per row (km, mi/mi./miles, m, ft, yd)."""
    factors = {"km": 1000.0, "kms": 1000.0, "m": 1.0, "meters": 1.0, "metres": 1.0, "mi": MILE_TO_M,
               "mi.": MILE_TO_M, "mile": MILE_TO_M, "miles": MILE_TO_M, "ft": 0.3048, "feet": 0.3048,
               "yd": 0.9144, "yds": 0.9144, "yards": 0.9144}
    if unit is None:
        return dist
    if isinstance(unit, str):
        return dist * factors.get(unit.strip().lower(), 1.0)
    f = unit.astype("str").str.strip().str.lower().map(factors).astype("float64").fillna(1.0)
    return dist * f


# --------------------------------------------------------------- the record reader

#: Lower-case header cells any format starts a line with: a cheap pre-check
#: before ``other_header`` (:func:`rehab.imports.header_of`) is asked about a record.
HEADER_WORDS = frozenset(w for w in (
    "date", "datum", "fecha", "data", "workout #", "title", "exercise", "exercise name", "datetime", "start",
    "workout_start", "workout name", "start_time", "exercise_title", "workout", "date de début"))
#: The same as files write them (for a hash lookup over a whole column, no lower-casing per row).
HEADER_CELLS = sorted({v for w in HEADER_WORDS for v in (w, w.title(), w.capitalize(), w.upper())})


@dataclass
class ReadResult:
    """What streaming a file produced, besides the chunks themselves."""

    detected: Detected | None = None
    rejects: list[Reject] = field(default_factory=list)
    recoded_lines: list[int] = field(default_factory=list)
    #: How the file was decoded and split: decides its reader (``rehab.imports.fastcsv.applicable``).
    encoding: str = ""
    delimiter: str = ","
    header_lineno: int = 0
    header: list[str] = field(default_factory=list)  # normalized, to spot it repeated
    display_name: str = ""


def open_records(
    path: Path, display_name: str, detect: Callable[[list[str]], tuple[FormatModule, Detected]],
    other_header: Callable[[list[str]], Detected | None] | None = None,
) -> tuple[Detected, FormatModule, Iterator[pd.DataFrame], ReadResult]:
    """Open ``path``, detect its format and return a lazy iterator of raw chunks.

    Each chunk is a DataFrame of string columns ``c0…cN`` (header positions)
    plus ``_line`` (the record's first source line). Records whose field count
    is wrong and cannot be repaired go to ``result.rejects``. ``other_header``
    tells whether a record is the header of some export: a *different* header
    inside the file (two exports pasted together) refuses the file, naming the line.
    """
    encoding, fh, source = open_lines(path, display_name)
    try:
        lines = iter(source)
        header_line = None
        header_lineno = 0
        for header_lineno, line in enumerate(lines, start=1):  # noqa: B007
            if line.strip():
                header_line = line.rstrip("\r\n")
                break
        if header_line is None:
            raise ImportFailure(f"{display_name}: the file is empty")
        if "\r" in header_line:
            raise ImportFailure(f"{display_name}: the line endings are bare CR (old Mac style); "
                                "save the file with Windows or Unix line endings")
        fields, delim = split_header(header_line)
        header = normalize_header(fields)
        module, det = detect(header)
    except BaseException:
        fh.close()
        raise
    result = ReadResult(detected=det, encoding=encoding, delimiter=delim, header_lineno=header_lineno,
                        header=header, display_name=display_name)

    def chunks() -> Iterator[pd.DataFrame]:
        ncols = len(header)
        header_first = {fields[0], header[0]}  # a cheap test before comparing a whole record
        rows: list[list[str]] = []
        linenos: list[int] = []
        last = header_lineno
        try:
            reader = csv.reader(lines, delimiter=delim, strict=False)
            while True:
                try:
                    rec = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    start = last + 1
                    last = header_lineno + reader.line_num
                    result.rejects.append(Reject(start, f"unreadable CSV line ({exc})", ""))
                    continue
                start = last + 1
                last = header_lineno + reader.line_num
                if not rec or (not rec[0].strip() and all(not f.strip() for f in rec)):
                    continue  # blank line
                if source.nul_lines and any(n in source.nul_lines for n in range(start, last + 1)):
                    result.rejects.append(Reject(start, "the line holds a NUL byte (binary data)",
                                                 delim.join(rec).replace("\x00", "")[:2000]))
                    continue
                if rec[0] in header_first and normalize_header(rec) == header:
                    result.rejects.append(Reject(start, "header line repeated (two exports pasted together?)",
                                                 delim.join(rec)[:2000]))
                    continue
                if other_header is not None and (len(rec) != ncols or rec[0].strip().lower() in HEADER_WORDS):
                    _second_header(rec, delim, start, det, other_header, display_name)
                if len(rec) != ncols:
                    fixed = module.fix_record(rec, det) if module.fix_record else None
                    if fixed is None or len(fixed) != ncols:
                        truncated = len(rec) < ncols
                        reason = (
                            f"truncated line: {len(rec)} of {ncols} fields"
                            if truncated
                            else f"expected {ncols} fields, found {len(rec)}"
                        )
                        if last > start:  # a quote left open swallowed the lines after it
                            reason += f" (lines {start}-{last} read as one record: is a quote not closed?)"
                        result.rejects.append(Reject(start, reason, delim.join(rec)[:2000]))
                        continue
                    rec = fixed
                rows.append(rec)
                linenos.append(start)
                if len(rows) >= CHUNK_ROWS:
                    yield record_frame(rows, linenos, ncols)
                    rows, linenos = [], []
            if rows:
                yield record_frame(rows, linenos, ncols)
        finally:
            result.recoded_lines = source.recoded
            fh.close()

    return det, module, chunks(), result


def _second_header(rec: list[str], delim: str, line: int, det: Detected,
                   other_header: Callable[[list[str]], Detected | None], name: str) -> None:
    """Raise when ``rec`` (line ``line``) is the header of another export."""
    text = delim.join(rec)
    if len(text) > 4096:
        return
    fields, _ = split_header(text)
    other = other_header(normalize_header(fields))
    if other is None:
        return
    what = other.app.title() + ("" if other.form == other.app else f", form {other.form}")
    raise ImportFailure(
        f"{name}: line {line} is the header of a second export ({what}) inside this {det.app.title()} export "
        "(two exports pasted together?); split the file there and import each part on its own")


def record_frame(rows: list[list[str]], linenos: list[int], ncols: int) -> pd.DataFrame:
    """A chunk of records as text columns ``c0…`` with each record's first line in ``_line`` (what every
    reader hands the formats' ``convert``)."""
    df = pd.DataFrame(rows, columns=[f"c{i}" for i in range(ncols)], dtype="str")
    df["_line"] = np.asarray(linenos, dtype="int64")
    return df


def date_bounds(now: dt.datetime | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The earliest and latest valid workout start (``now`` plus the time-zone slack)."""
    return MIN_DATE, pd.Timestamp(now or dt.datetime.now()) + FUTURE_SLACK


def rules_sql(exprs: dict[str, str]) -> list[str]:
    """:data:`RULES` as SQL conditions that hold when a row passes, for the columns in ``exprs``
    (column -> the SQL expression of its value)."""
    return [f"NOT coalesce(({exprs[col]}) {op} {bound!r}, false)" for col, op, bound, _ in RULES if col in exprs]


def passes_rules(column: str, values: pd.Series) -> pd.Series:
    """True where ``values`` of ``column`` break none of :data:`RULES` (null passes)."""
    ok = pd.Series(True, index=values.index)
    for col, op, bound, _ in RULES:
        if col == column:
            ok &= ~(values < bound if op == "<" else values > bound).fillna(False).astype(bool)
    return ok


def validate(df: pd.DataFrame, now: dt.datetime | None = None) -> pd.DataFrame:
    """Apply the common sanity limits (dates, :data:`RULES`, names, kinds), writing reasons into ``_error``."""
    err = df["_error"].copy()
    min_date, now_ts = date_bounds(now)

    def flag(mask: pd.Series, reason: Callable[[], pd.Series] | str) -> None:
        m = mask.fillna(False) & err.isna()
        if m.any():
            err.loc[m] = reason if isinstance(reason, str) else reason()[m]

    ws = df["workout_start"]
    # Reasons that quote values are built only when some row needs them.
    flag(ws < min_date, lambda: "date before 1990: " + ws.dt.strftime("%Y-%m-%d").astype("str"))
    flag(ws > now_ts, lambda: "date in the future: " + ws.dt.strftime("%Y-%m-%d").astype("str"))
    for col, op, bound, reason in RULES:
        values = df[col]
        flag(values < bound if op == "<" else values > bound, reason)
    flag(df["exercise_raw"].isna() | (df["exercise_raw"].str.strip() == ""), "exercise name missing")
    flag(~df["set_kind"].isin(SET_KINDS), "unknown set kind")
    return df.assign(_error=err)
