"""Seeded generator of realistic Strong form-A exports (benchmarks and large tests).

The same seed always gives the same bytes. Rows look like the real app's:
quoted workout and exercise names, ``W`` warm-up sets, ``Rest Timer`` pseudo
rows, bodyweight and timed sets, notes on some rows, some with commas and a few
spanning two lines (Strong writes the newline inside the quotes).
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"

_LIFTS = [
    "Squat (Barbell)", "Bench Press (Barbell)", "Deadlift (Barbell)", "Overhead Press (Barbell)",
    "Bent Over Row (Barbell)", "Romanian Deadlift (Barbell)", "Incline Bench Press (Dumbbell)",
    "Lat Pulldown (Cable)", "Seated Row (Cable)", "Leg Press", "Leg Extension (Machine)",
    "Lying Leg Curl (Machine)", "Bicep Curl (Dumbbell)", "Triceps Pushdown (Cable Straight Bar)",
    "Lateral Raise (Dumbbell)", "Face Pull (Cable)", "Hip Thrust (Barbell)", "Goblet Squat (Kettlebell)",
    "Split Squat (Dumbbell)", "Calf Raise (Machine)", "Shrug (Dumbbell)", "Front Squat (Barbell)",
    "Hammer Curl (Dumbbell)", "Chest Fly (Cable)", "Reverse Fly (Dumbbell)", "Step-up (Dumbbell)",
]
_BODYWEIGHT = ["Pull Up", "Chin Up", "Push Up", "Dip", "Hanging Leg Raise", "Glute Bridge"]
_TIMED = ["Plank", "Side Plank", "Wall Sit", "Dead Hang"]
_WORKOUTS = ["Push", "Pull", "Legs", "Upper", "Lower", "Full Body", "Rehab - Knee", "Morning Workout"]
_NOTES = ["felt good", "easy", "knee 3/10", "back tight, stopped early", "shoulder 2/10 after, fine",
          "new PR", "slow eccentric, 3s down", "pain 4/10 during, \"sharp\" at the bottom"]


def _q(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def strong_rows(n_sets: int, seed: int = 42, start: dt.date = dt.date(2000, 1, 1)):
    """Yield CSV lines (with ``\\n``) of a Strong form-A export holding ``n_sets`` set rows.

    ``Rest Timer`` pseudo rows come on top (they are not sets).
    """
    rng = random.Random(seed)
    lifts = _LIFTS + [f"{name} (Machine {i})" for i in range(40) for name in ("Press", "Row")]
    made = 0
    t = dt.datetime.combine(start, dt.time(6, 0))
    # Spread the workouts (~12 sets each) over start .. 2025, never into the future.
    span_min = (dt.datetime(2025, 1, 1) - t).total_seconds() / 60
    gap = max(1.0, min(2 * 24 * 60, span_min / max(1, n_sets / 12)))
    while made < n_sets:
        t += dt.timedelta(minutes=int(gap * rng.uniform(0.5, 1.5)) + 1)
        date = t.strftime("%Y-%m-%d %H:%M:%S")
        wname = _q(rng.choice(_WORKOUTS))
        duration = f"{rng.randrange(1, 2)}h {rng.randrange(60)}m" if rng.random() < 0.3 else f"{rng.randrange(20, 59)}m"
        wnote = _q(rng.choice(_NOTES)) if rng.random() < 0.1 else ""
        for _ in range(rng.randrange(3, 7)):
            kind = rng.random()
            if kind < 0.8:
                ex = rng.choice(lifts)
                base = rng.choice((20, 40, 60, 80, 100, 120, 140)) + rng.choice((0, 2.5, 5, 7.5))
                sets = [("W", round(base * 0.5, 1), 10)] if rng.random() < 0.3 else []
                sets += [(str(i), base, rng.choice((3, 5, 5, 8, 10, 12))) for i in range(1, rng.randrange(3, 6))]
                for order, w, r in sets:
                    yield _row(rng, date, wname, duration, ex, order, f"{w:.1f}", str(r), "0", "0", wnote)
            elif kind < 0.93:
                ex = rng.choice(_BODYWEIGHT)
                for i in range(1, rng.randrange(3, 5)):
                    yield _row(rng, date, wname, duration, ex, str(i), "0", str(rng.randrange(5, 20)), "0", "0", wnote)
            else:
                ex = rng.choice(_TIMED)
                for i in range(1, 4):
                    yield _row(rng, date, wname, duration, ex, str(i), "0", "0", "0",
                               str(rng.randrange(20, 120)), wnote)
            made += len(sets) if kind < 0.8 else (3 if kind >= 0.93 else i)
            if rng.random() < 0.05:
                yield f"{date},{wname},{duration},{_q(ex)},Rest Timer,0,0,0,90,,,\n"


def _row(rng: random.Random, date, wname, duration, ex, order, w, r, dist, secs, wnote) -> str:
    roll = rng.random()
    if roll < 0.85:
        note = ""
    elif roll < 0.995:
        note = _q(rng.choice(_NOTES))
    else:
        note = _q("form check:\nhips rose first, 5/10 pain")  # a note spanning two lines
    rpe = str(rng.choice((6, 7, 7.5, 8, 9))) if rng.random() < 0.2 else ""
    return f"{date},{wname},{duration},{_q(ex)},{order},{w},{r},{dist},{secs},{note},{wnote},{rpe}\n"


def write_strong_a(path: Path, n_sets: int, seed: int = 42, start: dt.date = dt.date(2000, 1, 1)) -> Path:
    """Write a Strong form-A export (weights in kg when imported with ``unit='kg'``)."""
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER + "\n")
        buf: list[str] = []
        for line in strong_rows(n_sets, seed, start):
            buf.append(line)
            if len(buf) >= 10_000:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))
    return path
