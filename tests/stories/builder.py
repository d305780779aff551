"""A small, seeded builder for realistic lifter logs and the files a person would import.

Why a builder and not fixtures: each story of the panel is a few lines of *training* (what the lifter
did each week), and the builder adds what a real log has around it — warm-up ramps, RPE on working
sets only, session lengths, the odd workout note, a pain diary with its contexts — and writes it in
the real export formats (Strong form A, Hevy, in kg or lb, Hevy in Portuguese) so the panel goes
through the same importers as a user's file. Everything random comes from one ``random.Random(seed)``.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rehab.demo import HEADER as STRONG_HEADER  # the demo's Strong form-A header, reused on purpose

HEVY_HEADER = ["title", "start_time", "end_time", "description", "exercise_title", "superset_id",
               "exercise_notes", "set_index", "set_type", "weight_kg", "reps", "distance_km",
               "duration_seconds", "rpe"]
PAIN_HEADER = ["date", "score", "area", "context", "note"]
SESSION_HEADER = ["date", "workout", "intent", "feel", "note"]
#: Month abbreviations as Hevy writes them in a Portuguese export ("5 mai 2026, 07:34").
PT_MONTHS = ("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
KG_PER_LB = 0.45359237


@dataclass
class Set:
    """One logged set, weight in the log's own unit (None: bodyweight)."""

    exercise: str
    weight: float | None
    reps: int | None
    rpe: float | None = None
    warmup: bool = False
    seconds: int | None = None


@dataclass
class Workout:
    start: dt.datetime
    name: str
    minutes: int
    sets: list[Set] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # exercise -> its note (first row in Strong)
    note: str | None = None  # workout note

    # --- what a lifter logs -------------------------------------------------------------------------
    def lift(self, exercise: str, weight: float, reps: int | Iterable[int], rpe: float | Iterable[float] | None,
             *, sets: int = 3, warmups: bool = True, bar: float = 20.0, step: float = 2.5,
             note: str | None = None) -> Workout:
        """Working sets of a loaded lift, preceded by the warm-up ramp a lifter would do before it.

        ``reps``/``rpe``: one value for every set, or one per set. The ramp (bar, ~50 %, ~70 %, ~85 %
        for heavy work) is logged as warm-up sets without RPE, as Strong and Hevy users do.
        """
        reps_list = [reps] * sets if isinstance(reps, int) else list(reps)
        rpes = list(rpe) if isinstance(rpe, (list, tuple)) else _across_sets(rpe, len(reps_list))
        if warmups:
            ramp = [(bar, 10)] if weight > bar * 1.5 else []
            for frac, r in ((0.5, 5), (0.7, 3), (0.85, 1)):
                w = round(weight * frac / step) * step
                if w > (ramp[-1][0] if ramp else 0) and w < weight and (frac < 0.8 or weight >= 3 * bar):
                    ramp.append((w, r))
            self.sets += [Set(exercise, w, r, None, warmup=True) for w, r in ramp]
        self.sets += [Set(exercise, weight, r, e) for r, e in zip(reps_list, rpes, strict=True)]
        if note:
            self.notes[exercise] = note
        return self

    def warm(self, exercise: str, weight: float | None, reps: int) -> Workout:
        """One warm-up set (machines and cables get one light set, not a barbell ramp)."""
        self.sets.append(Set(exercise, weight, reps, None, warmup=True))
        return self

    def bodyweight(self, exercise: str, reps: Iterable[int], rpe: float | Iterable[float] | None = None,
                   note: str | None = None) -> Workout:
        reps_list = list(reps)
        rpes = list(rpe) if isinstance(rpe, (list, tuple)) else [rpe] * len(reps_list)
        self.sets += [Set(exercise, None, r, e) for r, e in zip(reps_list, rpes, strict=True)]
        if note:
            self.notes[exercise] = note
        return self

    def hold(self, exercise: str, seconds: Iterable[int]) -> Workout:
        self.sets += [Set(exercise, None, None, None, seconds=s) for s in seconds]
        return self


@dataclass
class Pain:
    when: dt.datetime
    score: float
    area: str | None
    context: str
    note: str = ""


@dataclass
class Session:
    day: dt.date
    workout: str
    intent: str
    feel: str
    note: str = ""


class Log:
    """One lifter's log: workouts, a pain diary and a session diary, built week by week."""

    def __init__(self, seed: int, start: dt.date, unit: str = "kg") -> None:
        assert start.weekday() == 0, "stories start on a Monday so weeks read naturally"
        self.rng = random.Random(seed)
        self.start = start
        self.unit = unit
        self.workouts: list[Workout] = []
        self.pain: list[Pain] = []
        self.sessions: list[Session] = []
        self._mornings: dict[str, int] = {}

    # --- calendar -----------------------------------------------------------------------------------
    def day(self, week: int, dow: int = 0) -> dt.date:
        """The date of weekday ``dow`` (0 = Monday) of story week ``week`` (0-based)."""
        return self.start + dt.timedelta(weeks=week, days=dow)

    # --- logging ------------------------------------------------------------------------------------
    def workout(self, day: dt.date, name: str, hour: int = 18, minutes: int | None = None,
                note: str | None = None) -> Workout:
        start = dt.datetime.combine(day, dt.time(hour, self.rng.choice([0, 4, 12, 21, 33, 47])))
        w = Workout(start, name, minutes or self.rng.randint(50, 80), note=note)
        if note is None and self.rng.random() < 0.06:
            w.note = self.rng.choice(["slept badly", "gym busy", "felt strong", "short on time", "good session"])
        self.workouts.append(w)
        return w

    def hurt(self, day: dt.date, score: float, area: str | None, context: str, note: str = "",
             hour: int | None = None) -> None:
        """A pain-diary entry; scores are whole numbers as people give them (0–10)."""
        hour = hour if hour is not None else {"next_morning": 7, "rest": 12, "during": 18, "after": 20}[context]
        s = float(max(0, min(10, round(score))))
        self.pain.append(Pain(dt.datetime.combine(day, dt.time(hour, 0)), s, area, context, note))

    def morning_after(self, day: dt.date, level: float, baseline: float, area: str, note: str = "") -> None:
        """Next-morning pain after a session at ``level``: back at ``baseline`` most mornings, a point above it
        every third session while the session pain is well up — load that is too much, but not pain that
        worsens morning after morning (which is a referral of its own, story s16)."""
        self._mornings[area] = n = self._mornings.get(area, 0) + 1
        score = baseline + (1 if n % 3 == 0 and level >= baseline + 2 else 0)
        self.hurt(day + dt.timedelta(days=1), score, area, "next_morning", note)

    def tag(self, day: dt.date, workout: str, intent: str, feel: str = "good", note: str = "") -> None:
        self.sessions.append(Session(day, workout, intent, feel, note))

    def rpe(self, base: float, spread: float = 0.5) -> float:
        """A logged RPE: people round to halves, and the same load feels a little different day to day."""
        return min(10.0, max(5.0, base + self.rng.choice([-spread, 0.0, 0.0, spread])))

    # --- files --------------------------------------------------------------------------------------
    def write_strong(self, path: Path) -> int:
        """Strong form A (no unit in the file; import with ``--unit``); returns the number of sets."""
        rows = []
        for w in sorted(self.workouts, key=lambda w: w.start):
            seen: dict[str, int] = {}
            for k, s in enumerate(w.sets):
                first = s.exercise not in seen
                n = seen.get(s.exercise, 0) + (0 if s.warmup else 1)
                seen[s.exercise] = n
                rows.append([
                    w.start.strftime("%Y-%m-%d %H:%M:%S"), w.name, _duration(w.minutes), s.exercise,
                    "W" if s.warmup else str(n), _num(s.weight or 0), str(s.reps or 0), "0", str(s.seconds or 0),
                    w.notes.get(s.exercise, "") if first else "", (w.note or "") if k == 0 else "",
                    _num(s.rpe) if s.rpe is not None else "",
                ])
        _write(path, STRONG_HEADER, rows)
        return len(rows)

    def write_hevy(self, path: Path, months: tuple[str, ...] = EN_MONTHS) -> int:
        """A Hevy export (newest workout first, notes on every set row, 0-based set_index)."""
        header = list(HEVY_HEADER)
        if self.unit == "lb":
            header[header.index("weight_kg")] = "weight_lbs"
        rows = []
        for w in sorted(self.workouts, key=lambda w: w.start, reverse=True):
            end = w.start + dt.timedelta(minutes=w.minutes)
            seen: dict[str, int] = {}
            for s in w.sets:
                i = seen.get(s.exercise, 0)
                seen[s.exercise] = i + 1
                rows.append([
                    w.name, _hevy_time(w.start, months), _hevy_time(end, months), w.note or "", s.exercise, "",
                    w.notes.get(s.exercise, ""), str(i), "warmup" if s.warmup else "normal",
                    _num(s.weight) if s.weight else "", str(s.reps) if s.reps is not None else "", "",
                    str(s.seconds or 0), _num(s.rpe) if s.rpe is not None else "",
                ])
        _write(path, header, rows)
        return len(rows)

    def write_pain(self, path: Path) -> int:
        rows = [[p.when.strftime("%Y-%m-%d %H:%M"), _num(p.score), p.area or "", p.context, p.note]
                for p in sorted(self.pain, key=lambda p: p.when)]
        _write(path, PAIN_HEADER, rows)
        return len(rows)

    def write_sessions(self, path: Path) -> int:
        rows = [[s.day.isoformat(), s.workout, s.intent, s.feel, s.note]
                for s in sorted(self.sessions, key=lambda s: s.day)]
        _write(path, SESSION_HEADER, rows)
        return len(rows)

    # --- what the story itself knows (for property checks) ------------------------------------------
    def e1rm_kg(self, exercise: str, end: dt.date, days: int = 84) -> float | None:
        """Best Epley e1RM (kg) of the working sets in the ``days`` up to ``end``; RPE adds reps in reserve.

        w × (1 + (reps + (10 − RPE)) / 30): a set of 5 at RPE 8 could have been 7 — the issue's model.
        The *best* set of the plan's 12-week window is the most generous bound a prescription's load can be
        held to (light recent work, 20 reps at RPE 6, says little about strength; Epley is poor past ~10).
        """
        lo = end - dt.timedelta(days=days)
        best = None
        factor = KG_PER_LB if self.unit == "lb" else 1.0
        for w in self.workouts:
            if not lo < w.start.date() <= end:
                continue
            for s in w.sets:
                if s.exercise != exercise or s.warmup or not s.weight or not s.reps:
                    continue
                rir = 10 - s.rpe if s.rpe is not None else 0
                e = s.weight * factor * (1 + (s.reps + rir) / 30)
                best = e if best is None else max(best, e)
        return best


def _across_sets(rpe: float | None, n: int) -> list[float | None]:
    """One session RPE spread over its sets as people log them: the first set easier, the last harder."""
    if rpe is None or n < 3:
        return [rpe] * n
    return [max(5.0, rpe - 0.5)] + [rpe] * (n - 2) + [min(10.0, rpe + 0.5)]


def _num(x: float) -> str:
    return f"{x:g}"


def _duration(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h}h {m}m" if h else f"{m}m"


def _hevy_time(t: dt.datetime, months: tuple[str, ...]) -> str:
    return f"{t.day} {months[t.month - 1]} {t.year}, {t:%H:%M}"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
