"""Garmin strength activities from ``.fit`` files, decoded with Garmin's own FIT SDK.

Garmin Connect has no per-set CSV; the sets of a strength activity are in the
activity's FIT file (Connect: "Export original"). Decoding is done by the
``garmin-fit-sdk`` package (Garmin's maintained Python SDK), which checks the
file's CRC and applies the FIT profile (scales, enums, timestamps).

* Recognised by the FIT header (``.FIT`` at byte 8), never the file name.
* Each ``set`` message with ``set_type`` ``active`` is a set; ``rest`` messages
  are the pauses between sets and are not stored. ``repetitions`` are the reps
  (missing for timed holds), ``weight`` kilograms (0 = no weight), ``duration``
  the set's seconds.
* The exercise is the first ``category`` that is not ``unknown`` (watches store
  up to three guesses, the chosen one first), named by its ``category_subtype``
  where the profile knows it (``dumbbell_bench_press`` -> "Dumbbell Bench Press"),
  else by the category ("Bench Press"). A name the person typed for a workout
  step (``exercise_title``) wins. An active set with no category at all is
  "Unknown exercise". The ``warm_up`` category marks warm-up sets.
* Times: FIT stores UTC. The activity's ``local_timestamp`` gives the watch's
  own offset, so the workout starts at the local time the person saw; without
  it the machine's time zone is used (:mod:`rehab.imports.localtime`).
* "Line" in rejects is the number of the set record in the file (1 = first set
  message), since a binary file has no lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rehab.imports.base import Detected, FormatModule, ImportFailure, Reject
from rehab.imports.documents import DocumentFormat, Record, never_a_header
from rehab.imports.localtime import utc_to_local
from rehab.imports.setrecords import cells, convert, detected

_FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)


def sniff(head: bytes, lines: list[str]) -> bool:
    return len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT"


def _decode(path: Path, name: str) -> dict[str, Any]:
    try:
        from garmin_fit_sdk import Decoder, Stream
    except ImportError:  # pragma: no cover - pinned in requirements.txt
        raise ImportFailure(f"{name}: reading .fit files needs the garmin-fit-sdk package "
                            "(pip install -r requirements.txt)") from None
    data = bytearray(path.read_bytes())
    if not Decoder(Stream.from_byte_array(data)).is_fit():
        raise ImportFailure(f"{name}: this is not a valid FIT file (its header is damaged)")
    if not Decoder(Stream.from_byte_array(data)).check_integrity():
        raise ImportFailure(f"{name}: this FIT file is damaged or cut short (its checksum does not match); "
                            "export the activity again")
    messages, errors = Decoder(Stream.from_byte_array(data)).read(merge_heart_rates=False)
    if errors:
        raise ImportFailure(f"{name}: this FIT file cannot be decoded ({str(errors[0])[:120]})")
    return dict(messages)  # message name -> list of messages, each a plain dict of fields (the SDK's TypedDicts)


def _exercise_names(titles: list[dict]) -> dict[tuple, str]:
    out = {}
    for t in titles:
        name = (t.get("wkt_step_name") or "").strip()
        if name:
            out[(t.get("exercise_category"), t.get("exercise_name"))] = name
    return out


def _as_list(v) -> list:
    return list(v) if isinstance(v, list | tuple) else [v]


def _exercise(mesg: dict, titles: dict[tuple, str]) -> tuple[str, str | None]:
    """(name, category) of a set message."""
    from garmin_fit_sdk import Profile

    cats = _as_list(mesg.get("category"))
    subs = _as_list(mesg.get("category_subtype"))
    for i, cat in enumerate(cats):
        if cat is None or cat == "unknown" or isinstance(cat, int):
            continue
        sub = subs[i] if i < len(subs) else None
        if (cat, sub) in titles:
            return titles[(cat, sub)], cat
        names = Profile["types"].get(f"{cat}_exercise_name", {})
        label = names.get(sub) if isinstance(sub, int) else sub if isinstance(sub, str) else None
        return (label or cat).replace("_", " ").title(), cat
    return "Unknown exercise", None


def read(path: Path, name: str) -> tuple[Detected, Iterator[Record], list[Reject]]:
    messages = _decode(path, name)
    sets = messages.get("set_mesgs", [])
    sessions = messages.get("session_mesgs", [])
    if not sets:
        sport = "/".join(str(sessions[0].get(k)) for k in ("sport", "sub_sport") if sessions and sessions[0].get(k))
        raise ImportFailure(f"{name}: this FIT activity has no strength sets"
                            + (f" (it is a {sport} activity)" if sport else ""))
    problems: list[Reject] = []
    det = detected("garmin", "garmin_fit", unit="kg",
                   labels={"start": "start_time", "reps": "repetitions", "weight": "weight"})
    return det, _records(messages, sets, sessions, problems), problems


def _offset(messages: dict) -> dt.timedelta | None:
    for a in messages.get("activity_mesgs", []):
        local, utc = a.get("local_timestamp"), a.get("timestamp")
        if isinstance(local, int) and isinstance(utc, dt.datetime):
            offset = (_FIT_EPOCH + dt.timedelta(seconds=local)) - utc
            if abs(offset) <= dt.timedelta(hours=14):
                return offset
    return None


def _local(instant: dt.datetime, offset: dt.timedelta | None) -> dt.datetime:
    naive = instant.astimezone(dt.UTC).replace(tzinfo=None)
    if offset is not None:
        return naive + offset
    import pandas as pd

    return utc_to_local(pd.Series([naive], dtype="datetime64[us]")).iloc[0].to_pydatetime()


def _records(messages: dict, sets: list[dict], sessions: list[dict], problems: list[Reject]) -> Iterator[Record]:
    offset = _offset(messages)
    titles = _exercise_names(messages.get("exercise_title_mesgs", []))
    by_start = {s["start_time"]: s for s in sessions if isinstance(s.get("start_time"), dt.datetime)}
    session_starts = sorted(by_start)
    for number, mesg in enumerate(sets, start=1):
        if mesg.get("set_type") != "active":
            continue
        when = mesg.get("start_time") or mesg.get("timestamp")
        if not isinstance(when, dt.datetime):
            problems.append(Reject(number, "set record without a start time", str(mesg)[:2000]))
            continue
        began = [s for s in session_starts if s <= when]
        session = by_start[began[-1]] if began else {}
        start = _local(began[-1] if began else when, offset)
        length = session.get("total_elapsed_time")
        exercise, category = _exercise(mesg, titles)
        reps = mesg.get("repetitions")
        weight = mesg.get("weight")
        duration = mesg.get("duration")
        yield Record(number, cells(start=start.isoformat(sep=" "), workout_duration_s=length,
                                   workout_name=session.get("sport_profile_name"), exercise=exercise,
                                   set_kind="warmup" if category == "warm_up" else "normal",
                                   reps="" if reps is None else reps,
                                   weight="" if weight is None else f"{weight:g}",
                                   duration_s="" if duration is None else f"{duration:g}"))


MODULE = FormatModule("garmin_fit", never_a_header, convert)
FORMAT = DocumentFormat(MODULE, sniff, read)
