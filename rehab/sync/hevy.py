"""Hevy sync: workouts from Hevy's API into the store, as one undoable import batch per sync.

How a synced set gets the same identity as the same set imported from a Hevy CSV export
--------------------------------------------------------------------------------------
Each API workout is written out as the rows Hevy's CSV export would hold for it (same columns,
``set_index`` from 0 within each exercise, times as ``15 Sep 2025, 07:48``) and those rows go through
the Hevy CSV importer's own ``convert`` (:mod:`rehab.imports.formats.hevy`) and the import pipeline's own
staging, validation and content key (:mod:`rehab.imports.pipeline`). Nothing of the keying is repeated here, so
any change to how Hevy CSV rows are numbered or normalised applies to synced sets as well.

The two clocks: the CSV holds *local* wall time to the minute; the API gives UTC with seconds. A
synced workout's ``start_time`` is converted to the person's time zone (IANA name, stored once per
workspace, default the machine's) and cut to the minute (seconds dropped, not rounded) before keying.
So a synced set and a CSV set are the same set when their workout starts in the same local minute and
they have the same exercise name, set number within the exercise, set type, reps, weight (to 0.01 kg),
distance (to the metre) and duration (to the second) -- exactly the CSV importer's key.

Incremental sync
----------------
The first sync pages through ``GET /v1/workouts``; later ones read ``GET /v1/workouts/events`` since
the last successful sync (minus :data:`OVERLAP`, for clock skew: applying an event twice changes
nothing). Only the newest event per workout counts. ``sync_links`` remembers which stored sets (by
content key) make up each Hevy workout: an updated workout's sets are compared with its new ones,
sets no longer there are removed (copied to ``sync_removed_sets`` for undo), new ones are added; a
deleted workout's sets are removed. All of it is one transaction and, when anything changed, one
row in ``imports`` -- ``python -m rehab undo BATCH`` takes it back, removed sets included.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import pyarrow as pa

from rehab.imports import pipeline as ingest
from rehab.imports.base import Detected, Reject
from rehab.imports.formats import hevy as hevy_csv
from rehab.storage.locks import WriteLock
from rehab.storage.transactions import one, transaction
from rehab.sync.hevy_api import HevyAuthError, HevyClient, HevyError, Progress
from rehab.sync.store import check_time_zone, get_setting, last_run, machine_time_zone, set_setting
from rehab.words.wording import plural

SOURCE = "hevy"
FILE_NAME = "Hevy sync"
FORM = "hevy_api"
#: The next sync asks for events since the last one minus this (our clock and Hevy's may differ).
OVERLAP = dt.timedelta(minutes=5)
#: At most this many unknown exercise templates are fetched one by one; more, and the list is paged.
TEMPLATES_ONE_BY_ONE = 10

#: The Hevy CSV export's columns, in its order; API workouts are written as these rows.
#: Distance goes in metres (``distance_m``, the API's unit) so no km round trip adds float noise.
CSV_HEADER = ["title", "start_time", "end_time", "description", "exercise_title", "superset_id",
              "exercise_notes", "set_index", "set_type", "weight_kg", "reps", "distance_m", "duration_seconds",
              "rpe"]
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: Hevy's muscle groups (OpenAPI ``MuscleGroup``) -> body areas of :mod:`rehab.analytics.areas` (muscles to the
#: nearest area of that vocabulary, as its docstring says). cardio, full_body and other name no area.
MUSCLE_AREAS: dict[str, tuple[str, ...]] = {
    "abdominals": ("abdomen",), "shoulders": ("shoulder",), "biceps": ("elbow",), "triceps": ("elbow",),
    "forearms": ("elbow", "wrist"), "quadriceps": ("knee",), "hamstrings": ("hamstring",), "calves": ("calf",),
    "glutes": ("hip",), "abductors": ("hip",), "adductors": ("groin",), "lats": ("upper back",),
    "upper_back": ("upper back",), "traps": ("upper back",), "lower_back": ("lower back",), "chest": ("chest",),
    "neck": ("neck",), "cardio": (), "full_body": (), "other": (),
}


@dataclass
class SyncReport:
    """The outcome of one sync; :meth:`as_json` is the CLI's ``--json`` object."""

    workouts_seen: int = 0
    sets_added: int = 0
    sets_removed: int = 0
    workouts_updated: int = 0
    workouts_deleted: int = 0
    duplicates: int = 0
    synced_until: str = ""
    batch_id: int | None = None
    full: bool = False
    rejected: int = 0
    requests: int = 0
    time_zone: str = ""
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"source": SOURCE, "workouts_seen": self.workouts_seen, "sets_added": self.sets_added,
                "sets_removed": self.sets_removed, "workouts_updated": self.workouts_updated,
                "workouts_deleted": self.workouts_deleted, "duplicates": self.duplicates,
                "synced_until": self.synced_until}


# --------------------------------------------------------------------- time zone

def time_zone(con: duckdb.DuckDBPyConnection, choice: str | None = None) -> str:
    """The person's zone: ``choice`` (stored for next time), else the stored one, else the machine's (stored)."""
    stored = get_setting(con, SOURCE, "time_zone")
    tz = check_time_zone(choice) if choice else stored or machine_time_zone()
    if stored != tz:
        set_setting(con, SOURCE, "time_zone", tz)
    return tz


# --------------------------------------------------------------------- API workouts -> CSV rows

def parse_api_time(value: Any, what: str) -> dt.datetime:
    """An ISO 8601 timestamp from the API, as an aware UTC datetime (no offset means UTC)."""
    if not isinstance(value, str) or not value.strip():
        raise HevyError(f"Hevy sent a malformed workout ({what} is {value!r:.40}, not a timestamp)")
    text = value.strip()
    try:
        t = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        raise HevyError(f"Hevy sent a malformed workout ({what} is {value!r:.40}, not a timestamp)") from None
    return (t if t.tzinfo else t.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def csv_time(t: dt.datetime, tz: ZoneInfo) -> str:
    """``15 Sep 2025, 07:48``: local wall time to the minute, as Hevy's CSV export writes it."""
    local = t.astimezone(tz)
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}, {local.hour:02d}:{local.minute:02d}"


def _cell(value: Any) -> str:
    """A number or text as the CSV would hold it; null is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()  # not a number: the importer rejects the row, naming the value
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    return str(value)


def _ordered(items: object, what: str) -> list[dict]:
    """Items (a JSON value, checked here) sorted by their ``index`` (array order breaks ties and stands in
    where it is missing)."""
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise HevyError(f"Hevy sent a malformed workout ({what} is not a list of objects)")

    def order(pair):
        pos, item = pair
        idx = item.get("index")
        ok = isinstance(idx, int | float) and not isinstance(idx, bool) and math.isfinite(idx)
        return (idx if ok else pos, pos)

    return [item for _, item in sorted(enumerate(items), key=order)]


def workout_rows(w: dict, tz: ZoneInfo) -> list[list[str]]:
    """The Hevy CSV rows of one API workout (see :data:`CSV_HEADER`)."""
    wid = w.get("id")
    start = parse_api_time(w.get("start_time"), f"start_time of workout {wid}")
    end_raw = w.get("end_time")
    end = csv_time(parse_api_time(end_raw, f"end_time of workout {wid}"), tz) if end_raw else ""
    head = [_text(w.get("title")), csv_time(start, tz), end, _text(w.get("description"))]
    rows = []
    for ex in _ordered(w.get("exercises") if w.get("exercises") is not None else [], f"exercises of workout {wid}"):
        sets = _ordered(ex.get("sets") if ex.get("sets") is not None else [], f"sets of workout {wid}")
        superset = ex.get("supersets_id", ex.get("superset_id"))
        for n, s in enumerate(sets):
            rows.append([*head, _text(ex.get("title")), _cell(superset), _text(ex.get("notes")), str(n),
                         _text(s.get("type")), _cell(s.get("weight_kg")), _cell(s.get("reps")),
                         _cell(s.get("distance_meters")), _cell(s.get("duration_seconds")), _cell(s.get("rpe"))])
    return rows


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _check_workout(w: Any, where: str) -> dict:
    if not isinstance(w, dict) or not isinstance(w.get("id"), str) or not w["id"]:
        raise HevyError(f"Hevy sent a malformed response ({where}: a workout without an id)")
    return w


# --------------------------------------------------------------------- reading from Hevy

@dataclass
class _Changes:
    updated: dict[str, dict] = field(default_factory=dict)  # workout id -> workout (full listing or updated event)
    deleted: set[str] = field(default_factory=set)


def _read_all(client: HevyClient, progress: Progress | None) -> _Changes:
    changes = _Changes()
    for w in client.workouts(progress):
        w = _check_workout(w, "/v1/workouts")
        old = changes.updated.get(w["id"])
        if old is None or str(w.get("updated_at") or "") > str(old.get("updated_at") or ""):
            changes.updated[w["id"]] = w
    return changes


def _read_events(client: HevyClient, since: dt.datetime, progress: Progress | None,
                 warnings: list[str]) -> _Changes:
    """The newest event per workout (the API lists them newest first; timestamps decide where given)."""
    best: dict[str, dict] = {}
    unknown = 0
    for ev in client.events(since, progress):
        kind = ev.get("type")
        if kind == "updated":
            w = _check_workout(ev.get("workout"), "/v1/workouts/events")
            wid, stamp_raw = w["id"], w.get("updated_at")
        elif kind == "deleted":
            wid, stamp_raw, w = ev.get("id"), ev.get("deleted_at"), None
            if not isinstance(wid, str) or not wid:
                raise HevyError("Hevy sent a malformed response (/v1/workouts/events: a deleted event without an id)")
        else:
            unknown += 1
            continue
        try:
            stamp = parse_api_time(stamp_raw, "event time") if stamp_raw else None
        except HevyError:
            stamp = None
        cur = best.get(wid)
        if cur is None or (stamp is not None and cur["stamp"] is not None and stamp > cur["stamp"]):
            best[wid] = {"kind": kind, "workout": w, "stamp": stamp}
    if unknown:
        warnings.append(f"{plural(unknown, 'event')} of a type this version does not know "
                            + ("was" if unknown == 1 else "were") + " skipped")
    changes = _Changes()
    for wid, ev in best.items():
        if ev["kind"] == "updated":
            changes.updated[wid] = ev["workout"]
        else:
            changes.deleted.add(wid)
    return changes


def _templates(con: duckdb.DuckDBPyConnection, client: HevyClient, workouts: list[dict],
               progress: Progress | None, warnings: list[str]) -> list[dict]:
    """Exercise templates of these workouts not cached yet (fetched now); a failure is only a warning.

    A template Hevy does not return is cached too, without muscle groups, so it is not asked for again.
    """
    wanted: dict[str, str] = {}
    for w in workouts:
        for ex in w.get("exercises") or []:
            tid = ex.get("exercise_template_id") if isinstance(ex, dict) else None
            if isinstance(tid, str) and tid:
                wanted.setdefault(tid, _text(ex.get("title")))
    if not wanted:
        return []
    cur = con.cursor()
    try:
        cached = {t for (t,) in cur.execute("SELECT template_id FROM exercise_templates WHERE source = ?",
                                            [SOURCE]).fetchall()}
    finally:
        cur.close()
    missing = sorted(set(wanted) - cached)
    if not missing:
        return []
    try:
        if len(missing) <= TEMPLATES_ONE_BY_ONE:
            got = [t for t in (client.exercise_template(tid) for tid in missing) if t]
        else:
            got = list(client.exercise_templates(progress))
    except HevyAuthError:
        raise
    except HevyError as exc:
        warnings.append(f"exercise templates not updated: {exc}")
        return []
    found = [t for t in got if isinstance(t.get("id"), str) and isinstance(t.get("title"), str)]
    known = {t["id"] for t in found}
    return found + [{"id": tid, "title": wanted[tid]} for tid in missing if tid not in known]


def template_areas(template: dict) -> list[str]:
    """Body areas a Hevy template loads: its primary muscle group's, then its secondary ones'."""
    groups = [template.get("primary_muscle_group")]
    secondary = template.get("secondary_muscle_groups")
    if isinstance(secondary, list):
        groups += secondary
    areas: list[str] = []
    for g in groups:
        for a in MUSCLE_AREAS.get(str(g or "").strip().lower(), ()):
            if a not in areas:
                areas.append(a)
    return areas


# --------------------------------------------------------------------- the sync

def sync(con: duckdb.DuckDBPyConnection, client: HevyClient, *, tz: str | None = None,
         since: dt.date | None = None, lock: WriteLock | None = None, progress: Progress | None = None,
         now: Callable[[], dt.datetime] | None = None) -> SyncReport:
    """Bring the store behind ``con`` up to date with the Hevy account behind ``client``.

    ``since``: read the changes since that day (local midnight) instead of since the last sync (the
    first sync without it reads every workout). Raises :class:`HevyError` (one sentence, never the
    key) when the sync cannot finish; then nothing is written.
    """
    clock = now or (lambda: dt.datetime.now(dt.UTC))
    zone_name = time_zone(con, tz)
    zone = ZoneInfo(zone_name)
    started = clock().astimezone(dt.UTC).replace(microsecond=0)
    report = SyncReport(time_zone=zone_name)
    previous = last_run(con, SOURCE)
    if since is not None:
        changes = _read_events(client, dt.datetime.combine(since, dt.time(), zone), progress, report.warnings)
    elif previous is None:
        report.full = True
        changes = _read_all(client, progress)
    else:
        from_ = previous["synced_until"].replace(tzinfo=dt.UTC) - OVERLAP
        changes = _read_events(client, from_, progress, report.warnings)
    workouts = list(changes.updated.values())
    report.workouts_seen = len(workouts)

    rows: list[list[str]] = []
    owner: list[str] = []  # row number -> workout id
    for w in workouts:
        for r in workout_rows(w, zone):
            rows.append(r)
            owner.append(w["id"])
    templates = _templates(con, client, workouts, progress, report.warnings)
    report.requests = client.requests
    report.synced_until = started.strftime("%Y-%m-%dT%H:%M:%SZ")
    _write(con, changes, rows, owner, templates, report, started, lock)
    return report


def _raw_frame(rows: list[list[str]]) -> pd.DataFrame:
    df = pd.DataFrame(rows or None, columns=[f"c{i}" for i in range(len(CSV_HEADER))], dtype="str")
    df["_line"] = pd.Series(range(1, len(rows) + 1), dtype="int64")
    return df


def _detected() -> Detected:
    """How the importer reads the rows a sync makes: Hevy's own CSV layout (:data:`CSV_HEADER`), as ``FORM``."""
    det = hevy_csv.detect(CSV_HEADER)
    if det is None:  # CSV_HEADER is Hevy's export header: not recognising it is a bug, not bad input
        raise AssertionError("the Hevy CSV reader does not recognise the sync's CSV_HEADER")
    return dataclasses.replace(det, form=FORM)


def _write(con, changes: _Changes, rows, owner, templates, report: SyncReport, started: dt.datetime,
           lock: WriteLock | None) -> None:
    det = _detected()
    stage = f"stage_{uuid.uuid4().hex[:12]}"
    cur = con.cursor()
    try:
        cur.execute(ingest._stage_ddl(stage))
        good, rejects = (ingest._stage(cur, stage, iter([_raw_frame(rows)]), hevy_csv.FORMAT, det, "kg", None)
                         if rows else (0, []))
        for r in rejects:
            wid = owner[r.line - 1]
            report.rejects.append(Reject(r.line, f"workout {wid}: {r.reason}", r.raw))
        report.rejected = len(rejects)
        new_keys: dict[str, set[str]] = {w: set() for w in changes.updated}
        for line, key in ingest.staged_keys(cur, stage) if good else []:
            new_keys[owner[line - 1]].add(key)
        batch_id = int(time.time() * 1000) * 100 + random.randrange(100)
        with transaction(cur, lock, new_cursor=False):  # on the cursor holding the staging table
            changed = _apply(cur, batch_id, changes, new_keys, report)
            added = ingest._insert_sets(cur, stage, batch_id, det) if good else 0
            report.sets_added = added
            report.duplicates = good - added
            changed = changed or added > 0
            if changed:
                ingest._insert_rejects(cur, batch_id, report.rejects)
                if added:
                    for hook in ingest.COMMIT_HOOKS:
                        hook(cur, batch_id)
                sha = hashlib.sha256(json.dumps(sorted(changes.updated), ensure_ascii=True).encode()
                                     + json.dumps(sorted(changes.deleted)).encode()).hexdigest()
                ingest._insert_history(cur, batch_id, FILE_NAME, sha, det, "kg", good, added, len(rejects))
                report.batch_id = batch_id
            _save_templates(cur, templates)
            cur.execute("INSERT INTO sync_runs VALUES (?, ?, ?, ?, ?)",
                        [report.batch_id, SOURCE, started.replace(tzinfo=None), started.replace(tzinfo=None),
                         json.dumps({**report.as_json(), "batch_id": report.batch_id,
                                     "rejected": report.rejected, "full": report.full,
                                     "warnings": report.warnings})])
    finally:
        try:
            cur.execute(f"DROP TABLE IF EXISTS {stage}")
        finally:
            cur.close()


def _apply(cur, batch_id: int, changes: _Changes, new_keys: dict[str, set[str]], report: SyncReport) -> bool:
    """Remove what updated and deleted workouts no longer hold, link what they hold now; True if anything changed."""
    ids = sorted(set(changes.updated) | changes.deleted)
    if not ids:
        return False
    cur.register("_ids", pa.table({"workout_id": pa.array(ids, pa.string())}))
    try:
        linked: dict[str, set[str]] = {}
        for wid, key in cur.execute(
                "SELECT workout_id, content_key FROM sync_links WHERE source = ? AND removed_by IS NULL "
                "AND workout_id IN (SELECT workout_id FROM _ids)", [SOURCE]).fetchall():
            linked.setdefault(wid, set()).add(key)
    finally:
        cur.unregister("_ids")
    gone: list[tuple[str, str]] = []
    fresh: list[tuple[str, str]] = []
    for wid in ids:
        old = linked.get(wid, set())
        new = new_keys.get(wid, set()) if wid in changes.updated else set()
        gone += [(wid, k) for k in sorted(old - new)]
        fresh += [(wid, k) for k in sorted(new - old)]
        if wid in changes.deleted and old:
            report.workouts_deleted += 1
        elif old and old != new:
            report.workouts_updated += 1
    if gone:
        cur.register("_gone", pa.table({"workout_id": pa.array([g[0] for g in gone], pa.string()),
                                        "content_key": pa.array([g[1] for g in gone], pa.string())}))
        try:
            cond = "content_key IN (SELECT content_key FROM _gone)"
            report.sets_removed = int(one(cur, f"SELECT count(*) FROM sets WHERE {cond}")[0])
            cur.execute(f"INSERT INTO sync_removed_sets BY NAME SELECT *, ?::BIGINT AS removed_by FROM sets "
                        f"WHERE {cond}", [batch_id])
            cur.execute(f"DELETE FROM sets WHERE {cond}")
            cur.execute("UPDATE sync_links SET removed_by = ? WHERE source = ? AND removed_by IS NULL AND EXISTS "
                        "(SELECT 1 FROM _gone g WHERE g.workout_id = sync_links.workout_id "
                        "AND g.content_key = sync_links.content_key)", [batch_id, SOURCE])
        finally:
            cur.unregister("_gone")
    if fresh:
        cur.register("_fresh", pa.table({"workout_id": pa.array([f[0] for f in fresh], pa.string()),
                                         "content_key": pa.array([f[1] for f in fresh], pa.string())}))
        try:
            cur.execute("INSERT INTO sync_links SELECT ?, workout_id, content_key, ?, NULL FROM _fresh",
                        [SOURCE, batch_id])
        finally:
            cur.unregister("_fresh")
    return bool(gone or fresh)


def _save_templates(cur, templates: list[dict]) -> None:
    if not templates:
        return
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = []
    for t in templates:
        secondary = t.get("secondary_muscle_groups")
        rows.append([SOURCE, t["id"], t["title"].strip(), _str_or_none(t.get("primary_muscle_group")),
                     [str(s) for s in secondary] if isinstance(secondary, list) else None,
                     _str_or_none(t.get("equipment_category", t.get("equipment"))), template_areas(t), now])
    cur.executemany("DELETE FROM exercise_templates WHERE source = ? AND template_id = ?",
                    [[SOURCE, r[1]] for r in rows])
    cur.executemany("INSERT INTO exercise_templates VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _str_or_none(v: Any) -> str | None:
    return None if v is None else str(v)


def last_sync(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The last successful Hevy sync (``started_at`` UTC, ``report``), for the dashboard."""
    return last_run(con, SOURCE)
