"""Stories about the plan itself: following a prescription and returning, what counts as endurance
work, bodyweight work, and prescriptions in pounds.

The article's point is that endurance work is a step on the way back to strength, not a verdict:
the plan must recognise a lifter who is doing what it prescribed, judge that block on its own terms,
and say when and how to return.
"""

from __future__ import annotations

import datetime as dt

from .builder import Log
from .expect import (
    CALM,
    CLINICIAN,
    NOT_OK,
    OK,
    RETURNING,
    SWITCH,
    bodyweight_rx,
    endurance_rx,
    has_flag,
    lighter_rx,
    no_flag,
    plate_rx,
    refers,
    return_rx,
)
from .model import Story

START = dt.date(2026, 1, 5)  # a Monday
SQUAT, BENCH, ROW = "Squat (Barbell)", "Bench Press (Barbell)", "Seated Row (Cable)"
LP, LEX = "Leg Press", "Leg Extension (Machine)"
NO_SPIKE = no_flag("spike", "jump")


def s09_follows_prescription() -> Story:
    """The demo's bench story run to the end: stall with shoulder pain, 3 × 20, then back to strength."""
    log = Log(901, START)
    st = Story("s09_follows_prescription", "bench stalls with shoulder pain 2 → 6, 3 × 20 for 4 weeks, "
               "pain settles, returns at 3 × 10–12", log)
    stall = [(72.5, [6, 6, 5], 9.0), (75, [5, 5, 4], 9.5), (75, [5, 4, 4], 10.0), (72.5, [5, 5, 4], 9.5),
             (75, [4, 4, 3], 10.0)]
    endurance_pain = [[5, 4, 4], [3, 3, 2], [2, 2, 1], [2, 1, 1]]
    ret = [(55, [12, 12, 12], 7.0), (57.5, [12, 12, 11], 7.5), (60, [10, 10, 10], 7.5), (62.5, [10, 10, 10], 8.0)]
    for week in range(23):
        for k, dow in enumerate((0, 2, 4)):
            day = log.day(week, dow)
            w = log.workout(day, "Full Body A" if dow != 2 else "Full Body B", hour=18)
            if dow == 2:
                w.warm(ROW, 30, 10).lift(ROW, 55 + 2.5 * (week // 3), 10, log.rpe(7.5), warmups=False)
                w.lift("Romanian Deadlift (Barbell)", 70 + 2.5 * (week // 2), 8, log.rpe(7.5))
                log.hurt(day, 2 if week < 10 or week > 16 else 3, "shoulder", "rest", "desk day")
                continue
            w.lift(SQUAT, 80 + 2.5 * (week // 2), 5, log.rpe(7.5))
            if week < 10:
                w.lift(BENCH, 60 + 2.5 * (week // 2), 6, log.rpe(7.5))
                level = 2.0
            elif week < 15:
                kg, reps, rpe = stall[week - 10]
                level = 2 + 4 * (week - 10 + dow / 7) / (4 + 4 / 7)
                w.lift(BENCH, kg, reps, rpe, note=f"shoulder pain {round(level)}/10" if dow == 0 else None)
            elif week < 19:
                level = endurance_pain[week - 15][min(k, 2)]
                note = "switched to light 20s like the app said" if week == 15 and dow == 0 else None
                w.lift(BENCH, 42.5 if week < 17 else 45, 20, 7.0 if week == 15 else log.rpe(6.0),
                       warmups=False, note=note)
            else:
                kg, reps, rpe = ret[week - 19]
                level = log.rng.choice([1, 1, 2])
                w.lift(BENCH, kg, reps, rpe, note="back on 12s, shoulder fine" if week == 19 and dow == 0 else None)
            log.hurt(day, level + 0.5 if week < 15 else level, "shoulder", "after", "after bench")
            log.morning_after(day, level, 2 if week < 17 else 1, "shoulder", "morning after")
    st.expect(log.day(9, 6), BENCH, OK, "ten weeks of progress at RPE 7–8, shoulder at its 2/10 baseline")
    # Lead's note: pain after the bench reaches 6/10 here, over the pain-monitoring model's limit, where s14's rule
    # (gentler at 6/10) applies as well: endurance or the gentler mobilization step are both the article's advice.
    st.expect(log.day(14, 6), BENCH, SWITCH, "stalled at RPE 9–10 with shoulder pain rising 4 points: the "
              "article's switch to lighter work, at a load doable with reps in reserve", props=(lighter_rx,))
    for d in (log.day(15, 6), log.day(16, 6)):
        st.expect(d, BENCH, CALM, "doing the prescribed 3 × 20 with pain falling: judge the block, do not repeat "
                  "'switch' (issue: the advice contradicts itself)", phase={"endurance"}, props=(NO_SPIKE,))
    st.expect(log.day(18, 6), BENCH, {"ready_to_return"}, "4 weeks of endurance work, pain ≤ 2/10 for 2 weeks, "
              "mornings at baseline, RPE ≤ 7: the issue's return criteria hold", phase={"endurance"},
              props=(return_rx,))
    for d in (log.day(20, 6), log.day(22, 6)):
        st.expect(d, BENCH, RETURNING, "returning at 3 × 10–12 (+2.5 kg a week) with pain ≤ 2/10: the plan follows "
                  "the return, no switch while the pain rules hold", phase={"strength"}, props=(NO_SPIKE,))
    return st


def s18_rising_after_switch() -> Story:
    """The lifter switched bench to 3 × 20 as told, but the shoulder keeps getting worse for weeks."""
    log = Log(1801, START)
    st = Story("s18_rising_after_switch", "bench switched to 3 × 20, shoulder pain keeps rising 4 → 6 for 4 weeks",
               log)
    stall = [(72.5, [6, 6, 5], 9.0), (75, [5, 5, 4], 9.5), (75, [5, 4, 4], 10.0), (72.5, [5, 5, 4], 9.5),
             (75, [4, 4, 3], 10.0)]
    for week in range(19):
        for dow in (0, 2, 4):
            day = log.day(week, dow)
            w = log.workout(day, "Full Body A" if dow != 2 else "Full Body B", hour=18)
            if dow == 2:
                w.warm(ROW, 30, 10).lift(ROW, 55 + 2.5 * (week // 3), 10, log.rpe(7.5), warmups=False)
                continue
            w.lift(SQUAT, 80 + 2.5 * (week // 2), 5, log.rpe(7.5))
            t = week + dow / 7
            if week < 10:
                w.lift(BENCH, 60 + 2.5 * (week // 2), 6, log.rpe(7.5))
                level = 2.0
            elif week < 15:
                kg, reps, rpe = stall[week - 10]
                w.lift(BENCH, kg, reps, rpe)
                level = 2 + 2 * (t - 10) / 4.6
            else:
                w.lift(BENCH, 42.5, 20, log.rpe(6.5), warmups=False,
                       note="switched to light 20s" if week == 15 and dow == 0 else None)
                level = 4 + 2 * (t - 15) / 3.6
            log.hurt(day, level, "shoulder", "after", "after bench")
            log.morning_after(day, level, 2, "shoulder", "morning after")
    st.expect(log.day(14, 6), BENCH, SWITCH, "the premise: a stall at RPE 9–10 with pain up 2 points is a switch",
              props=(endurance_rx,))
    st.expect(log.day(15, 6), BENCH, CALM | SWITCH, "a week into the endurance block, 4/10 and about flat: too "
              "early to refer (the rule is about pain that keeps rising for weeks)", phase={"endurance"})
    st.expect(log.day(18, 6), BENCH, CLINICIAN, "pain still rising 3+ weeks after the switch: the load is not the "
              "whole story — get it assessed (issue's see_clinician rule)", phase={"endurance"}, props=(refers,))
    return st


def s10_one_tenner() -> Story:
    """A knee patient's leg press: one set of 10 to start, then the 3 × 20 that is the real work."""
    log = Log(1001, START)
    st = Story("s10_one_tenner", "leg press 1 × 10 then 3 × 20 at RPE 5, knee 2/10 steady", log)
    for week in range(8):
        for dow in (0, 2, 4):
            day = log.day(week, dow)
            w = log.workout(day, "Knee Rehab", hour=12, minutes=log.rng.randint(35, 50))
            lp = 60 + 5 * (week // 2)
            w.lift(LP, lp + 20, 10, 6.0, sets=1, warmups=False)
            w.lift(LP, lp, 20, 5.0, sets=3, warmups=False)
            w.lift(LEX, 20 + 2.5 * (week // 2), 20, 5.0, sets=3, warmups=False)
            log.hurt(day, 2, "knee", "during", "")
            log.hurt(day + dt.timedelta(days=1), 2, "knee", "next_morning", "")
    for d in (log.day(4, 6), log.day(7, 6)):
        st.expect(d, LP, OK, "three sets of 20 at RPE 5 outnumber one set of 10: endurance work, and 2/10 "
                  "steady is acceptable (Silbernagel)", phase={"endurance"}, props=(NO_SPIKE,))
        st.expect(d, LEX, OK, "3 × 20 at RPE 5 with the knee steady at 2/10", phase={"endurance"})
    return st


def s17_feel_exhausting_no_rpe() -> Story:
    """No RPE logged at all (many people never fill it in); the session diary says leg days are exhausting."""
    log = Log(1701, START)
    st = Story("s17_feel_exhausting_no_rpe", "no RPE anywhere; squat stalls and leg days feel 'exhausting'", log)
    stall = [[5, 5, 5, 5, 4], [5, 5, 4, 4, 4], [5, 4, 4, 4, 3], [4, 4, 4, 3, 3]]
    for week in range(12):
        for dow, name in ((0, "Leg Day"), (2, "Upper"), (4, "Leg Day")):
            day = log.day(week, dow)
            w = log.workout(day, name, hour=18)
            if name == "Leg Day":
                if week < 8:
                    w.lift(SQUAT, 80 + 2.5 * week, 5, None, sets=5)
                    log.tag(day, name, "normal", "good" if log.rng.random() < 0.7 else "hard")
                else:
                    w.lift(SQUAT, 100, stall[week - 8], None)
                    log.tag(day, name, "normal", "exhausting", "legs dead, squats grind")
                w.warm(LP, 80, 10).lift(LP, 140 + 5 * (week // 2), 10, None, warmups=False)
            else:
                w.lift(BENCH, 60 + 2.5 * (week // 2), 6, None)
                w.warm(ROW, 30, 10).lift(ROW, 55 + 2.5 * (week // 2), 10, None, warmups=False)
                log.tag(day, name, "normal", "good")
    st.silent(log.day(7, 6), "progress without any RPE logged is still progress: nothing to say")
    st.expect(log.day(11, 6), SQUAT, NOT_OK, "no progress for 4 weeks and every leg day 'exhausting': the "
              "article's 'too intense, and not in a good way', read from the diary when RPE is absent",
              props=(has_flag("intens", "exhaust", "progress", "stall"),))
    st.expect(log.day(11, 6), BENCH, OK, "the upper-body days feel good and the bench progresses")
    return st


def s11_bodyweight() -> Story:
    """Home training: push-ups for reps, pull-ups, goblet squats; later the shoulder starts to hurt."""
    log = Log(1101, START)
    st = Story("s11_bodyweight", "push-ups 3 × 25 at RPE 8, then stalling with shoulder pain 2 → 6", log)
    stall = [([25, 24, 22], 9.0), ([24, 22, 20], 9.0), ([22, 20, 18], 9.5), ([20, 18, 16], 9.5)]
    for week in range(12):
        for dow in (0, 3):
            day = log.day(week, dow)
            w = log.workout(day, "Home Workout", hour=7, minutes=log.rng.randint(30, 45))
            if week < 8:
                w.bodyweight("Push Up", [min(25, 18 + week)] * 3, 8.0)
            else:
                reps, rpe = stall[week - 8]
                w.bodyweight("Push Up", reps, rpe)
                level = 2 + 4 * (week - 8 + dow / 7) / (3 + 3 / 7)
                log.hurt(day, level, "shoulder", "after", "push-ups")
                log.hurt(day + dt.timedelta(days=1), level, "shoulder", "next_morning", "")
            w.bodyweight("Pull Up", [5 + min(week, 8) // 2] * 4, 8.0)
            w.lift("Goblet Squat (Kettlebell)", 16 + 4 * (week // 4), 12, log.rpe(7.5), warmups=False)
    st.expect(log.day(7, 6), "Push Up", OK, "3 × 25 at RPE 8 is muscular-endurance work, not mobilization "
              "(issue: push-ups at RPE 8 are not 'negligible load')", phase={"endurance"}, props=(bodyweight_rx,))
    st.expect(log.day(7, 6), "Pull Up", OK, "bodyweight strength work progressing by reps", phase={"strength"})
    st.expect(log.day(11, 6), "Push Up", NOT_OK, "reps falling at RPE 9–9.5 while shoulder pain rises 4 points",
              phase={"endurance"}, props=(bodyweight_rx,))
    return st


def s12_lb_units() -> Story:
    """An American lifter's Strong log in pounds: the bench stalls while the shoulder starts to hurt."""
    return _lb("s12_lb_units", "strong", 1201)


def s12_lb_units_hevy() -> Story:
    """The same lifter on Hevy, whose export says weight_lbs in its header."""
    return _lb("s12_lb_units_hevy", "hevy", 1202)


def _lb(name: str, fmt: str, seed: int) -> Story:
    log = Log(seed, START, unit="lb")
    st = Story(name, f"{fmt.title()} in lb: bench stalls at 205 lb with shoulder pain 2 → 5", log, fmt=fmt)
    stall = [(205, [5, 5, 4], 9.0), (205, [5, 4, 4], 9.5), (210, [4, 4, 3], 10.0), (205, [4, 4, 3], 10.0)]
    for week in range(14):
        for dow in (0, 2, 4):
            day = log.day(week, dow)
            w = log.workout(day, "Full Body", hour=6)
            w.lift(SQUAT, 225 + 10 * (week // 2), 5, log.rpe(7.5), bar=45, step=5)
            if week < 10:
                w.lift(BENCH, 155 + 5 * week, 5, log.rpe(7.5), bar=45, step=5)
            else:
                kg, reps, rpe = stall[week - 10]
                w.lift(BENCH, kg, reps, rpe, bar=45, step=5)
                level = 2 + 3 * (week - 10 + dow / 7) / (3 + 4 / 7)
                log.hurt(day, level, "shoulder", "after", "bench")
                log.morning_after(day, level, 2, "shoulder")
            w.warm(ROW, 50, 10).lift(ROW, 120 + 5 * (week // 2), 10, log.rpe(7.5), warmups=False)
        if 6 <= week < 10:
            log.hurt(log.day(week, 3), 2, "shoulder", "rest", "shoulder a bit stiff")
    end = log.day(13, 6)
    st.expect(end, BENCH, SWITCH, "the article's switch, prescribed in the lifter's unit on a real 5 lb step "
              "(a 171 lb bar cannot be loaded)", props=(endurance_rx, plate_rx("lb", 5)), unit="lb")
    st.expect(end, BENCH, SWITCH, "the same prescription asked in kg is on a 2.5 kg step",
              props=(plate_rx("kg", 2.5),), unit="kg")
    st.expect(end, SQUAT, OK, "the squat keeps progressing and shoulder pain does not belong to it", unit="lb")
    return st


STORIES = [s09_follows_prescription, s10_one_tenner, s11_bodyweight, s12_lb_units, s12_lb_units_hevy,
           s17_feel_exhausting_no_rpe, s18_rising_after_switch]
