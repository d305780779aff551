"""JEFIT "Backup & Export" files: one CSV made of sections, each with its own header.

::

    ### SETTING ##########################################
    row_id,USERID,TIMESTAMP,gender,currentRoutine,DOB,name,length,mass,…
    ######################################################
    ### WORKOUT SESSIONS #################################
    rowid,_id,USERID,edit_time,day_id,total_time,workout_time,…,starttime,endtime
    ### EXERCISE LOGS ####################################
    USERID,TIMESTAMP,belongSys,logs,_id,record,mydate,eid,ename,day_item_id,belongsession,logTime,…
    ### EXERCISE SET LOGS ################################
    _id,userid,exercise_log_id,set_index,weight_lbs,reps,…

Only the sections that hold sets are read; the others (routines, notes, body
stats, …) are skipped. Section marker lines start with ``###``.

* **EXERCISE LOGS** is one row per exercise of a day: ``ename`` the exercise,
  ``mydate`` the local date, ``belongsession`` the workout (the ``_id`` of a
  WORKOUT SESSIONS row, whose ``starttime`` is a Unix time), and ``logs`` the sets
  packed as ``"60x10,65x8"`` (weight ``x`` reps) in the unit the app is set to.
* Newer backups add **EXERCISE SET LOGS**, one row per set with ``weight_lbs``:
  when present these are the sets (a unit the file states), joined to their
  exercise log by ``exercise_log_id``.
* Without set logs the unit of ``logs`` comes from SETTING's ``mass`` column when
  it names one (kg / lb); otherwise the import asks, as for Strong's export.
* The workout start is the session's ``starttime`` in local time when that falls
  on ``mydate``, else ``mydate`` itself. A set with 0 reps was not done.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from rehab.imports.base import Detected, FormatModule, ImportFailure, Reject
from rehab.imports.decode import text_lines
from rehab.imports.documents import DocumentFormat, Record, csv_records, never_a_header
from rehab.imports.setrecords import cells, convert, detected

_MARKER = re.compile(r"^\s*###")
_SECTION = re.compile(r"^\s*###\s*([A-Z][A-Z _]*?)\s*#*\s*$")
_PAIR = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*$")


def sniff(head: bytes, lines: list[str]) -> bool:
    names = {m.group(1).strip() for ln in lines if (m := _SECTION.match(ln))}
    if "EXERCISE LOGS" in names:
        return True
    return bool(names) and any(ln.lower().startswith("userid,timestamp,belongsys,logs") for ln in lines)


def _sections(path: Path, name: str, problems: list[Reject]) -> dict[str, list[tuple[int, dict[str, str], list[str]]]]:
    """Section name -> [(line, {column: value}, fields)] for every data row of it."""
    out: dict[str, list[tuple[int, dict[str, str], list[str]]]] = {}
    current: str | None = None
    header: list[str] | None = None
    block: list[tuple[int, str]] = []

    def flush() -> None:
        nonlocal header
        if current is None:
            return
        header = None
        for first, _last, fields in csv_records(block, problems):
            if header is None:
                header = [f.strip() for f in fields]
                continue
            out.setdefault(current, []).append((first, dict(zip(header, fields, strict=False)), fields))

    for n, text in text_lines(path, name):
        if _MARKER.match(text):
            flush()
            block = []
            m = _SECTION.match(text)
            current = m.group(1).strip() if m and m.group(1).strip() else None
            continue
        block.append((n, text))
    flush()
    return out


def _mass_unit(settings: list[tuple[int, dict[str, str], list[str]]]) -> str | None:
    for _line, row, _f in settings:
        value = (row.get("mass") or "").strip().lower()
        if value.startswith("kg") or value in ("kilograms", "metric"):
            return "kg"
        if value.startswith("lb") or value in ("pounds", "imperial"):
            return "lb"
    return None


def read(path: Path, name: str) -> tuple[Detected, Iterator[Record], list[Reject]]:
    problems: list[Reject] = []
    sections = _sections(path, name, problems)
    logs = sections.get("EXERCISE LOGS", [])
    if not logs:
        raise ImportFailure(f"{name}: this JEFIT backup has no EXERCISE LOGS section with rows, so no sets")
    set_logs = sections.get("EXERCISE SET LOGS", [])
    starts = _session_starts(sections.get("WORKOUT SESSIONS", []))
    if set_logs:
        det = detected("jefit", "jefit_set_logs", unit="lb",
                       labels={"start": "mydate", "reps": "reps", "weight": "weight_lbs"})
        return det, _from_set_logs(logs, set_logs, starts, problems), problems
    unit = _mass_unit(sections.get("SETTING", []))
    det = detected("jefit", "jefit", unit=unit, needs_unit=unit is None,
                   labels={"start": "mydate", "reps": "logs reps", "weight": "logs weight"})
    return det, _from_logs(logs, starts, problems), problems


def _session_starts(rows: list[tuple[int, dict[str, str], list[str]]]) -> dict[str, dt.datetime]:
    out = {}
    for _line, row, _f in rows:
        try:
            ts = int(float(row.get("starttime") or ""))
        except ValueError:
            continue
        if ts > 0:
            out[(row.get("_id") or "").strip()] = dt.datetime.fromtimestamp(ts).replace(microsecond=0)
    return out


def _start(row: dict[str, str], starts: dict[str, dt.datetime]) -> str | None:
    day = (row.get("mydate") or "").strip()
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return None
    session = starts.get((row.get("belongsession") or "").strip())
    if session is not None and session.date() == date:
        return session.isoformat(sep=" ")
    return date.isoformat()


def _from_logs(logs, starts, problems: list[Reject]) -> Iterator[Record]:
    for line, row, fields in logs:
        start = _start(row, starts)
        exercise = (row.get("ename") or "").strip()
        if start is None:
            problems.append(Reject(line, f"mydate is not a date: {(row.get('mydate') or '')[:40]!r}",
                                   ",".join(fields)[:2000]))
            continue
        packed = (row.get("logs") or "").strip()
        for i, pair in enumerate(p for p in packed.split(",") if p.strip()):
            m = _PAIR.match(pair)
            if not m:
                problems.append(Reject(line, f"logs entry is not WEIGHTxREPS: {pair.strip()[:30]!r}",
                                       ",".join(fields)[:2000]))
                continue
            if float(m.group(2)) == 0:
                continue
            yield Record(line, cells(start=start, exercise=exercise, set_index=i + 1, reps=m.group(2),
                                     weight=m.group(1)))


def _from_set_logs(logs, set_logs, starts, problems: list[Reject]) -> Iterator[Record]:
    by_id = {(row.get("_id") or "").strip(): (line, row) for line, row, _f in logs}
    for line, row, fields in set_logs:
        log = by_id.get((row.get("exercise_log_id") or "").strip())
        if log is None:
            problems.append(Reject(line, f"exercise_log_id {row.get('exercise_log_id', '')[:20]!r} is not in "
                                         "EXERCISE LOGS", ",".join(fields)[:2000]))
            continue
        start = _start(log[1], starts)
        if start is None:
            problems.append(Reject(line, f"mydate of exercise log at line {log[0]} is not a date",
                                   ",".join(fields)[:2000]))
            continue
        reps = (row.get("reps") or "").strip()
        if reps in ("", "0"):
            continue
        index = (row.get("set_index") or "").strip()
        yield Record(line, cells(start=start, exercise=(log[1].get("ename") or "").strip(),
                                 set_index=int(index) + 1 if index.isdigit() else index, reps=reps,
                                 weight=(row.get("weight_lbs") or "").strip(), weight_unit="lb"))


MODULE = FormatModule("jefit", never_a_header, convert)
FORMAT = DocumentFormat(MODULE, sniff, read)
