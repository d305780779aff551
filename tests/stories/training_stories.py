"""Stories of healthy training the plan must leave alone: sparse schedules, peaking, slow gains,
deloads, layoffs, and six months of ordinary noise.

A coach reads these logs as normal training; any flag on them is a false alarm that teaches the user
to ignore the real ones (the issue's "healthy training is flagged").
"""

from __future__ import annotations

import datetime as dt

from .builder import Log
from .expect import OK, no_flag
from .model import Story

START = dt.date(2026, 1, 5)  # a Monday
SQUAT, BENCH, DL = "Squat (Barbell)", "Bench Press (Barbell)", "Deadlift (Barbell)"
OHP, PULL, ROW = "Overhead Press (Barbell)", "Lat Pulldown (Cable)", "Bent Over Row (Barbell)"
LEX, DB_ROW = "Leg Extension (Machine)", "Bent Over Row (Dumbbell)"
CALM_FLAGS = no_flag("progress", "stall", "intens", "exhaust", "spike", "jump")


def _bad_day(log: Log, reps: int, sets: int = 3) -> list[int]:
    """Most days every rep is made; now and then the last set comes up one short."""
    out = [reps] * sets
    if log.rng.random() < 0.12:
        out[-1] -= 1
    return out


def _sparse(name: str, title: str, every: int, seed: int) -> Story:
    log = Log(seed, START)
    st = Story(name, title, log)
    days = []
    d, n = START + dt.timedelta(days=5), 0
    while d < START + dt.timedelta(weeks=26):
        w = log.workout(d, "Full Body", hour=10, minutes=log.rng.randint(65, 85))
        w.lift(SQUAT, 80 + 2.5 * (n // 2), _bad_day(log, 5), log.rpe(7.5))
        w.lift(BENCH, 60 + 2.5 * (n // 3), _bad_day(log, 5), log.rpe(7.5))
        w.lift(DL, 100 + 2.5 * (n // 2), 5, log.rpe(7.5), sets=1)
        w.warm(PULL, 25, 10).lift(PULL, 45 + 2.5 * (n // 4), 10, log.rpe(7.5), warmups=False)
        w.hold("Plank", [45, 45, 45])
        days.append(d)
        d, n = d + dt.timedelta(days=every), n + 1
    why = f"one full-body session every {every} days, every lift progressing: a weekly or daily load model " \
          "must not read the gaps as spikes or stops"
    for d in (days[9], days[12] + dt.timedelta(days=1), days[-3] + dt.timedelta(days=every - 1), days[-1]):
        st.silent(d, why)
        st.expect(d, SQUAT, OK, "progressing strength work between two sessions is strength work, not paused",
                  phase={"strength"})
    return st


def s04_once_a_week() -> Story:
    return _sparse("s04_once_a_week", "full body once a week for 6 months, progressing", 7, 401)


def s04_every_10_days() -> Story:
    return _sparse("s04_every_10_days", "full body once every 10 days for 6 months, progressing", 10, 402)


def _peaking(name: str, title: str, tagged: bool, seed: int) -> Story:
    """Hypertrophy, strength, then a 3-week peak (1–3 reps at RPE 9–10, e1RM rising) and a mock meet."""
    log = Log(seed, START)
    st = Story(name, title, log)
    strength = {SQUAT: [160, 162.5, 167.5, 170, 172.5], BENCH: [107.5, 110, 110, 112.5, 115],
                DL: [190, 195, 197.5, 202.5, 205]}
    peak = {SQUAT: [(185, 3, 9), (195, 2, 9.5), (202.5, 1, 9.5)], BENCH: [(122.5, 3, 9), (127.5, 2, 9), (132.5, 1, 9)],
            DL: [(215, 3, 9), (225, 2, 9), (232.5, 1, 9)]}
    meet = {SQUAT: 207.5, BENCH: 137.5, DL: 240}

    def heavy(w, ex: str, week: int) -> None:
        if week < 6:
            base = {SQUAT: 130 + 2.5 * week, BENCH: 90 + 2.5 * (week // 2), DL: 160 + 2.5 * week}[ex]
            w.lift(ex, base, 8 if ex != DL else 6, log.rpe(7.5), sets=4 if ex != DL else 3)
        elif week < 11:
            w.lift(ex, strength[ex][week - 6], 4 if ex != DL else 3, log.rpe(8), sets=4 if ex != DL else 3)
        else:
            kg, reps, rpe = peak[ex][week - 11]
            w.lift(ex, kg, reps, rpe, sets=1)
            w.lift(ex, round(kg * 0.85 / 2.5) * 2.5, 3, 8.0, sets=2, warmups=False)

    for week in range(15):
        peaking = 11 <= week < 14
        if week < 14:
            plan = [(0, "Squat + Bench", (SQUAT, BENCH)), (2, "Deadlift + Bench", (DL,)),
                    (4, "Squat + Bench (volume)", ())]
        else:
            plan = [(0, "Openers", ()), (5, "Mock Meet", (SQUAT, BENCH, DL))]
        for dow, name, heavy_lifts in plan:
            day = log.day(week, dow)
            w = log.workout(day, name, hour=17, minutes=log.rng.randint(80, 110))
            if name == "Mock Meet":
                for ex in heavy_lifts:
                    w.lift(ex, meet[ex], 1, 10.0, sets=1)
                if tagged:
                    log.tag(day, name, "test", "good", "mock meet: all PRs")
                continue
            if name == "Openers":
                w.lift(SQUAT, 185, 1, 7.0, sets=1)
                w.lift(BENCH, 122.5, 1, 7.0, sets=1)
                continue
            for ex in heavy_lifts:
                heavy(w, ex, week)
            if name == "Deadlift + Bench":
                w.lift(BENCH, 90 + 2.5 * (week // 3), 6, log.rpe(7), sets=3)
            if name.endswith("(volume)"):
                w.lift(SQUAT, 120 + 2.5 * (week // 2), 5, log.rpe(7), sets=3)
                w.lift(BENCH, 85 + 2.5 * (week // 3), 8, log.rpe(7), sets=3)
            if not peaking:
                w.warm(DB_ROW, 20, 10).lift(DB_ROW, 32 + 2 * (week // 3), 10, log.rpe(8), warmups=False)
            if tagged and peaking:
                log.tag(day, name, "peaking", "hard", "peak block")
    why = "1–3 reps at RPE 9–10 with e1RM rising is a peak, not 'too intense' (issue: never from high RPE alone " \
          "while e1RM rises; a peaking/test session is intent)"
    for d in (log.day(12, 6), log.day(13, 6), log.day(14, 6)):
        for ex in (SQUAT, BENCH, DL):
            st.expect(d, ex, OK, why, phase={"strength"}, props=(CALM_FLAGS,))
    return st


def s05_peaking_tagged() -> Story:
    return _peaking("s05_peaking_tagged", "powerlifting peak, sessions tagged peaking/test", True, 501)


def s05_peaking_untagged() -> Story:
    return _peaking("s05_peaking_untagged", "powerlifting peak, no session diary", False, 502)


def s06_slow_progress() -> Story:
    log = Log(601, START)
    st = Story("s06_slow_progress", "bench +1.25 kg every 2 weeks at RPE 7–8 for 6 months", log)
    for week in range(26):
        for dow in (0, 2, 4):
            w = log.workout(log.day(week, dow), "Full Body", hour=7)
            if dow != 2:
                w.lift(SQUAT, 100 + 2.5 * (week // 2), 5, log.rpe(7.5))
                w.lift(BENCH, 80 + 1.25 * (week // 2), 5, log.rpe(7.5))
            else:
                w.lift(DL, 130 + 2.5 * (week // 2), 5, log.rpe(7.5), sets=2)
                w.lift(OHP, 45 + 1.25 * (week // 3), 6, log.rpe(7.5))
                w.warm(PULL, 30, 10).lift(PULL, 55 + 2.5 * (week // 4), 10, log.rpe(7.5), warmups=False)
    for week in (12, 18, 25):
        st.silent(log.day(week, 6), "slow, steady gains are progress: a trend over 6–8 weeks sees them through "
                  "RPE noise (issue: robust to slow steady gains)")
        st.expect(log.day(week, 6), BENCH, OK, "+1.25 kg every 2 weeks is how an intermediate bench progresses",
                  phase={"strength"}, props=(no_flag("progress", "stall"),))
    return st


def _deload(name: str, title: str, tagged: bool, seed: int) -> Story:
    log = Log(seed, START)
    st = Story(name, title, log)
    for week in range(15):
        deload = week == 9
        k = week if week < 9 else week - 1  # progression resumes where it left off
        for dow, wname in ((0, "Day A"), (2, "Day B"), (4, "Day A")):
            day = log.day(week, dow)
            w = log.workout(day, wname, hour=19)
            f = 0.6 if deload else 1.0
            rpe = (lambda: 5.5) if deload else (lambda: log.rpe(7.5))
            if wname == "Day A":
                w.lift(SQUAT, round(f * (100 + 2.5 * k) / 2.5) * 2.5, 5, rpe(), sets=3)
                w.lift(BENCH, round(f * (75 + 2.5 * (k // 2)) / 2.5) * 2.5, 5, rpe(), sets=3)
            else:
                w.lift(DL, round(f * (130 + 2.5 * k) / 2.5) * 2.5, 5, rpe(), sets=2)
                w.lift(ROW, round(f * (60 + 2.5 * (k // 2)) / 2.5) * 2.5, 8, rpe(), sets=3)
            if deload and tagged:
                log.tag(day, w.name, "deload", "good", "planned deload week")
    why = "a planned week at ~60 % is recovery, not a stall; progress resumes after it (issue: no-progress is " \
          "not judged for 4 weeks after a deload)"
    for d in (log.day(9, 6), log.day(10, 6), log.day(11, 6), log.day(14, 6)):
        st.silent(d, why)
    return st


def s07_deload_tagged() -> Story:
    return _deload("s07_deload_tagged", "deload week at 60 %, tagged deload", True, 701)


def s07_deload_untagged() -> Story:
    return _deload("s07_deload_untagged", "deload week at 60 %, not tagged", False, 702)


def _layoff(name: str, title: str, off: int, seed: int) -> Story:
    """Twelve weeks of progress, ``off`` weeks away, back at ~85 % and building up again."""
    log = Log(seed, START)
    st = Story(name, title, log)
    last = 11
    for week in range(12 + off + 6):
        if last < week < 12 + off:
            continue
        back = week - (12 + off)  # weeks since the comeback (negative before the layoff)
        for dow in (0, 2, 4):
            w = log.workout(log.day(week, dow), "Full Body", hour=18)
            sq, be, dl = 100 + 2.5 * min(week, last), 80 + 2.5 * (min(week, last) // 2), 140 + 2.5 * min(week, last)
            f = 1.0 if back < 0 else min(1.0, 0.85 + 0.05 * back)
            extra = 0 if back < 4 else 2.5 * (back - 3)
            r = lambda x: round(x / 2.5) * 2.5  # noqa: E731
            rpe = log.rpe(7.0 if 0 <= back < 2 else 7.5)
            w.lift(SQUAT, r(f * sq) + extra, 5, rpe)
            w.lift(BENCH, r(f * be) + extra / 2, 5, rpe)
            if dow == 2:
                w.lift(DL, r(f * dl) + extra, 5, rpe, sets=1)
    comeback = log.day(12 + off, 0)
    st.silent(log.day(12 + off - 1, 3), f"a {off}-week break without pain is life, not a sign")
    st.expect(log.day(12 + off - 1, 3), SQUAT, OK, "no sets for weeks and no pain: paused, nothing to fix",
              phase={"paused"})
    for k in range(4):
        d = comeback + dt.timedelta(weeks=k, days=6)
        st.silent(d, "coming back lighter and building up is the textbook return: not a stall, not a spike "
                  "(issue: no-progress not judged for 4 weeks after a pause ≥ 14 days)")
        st.expect(d, SQUAT, OK, "building back up after the break", phase={"strength"},
                  props=(no_flag("progress", "stall", "stop"),))
    return st


def s08_layoff_3_weeks() -> Story:
    return _layoff("s08_layoff_3_weeks", "3-week layoff, comeback at 85 % building up", 3, 801)


def s08_layoff_5_weeks() -> Story:
    return _layoff("s08_layoff_5_weeks", "5-week layoff, comeback at 85 % building up", 5, 802)


def s15_healthy_six_months() -> Story:
    """An intermediate on an upper/lower split: good and bad days, a skipped week, a niggle now and then."""
    log = Log(1501, START)
    st = Story("s15_healthy_six_months", "6 months upper/lower with ordinary noise and 2/10 niggles", log)
    rng = log.rng
    days = [(0, "Lower A"), (1, "Upper A"), (3, "Lower B"), (4, "Upper B")]
    for week in range(26):
        if week == 16:  # a week away, no training
            continue
        for dow, name in days:
            if rng.random() < 0.06:  # a session skipped now and then
                continue
            day = log.day(week, dow)
            w = log.workout(day, name, hour=rng.choice([6, 7, 18, 19]))
            off = rng.random() < 0.1  # a bad day: everything feels a point heavier, a rep is missed
            top = rng.random() < 0.08  # a great day: one hard top set
            e = (lambda base, off=off: min(10.0, log.rpe(base) + (1.0 if off else 0.0)))  # noqa: E731
            reps = (lambda n, s=3, off=off: [n] * (s - 1) + [n - 1 if off else n])  # noqa: E731
            dbl = week % 4  # double progression on accessories: reps up for 3 weeks, then load
            if name == "Lower A":
                w.lift(SQUAT, 95 + 2.5 * (week // 2), reps(5), e(7.5))
                if top:
                    w.lift(SQUAT, 95 + 2.5 * (week // 2) + 10, 2, 9.5, sets=1, warmups=False)
                w.lift("Romanian Deadlift (Barbell)", 80 + 2.5 * (week // 3), reps(8), e(7.5), warmups=False)
                w.warm(LEX, 20, 12).lift(LEX, 35 + 5 * (week // 4), 10 + dbl, e(8), warmups=False)
            elif name == "Upper A":
                w.lift(BENCH, 75 + 2.5 * (week // 3), reps(5), e(8))
                w.lift(ROW, 60 + 2.5 * (week // 3), reps(8), e(7.5), warmups=False)
                w.lift("Lateral Raise (Dumbbell)", 8 + 1 * (week // 6), 12 + dbl, e(8.5), warmups=False)
                w.lift("Triceps Pushdown (Cable)", 25 + 2.5 * (week // 4), 10 + dbl, e(8), warmups=False)
            elif name == "Lower B":
                w.lift(DL, 130 + 2.5 * (week // 2), [5], e(8), sets=1)
                w.lift(DL, round((130 + 2.5 * (week // 2)) * 0.85 / 2.5) * 2.5, 5, e(7), sets=2, warmups=False)
                w.warm("Leg Press", 80, 10).lift("Leg Press", 150 + 10 * (week // 4), 10 + dbl, e(8), warmups=False)
                w.bodyweight("Hanging Leg Raise", [8 + week // 3] * 3, 8.0)
            else:
                w.lift(OHP, 45 + 1.25 * (week // 2), reps(6), e(8))
                w.warm(PULL, 30, 10).lift(PULL, 55 + 2.5 * (week // 4), 10 + dbl, e(8), warmups=False)
                w.lift("Bicep Curl (Dumbbell)", 12 + 2 * (week // 6), 10 + dbl, e(8), warmups=False)
            if rng.random() < 0.07:  # a niggle: 1–2/10 somewhere, once
                area = rng.choice(["knee", "shoulder", "lower back", "elbow"])
                log.hurt(day, rng.choice([1, 2, 2]), area, rng.choice(["after", "next_morning"]), "niggle")
    for week in (10, 14, 18, 21, 25):
        st.silent(log.day(week, 6), "ordinary ups and downs, a skipped week, an odd 2/10: a coach would say "
                  "nothing (issue: a healthy lifter must stay silent)")
    return st


STORIES = [s04_once_a_week, s04_every_10_days, s05_peaking_tagged, s05_peaking_untagged, s06_slow_progress,
           s07_deload_tagged, s07_deload_untagged, s08_layoff_3_weeks, s08_layoff_5_weeks, s15_healthy_six_months]
