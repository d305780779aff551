"""StrongLifts 5×5 exports: wide tables, unfolded here into one record per set.

Two layouts are in circulation (see docs/formats.md for the files they were read from):

* **Current** — one row per exercise of a workout::

    Date (yyyy/mm/dd),Workout,Workout Name,Program Name,Body Weight (KG),Exercise,Sets×Reps,…,
    Duration (hours),Start Time (h:mm),End Time (h:mm),Notes,Set 1 (Reps),Set 1 (KG),Set 2 (Reps),…

  each set a ``Set N (Reps)`` / ``Set N (KG|LB)`` pair; the unit is in the header.
  The date format is stated in the date column's own name.

* **Legacy spreadsheet** — one row per workout, a block of columns per exercise::

    Date,Note,Body Weight (KG),Body Weight (LB),Exercise 1,Weight (KG),Weight (LB),Set 1,…,Set 5,Exercise 2,…

  one weight per exercise (in whichever of the two unit columns is filled) and
  the reps of each set. Dates are ``DD/MM/YY`` in some files and ``MM/DD/YY``
  in others under the very same header, so the order is decided per file from
  all its dates: a first number above 12 can only be a day, a second number
  above 12 only a day too; when no date settles it, the order under which the
  file (written oldest first) runs forwards in time wins; a file that still
  cannot tell is read month-first, the order the US export uses.

In both, a blank or ``0`` reps cell is a set that was not done (StrongLifts
leaves the slots of the program's five sets in every row) and is no set; a
weight of 0 is bodyweight. Body weight columns are not sets and are not stored.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

from rehab.imports.base import Detected, FormatModule, ImportFailure, Reject
from rehab.imports.decode import normalize_header, split_header, text_lines
from rehab.imports.documents import DocumentFormat, Record, csv_records, never_a_header
from rehab.imports.setrecords import cells, convert, detected

_SET_REPS = re.compile(r"^set\s*(\d+)\s*\(reps\)$", re.I)
_SET_WEIGHT = re.compile(r"^set\s*(\d+)\s*\((kg|kgs|lb|lbs)\)$", re.I)
_DATE_FMT = re.compile(r"^date\s*\(([ymd/.\-]+)\)$", re.I)
_LEGACY_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*([AaPp]\.?\s?[Mm]\.?)?\s*$")


def _header(lines: list[str]) -> list[str] | None:
    first = next((ln for ln in lines if ln.strip()), None)
    if first is None:
        return None
    return normalize_header(split_header(first)[0])


def _layout(header: list[str]) -> str | None:
    low = [h.lower() for h in header]
    if not low or not low[0].startswith("date"):
        return None
    if "exercise" in low and any(_SET_REPS.match(h) for h in low):
        return "current"
    if "exercise 1" in low and "set 1" in low and "weight (kg)" in low:
        return "legacy"
    return None


def sniff(head: bytes, lines: list[str]) -> bool:
    header = _header(lines)
    return header is not None and _layout(header) is not None


def _rows(path: Path, name: str,
          problems: list[Reject] | None = None) -> tuple[list[str], str, Iterator[tuple[int, list[str]]]]:
    """The header, the delimiter and ``(line, fields)`` for every non-blank row after it.

    Rows the csv module cannot split go to ``problems`` (a throwaway list for the passes that only look).
    """
    lines = text_lines(path, name)
    for _n, text in lines:
        if text.strip():
            fields, delim = split_header(text)
            header = normalize_header(fields)
            break
    else:
        raise ImportFailure(f"{name}: the file is empty")

    rows = ((first, fields) for first, _last, fields in csv_records(lines, [] if problems is None else problems, delim))
    return header, delim, rows


def _clock(text: str) -> tuple[int, int] | None:
    m = _TIME.match(text or "")
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    ampm = (m.group(3) or "").lower()[:1]
    if ampm:
        hour = hour % 12 + (12 if ampm == "p" else 0)
    return (hour, minute) if hour < 24 and minute < 60 else None


def read(path: Path, name: str) -> tuple[Detected, Iterator[Record], list[Reject]]:
    header, _delim, _ = _rows(path, name)
    layout = _layout(header)
    if layout is None:
        raise ImportFailure(f"{name}: the header is not a StrongLifts export")
    problems: list[Reject] = []
    if layout == "current":
        return _read_current(path, name, header, problems)
    return _read_legacy(path, name, header, problems)


# ---------------------------------------------------------------- current layout

def _read_current(path: Path, name: str, header: list[str],
                  problems: list[Reject]) -> tuple[Detected, Iterator[Record], list[Reject]]:
    low = [h.lower() for h in header]
    fmt_match = _DATE_FMT.match(low[0])
    date_fmt = _strptime_format(fmt_match.group(1)) if fmt_match else "%Y/%m/%d"
    col = {h: i for i, h in reversed(list(enumerate(low)))}
    pairs: dict[int, dict[str, int]] = {}
    unit = None
    for i, h in enumerate(low):
        if m := _SET_REPS.match(h):
            pairs.setdefault(int(m.group(1)), {})["reps"] = i
        elif m := _SET_WEIGHT.match(h):
            pairs.setdefault(int(m.group(1)), {})["weight"] = i
            unit = "lb" if m.group(2).startswith("lb") else "kg"
    det = detected("stronglifts", "stronglifts" if unit != "lb" else "stronglifts_lb", unit=unit or "kg",
                   labels={"start": header[0], "reps": "Set (Reps)", "weight": "Set weight"})

    def records() -> Iterator[Record]:
        _, _, rows = _rows(path, name, problems)
        for line, f in rows:
            def get(key: str, f: list[str] = f) -> str:
                i = col.get(key)
                return f[i].strip() if i is not None and i < len(f) else ""

            raw_date = f[0].strip() if f else ""
            try:
                day = dt.datetime.strptime(raw_date, date_fmt)
            except ValueError:
                problems.append(Reject(line, f"{header[0]} is not a date: {raw_date[:40]!r}", ",".join(f)[:2000]))
                continue
            clock = _clock(get("start time (h:mm)"))
            start = (day.replace(hour=clock[0], minute=clock[1]) if clock else day).isoformat(sep=" ")
            hours = get("duration (hours)")
            try:
                duration = float(hours) * 3600 if hours else None
            except ValueError:
                duration = None
            for n in sorted(pairs):
                ri, wi = pairs[n].get("reps"), pairs[n].get("weight")
                reps = f[ri].strip() if ri is not None and ri < len(f) else ""
                if reps in ("", "0", "-"):
                    continue  # a slot of the program that was not done
                weight = f[wi].strip() if wi is not None and wi < len(f) else ""
                yield Record(line, cells(start=start, workout_name=get("workout name"), workout_duration_s=duration,
                                         exercise=get("exercise"), set_index=n, reps=reps, weight=weight,
                                         notes=get("notes")))

    return det, records(), problems


def _strptime_format(spec: str) -> str:
    """``yyyy/mm/dd`` -> ``%Y/%m/%d`` (the export names its own date format)."""
    out = spec.lower()
    for token, code in (("yyyy", "%Y"), ("yy", "%y"), ("mm", "%m"), ("dd", "%d")):
        out = out.replace(token, code)
    return out


# ----------------------------------------------------------------- legacy layout

def _read_legacy(path: Path, name: str, header: list[str],
                 problems: list[Reject]) -> tuple[Detected, Iterator[Record], list[Reject]]:
    low = [h.lower() for h in header]
    blocks: list[dict] = []
    for i, h in enumerate(low):
        if re.fullmatch(r"exercise\s*\d+", h):
            blocks.append({"name": i, "kg": None, "lb": None, "sets": []})
        elif blocks:
            b = blocks[-1]
            if h == "weight (kg)":
                b["kg"] = i
            elif h in ("weight (lb)", "weight (lbs)"):
                b["lb"] = i
            elif m := re.fullmatch(r"set\s*(\d+)", h):
                b["sets"].append((int(m.group(1)), i))
    note_col = low.index("note") if "note" in low else None
    workout_col = low.index("workout") if "workout" in low else None
    order = _legacy_date_order(path, name)
    det = detected("stronglifts", "stronglifts_legacy", unit=None,
                   labels={"start": "Date", "reps": "Set", "weight": "Weight"}, date_order=order)

    def records() -> Iterator[Record]:
        _, _, rows = _rows(path, name, problems)
        for line, f in rows:
            raw_date = f[0].strip() if f else ""
            start = _legacy_date(raw_date, order)
            if start is None:
                what = "day/month/year" if order == "day_first" else "month/day/year"
                problems.append(Reject(line, f"Date {raw_date[:40]!r} is not a date in this file's {what} order",
                                       ",".join(f)[:2000]))
                continue

            def at(i: int | None, f: list[str] = f) -> str:
                return f[i].strip() if i is not None and i < len(f) else ""

            for b in blocks:
                exercise = at(b["name"])
                sets = [(n, at(i)) for n, i in b["sets"]]
                done = [(n, r) for n, r in sets if r not in ("", "0", "-")]
                if not exercise:
                    if done:
                        problems.append(Reject(line, "reps without an exercise name", ",".join(f)[:2000]))
                    continue
                kg, lb = at(b["kg"]), at(b["lb"])
                weight, wunit = (kg, "kg") if kg else (lb, "lb") if lb else ("", "kg")
                for n, reps in done:
                    yield Record(line, cells(start=start, workout_name=at(workout_col), exercise=exercise,
                                             set_index=n, reps=reps, weight=weight, weight_unit=wunit,
                                             notes=at(note_col)))

    return det, records(), problems


def _legacy_date(text: str, order: str) -> str | None:
    m = _LEGACY_DATE.match(text)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if y < 100:
        y += 2000
    day, month = (a, b) if order == "day_first" else (b, a)
    try:
        return dt.date(y, month, day).isoformat()
    except ValueError:
        return None


def _legacy_date_order(path: Path, name: str) -> str:
    """``day_first`` or ``month_first`` for the whole file (see the module docstring)."""
    _, _, rows = _rows(path, name)
    parts = []
    for _line, f in rows:
        m = _LEGACY_DATE.match(f[0]) if f else None
        if m:
            parts.append((int(m.group(1)), int(m.group(2)), int(m.group(3))))
    first_big = sum(a > 12 for a, _, _ in parts)
    second_big = sum(b > 12 for _, b, _ in parts)
    if first_big or second_big:
        # Both can happen only in a file pasted from two phones; the majority wins
        # and the other rows are rejected as dates that cannot be.
        return "day_first" if first_big >= second_big else "month_first"

    def backwards(order: str) -> int:
        days = []
        for a, b, y in parts:
            try:
                days.append(dt.date(y + 2000 if y < 100 else y, *((b, a) if order == "day_first" else (a, b))))
            except ValueError:
                continue
        return sum(later < earlier for earlier, later in itertools.pairwise(days))

    return "day_first" if backwards("day_first") < backwards("month_first") else "month_first"


MODULE = FormatModule("stronglifts", never_a_header, convert)
FORMAT = DocumentFormat(MODULE, sniff, read)
