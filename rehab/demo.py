"""Demo data and a scenario generator: realistic Strong exports with a pain diary.

``scenario_export`` writes a Strong form-A CSV (kg) of a seeded, made-up lifter
and returns the pain diary that goes with it:

* ``kind="switch"`` — bench press progresses for 12 weeks, then stalls at RPE
  9–10 while shoulder pain climbs from about 2 to 6 over 6 weeks; the lifter
  switches bench to 3 × 20 at about half their e1RM, the pain settles, and after
  4 weeks of endurance work they return to strength at 3 × 10, adding about
  5 % a week with the pain staying low. Squat, Romanian deadlift, hip thrust,
  curls, plank and cycling progress normally.
* ``kind="progressing"`` — the same programme, bench keeps progressing, no pain.
* ``kind="demo"`` — the "switch" story plus a second one that is still going on
  at the end: over the last 5 weeks the squat stalls at RPE 9–10 while knee pain
  (area ``knee``) climbs from about 1 to 5, so the plan says "switch" for the
  squat on the last day — and knee pain never touches the bench.

``load_demo`` puts the "demo" story into a database through the normal importer
(so the demo exercises the real pipeline) with dates ending today: a newcomer
sees one exercise switched, recovered and returned (bench) and one switch that
is active now (squat).
Nothing here reads the shared corpus: every value is generated.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from pathlib import Path

import duckdb

from rehab.imports.pipeline import import_file
from rehab.pain.diary import add_pain_entries
from rehab.storage.transactions import one

WEEKS = 30
HEADER = ["Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance",
          "Seconds", "Notes", "Workout Notes", "RPE"]
BENCH = "Bench Press (Barbell)"
SQUAT = "Squat (Barbell)"
KINDS = ("switch", "progressing", "demo")
#: Week phases of the "switch" story (0-based week numbers): stall, switch to endurance, return to strength.
STALL_FROM, SWITCH_FROM, RETURN_FROM = 12, 18, 22
#: The "demo" knee story: knee pain logged from KNEE_PAIN_FROM, squat stalls and pain climbs from KNEE_FROM
#: to the last week (still active at the end).
KNEE_PAIN_FROM, KNEE_FROM = WEEKS - 8, WEEKS - 5


def _fmt_duration(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h}h {m}m" if h else f"{m}m"


def _num(x: float) -> str:
    return f"{x:g}"


def _bench(kind: str, week: int, second: bool) -> tuple[float, list[int], float]:
    """(weight kg, reps per set, RPE) of a bench session."""
    if kind == "progressing" or week < STALL_FROM:
        return 55.0 + 2.5 * (week // 2), [6, 6, 6], (7.5 if second or week % 2 else 8.0)
    if week < SWITCH_FROM:
        stalled = [(75.0, [6, 6, 5], 9.0), (77.5, [5, 5, 4], 9.5), (77.5, [5, 4, 4], 10.0),
                   (75.0, [5, 5, 4], 9.5), (77.5, [4, 4, 3], 10.0), (75.0, [4, 4, 4], 10.0)]
        return stalled[week - STALL_FROM]
    if week < RETURN_FROM:
        w = 42.5 if week < SWITCH_FROM + 3 else 45.0
        return w, [20, 20, 20], (7.0 if week == SWITCH_FROM else 6.0)
    # Back to strength: 3 × 10 at about 65 % of the old e1RM, adding about 5 % a week.
    return 57.5 + 2.5 * (week - RETURN_FROM), [10, 10, 10], 7.0


def _shoulder_pain(week: int, day_in_week: int) -> float:
    """The story's underlying shoulder pain level (0–10) for the "switch" lifter."""
    t = week + day_in_week / 7
    if t < STALL_FROM:
        return 2.0
    if t < SWITCH_FROM:
        return min(5.5, 2.0 + 3.5 * (t - STALL_FROM) / (SWITCH_FROM - STALL_FROM - 1))
    return max(1.5, 5.5 - 4.0 * (t - SWITCH_FROM) / 2)  # settles within 2 weeks of lighter work


def _squat(kind: str, week: int, second: bool) -> tuple[float, list[int], float]:
    """(weight kg, reps per set, RPE) of a squat session: progressing, or stalling in the demo's knee story."""
    if kind != "demo" or week < KNEE_FROM:
        return 80.0 + 2.5 * (week // 2), [5, 5, 5], (7.5 if second or week % 2 else 8.0)
    stalled = [(105.0, [5, 5, 5], 8.5), (105.0, [5, 5, 4], 9.0), (105.0, [5, 4, 4], 9.5),
               (102.5, [5, 4, 4], 9.5), (105.0, [4, 4, 3], 10.0)]
    return stalled[min(week - KNEE_FROM, len(stalled) - 1)]


def _knee_pain(week: int, day_in_week: int) -> float:
    """The demo lifter's knee pain (0–10): about 1 until the squat stalls, then up to about 5."""
    t = week + day_in_week / 7
    if t < KNEE_FROM:
        return 1.0
    return min(5.0, 1.0 + 4.0 * (t - KNEE_FROM) / (WEEKS - 1 - KNEE_FROM))


def scenario_export(path: str | Path, kind: str = "switch", seed: int = 7,
                    end: dt.date | None = None) -> list[dict]:
    """Write the scenario's Strong CSV (form A, weights in kg) to ``path``; return its pain diary.

    Each pain entry is ``{"ts": datetime, "day": date, "area": str, "score": float (0–10),
    "context": rest|during|after|next_morning, "note": str, "in_notes": bool}``; ``in_notes``
    marks the entries that are also written in the export's set notes ("shoulder pain 5/10"),
    so a notes reader can pick them up instead. ``end``: the last day of the story (default today).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown scenario {kind!r}: use one of {', '.join(KINDS)}")
    rng = random.Random(seed)
    end = end or dt.date.today()
    first_monday = end - dt.timedelta(days=end.weekday()) - dt.timedelta(weeks=WEEKS - 1)
    rows: list[list[str]] = []
    pain: list[dict] = []

    story = kind in ("switch", "demo")  # both carry the bench/shoulder story

    def add_pain(day: dt.date, hour: int, score: float, context: str, note: str, in_notes: bool = False,
                 area: str = "shoulder"):
        if day > end or kind == "progressing":
            return
        s = float(max(0, min(10, round(score))))
        pain.append({"ts": dt.datetime.combine(day, dt.time(hour, 0)), "day": day, "area": area,
                     "score": s, "context": context, "note": note, "in_notes": in_notes})

    def knee(week: int) -> bool:
        return kind == "demo" and week >= KNEE_PAIN_FROM

    for week in range(WEEKS):
        monday = first_monday + dt.timedelta(weeks=week)
        plan = [(0, "Full Body A", 7), (2, "Full Body B", 18), (4, "Full Body A", 7)]
        if week % 2 == 1:
            plan.append((5, "Easy Ride", 9))
        for dow, name, hour in plan:
            day = monday + dt.timedelta(days=dow)
            if day > end:
                continue
            start = dt.datetime.combine(day, dt.time(hour, rng.choice([0, 5, 15, 30])))
            minutes = rng.randint(52, 75) if name != "Easy Ride" else rng.randint(30, 40)
            sets: list[tuple] = []  # (exercise, order, weight, reps, distance_km, seconds, note, rpe)
            if name == "Full Body A":
                second = dow == 4
                sq, sreps, srpe = _squat(kind, week, second)
                sets.append((SQUAT, "W", 20.0, 8, None, None, None, None))
                sets += [(SQUAT, str(i + 1), sq, r, None, None, None, srpe) for i, r in enumerate(sreps)]
                if knee(week):  # the demo's knee story: after squats and the next morning
                    kl = _knee_pain(week, dow)
                    add_pain(day, hour + 1, kl + 0.4, "after", "knee after squats", area="knee")
                    # It settles by the next morning (the demo's squat needs a switch, not an assessment).
                    add_pain(day + dt.timedelta(days=1), 7, max(1.0, kl - 1.0), "next_morning",
                             "knee stiff in the morning", area="knee")
                bw, breps, brpe = _bench(kind, week, second)
                level = _shoulder_pain(week, dow)
                note = None
                bench_noted = story and STALL_FROM <= week < SWITCH_FROM + 2 and not second
                if bench_noted:
                    note = f"shoulder pain {round(level + 0.5)}/10"
                elif story and week == SWITCH_FROM and not second:
                    note = "switched to light 20s, shoulder says thanks"
                sets.append((BENCH, "W", 20.0, 10, None, None, None, None))
                sets += [(BENCH, str(i + 1), bw, r, None, None, note if i == 0 else None, brpe)
                         for i, r in enumerate(breps)]
                sets += [("Bicep Curl (Dumbbell)", str(i + 1), 10.0 + 2.0 * (week // 8), 15, None, None, None, 7.0)
                         for i in range(2)]
                # Pain diary: after the session and the next morning (the Silbernagel checks).
                add_pain(day, hour + 2, level + 0.5, "after", "after bench", in_notes=bench_noted)
                add_pain(day + dt.timedelta(days=1), 7, level, "next_morning", "morning after")
            elif name == "Full Body B":
                sets += [("Romanian Deadlift (Barbell)", str(i + 1), 60.0 + 2.5 * (week // 2), 8, None, None,
                          None, 7.5) for i in range(3)]
                sets += [("Hip Thrust (Barbell)", str(i + 1), 80.0 + 5.0 * (week // 2), 10, None, None, None,
                          7.5) for i in range(3)]
                sets += [("Plank", str(i + 1), None, None, None, 45 + 5 * (week // 4), None, None) for i in range(3)]
                add_pain(day, 8, _shoulder_pain(week, dow), "rest", "desk day")
                if knee(week):
                    add_pain(day, 9, _knee_pain(week, dow), "rest", "knee on the stairs", area="knee")
            else:
                km = round(rng.uniform(10, 15), 1)
                sets.append(("Cycling (Indoor)", "1", None, None, km, minutes * 60, None, None))
            workout_note = None
            if name == "Full Body A" and story and week == SWITCH_FROM and dow == 0:
                workout_note = "New plan: endurance work for the shoulder"
            elif rng.random() < 0.08:
                workout_note = rng.choice(["slept badly", "gym busy", "felt strong"])
            # Strong writes an exercise's note once, on its first row (a warm-up, often).
            ex_notes: dict[str, str] = {}
            for ex, *_, note, _rpe in sets:
                if note and ex not in ex_notes:
                    ex_notes[ex] = note
            seen: set[str] = set()
            for k, (ex, order, weight, reps, km, secs, _note, rpe) in enumerate(sets):
                first_of_ex = ex not in seen
                seen.add(ex)
                note = ex_notes.get(ex)
                rows.append([
                    start.strftime("%Y-%m-%d %H:%M:%S"), name, _fmt_duration(minutes), ex, order,
                    _num(weight) if weight is not None else "0", str(reps) if reps is not None else "0",
                    _num(km) if km is not None else "0", str(secs) if secs is not None else "0",
                    (note or "") if first_of_ex else "", (workout_note or "") if k == 0 else "",
                    _num(rpe) if rpe is not None else "",
                ])
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return pain


def add_scenario_pain(con: duckdb.DuckDBPyConnection, entries: list[dict], batch_id: int | None) -> int:
    """Store a scenario's pain diary, validated like diary entries; return how many entries were added.

    The entries belong to the import ``batch_id`` (undoing the demo import removes them too). Entries also
    written in the export's notes are skipped when the import already read pain from those notes, and
    entries already stored are skipped (loading the demo twice never doubles its pain).
    """
    cur = con.cursor()
    try:
        # The notes were read by this import, or (no set of the export was new) by the one that stored them.
        from_notes, new_sets = one(cur,
            "SELECT (SELECT count(*) FROM pain WHERE source = 'notes' AND batch_id = ?), "
            "(SELECT count(*) FROM sets WHERE batch_id = ?)", [batch_id, batch_id])
    finally:
        cur.close()
    keep = [e for e in entries if not ((from_notes or not new_sets) and e["in_notes"])]
    return len(add_pain_entries(con, keep, batch_id))


def load_demo(con: duckdb.DuckDBPyConnection, kind: str = "demo", end: dt.date | None = None) -> str:
    """Import the demo lifter (about 6 months ending ``end``/today) and their pain diary; describe it.

    The default "demo" story ends with flags active on the squat (knee pain rising now) after the
    bench flags have cleared; ``kind="switch"`` is the bench story alone (all clear at the end)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-strong.csv"
        entries = scenario_export(path, kind=kind, end=end)
        rep = import_file(con, path, display_name="demo-strong.csv", unit="kg")
    n = add_scenario_pain(con, entries, rep.batch_id)
    from_notes = one(con.cursor(), "SELECT count(*) FROM pain WHERE source = 'notes' AND batch_id = ?",
                     [rep.batch_id])[0]
    story = {"switch": "a lifter whose bench press stalled with rising shoulder pain, then switched to endurance "
                       "work",
             "demo": "a lifter whose bench press stalled with rising shoulder pain, then switched to endurance "
                     "work (flags cleared), and whose squat is stalling now while knee pain rises (flags active)",
             }.get(kind, "a pain-free lifter progressing on every lift")
    return (f"demo loaded: {rep.sets_added} sets from demo-strong.csv (import #{rep.batch_id}) and "
            f"{n + from_notes} pain entries — {story}")
