"""Alpha Progression exports: not a table but blocks of workouts, read line by line.

A workout as the app writes it (European locale: ``;`` between fields, ``,`` decimals)::

    "Legs · Day 2 · Week 4 · Push-Pull-Legs";"2026-02-19 4:54 h";"1:02 hr"
    "1. Hack Squats · Machine · 8 reps";"WU1 · 37,5 kg · 9 reps<br>WU2 · 72,5 kg · 7 reps"
    #;KG;REPS;RIR
    1;115;8;1
    2;102,5;6;0
    "2. Hanging Leg Raises · Bodyweight · 12 reps · 2 dropsets"
    #;KG;REPS;RIR
    1;+0;12;1

and a blank line before the next workout. Read here:

* A workout starts at a line holding a date ``YYYY-MM-DD`` (with an optional
  ``H:MM`` time and ``h``); its title is the line's first field, or the line
  before when the date stands on a line of its own (the English layout writes
  title and date on two lines). A field like ``1:02 hr`` / ``62 min`` is its length.
* ``N. Name · Equipment · 8 reps`` starts an exercise: the name and equipment are
  kept (``Hack Squats · Machine``), the target reps and modifiers are not. Its
  second field lists warm-up sets ``WU1 · 37,5 kg · 9 reps`` (stored as warm-ups).
* ``#`` then the column names (``KG``/``LBS``/``LB``, ``REPS``, ``RIR``, ``SECS``,
  ``KM``/``MI``) says what the set lines under it hold and which delimiter the
  file uses (``;`` or ``,``). The unit is in that line.
* A set line is its number then the values. ``-`` means not done (no set);
  ``+35`` is 35 added to bodyweight, ``+0`` bodyweight only (weight null).
  RIR (reps in reserve) is stored as RPE = 10 − RIR, the RIR-based RPE scale.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from rehab.imports.base import Detected, FormatModule, Reject
from rehab.imports.decode import text_lines
from rehab.imports.documents import DocumentFormat, Record, csv_records, never_a_header
from rehab.imports.setrecords import cells, convert, detected

_COLUMNS = re.compile(r"^\s*\"?#\"?\s*([;,])\s*\"?(KGS?|LBS?|KM|MI|M|REPS|SECS)\b", re.I)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::\d{2})?\s*(h|[AaPp]\.?[Mm]\.?)?)?")
_EXERCISE = re.compile(r"^\s*(\d+)\.\s+(.+?)\s*$")
_DURATION = re.compile(r"^\s*(?:(\d+):(\d{2})\s*(?:hr?s?|h)|(\d+)\s*min)\s*$", re.I)
_WARMUP = re.compile(r"WU\s*(\d+)\s*·\s*([+\-]?\d+(?:[.,]\d+)?)\s*(kg|kgs|lb|lbs)\s*·\s*(\d+)\s*reps", re.I)
_TARGET = re.compile(r"^(\d+(?:\s*[-–]\s*\d+)?\s*reps?|\d+\s*(?:drop)?sets?|\d+\s*dropsets?|\d+\s*secs?)$", re.I)
_UNITS = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}


def sniff(head: bytes, lines: list[str]) -> bool:
    if not any(_COLUMNS.match(ln) for ln in lines):
        return False
    return any(_DATE.search(ln) for ln in lines) and any(_EXERCISE.match(ln.lstrip('"')) for ln in lines)


def _delimiter(path: Path, name: str) -> str:
    for _n, text in text_lines(path, name):
        if m := _COLUMNS.match(text):
            return m.group(1)
    return ";"


def read(path: Path, name: str) -> tuple[Detected, Iterator[Record], list[Reject]]:
    delim = _delimiter(path, name)
    problems: list[Reject] = []
    det = detected("alpha_progression", "alpha_progression" if delim == ";" else "alpha_progression_en",
                   labels={"start": "date", "reps": "REPS", "weight": "weight", "duration_s": "SECS",
                           "distance_m": "distance", "rpe": "RIR"})
    return det, _records(path, name, delim, problems), problems


def _session_start(fields: list[str]) -> tuple[str, int] | None:
    """``(ISO start, index of the date field)`` if a field of this line is a workout date."""
    for i, f in enumerate(fields):
        m = _DATE.search(f)
        if not m:
            continue
        y, mo, d, hh, mm, suffix = m.groups()
        hour, minute = int(hh or 0), int(mm or 0)
        s = (suffix or "").lower()[:1]
        if s in ("a", "p"):
            hour = hour % 12 + (12 if s == "p" else 0)
        try:
            return dt.datetime(int(y), int(mo), int(d), hour, minute).isoformat(sep=" "), i
        except ValueError:
            return None
    return None


def _duration(fields: list[str]) -> float | None:
    for f in fields:
        if m := _DURATION.match(f):
            if m.group(3):
                return int(m.group(3)) * 60.0
            return int(m.group(1)) * 3600.0 + int(m.group(2)) * 60.0
    return None


def _exercise_name(title: str) -> str:
    parts = [p.strip() for p in title.split("·")]
    kept = [p for p in parts if p and not _TARGET.match(p)]
    return " · ".join(kept[:2]) if kept else title.strip()


def _weight(text: str) -> str:
    """``+35`` -> ``35`` (load on top of bodyweight); ``+0``/``0`` -> blank (bodyweight only)."""
    t = text.strip().lstrip("+")
    return "" if t in ("0", "0,0", "0.0") else t


def _records(path: Path, name: str, delim: str, problems: list[Reject]) -> Iterator[Record]:
    start = title = duration = None
    exercise = None
    columns: list[str] | None = None
    pending_title: str | None = None
    for line, _last, fields in csv_records(text_lines(path, name), problems, delim):
        raw = delim.join(fields)
        first = fields[0].strip() if fields else ""
        if _COLUMNS.match(raw):
            columns = [f.strip().upper() for f in fields[1:]]
            continue
        if re.match(r"^\d+$", first) and len(fields) > 1:  # a set line
            if start is None or exercise is None or columns is None:
                problems.append(Reject(line, "a set line before any workout date, exercise or # column line",
                                       raw[:2000]))
                continue
            values = dict(zip(columns, (f.strip() for f in fields[1:]), strict=False))
            if any(v == "-" for v in values.values()) or not any(values.values()):
                continue  # a planned set that was not done
            unit_col = next((c for c in columns if c.lower() in _UNITS), None)
            rir = values.get("RIR", "")
            rpe = _rpe(rir)
            if rir and rpe is None:
                problems.append(Reject(line, f"RIR is not a number from 0 to 10: {rir[:20]!r}", raw[:2000]))
                continue
            yield Record(line, cells(
                start=start, workout_name=title, workout_duration_s=duration, exercise=exercise,
                set_index=first, reps=values.get("REPS", ""),
                weight=_weight(values.get(unit_col, "")) if unit_col else "",
                weight_unit=_UNITS[unit_col.lower()] if unit_col else "",
                duration_s=values.get("SECS", ""), distance_m=_distance(values), rpe=rpe))
            continue
        if m := _EXERCISE.match(first):
            if start is None:
                problems.append(Reject(line, "an exercise before any workout date", raw[:2000]))
                continue
            exercise = _exercise_name(m.group(2))
            columns = None
            for wu in (" ".join(fields[1:])).replace("<br>", "\n").splitlines():
                if w := _WARMUP.search(wu):
                    yield Record(line, cells(start=start, workout_name=title, workout_duration_s=duration,
                                             exercise=exercise, set_index=w.group(1), set_kind="warmup",
                                             reps=w.group(4), weight=_weight(w.group(2)),
                                             weight_unit=_UNITS[w.group(3).lower()]))
            continue
        found = _session_start(fields)
        if found is not None:
            start, at = found
            others = [f.strip() for i, f in enumerate(fields) if i != at and f.strip()]
            named = [f for f in others if not _DURATION.match(f)]
            title = named[0] if named else pending_title
            duration = _duration(fields)
            exercise, columns, pending_title = None, None, None
            continue
        if first:
            pending_title = first  # a title line; its date follows on the next line


def _rpe(rir: str) -> str | None:
    if not rir:
        return ""
    try:
        value = float(rir.replace(",", "."))
    except ValueError:
        return None
    return f"{10 - value:g}" if 0 <= value <= 10 else None


def _distance(values: dict[str, str]) -> str:
    for col, factor in (("KM", 1000.0), ("MI", 1609.344), ("M", 1.0)):
        v = values.get(col, "")
        if v:
            try:
                return f"{float(v.replace(',', '.')) * factor:g}"
            except ValueError:
                return v  # convert rejects it with the value
    return ""


MODULE = FormatModule("alpha_progression", never_a_header, convert)
FORMAT = DocumentFormat(MODULE, sniff, read)
