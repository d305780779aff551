"""Stories about pain: where it belongs, how it is judged on every kind of work, when to refer.

Thresholds the expectations lean on (the article's signs, made concrete in issue 9):
Farrar et al. 2001 — a 2-point / 30 % change on a 0–10 scale is clinically meaningful;
Silbernagel's pain-monitoring model — up to 5/10 during exercise is acceptable, next-morning pain must
not be worse than the baseline; ≥ 7/10 or pain that keeps rising is a reason to get it assessed.
"""

from __future__ import annotations

import datetime as dt

from .builder import PT_MONTHS, Log
from .expect import (
    CALM,
    CLINICIAN,
    NOT_OK,
    OK,
    READY,
    SWITCH,
    WATCH_OR_SWITCH,
    endurance_rx,
    gentle_rx,
    has_flag,
    no_flag,
    plate_rx,
    prescribed_if_switch,
    refers,
)
from .model import Story

START = dt.date(2026, 1, 5)  # a Monday
PAIN = has_flag("pain")  # the pain itself is on the exercise, not only a stall sign
LE, LP, PULL = "Leg Extension (Machine)", "Leg Press", "Lat Pulldown (Cable)"
SQUAT, BENCH, DL = "Squat (Barbell)", "Bench Press (Barbell)", "Deadlift (Barbell)"
ROW, OHP = "Seated Row (Cable)", "Overhead Press (Barbell)"


def s01_pain_on_endurance_work() -> Story:
    """A patellar-tendinopathy patient on 3 × 20: the knee climbs from 2 to 8 over four weeks."""
    log = Log(101, START)
    st = Story("s01_pain_on_endurance_work", "knee rehab on 3 × 20, knee pain 2 → 8 over 4 weeks", log)
    rise = 6.0

    def knee(t: float) -> float:
        return 2 + log.rng.choice([-1, 0, 0, 0, 1]) if t < rise else min(8.0, 2 + 6 * (t - rise) / 3.5)

    for week in range(10):
        for dow in (0, 2, 4):
            day = log.day(week, dow)
            w = log.workout(day, "Knee Rehab", hour=17, minutes=log.rng.randint(38, 52))
            w.lift(LE, 20 + 2.5 * (week // 3), 20, log.rpe(6.5), warmups=False)
            w.lift(LP, 60 + 5 * (week // 2), 20, log.rpe(6.5), warmups=False)
            w.warm(PULL, 25, 10).lift(PULL, 45 + 2.5 * (week // 3), 12, log.rpe(7), warmups=False)
            level = knee(week + dow / 7)
            log.hurt(day, level, "knee", "during", "leg press")
            log.hurt(day + dt.timedelta(days=1), level, "knee", "next_morning", "stairs")
    why_ok = "stable 2/10 on 20-rep work sits inside Silbernagel's acceptable ≤ 5/10: train as planned"
    for ex in (LE, LP):
        st.expect(log.day(5, 6), ex, OK, why_ok, phase={"endurance"})
        st.expect(log.day(7, 6), ex, NOT_OK, "knee pain up 3 points in ~2 weeks (Farrar: ≥ 2 is meaningful) "
                  "— pain is judged on endurance work too", phase={"endurance"})
        st.expect(log.day(9, 6), ex, CLINICIAN, "7–8/10 and rising on light 20-rep work: get it assessed "
                  "(issue: see_clinician at ≥ 7/10)", phase={"endurance"}, props=(refers,))
    st.expect(log.day(9, 6), PULL, OK, "knee pain says nothing about a pulldown (shoulder, elbow, upper back)")
    return st


def _deadlift_notes(name: str, title: str, note_of, levels: list[int], seed: int) -> Story:
    """Deadlift progresses 8 weeks, then stalls for 5 while pain is written in its notes only."""
    log = Log(seed, START)
    st = Story(name, title, log)
    stall = [(140, [5, 5, 4], 9.0), (142.5, [5, 4, 4], 9.5), (140, [4, 4, 4], 10.0), (142.5, [4, 4, 3], 10.0),
             (140, [4, 3, 3], 10.0)]
    for week in range(13):
        w = log.workout(log.day(week, 0), "Lower", hour=7)
        if week < 8:
            w.lift(DL, 120 + 2.5 * week, 5, log.rpe(8))
        else:
            kg, reps, rpe = stall[week - 8]
            w.lift(DL, kg, reps, rpe, note=note_of(levels[week - 8]))
        w.bodyweight("Back Extension", [12 + min(3, week // 3)] * 3, 7.0)
        w.warm(LP, 60, 10).lift(LP, 120 + 5 * (week // 2), 10, log.rpe(7.5), warmups=False)
        w = log.workout(log.day(week, 2), "Upper A", hour=7)
        w.lift(BENCH, 80 + 2.5 * (week // 2), 6, log.rpe(7.5), sets=4)
        w.warm(ROW, 30, 10).lift(ROW, 60 + 2.5 * (week // 2), 10, log.rpe(7.5), warmups=False)
        w = log.workout(log.day(week, 4), "Upper B", hour=7)
        w.lift(OHP, 45 + 2.5 * (week // 3), 6, log.rpe(8))
        w.warm(PULL, 30, 10).lift(PULL, 55 + 2.5 * (week // 3), 10, log.rpe(7.5), warmups=False)
        w.bodyweight("Back Extension", [12 + min(3, week // 3)] * 3, 7.0)
    st.silent(log.day(7, 6), "eight weeks of clean progress, no pain: nothing to say")
    return st


def s02_note_pain_back() -> Story:
    st = _deadlift_notes("s02_note_pain_back", "'back 2→5/10' only in the deadlift's notes",
                         lambda s: f"back {s}/10", [2, 3, 4, 5, 5], 202)
    end = st.log.day(12, 6)
    st.expect(end, DL, NOT_OK, "pain written in the deadlift's own notes, rising 3 points while it stalls at "
              "RPE 10: the article's 'worry about pain' and 'no progress' together", props=(PAIN,))
    st.expect(end, "Back Extension", NOT_OK, "'back' alone means the lower back, and a back extension loads it",
              props=(PAIN,))
    for ex in (BENCH, ROW, OHP, PULL):
        st.expect(end, ex, OK, "lower-back pain is not in an area a bench/row/press/pulldown loads; they progress")
    return st


def s02_note_pain_no_area() -> Story:
    st = _deadlift_notes("s02_note_pain_no_area", "'pain 3→6/10' (no area) only in the deadlift's notes",
                         lambda s: f"pain {s}/10", [3, 4, 5, 6, 6], 203)
    end = st.log.day(12, 6)
    st.expect(end, DL, NOT_OK, "unplaced pain in the deadlift's own notes belongs to the deadlift; 6/10 is "
              "beyond Silbernagel's 5", props=(PAIN,))
    for ex in ("Back Extension", LP, BENCH, ROW, OHP, PULL):
        st.expect(end, ex, OK, "pain with no area, written under another exercise, is no reason to change this one")
    return st


#: Exercise names as localised apps write them (Hevy and Strong translate their exercise library), the
#: month names of the export, and the words a lifter would write in the diary.
LANGS: dict[str, dict] = {
    "pt": {"squat": "Agachamento (Barra)", "ext": "Cadeira Extensora", "curl": "Rosca Direta (Barra)",
           "tri": "Tríceps Corda", "lat": "Elevação Lateral (Halteres)", "bench": "Supino Reto (Barra)",
           "physio": "Exercício do Fisio (Elástico)", "a": "Treino A", "b": "Treino B",
           "after": "joelho depois do treino", "morning": "joelho dói na escada", "ok": "joelho ok"},
    "de": {"squat": "Kniebeuge (Langhantel)", "ext": "Beinstrecker (Maschine)", "curl": "Bizepscurls (Langhantel)",
           "tri": "Trizepsdrücken (Seilzug)", "lat": "Seitheben (Kurzhantel)", "bench": "Bankdrücken (Langhantel)",
           "physio": "Übung vom Physio (Band)", "a": "Ganzkörper A", "b": "Ganzkörper B",
           "after": "Knie nach dem Training", "morning": "Knie tut auf der Treppe weh", "ok": "Knie ok"},
    "es": {"squat": "Sentadilla (Barra)", "ext": "Extensión de Piernas (Máquina)", "curl": "Curl de Bíceps (Barra)",
           "tri": "Extensión de Tríceps (Polea)", "lat": "Elevación Lateral (Mancuerna)",
           "bench": "Press de Banca (Barra)", "physio": "Ejercicio del Fisio (Banda)", "a": "Rutina A",
           "b": "Rutina B", "after": "rodilla después", "morning": "rodilla al bajar escaleras", "ok": "rodilla bien"},
    "fr": {"squat": "Squat (Barre)", "ext": "Extension des Jambes (Machine)", "curl": "Curl Biceps (Barre)",
           "tri": "Extension Triceps (Poulie)", "lat": "Élévation Latérale (Haltère)",
           "bench": "Développé Couché (Barre)", "physio": "Exercice du Kiné (Élastique)", "a": "Séance A",
           "b": "Séance B", "after": "genou après la séance", "morning": "genou dans l'escalier", "ok": "genou ok"},
    "it": {"squat": "Squat (Bilanciere)", "ext": "Leg Extension (Macchina)", "curl": "Curl con Bilanciere",
           "tri": "Pushdown Tricipiti (Cavo)", "lat": "Alzate Laterali (Manubri)",
           "bench": "Panca Piana (Bilanciere)", "physio": "Esercizio del Fisio (Elastico)", "a": "Scheda A",
           "b": "Scheda B", "after": "ginocchio dopo", "morning": "ginocchio sulle scale", "ok": "ginocchio ok"},
}
MONTHS = {"de": ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."),
          "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
          "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
          "it": ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
          "pt": PT_MONTHS}
PT = LANGS["pt"]


def _localised(lang: str, fmt: str, seed: int) -> Story:
    """A lifter whose app speaks ``lang``; the knee hurts more and more over four weeks (diary)."""
    t = LANGS[lang]
    log = Log(seed, START)
    name = "s03_localised_hevy" if lang == "pt" else f"s03_localised_{fmt}_{lang}"
    st = Story(name, f"{fmt.title()} in {lang}, knee pain 1 → 6 in the diary", log, fmt=fmt, months=MONTHS[lang],
               areas={t["physio"]: ["knee"]})
    stall = [(92.5, [6, 6, 5, 5], 9.0), (92.5, [6, 5, 5, 4], 9.5), (90, [5, 5, 5, 4], 9.5), (92.5, [5, 4, 4, 4], 10)]
    for week in range(14):
        for dow, title in ((0, t["a"]), (2, t["b"]), (4, t["a"])):
            day = log.day(week, dow)
            w = log.workout(day, title, hour=6, minutes=log.rng.randint(55, 75))
            if title == t["a"]:
                if week < 10:
                    w.lift(t["squat"], 70 + 2.5 * week - (5 if dow == 4 else 0), 6, log.rpe(8), sets=4)
                else:
                    kg, reps, rpe = stall[week - 10]
                    w.lift(t["squat"], kg, reps, rpe)
                w.lift(t["ext"], 35 + 2.5 * min(week // 2, 4), 12, 8.5 if week >= 10 else log.rpe(7.5),
                       warmups=False)
                w.lift(t["bench"], 50 + 2.5 * (week // 2), 8, log.rpe(7.5), sets=4)
                w.lift(t["tri"], 20 + 2.5 * (week // 3), 12, log.rpe(8), warmups=False)
            else:
                w.lift(t["curl"], 25 + 2.5 * (week // 3), 10, log.rpe(8), warmups=False)
                w.lift(t["lat"], 6 + week // 4, 15, log.rpe(8), warmups=False)
                w.bodyweight(t["physio"], [15, 15, 15], 6.0)
            if week >= 10:
                level = 1 + 5 * (week - 10 + dow / 7) / 3.6
                log.hurt(day, level, "knee", "after", t["after"])
                log.hurt(day + dt.timedelta(days=1), level, "knee", "next_morning", t["morning"])
            elif dow == 2 and week % 2:
                log.hurt(day, 1, "knee", "rest", t["ok"])
    st.silent(log.day(8, 6), "nine weeks of progress, knee 1/10 now and then: nothing to say")
    end = log.day(13, 6)
    st.expect(end, t["squat"], NOT_OK, "a squat loads the knee; knee pain 1→6 while it stalls at RPE 9–10 "
              "(the pain, not only the stall, must be on it)", props=(PAIN,))
    st.expect(end, t["ext"], NOT_OK, "a leg extension is the knee exercise; knee pain rose 5 points",
              props=(PAIN,))
    st.expect(end, t["physio"], NOT_OK, "the lifter said this exercise loads the knee (areas set): that wins")
    for key in ("curl", "tri", "lat", "bench"):
        st.expect(end, t[key], OK, "curls, triceps, lateral raises and bench press do not load the knee")
    return st


def s03_localised_hevy() -> Story:
    """A Brazilian lifter's Hevy export in Portuguese (the issue's 33-flag log)."""
    return _localised("pt", "hevy", 303)


def s03_localised_hevy_de() -> Story:
    return _localised("de", "hevy", 304)


def s03_localised_hevy_fr() -> Story:
    return _localised("fr", "hevy", 305)


def s03_localised_strong_es() -> Story:
    """Strong localises its exercise library too; the CSV keeps the form-A header."""
    return _localised("es", "strong", 306)


def s03_localised_strong_it() -> Story:
    return _localised("it", "strong", 307)


def s02_note_pain_localised_de() -> Story:
    """A German Hevy log: shoulder pain written in German only in the bench press's notes."""
    log = Log(204, START)
    st = Story("s02_note_pain_localised_de", "German Hevy: 'Schulter 3→6/10' only in the bench's notes", log,
               fmt="hevy", months=MONTHS["de"])
    bench, ohp, pull = "Bankdrücken (Langhantel)", "Schulterdrücken (Langhantel)", "Latzug (Kabel)"
    squat, legpress = "Kniebeuge (Langhantel)", "Beinpresse (Maschine)"
    stall = [(85, [6, 6, 5, 5], 9.0), (85, [6, 5, 5, 4], 9.5), (82.5, [6, 5, 5, 5], 9.5), (85, [5, 5, 4, 4], 10.0)]
    notes = ["Schulter 3/10", "Schulter 4/10", "Schulter tut weh, 5/10", "Schulter 6/10"]
    for week in range(13):
        for dow, title in ((0, "Oberkörper"), (2, "Unterkörper"), (4, "Oberkörper")):
            w = log.workout(log.day(week, dow), title, hour=19)
            if title == "Oberkörper":
                if week < 9:
                    w.lift(bench, 65 + 2.5 * week - (5 if dow == 4 else 0), 6, log.rpe(8), sets=4)
                else:
                    kg, reps, rpe = stall[week - 9]
                    w.lift(bench, kg, reps, rpe, note=notes[week - 9] if dow == 0 else None)
                if dow == 4:
                    w.lift(ohp, 40 + 2.5 * (week // 2), 8, log.rpe(7.5))
                w.warm(pull, 30, 10).lift(pull, 50 + 2.5 * (week // 2), 10, log.rpe(7.5), warmups=False)
            else:
                w.lift(squat, 90 + 2.5 * week, 5, log.rpe(8))
                w.warm(legpress, 80, 10).lift(legpress, 140 + 5 * (week // 2), 10, log.rpe(7.5), warmups=False)
    st.silent(log.day(8, 6), "nine weeks of progress, no pain: nothing to say")
    end = log.day(12, 6)
    st.expect(end, bench, NOT_OK, "pain in the bench press's own notes, rising 3 points while it stalls at RPE 10",
              props=(PAIN,))
    st.expect(end, ohp, NOT_OK, "'Schulter' is the shoulder, which an overhead press loads: rising shoulder pain "
              "belongs to it too (issue: area words in German)", props=(PAIN,))
    for ex in (squat, legpress):
        st.expect(end, ex, OK, "shoulder pain does not belong to squats or the leg press, which progress")
    return st


def s02_diary_pain_no_area() -> Story:
    """General aches logged in the diary with no area, climbing for four weeks; training progresses."""
    log = Log(205, START)
    st = Story("s02_diary_pain_no_area", "diary pain with no area 2 → 6 while every lift progresses", log)
    for week in range(12):
        for dow in (0, 2, 4):
            day = log.day(week, dow)
            w = log.workout(day, "Full Body A" if dow != 2 else "Full Body B", hour=18)
            if dow != 2:
                w.lift(SQUAT, 80 + 2.5 * week, 5, log.rpe(7.5), sets=5)
                w.lift(BENCH, 65 + 2.5 * (week // 2), 5, log.rpe(7.5))
            else:
                w.lift("Romanian Deadlift (Barbell)", 70 + 2.5 * (week // 2), 8, log.rpe(7.5))
                w.lift(OHP, 40 + 2.5 * (week // 3), 6, log.rpe(7.5))
                w.warm(PULL, 30, 10).lift(PULL, 50 + 2.5 * (week // 3), 10, log.rpe(7.5), warmups=False)
            if week >= 8:
                log.hurt(day, 2 + 4 * (week - 8 + dow / 7) / (3 + 4 / 7), None, "rest", "aching all over")
    st.silent(log.day(7, 6), "eight weeks of progress, no pain: nothing to say")
    st.overall(log.day(11, 6), {"ok", "watch"}, "pain with no area and not in any exercise's notes is a trend to "
               "watch overall, never a switch on every exercise (issue: pain without an area)")
    return st


def _stopped(name: str, title: str, gentle: bool, seed: int) -> Story:
    """Squats with knee pain 5–6, three weeks without squatting, then a restart."""
    log = Log(seed, START)
    st = Story(name, title, log)
    for week in range(16):
        for dow in (0, 2, 4):
            day = log.day(week, dow)
            w = log.workout(day, "Full Body", hour=18)
            if week < 8:
                w.lift(SQUAT, 90 + 2.5 * week, 5, log.rpe(8), sets=5)
            elif week < 10:
                w.lift(SQUAT, 110, [5, 5, 5, 4, 4], 9.0, note="knee sore" if dow == 0 else None)
                log.hurt(day, 5 + (week - 8), "knee", "after", "after squats")
                log.hurt(day + dt.timedelta(days=1), 5, "knee", "next_morning", "stiff knee")
            elif week >= 13:
                if gentle:
                    w.lift(SQUAT, 40, 20, 6.0, warmups=False)
                    log.hurt(day, 3 if week == 13 else 2, "knee", "after", "light squats ok")
                else:
                    w.lift(SQUAT, 110, [5, 5, 4, 4, 4], 9.5)
                    log.hurt(day, 6, "knee", "after", "back to 110, knee not happy")
                    log.hurt(day + dt.timedelta(days=1), 5, "knee", "next_morning", "stiff knee")
            w.lift(BENCH, 70 + 2.5 * (week // 2), 6, log.rpe(7.5))
            w.warm(ROW, 30, 10).lift(ROW, 55 + 2.5 * (week // 2), 10, log.rpe(7.5), warmups=False)
        if 10 <= week < 13:
            log.hurt(log.day(week, 3), 4, "knee", "rest", "knee aches on the stairs")
    stop = log.day(12, 6)
    st.expect(stop, SQUAT, NOT_OK, "the article's 'stopped altogether': three weeks without squats after "
              "5–6/10", phase={"paused"}, props=(has_flag("stop"),))
    st.expect(stop, BENCH, OK, "knee pain does not belong to the bench press")
    if gentle:
        for d in (log.day(14, 6), log.day(15, 6)):
            st.expect(d, SQUAT, CALM | READY, "a gentle 3 × 20 restart at 2–3/10 is the way back; the stop sign "
                      "clears (and after ~3 weeks of it the return criteria may hold)", phase={"endurance"},
                      props=(no_flag("stop"),))
    else:
        for d in (log.day(13, 6), log.day(14, 6)):
            st.expect(d, SQUAT, NOT_OK, "a full-load 5 × 5 restart at 6/10 is itself a sign (issue: only a "
                      "gentle return clears 'stopped')")
    return st


def s13_stopped_gentle_restart() -> Story:
    return _stopped("s13_stopped_gentle_restart", "stopped squats with knee pain, then a gentle restart", True, 1301)


def s13_stopped_full_restart() -> Story:
    return _stopped("s13_stopped_full_restart", "stopped squats with knee pain, then straight back to 110 kg",
                    False, 1302)


def _switch(name: str, title: str, peak: float, seed: int, unit: str = "kg") -> Story:
    """Squat 5 × 5 progresses ten weeks, then stalls at RPE 9–10 while knee pain climbs from 2 to ``peak``.

    ``unit="lb"``: the same lifter in a pound gym (loads converted and put on 5 lb steps, a 45 lb bar).
    """
    log = Log(seed, START, unit=unit)
    st = Story(name, title, log)
    lb = unit == "lb"

    def u(kg: float) -> float:
        return round(kg * 2.20462 / 5) * 5 if lb else kg

    gear = {"bar": 45.0, "step": 5.0} if lb else {}
    stall = [(105, [5, 5, 5, 5, 4], 9.0), (105, [5, 5, 4, 4, 4], 9.5), (105, [5, 4, 4, 4, 3], 10.0)]
    for week in range(13):
        for dow in (0, 2, 4):
            day = log.day(week, dow)
            w = log.workout(day, "Full Body A" if dow != 2 else "Full Body B", hour=18)
            if dow != 2:
                if week < 10:
                    w.lift(SQUAT, u(80 + 2.5 * week), 5, log.rpe(8), sets=5, **gear)
                else:
                    kg, reps, rpe = stall[week - 10]
                    level = 2 + (peak - 2) * (week - 10 + dow / 7) / (2 + 4 / 7)
                    w.lift(SQUAT, u(kg), reps, rpe, note=f"knee {round(level)}/10" if dow == 0 else None, **gear)
                    log.hurt(day, level, "knee", "after", "after squats")
                    log.morning_after(day, level, 2, "knee", "knee stiff")
                w.lift(BENCH, u(65 + 2.5 * (week // 2)), 5, log.rpe(8), sets=3, **gear)
            else:
                w.lift("Romanian Deadlift (Barbell)", u(70 + 2.5 * (week // 2)), 8, log.rpe(7.5), **gear)
                w.warm(LP, u(80), 10).lift(LP, u(140 + 5 * (week // 2)), 10, log.rpe(7.5), warmups=False)
                w.lift(OHP, u(40 + 2.5 * (week // 3)), 6, log.rpe(8), **gear)
    for week in range(8, 10):
        log.hurt(log.day(week, 1), 2, "knee", "rest", "knee a bit achy")
    return st


def s14_switch_lb() -> Story:
    st = _switch("s14_switch_lb", "the s14 squat story in a pound gym (Strong, --unit lb)", 5.0, 1403, unit="lb")
    end = st.log.day(12, 6)
    st.expect(end, SQUAT, SWITCH, "the switch's load in the lifter's unit, on a 5 lb step (issue: never 171 lb)",
              props=(endurance_rx, plate_rx("lb", 5)), unit="lb")
    st.expect(end, SQUAT, SWITCH, "the same prescription asked in kg is on a 2.5 kg step",
              props=(plate_rx("kg", 2.5),), unit="kg")
    return st


def s14_switch() -> Story:
    st = _switch("s14_switch", "squat 5 × 5 stalls at RPE 9–10, knee pain 2 → 5 over 3 weeks", 5.0, 1401)
    end = st.log.day(12, 6)
    st.expect(end, SQUAT, SWITCH, "the article's switch: no progress, too intense, pain rising 3 points — "
              "move to endurance work at a load the lifter can do with reps in reserve", props=(endurance_rx,))
    st.expect(end, BENCH, OK, "knee pain does not belong to the bench press, which progresses")
    st.expect(end, LP, NOT_OK, "the leg press loads the knee, whose pain rose 3 points", props=(PAIN,))
    st.expect(st.log.day(9, 6), SQUAT, OK, "ten weeks of progress at RPE 7.5–8.5, knee 2/10 at rest")
    return st


def s14_switch_high_pain() -> Story:
    st = _switch("s14_switch_high_pain", "squat stalls, knee pain 2 → 6: the prescription must get gentler",
                 6.4, 1402)
    end = st.log.day(12, 6)
    st.expect(end, SQUAT, SWITCH | CLINICIAN, "at 6/10 heavy back squats are off the menu: mobilize or a gentler "
              "alternative (leg press, box or Spanish squat)", props=(gentle_rx, prescribed_if_switch))
    return st


def s16_next_morning_worse() -> Story:
    """Knee next-morning pain worse than its baseline after three sessions in a row."""
    log = Log(1601, START)
    st = Story("s16_next_morning_worse", "next-morning knee pain above baseline three sessions running", log)
    for week in range(7):
        for k, dow in enumerate((0, 2, 4)):
            day = log.day(week, dow)
            w = log.workout(day, "Lower + Push", hour=18)
            w.lift(SQUAT, 70 + 2.5 * (week // 2), 8, log.rpe(7))
            w.warm(LP, 60, 10).lift(LP, 110 + 5 * (week // 2), 12, log.rpe(7), warmups=False)
            w.lift(BENCH, 60 + 2.5 * (week // 2), 8, log.rpe(7.5))
            bad = week == 6
            log.hurt(day, 3 if bad else 2, "knee", "during", "squats")
            log.hurt(day + dt.timedelta(days=1), [4, 4, 5][k] if bad else 2, "knee", "next_morning",
                     "knee worse this morning" if bad else "usual")
        log.hurt(log.day(week, 6), 2, "knee", "rest", "baseline")
    why_one = "next morning worse than baseline breaks Silbernagel's rule: ease off (not yet a referral)"
    for ex in (SQUAT, LP):
        st.expect(log.day(5, 6), ex, OK, "knee steady at its 2/10 baseline, loads rising slowly")
        st.expect(log.day(6, 4), ex, WATCH_OR_SWITCH, why_one)
        st.expect(log.day(6, 6), ex, CLINICIAN, "next-morning pain worse three sessions running: get it assessed "
                  "(issue's see_clinician rule)", props=(refers,))
    st.expect(log.day(6, 6), BENCH, OK, "knee pain does not belong to the bench press")
    return st


def s19_steady_pain_zones() -> Story:
    """Steady pain, no trend: 6/10 in the knee on squats (over the limit), 4–5/10 in the shoulder on bench."""
    log = Log(1901, START)
    st = Story("s19_steady_pain_zones", "steady knee 6/10 during squats; steady shoulder 4–5/10 during bench", log)
    for week in range(10):
        for dow in (0, 2, 4):
            day = log.day(week, dow)
            w = log.workout(day, "Full Body", hour=17)
            w.lift(SQUAT, 90 + 2.5 * week, 5, log.rpe(7.5), sets=4)
            w.lift(BENCH, 60 + 2.5 * (week // 2), 8, log.rpe(7.5))
            w.warm(ROW, 30, 10).lift(ROW, 55 + 2.5 * (week // 2), 10, log.rpe(7.5), warmups=False)
            log.hurt(day, 6, "knee", "during", "squats")
            log.hurt(day + dt.timedelta(days=1), 3, "knee", "next_morning", "")
            log.hurt(day, log.rng.choice([4, 5]), "shoulder", "during", "bench")
            log.hurt(day + dt.timedelta(days=1), 2, "shoulder", "next_morning", "")
        log.hurt(log.day(week, 6), 3, "knee", "rest", "baseline")
        log.hurt(log.day(week, 6), 2, "shoulder", "rest", "baseline")
    for d in (log.day(5, 6), log.day(9, 6)):
        st.expect(d, SQUAT, WATCH_OR_SWITCH, "6/10 during every session is above Silbernagel's acceptable 5, even "
                  "without a trend and with the load still rising", props=(PAIN,))
        st.expect(d, BENCH, CALM, "4–5/10 during, settled by the next morning, is inside Silbernagel's acceptable "
                  "zone: keep training, keep watching")
        st.expect(d, ROW, OK, "a row is not where the knee hurts; the shoulder is steady and acceptable")
    return st


STORIES = [s01_pain_on_endurance_work, s02_note_pain_back, s02_note_pain_no_area, s02_note_pain_localised_de,
           s02_diary_pain_no_area,
           s03_localised_hevy,
           s03_localised_hevy_de, s03_localised_hevy_fr, s03_localised_strong_es, s03_localised_strong_it,
           s13_stopped_gentle_restart, s13_stopped_full_restart, s14_switch, s14_switch_high_pain, s14_switch_lb,
           s19_steady_pain_zones,
           s16_next_morning_worse]
