"""Every sign and the status, each written once, over any number of as-of days at a time.

Each rule reads windows of :class:`rehab.advice.grid.Grid` at the as-of days
``ts`` (day indices) and returns arrays shaped (exercises + 1, len(ts)): whether
the sign holds and the numbers that made it hold. :func:`evaluate` runs them all
and decides the status; the plan of one day and the weekly history both call it
(one day is ``ts`` of length 1), so they cannot disagree.

Signs (names are the ``flags`` of ``python -m rehab plan``; thresholds in
:data:`rehab.advice.model.THRESHOLD_TABLE`):

* ``pain_over_limit`` — pain during/after above 5/10 on a day the exercise was
  trained, or next-morning pain a point or more above the baseline, in the last
  14 days (Silbernagel's pain-monitoring model). Judged in every phase.
* ``pain_rising`` — mean pain of the last 14 days up on the 14 before by 2
  points, or 30 % when that is less, never under 1.5 points (Farrar 2001).
* ``area_pain`` — pain in an area the exercise loads above 5/10 in the last 14 days on a day it was not
  trained (after another exercise, at rest): a ``watch``.
* ``pain_severe`` — pain at or above 7/10 in the last 14 days: get it assessed
  (so is pain still rising 3 weeks or more after a switch to lighter work).
* ``morning_pain_streak`` — next-morning pain worse than baseline three checked
  sessions running: get it assessed.
* ``stopped`` — paused for 14–84 days after strength work with pain ≥ 4/10
  around the stop; it also holds for the first 14 days of a restart at full
  (strength) load, and clears only when training resumes gently.
* ``too_intense`` — two sessions logged ``exhausting``/``painful`` in 14 days; or
  most strength sets near failure (median RPE ≥ 9, sessions tagged ``peaking`` or
  ``test`` left out) *together with* no progress or rising pain — never high
  RPE alone.
* ``no_progress`` — in the strength phase only: the Theil–Sen trend of the weekly
  best (RPE-adjusted e1RM; best reps for bodyweight work) over the last 8 weeks
  is under +0.2 %/week; the window starts after any pause, deload or change of
  phase and must span 4 weeks.
* ``load_jump`` — working sets of the last 7 days above 1.5 × the weekly mean of
  the 4 weeks before (at least 4 a week then, and 2 sessions now): a ``watch``
  only, never a switch (its link to injury is contested).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rehab.advice.grid import ENDURANCE, MOBILIZE, PAUSED, STRENGTH, Grid, _rolling_max, nanmedian_last
from rehab.advice.model import STATUSES, THRESHOLDS

T = THRESHOLDS
STATUS_CODE = {s: i for i, s in enumerate(STATUSES)}


def _div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _at(a: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``a[row, idx[row, j]]`` (NaN / −1 safe: negative indices read as missing)."""
    safe = np.clip(idx, 0, a.shape[1] - 1)
    out = np.take_along_axis(a, safe, axis=1)
    if out.dtype.kind == "f":
        return np.where(idx >= 0, out, np.nan)
    return out


def _cols(a: np.ndarray, ts: np.ndarray) -> np.ndarray:
    return a[:, np.clip(ts, 0, a.shape[1] - 1)]


@dataclass
class Cells:
    """Every feature, sign and the status at (row, as-of day); see :func:`evaluate`."""

    grid: Grid
    ts: np.ndarray
    v: dict[str, np.ndarray]

    def __getitem__(self, name: str) -> np.ndarray:
        return self.v[name]


# ---------------------------------------------------------------- the rules


def phase(g: Grid, ts: np.ndarray) -> dict[str, np.ndarray]:
    P = _cols(g.a["phase"], ts)
    light = (P == ENDURANCE) | (P == MOBILIZE)
    light_start = _cols(g.a["light_start"], ts)
    phase_start = _cols(g.a["phase_start"], ts)
    before = phase_start - 1
    prev_light = _at(((g.a["phase"] == ENDURANCE) | (g.a["phase"] == MOBILIZE)).astype("int8"), before) > 0
    prev_light_days = np.where(prev_light & (before >= 0), phase_start - _at(g.a["light_start"], before), 0)
    returning = ((P == STRENGTH) & (ts[None, :] - phase_start < T["returning_days"])
                 & (prev_light_days >= T["pause_days"]))
    # A light block is a *switch* when strength work came before it (directly, or before a pause); it is a
    # rehab block when it is a switch or its sessions are tagged "rehab". Only a rehab block has a way back to
    # strength: 15-rep curls or back extensions by choice are not waiting to "return".
    before_light = light_start - 1
    prior = _at(g.a["phase"], before_light)
    prior = np.where(prior == PAUSED, _at(g.a["phase"], _at(g.a["phase_start"], before_light) - 1), prior)
    # …and a switch *for a reason*: pain ≥ stopped_pain, near-failure sets or a bad session in the 4 weeks
    # before the block (a bodyweight set flickering between 12 and 13 reps is no switch).
    lo, hi = np.maximum(light_start - 28, 0), np.maximum(light_start, 0)
    reason = ((g.between("stop_pain_day", lo, hi) > 0) | (g.between("rpe_hard_n", lo, hi) > 0)
              | (g.between("bad_feel_day", lo, hi) > 0))
    switched = light & (before_light >= 0) & (prior == STRENGTH) & reason
    tagged = g.since("rehab_n", ts, np.maximum(light_start, 0)) > 0  # sessions of the block tagged "rehab"
    rep_work = g.window("rep_sets", ts, int(T["plan_days"])) > 0  # timed holds and cardio have no "strength"
    return {"rep_work": rep_work,"phase": P, "phase_start": phase_start, "light": light,
            "light_days": np.where(light, ts[None, :] - light_start + 1, 0), "light_start": light_start,
            "returning": returning, "block_days": prev_light_days, "switched": switched,
            "rehab_block": light & rep_work & (switched | tagged)}


def pain_over_limit(g: Grid, ts: np.ndarray, since: np.ndarray) -> dict[str, np.ndarray]:
    """Over the limit in the last recent_days, counted from ``since`` (per cell) when that is later: a
    light block is judged on its own days, not on the strength work it replaced."""
    start = np.maximum(ts[None, :] - int(T["recent_days"]) + 1, since)
    over_days = g.since("over_day", ts, start)
    worse = g.since("morning_worse", ts, start)
    return {"pain_over_limit": (over_days > 0) | (worse > 0), "over_days": over_days, "worse_mornings": worse,
            "over_from": start}


#: Pain is compared within one context at a time (and over all): next-morning and rest entries would dilute a
#: rise in pain during and after training. (count, sum) array names per context.
CONTEXTS = {"all": ("pain_n", "pain_sum"), "activity": ("pain_act_n", "pain_act_sum"),
            "morning": ("pain_nm_n", "pain_nm_sum"), "rest": ("pain_rest_n", "pain_rest_sum")}


def _rise(n_now, s_now, n_before, s_before):
    """(fires, now, before, rise, needed): the Farrar rule on two windows' counts and sums."""
    now, before = _div(s_now, n_now), _div(s_before, n_before)
    rise = now - before
    need = np.maximum(T["rise_min_points"], np.minimum(T["rise_points"], T["rise_fraction"] * before))
    enough = (n_now >= T["rise_min_entries"]) & (n_before >= T["rise_min_entries"])
    return enough & (np.nan_to_num(rise, nan=-99.0) >= need - 1e-9), now, before, rise, need


def pain_rising(g: Grid, ts: np.ndarray, contexts: dict[str, tuple[str, str]] = CONTEXTS) -> dict[str, np.ndarray]:
    """The last recent_days against the recent_days before, in each context; the largest rise that fires
    (else the overall one) is the evidence."""
    n = int(T["recent_days"])
    best = None
    for name, (cnt, tot) in contexts.items():
        got = _rise(g.window(cnt, ts, n), g.window(tot, ts, n), g.window(cnt, ts, n, end_offset=n),
                    g.window(tot, ts, n, end_offset=n))
        score = np.where(got[0], np.nan_to_num(got[3], nan=-99.0), -100.0)
        if best is None:
            best, pick, where = got, score, np.full(score.shape, name, dtype=object)
            continue
        better = score > pick
        best = tuple(np.where(better, new, old) for new, old in zip(got, best, strict=True))
        pick = np.where(better, score, pick)
        where = np.where(better, name, where)
    if best is None:
        raise ValueError("pain_rising needs at least one context")
    fires, now, before, rise, need = best
    return {"pain_rising": fires.astype(bool), "pain_now": now, "pain_before": before, "pain_rise": rise,
            "rise_needed": need, "rise_context": where}


def pain_rising_since_switch(g: Grid, ts: np.ndarray, v: dict[str, np.ndarray]) -> np.ndarray:
    """In a switched block of rising_after_switch_days or more: pain of the last week up (Farrar) on the
    block's first week, in any context — the pain is still rising although the load came down."""
    start = v["light_start"]
    n = 7  # the last week against the block's first week
    lo_now = np.maximum(ts[None, :] - n + 1, start)
    hi_now = np.broadcast_to(ts[None, :] + 1, start.shape)
    first_hi = start + 7
    fires = np.zeros(start.shape, dtype=bool)
    for cnt, tot in CONTEXTS.values():
        got = _rise(g.between(cnt, lo_now, hi_now), g.between(tot, lo_now, hi_now), g.between(cnt, start, first_hi),
                    g.between(tot, start, first_hi))
        fires |= got[0]
    return fires & v["switched"] & (v["light_days"] >= T["rising_after_switch_days"])


def area_pain(v: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Pain in an area the exercise loads above the limit in the last recent_days, on days it was not
    trained (after another exercise, or at rest): a reason to watch it, not to switch it."""
    high = np.nan_to_num(v["pain_worst"], nan=-1.0) > T["pain_limit"]
    return {"area_pain": high & ~v["pain_over_limit"]}


def pain_severe(g: Grid, ts: np.ndarray) -> dict[str, np.ndarray]:
    worst = _cols(g.a["pain_max_recent"], ts)
    return {"pain_severe": np.nan_to_num(worst, nan=-1.0) >= T["severe_pain"], "pain_worst": worst}


def morning_pain_streak(g: Grid, ts: np.ndarray) -> dict[str, np.ndarray]:
    last = _cols(g.a["last_morning"], ts)
    run = _at(g.a["morning_run"], last)
    fresh = (last >= 0) & (ts[None, :] - last < T["recent_days"])
    return {"morning_pain_streak": fresh & (np.nan_to_num(run) >= T["morning_streak"]),
            "morning_run": np.where(fresh, np.nan_to_num(run), 0)}


def stopped(g: Grid, ts: np.ndarray, P: np.ndarray) -> dict[str, np.ndarray]:
    last = _cols(g.a["last_session"], ts)
    gap = np.where(last >= 0, ts[None, :] - last, 10**6)
    lead_strength = _at(g.a["phase"], last) == STRENGTH
    # Pain at or above stopped_pain from recent_days before the last session up to the as-of day.
    hurt = g.since("stop_pain_day", ts, np.maximum(last - int(T["recent_days"]) + 1, 0)) > 0
    paused = ((P == PAUSED) & (gap >= T["pause_days"]) & (gap <= T["stopped_max_days"]) & lead_strength
              & hurt & (last >= 0))
    restart = _cols(g.a["restart"], ts)
    full_load = ((P == STRENGTH) & (restart >= 0) & (ts[None, :] - restart < T["gentle_days"])
                 & _cols(g.a["restart_painful"], ts))
    return {"stopped": paused | full_load, "stopped_full_load": full_load,
            "days_without": np.where(last >= 0, gap, 0)}


def no_progress(g: Grid, ts: np.ndarray, P: np.ndarray, phase_start: np.ndarray) -> dict[str, np.ndarray]:
    days = int(T["trend_days"])
    starts = [ts[None, :] - days + 1, phase_start, _cols(g.a["restart"], ts), _cols(g.a["last_deload"], ts) + 1]
    w0 = np.maximum.reduce([np.broadcast_to(s, P.shape) for s in starts])
    span = ts[None, :] - w0 + 1
    loaded = g.window("loaded_n", ts, int(T["plan_days"])) > 0
    weeks = days // 7
    ys = []
    for k in range(weeks):
        end = ts - 7 * k
        inside = (end[None, :] - 6) >= w0
        val = np.where(loaded, _cols(g.a["e1_week"], end), _cols(g.a["reps_week"], end))
        ys.append(np.where(inside & (end[None, :] >= 0), val, np.nan))
    Y = np.stack(ys, axis=-1)  # (rows, len(ts), weeks): slot k = the week ending k weeks before
    n_weeks = (~np.isnan(Y)).sum(axis=-1)
    i, j = np.triu_indices(weeks, k=1)
    slopes = (Y[..., i] - Y[..., j]) / (j - i)  # per week, newer minus older
    slope = nanmedian_last(slopes)
    level = nanmedian_last(Y)
    rel = _div(slope, level)
    judged = ((P == STRENGTH) & (span >= T["trend_min_days"]) & (n_weeks >= T["trend_min_weeks"])
              & ~np.isnan(rel))
    fires = judged & (rel < T["min_weekly_gain"])
    return {"no_progress": fires, "trend_judged": judged, "trend_weekly": rel, "trend_weeks": n_weeks,
            "trend_loaded": loaded, "trend_first": Y[..., weeks - 1], "trend_last": Y[..., 0]}


def effort(g: Grid, ts: np.ndarray) -> dict[str, np.ndarray]:
    n = int(T["recent_days"])
    judged = g.window("rpe_strength_n", ts, n)
    hard = _div(g.window("rpe_hard_n", ts, n), judged)
    very_hard = (judged >= T["hard_min_sets"]) & (np.nan_to_num(hard) >= T["hard_share"])
    bad = g.window("bad_feel_day", ts, n)
    return {"very_hard": very_hard, "hard_share": hard, "bad_feel": bad >= T["bad_feel_sessions"],
            "bad_feel_sessions": bad, "mean_rpe": _div(g.window("rpe_sum", ts, n), g.window("rpe_n", ts, n))}


def too_intense(v: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    by_rpe = v["very_hard"] & (v["no_progress"] | v["pain_rising"])
    return {"too_intense": v["bad_feel"] | by_rpe, "too_intense_rpe": by_rpe}


def load_jump(g: Grid, ts: np.ndarray) -> dict[str, np.ndarray]:
    acute = g.window("sets", ts, 7)
    chronic = g.window("sets", ts, 28, end_offset=7) / 4.0
    sessions = g.window("session", ts, 7)
    # The 4 weeks before must lie inside the log: a log's first weeks are not a jump from nothing.
    known = (ts[None, :] - 34) >= _cols(g.a["first_session"], ts)
    # …and not just after a pause: a graded return is no jump from the zero weeks of the layoff.
    restart = _cols(g.a["restart"], ts)
    known &= (restart < 0) | (ts[None, :] - restart >= 35)
    fires = (known & (chronic >= T["jump_min_weekly_sets"]) & (sessions >= T["jump_min_sessions"])
             & (acute > T["jump_ratio"] * chronic))
    return {"load_jump": fires, "sets_week": acute, "sets_4wk": chronic}


def return_criteria(g: Grid, ts: np.ndarray, v: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The return-to-strength checklist (each a (met, value) pair of arrays)."""
    n = int(T["recent_days"])
    active = _rolling_window_max(g, "pain_active_max", ts, n)
    rpe = v["mean_rpe"]
    crit = {
        "c_block": (v["light_days"] >= T["return_min_days"], v["light_days"].astype("float64")),
        "c_pain": (np.isnan(active) | (active <= T["return_pain_max"]), active),
        "c_morning": (v["worse_mornings"] == 0, v["worse_mornings"]),
        "c_rpe": (np.isnan(rpe) | (rpe <= T["return_rpe_max"]), rpe),
        "c_not_rising": (~v["pain_rising"], v["pain_rise"]),
    }
    out: dict[str, np.ndarray] = {}
    met = np.ones(v["light"].shape, dtype=bool)
    for name, (ok, value) in crit.items():
        out[name] = ok
        out[f"{name}_value"] = value
        met &= ok
    out["criteria_met"] = met & v["rehab_block"]
    out["pain_active_worst"] = active
    return out


def _rolling_window_max(g: Grid, name: str, ts: np.ndarray, n: int) -> np.ndarray:
    key = f"{name}__max{n}"
    if key not in g.a:
        g.a[key] = _rolling_max(g.a[name], n)
    return _cols(g.a[key], ts)


# ---------------------------------------------------------------- status


def status(v: dict[str, np.ndarray]) -> np.ndarray:
    """Status code (index into :data:`STATUSES`) per cell, from the phase and the signs."""
    P = v["phase"]
    pain_sign = v["pain_over_limit"] | v["pain_rising"]
    see = v["pain_severe"] | v["morning_pain_streak"] | v["rising_after_switch"] | (
        v["pain_rising"] & v["switched"] & (v["light_days"] >= T["rising_after_switch_days"]))
    hurts = np.nan_to_num(v["pain_worst"], nan=0.0) >= T["stopped_pain"]
    strength_failing = pain_sign | v["too_intense"] | v["stopped"] | (
        v["no_progress"] & (v["very_hard"] | v["bad_feel"] | hurts))
    switch = (((P == STRENGTH) & strength_failing) | ((P == ENDURANCE) & v["rep_work"] & pain_sign)
              | ((P == PAUSED) & v["stopped"]))
    watch = (pain_sign | v["no_progress"] | v["load_jump"] | v["too_intense"] | v["area_pain"])
    return np.select([see, switch, v["criteria_met"], watch],
                     [STATUS_CODE["see_clinician"], STATUS_CODE["switch"], STATUS_CODE["ready_to_return"],
                      STATUS_CODE["watch"]], default=STATUS_CODE["ok"])


#: The per-exercise signs, in the order they are listed (a subset of :data:`rehab.advice.model.SIGNS`).
SIGN_ORDER: tuple[str, ...] = ("pain_severe", "morning_pain_streak", "pain_over_limit", "pain_rising", "area_pain",
                               "stopped", "too_intense", "no_progress", "load_jump")


def evaluate(g: Grid, ts) -> Cells:
    """Every feature, sign and the status at the as-of day indices ``ts`` (an int or an array)."""
    ts = np.atleast_1d(np.asarray(ts, dtype="int64"))
    v: dict[str, np.ndarray] = {}
    v.update(phase(g, ts))
    v["in_plan"] = v["phase"] != 0
    v.update(pain_over_limit(g, ts, np.where(v["light"], v["light_start"], 0)))
    v.update(pain_rising(g, ts))
    v.update(pain_severe(g, ts))
    v.update(area_pain(v))
    v.update(morning_pain_streak(g, ts))
    v.update(stopped(g, ts, v["phase"]))
    v.update(no_progress(g, ts, v["phase"], v["phase_start"]))
    v.update(effort(g, ts))
    v.update(too_intense(v))
    v.update(load_jump(g, ts))
    v["rising_after_switch"] = pain_rising_since_switch(g, ts, v)
    v.update(return_criteria(g, ts, v))
    v["status"] = status(v)
    # Overall: pain with no area and not from an exercise's notes, as a trend to watch.
    u = pain_rising(g, ts, {"all": ("u_pain_n", "u_pain_sum")})
    v["unassigned_rising"] = u["pain_rising"][0]
    v["unassigned_now"], v["unassigned_before"] = u["pain_now"][0], u["pain_before"][0]
    return Cells(g, ts, v)
