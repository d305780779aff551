"""The plan of one day, written up: per exercise its phase, status, signs with evidence, advice,
prescription and return checklist; plus the overall signs. Decisions come from :mod:`rehab.advice.rules`;
this module only reads their numbers and puts them into words."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from rehab.advice.grid import ENDURANCE, MOBILIZE, PAUSED, PHASE_OF_CODE, STRENGTH, Grid
from rehab.advice.model import (
    RED_FLAGS,
    STATUSES,
    THRESHOLDS,
    Criterion,
    Evidence,
    ExercisePlan,
    Plan,
    Prescription,
    Sign,
)
from rehab.advice.prescribe import LB_PER_KG, feasible_load, prescribe, round_down
from rehab.advice.rules import SIGN_ORDER, Cells, evaluate
from rehab.analytics.areas import area_source
from rehab.words.dates import day as fmt_day

T = THRESHOLDS
_STEP = (f"add {T['return_step_low'] * 100:.0f}–{T['return_step_high'] * 100:.0f} % a week while pain during stays "
         f"at {T['pain_limit']:g}/10 or less and settles by the next morning")


def _r(x: Any, nd: int = 1) -> float | int | None:
    """JSON-safe rounded number (None for NaN)."""
    if x is None:
        return None
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    return None if math.isnan(x) else round(x, nd)


def _date(g: Grid, idx: int) -> dt.date:
    return g.day_of(idx).date()


def _w(kg: float | None, unit: str) -> str:
    if kg is None or (isinstance(kg, float) and math.isnan(kg)):
        return "—"
    return f"{kg * LB_PER_KG:.0f} lb" if unit == "lb" else f"{kg:.1f} kg"


class _Cell:
    """The numbers of one (exercise row, as-of day) of :class:`Cells`."""

    def __init__(self, cells: Cells, row: int, col: int = 0):
        self.c, self.r, self.j = cells, row, col
        self.t = int(cells.ts[col])

    def __getattr__(self, name: str):
        return self.c.v[name][self.r, self.j]


def _first(arr: np.ndarray, lo: int, hi: int) -> int | None:
    hit = np.flatnonzero(arr[max(lo, 0):hi + 1])
    return int(hit[0]) + max(lo, 0) if hit.size else None


def signs_of(g: Grid, x: _Cell, exercise: str | None, unit: str) -> list[Sign]:
    """The signs that hold in cell ``x``, each with its evidence and a sentence."""
    who = exercise or "All training"
    lo = x.t - int(T["recent_days"]) + 1
    out: list[Sign] = []
    for flag in SIGN_ORDER:
        if not bool(getattr(x, flag)):
            continue
        if exercise is None and flag not in ("stopped", "load_jump"):
            continue
        since, ev, msg = _describe(g, x, flag, who, unit, lo)
        out.append(Sign(flag, exercise, since, ev, msg))
    return out


def _describe(g: Grid, x: _Cell, flag: str, who: str, unit: str, lo: int) -> tuple[dt.date, Evidence, str]:
    r, t = x.r, x.t
    n = int(T["recent_days"])
    if flag == "area_pain":
        worst = x.pain_worst
        idx = _first(np.nan_to_num(g.a["pain_max"][r], nan=-1) > T["pain_limit"], lo, t)
        return (_date(g, idx if idx is not None else lo), {"worst": _r(worst), "limit": T["pain_limit"]},
                f"{who}: pain in an area it loads reached {worst:.0f}/10 in the last {int(T['recent_days'])} days "
                "(on days it was not trained): keep an eye on how it feels during and after.")
    if flag == "pain_severe":
        idx = _first(np.nan_to_num(g.a["pain_max"][r], nan=-1) >= T["severe_pain"], lo, t)
        worst = x.pain_worst
        return (_date(g, idx if idx is not None else lo), {"worst": _r(worst), "limit": T["severe_pain"]},
                f"{who}: pain reached {worst:.0f}/10 in the last {n} days.")
    if flag == "morning_pain_streak":
        return (_date(g, int(g.a["last_morning"][r, t])), {"sessions": int(x.morning_run)},
                f"{who}: next-morning pain was worse than your baseline after {int(x.morning_run)} sessions in a row.")
    if flag == "pain_over_limit":
        lo = int(x.over_from)
        over = g.a["over_day"][r]
        worse = g.a["morning_worse"][r]
        first = min(i for i in (_first(over > 0, lo, t), _first(worse > 0, lo, t)) if i is not None)
        window = slice(max(lo, 0), t + 1)
        active = np.where(over[window] > 0, g.a["pain_active_max"][r, window], np.nan)
        worst = float(np.nanmax(active)) if np.isfinite(active).any() else None
        mv = g.a["morning_value"][r, window][worse[window] > 0]
        mb = g.a["morning_baseline"][r, window][worse[window] > 0]
        parts = []
        if worst is not None:
            parts.append(f"pain during or after it reached {worst:.0f}/10 (the limit is {T['pain_limit']:g}) on "
                         f"{int(x.over_days)} day{'s' if x.over_days != 1 else ''}")
        if len(mv):
            parts.append(f"next-morning pain was above your baseline {len(mv)} "
                         f"{'mornings' if len(mv) != 1 else 'morning'} (up to {mv.max():.0f} against "
                         f"{mb[np.argmax(mv)]:.1f})")
        ev: Evidence = {"over_days": int(x.over_days), "worst_during": _r(worst), "limit": T["pain_limit"],
              "worse_mornings": int(x.worse_mornings), "worst_morning": _r(mv.max() if len(mv) else None),
              "baseline": _r(mb[np.argmax(mv)] if len(mv) else None), "window_days": n}
        days = t - lo + 1
        return (_date(g, first), ev, f"{who}: in the last {days} days " + " and ".join(parts)
                + ". The pain-monitoring model keeps pain during exercise at 5/10 or less and back to baseline by "
                  "the next morning.")
    if flag == "pain_rising":
        where = {"all": "", "activity": " during and after training", "morning": " in the mornings",
                 "rest": " at rest"}[x.rise_context]
        ev = {"pain_recent": _r(x.pain_now), "pain_previous": _r(x.pain_before), "rise": _r(x.pain_rise),
              "needed": _r(x.rise_needed), "context": x.rise_context, "window_days": n}
        return (_date(g, lo), ev, f"{who}: pain{where} averaged {x.pain_now:.1f}/10 over the last {n} days against "
                                  f"{x.pain_before:.1f} in the {n} days before (+{x.pain_rise:.1f}).")
    if flag == "stopped":
        last = int(g.a["last_session"][r, t])
        if bool(x.stopped_full_load):
            rs = int(g.a["restart"][r, t])
            return (_date(g, rs), {"restarted": _date(g, rs).isoformat()},
                    f"{who}: restarted on {fmt_day(_date(g, rs))} at full strength load after a painful stop; "
                    "a gentle restart (light, high reps) is the way back.")
        worst = float(np.nanmax(g.a["pain_max"][r, max(last - int(T["recent_days"]) + 1, 0):t + 1]))
        ev = {"last_session": _date(g, last).isoformat(), "days_without": int(x.days_without),
              "max_pain": _r(worst)}
        return (_date(g, last + 1), ev, f"{who}: nothing logged for {int(x.days_without)} days since "
                                        f"{fmt_day(_date(g, last))}, after strength work with pain up to "
                                        f"{worst:.0f}/10.")
    if flag == "too_intense":
        if bool(x.bad_feel):
            idx = _first(g.a["bad_feel_day"][r] > 0, lo, t)
            return (_date(g, idx if idx is not None else lo), {"sessions": int(x.bad_feel_sessions)},
                    f"{who}: {int(x.bad_feel_sessions)} sessions in the last {n} days were logged as exhausting or "
                    "painful — exhausting, and not in a good way.")
        why = "no progress" if bool(x.no_progress) else "rising pain"
        return (_date(g, lo), {"hard_share": _r(x.hard_share, 2), "rpe": T["hard_rpe"]},
                f"{who}: {x.hard_share:.0%} of your strength sets in the last {n} days were at RPE "
                f"{T['hard_rpe']:g} or more, with {why}: close to failure every time, and not in a good way.")
    if flag == "no_progress":
        weeks = int(x.trend_weeks)
        what = "best estimated 1RM" if bool(x.trend_loaded) else "best reps"
        first, last = x.trend_first, x.trend_last
        change = "" if math.isnan(first) or math.isnan(last) else (
            f" ({_w(first, unit)} → {_w(last, unit)})" if bool(x.trend_loaded) else f" ({first:.0f} → {last:.0f})")
        ev = {"weekly_trend_pct": _r(x.trend_weekly * 100, 2), "weeks": weeks,
              "min_weekly_gain_pct": _r(T["min_weekly_gain"] * 100, 2), "measure": what}
        return (_date(g, t - 7 * weeks + 1), ev, f"{who}: your weekly {what} trended {x.trend_weekly * 100:+.2f} % a "
                                                 f"week over {weeks} weeks{change}: no real progress.")
    # load_jump
    ev = {"sets_this_week": int(x.sets_week), "sets_week_before": _r(x.sets_4wk), "ratio": T["jump_ratio"]}
    return (_date(g, t - 6), ev, f"{who}: {int(x.sets_week)} working sets in the last 7 days against "
                                 f"{x.sets_4wk:.1f} a week in the 4 weeks before. A trend to watch, not a verdict: "
                                 "its link to injury is contested.")


def _criteria(x: _Cell) -> tuple[Criterion, ...]:
    return (
        Criterion(f"{int(T['return_min_days'])} days or more of endurance or mobilize work", bool(x.c_block),
                  _r(x.c_block_value, 0), f"≥ {int(T['return_min_days'])} days"),
        Criterion(f"pain during/after ≤ {T['return_pain_max']:g}/10 for {int(T['recent_days'] // 7)} weeks",
                  bool(x.c_pain), _r(x.c_pain_value), f"≤ {T['return_pain_max']:g}"),
        Criterion("next morning back to baseline", bool(x.c_morning), _r(x.c_morning_value, 0),
                  "0 worse mornings"),
        Criterion(f"RPE ≤ {T['return_rpe_max']:g}", bool(x.c_rpe), _r(x.c_rpe_value), f"≤ {T['return_rpe_max']:g}"),
        Criterion("pain not rising", bool(x.c_not_rising), _r(x.c_not_rising_value), "no meaningful rise"),
    )


def _spare_areas(g: Grid, t: int) -> dict[int, tuple[str, ...]]:
    """Per exercise row, the areas of its recent pain at or above ``spare_pain``, worst first."""
    if g.pairs is None or g.pain_rows is None or g.pairs.empty:
        return {}
    p = g.pain_rows
    rows = g.pairs["row"].to_numpy()
    day = p["day"].to_numpy()[rows]
    score = p["score"].to_numpy(dtype="float64")[rows]
    area = p["area"].astype("object").to_numpy()[rows]
    lo, hi = g.day_of(t - int(T["recent_days"]) + 1).to_datetime64(), g.day_of(t).to_datetime64()
    keep = (day >= lo) & (day <= hi) & (score >= T["spare_pain"]) & ~pd.isna(area)
    if not keep.any():
        return {}
    f = pd.DataFrame({"code": g.pairs["code"].to_numpy()[keep], "area": area[keep].astype(str),
                      "score": score[keep]})
    worst = f.groupby(["code", "area"])["score"].max().reset_index().sort_values(["code", "score"],
                                                                                  ascending=[True, False])
    return {int(c): tuple(grp["area"]) for c, grp in worst.groupby("code")}


def _prescription(g: Grid, x: _Cell, exercise: str, status: str, unit: str,
                  spare: tuple[str, ...] = ()) -> Prescription | None:
    r, t = x.r, x.t
    P = int(x.phase)
    plan_window = np.array([t])
    if g.window("rep_sets", plan_window, int(T["plan_days"]))[r, 0] == 0:
        return None  # timed holds and cardio: sets × reps do not describe them
    loaded = bool(g.window("loaded_n", plan_window, int(T["plan_days"]))[r, 0] > 0)
    e1 = g.a["e1_ref"][r, t]
    if math.isnan(e1):
        e1 = g.a["e1_rough_ref"][r, t]
    reps_best = np.nanmax([g.a["reps_week"][r, t], g.a["reps_week"][r, max(t - 7, 0)], -1.0])
    reps_best = None if reps_best < 0 else float(reps_best)
    # How much it hurts now: the worst pain during/after training in the last week (what the pain-monitoring
    # model limits), else the mean of what was logged.
    days = int(T["mobilize_pain_days"])
    lo = max(t - days + 1, 0)
    active = g.a["pain_active_max"][r, lo:t + 1]
    n = g.window("pain_n", plan_window, days)[r, 0]
    level = (float(np.nanmax(active)) if np.isfinite(active).any()
             else g.window("pain_sum", plan_window, days)[r, 0] / n if n else 0.0)
    current = g.a["weight_ref"][r, t]

    def rx(band: str, substitute: str | None = None, keep: bool = False) -> Prescription:
        return prescribe(band, exercise, unit, e1, loaded, reps_best, spare, substitute,
                         current if keep else None)

    in_pain = "mobilize" if level >= T["mobilize_pain"] else "endurance"
    if status == "see_clinician":
        return rx("mobilize", substitute="gentle")
    if status == "switch":
        if P == PAUSED or bool(x.stopped_full_load):
            return rx(in_pain)
        if P == STRENGTH:
            return rx(in_pain, substitute="gentle" if in_pain == "mobilize" else None)
        return rx("mobilize", substitute="spare")
    if status == "ready_to_return":
        block_start = int(x.light_start)
        ref = np.nanmax([e1, g.a["e1_ref"][r, max(block_start - 1, 0)], -1.0])
        return prescribe("strength", exercise, unit, None if ref <= 0 else ref, loaded, reps_best, spare)
    if P in (ENDURANCE, MOBILIZE) and bool(x.rehab_block):
        return rx("endurance" if P == ENDURANCE else "mobilize", keep=True)
    if bool(x.returning) and loaded and not math.isnan(current) and not math.isnan(e1):
        s_lo, s_hi, r_lo, r_hi = 2, 3, 10, 12
        nxt = min(current * (1 + T["return_step_low"]), feasible_load(e1, r_hi, T["feasible_rir"]))
        got = round_down(nxt, exercise, unit)
        if got is not None:
            return Prescription("strength", (s_lo, s_hi), (r_lo, r_hi), round(got[1], 3), f"{got[0]:g} {unit}",
                                exercise, (), round(float(e1), 1))
    return None


def _advice(x: _Cell, exercise: str, status: str, signs: list[Sign], rx: Prescription | None, g: Grid) -> str:
    P = int(x.phase)
    phase = PHASE_OF_CODE.get(P, "paused")
    evidence = " ".join(s.message.split(": ", 1)[-1][:1].upper() + s.message.split(": ", 1)[-1][1:]
                        for s in signs if s.flag != "load_jump")
    todo = f" Do {rx.text()}." if rx else ""
    if status == "see_clinician":
        return (f"{evidence} Get this assessed by a physiotherapist or doctor before loading {exercise} again; until "
                f"then keep to gentle, pain-free movement.{todo} Get seen promptly for any of: "
                f"{'; '.join(RED_FLAGS)}.").strip()
    if status == "switch":
        if P == PAUSED or bool(x.stopped_full_load):
            return (f"{evidence} Restart gently: light, high-rep work first, then build back up.{todo} Go back to "
                    "strength when the checklist below is met.").strip()
        if P == STRENGTH:
            lighter = "gentler mobilization work" if rx and rx.band == "mobilize" else "lighter endurance work"
            return (f"{evidence} Strength training may have stopped helping here: switch to {lighter} for now, in "
                    f"baby steps.{todo} Go back to strength when the checklist below is met (at least "
                    f"{int(T['return_min_days'])} days).").strip()
        return (f"{evidence} Even the lighter work is irritating it: step down to gentler mobilization.{todo}"
                ).strip()
    if status == "ready_to_return":
        weeks = int(x.light_days) // 7
        return (f"{weeks} weeks of {phase} work with pain in check and mornings back to baseline: you are ready to go "
                f"back to strength.{todo} Then {_STEP}.")
    parts = [s.message.split(": ", 1)[-1] for s in signs]
    if P in (ENDURANCE, MOBILIZE) and bool(x.rehab_block):
        since = fmt_day(_date(g, int(x.light_start)))
        missing = [c.name for c in _criteria(x) if not c.met]
        head = (f"{phase.capitalize()} block since {since} ({int(x.light_days)} days): keep going."
                + (f" To go back to strength: {'; '.join(missing)}." if missing else ""))
        return " ".join([head, *parts, todo.strip()]).strip()
    if P == PAUSED:
        return (f"Not trained for {int(x.days_without)} days. " + " ".join(parts)).strip()
    if bool(x.returning):
        return (f"Back to strength since {fmt_day(_date(g, int(x.phase_start)))} after {int(x.block_days)} days of "
                f"lighter work: {_STEP}.{todo} " + " ".join(parts)).strip()
    if status == "watch":
        extra = (" If it also feels hard or hurts, a lighter endurance block is the way to get going again."
                 if bool(x.no_progress) else "")
        return (" ".join(parts) + extra).strip()
    if bool(x.trend_judged):
        return (f"Progressing ({x.trend_weekly * 100:+.2f} % a week over {int(x.trend_weeks)} weeks); no sign that "
                "strength training has stopped helping.")
    return "No sign that strength training has stopped helping."


def plan_for(g: Grid, cells: Cells, col: int, unit: str = "kg") -> Plan:
    """The plan at column ``col`` of ``cells`` (its as-of day ``cells.ts[col]``)."""
    t = int(cells.ts[col])
    plans = []
    spares = _spare_areas(g, t)
    for r, exercise in enumerate(g.exercises):
        if not bool(cells["in_plan"][r, col]):
            continue
        x = _Cell(cells, r, col)
        status = STATUSES[int(x.status)]
        signs = signs_of(g, x, exercise, unit)
        rx = _prescription(g, x, exercise, status, unit, spares.get(r, ()))
        light_or_switch = bool(x.rehab_block) or status in ("switch", "see_clinician", "ready_to_return")
        areas, source = area_source(exercise, {exercise: g.area_map[exercise]} if exercise in g.area_map else None)
        plans.append(ExercisePlan(
            exercise=exercise, areas=tuple(g.area_map.get(exercise, areas)), area_source=source,
            phase=PHASE_OF_CODE[int(x.phase)], phase_since=_date(g, int(x.phase_start)), status=status,
            signs=tuple(signs), advice=_advice(x, exercise, status, signs, rx, g), prescription=rx,
            criteria=_criteria(x) if light_or_switch else (), returning=bool(x.returning),
            last_session=_date(g, int(g.a["last_session"][r, t])) if g.a["last_session"][r, t] >= 0 else None))
    overall: list[Sign] = []
    E = len(g.exercises)
    if E and bool(cells["in_plan"][E, col]):
        overall = signs_of(g, _Cell(cells, E, col), None, unit)
    if bool(cells["unassigned_rising"][col]):
        n = int(T["recent_days"])
        now, before = cells["unassigned_now"][col], cells["unassigned_before"][col]
        overall.append(Sign("pain_rising", None, _date(g, t - n + 1),
                            {"pain_recent": _r(now), "pain_previous": _r(before), "rise": _r(now - before)},
                            f"Pain logged without a body area averaged {now:.1f}/10 over the last {n} days against "
                            f"{before:.1f} before: a trend to watch. Give it an area (or log it in an exercise's "
                            "notes) so the plan can tell which exercise it belongs to."))
    return Plan(_date(g, t), unit, tuple(plans), tuple(overall))


def build_plan(g: Grid, as_of, unit: str = "kg") -> Plan:
    """The plan as of the day ``as_of`` (a date), through the same rules as the weekly history."""
    t = g.index_of(as_of)
    if t < 0:
        return Plan(pd.Timestamp(as_of).date(), unit, (), ())
    return plan_for(g, evaluate(g, [t]), 0, unit)
