"""Endurance-switch flags: signs that strength training has stopped working, with a prescription.

Source: Paul Ingraham, *Endurance Training for Pain & Rehab* (PainScience.com):
strength training has stopped working when it feels too intense, is exhausting
"and not in a good way", shows no progress, brings worry about an injury or
pain, or has stopped altogether — then switch to lighter, high-rep endurance
work (or gentler mobilisation when in pain) and return to strength later.
Each rule below turns one of those signs into numbers from the lifter's own
log. **Advice from data, never a diagnosis.**

Every threshold lives in :data:`THRESHOLD_TABLE` / :data:`THRESHOLDS` (one table:
name, value, unit, what it does, source); the rules are coded in
:mod:`rehab.flag_rules`. The rules, evaluated as of a date ``T`` (windows are whole
days ending on ``T``; "strength" means the strength or heavy band):

* ``pain_rising`` (per exercise): mean pain in the areas the exercise loads over
  the last ``recent_days`` is ≥ ``pain_rise`` above the ``recent_days`` before,
  while ≥ ``strength_share`` of that exercise's placed working sets in the recent
  window were strength. Source: the issue's spec; "worry about pain" (Ingraham).
* ``pain_over_limit`` (per exercise): in the last ``recent_days``, pain logged
  during/after a day with strength sets of the exercise > ``pain_limit``, or the
  next morning's pain above the baseline (median rest/morning pain over the
  ``morning_baseline_days`` before that day) by more than ``morning_margin``.
  Source: Silbernagel et al. 2007 pain-monitoring model (pain ≤ 5/10 during
  activity, back to baseline by the next morning).
* ``stalled`` (per exercise): best e1RM of the last ``stall_days`` not up
  ≥ ``stall_min_gain`` over the best of the ``stall_days`` before, with
  ≥ ``stall_min_sessions`` strength days in the recent window. "No progress".
* ``too_intense`` (per exercise): median RPE of strength sets over
  ``intense_days`` ≥ ``intense_median_rpe`` (≥ ``intense_min_sets`` sets with RPE),
  or the mean RPE of strength sets at the same weight up ≥ ``rpe_rise`` against
  the ``rpe_compare_days`` before the window. "Feels too intense / exhausting".
* ``load_spike`` (overall): EWMA acute:chronic ratio of daily volume load
  (N = 7 and 28) above ``acwr_limit`` on any of the last ``acwr_days`` days, once
  there are ``acwr_min_history_days`` days of history. Williams et al. 2017; a
  trend to watch only — its link to injury is contested (Impellizzeri et al. 2020).
* ``stopped`` (overall, else per exercise): no working set for ≥ ``stopped_days``
  (and not more than ``stopped_max_days``, after which the flag is stale) after
  strength work in the ``recent_days`` before the last session, with pain
  ≥ ``stopped_pain`` from then on. "Having stopped altogether".

Prescriptions (per flagged exercise): when the mean pain of the last
``prescription_pain_days`` that applies to the exercise is ≥ ``mobilize_pain``:
"mobilize: 25–75 very light reps"; otherwise "switch to endurance: 2–3 sets of
15–30 reps at about X kg (40–60 % of your e1RM Y kg)" where Y is the best e1RM
of the last 12 weeks and X = ``endurance_mid`` · Y rounded to ``load_increment_kg``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

LB_PER_KG = 2.2046226218


@dataclass(frozen=True)
class Threshold:
    name: str
    value: float
    unit: str
    help: str
    source: str


_T = Threshold
#: THE table of flag thresholds. Edit here and only here.
THRESHOLD_TABLE: tuple[Threshold, ...] = (
    _T("recent_days", 14, "days", "window of pain_rising / pain_over_limit (and the window before it)", "issue spec"),
    _T("pain_rise", 1.0, "points /10", "rise of mean pain that trips pain_rising", "issue spec"),
    _T("strength_share", 0.5, "fraction", "share of strength/heavy sets needed for pain_rising", "issue spec"),
    _T("pain_limit", 5.0, "points /10", "pain during/after strength above this trips pain_over_limit",
       "Silbernagel et al. 2007"),
    _T("morning_baseline_days", 7, "days", "days before a session whose rest/morning pain is the baseline",
       "Silbernagel et al. 2007"),
    _T("morning_margin", 0.0, "points /10", "next-morning pain must exceed baseline by more than this",
       "Silbernagel et al. 2007"),
    _T("stall_days", 28, "days", "window of stalled (compared with the same span before)", "issue spec"),
    _T("stall_min_gain", 0.025, "fraction", "best e1RM gain below this is a stall", "issue spec"),
    _T("stall_min_sessions", 3, "days", "strength days needed in the window for stalled", "issue spec"),
    _T("intense_days", 14, "days", "window of too_intense", "issue spec"),
    _T("intense_median_rpe", 9.0, "RPE", "median RPE of strength sets that trips too_intense", "issue spec"),
    _T("intense_min_sets", 3, "sets", "strength sets with RPE needed before the median counts", "project choice"),
    _T("rpe_rise", 1.0, "RPE", "RPE rise at the same weight that trips too_intense", "issue spec"),
    _T("rpe_compare_days", 28, "days", "span before the window the same-weight RPE is compared with",
       "project choice"),
    _T("acwr_limit", 1.5, "ratio", "EWMA acute:chronic ratio above this trips load_spike", "Williams et al. 2017"),
    _T("acwr_days", 7, "days", "load_spike looks at the ratio over these last days", "project choice"),
    _T("acwr_min_history_days", 28, "days", "history needed before the ratio means anything", "project choice"),
    _T("stopped_days", 14, "days", "days without training that trip stopped", "issue spec"),
    _T("stopped_max_days", 84, "days", "after this long the stopped flag is stale and dropped", "project choice"),
    _T("stopped_pain", 4.0, "points /10", "pain at or above this (around the stop) for stopped", "issue spec"),
    _T("mobilize_pain", 6.0, "points /10", "recent pain at or above this prescribes mobilization", "issue spec"),
    _T("prescription_pain_days", 7, "days", "window of 'recent pain' for the prescription", "project choice"),
    _T("endurance_low", 0.40, "fraction of e1RM", "low end of the endurance load", "Ingraham; issue spec"),
    _T("endurance_high", 0.60, "fraction of e1RM", "high end of the endurance load", "Ingraham; issue spec"),
    _T("endurance_mid", 0.50, "fraction of e1RM", "the load the prescription names", "project choice"),
    _T("load_increment_kg", 2.5, "kg", "prescribed loads are rounded to this", "standard plates"),
)
THRESHOLDS: dict[str, float] = {t.name: t.value for t in THRESHOLD_TABLE}
FLAG_NAMES = ("pain_rising", "pain_over_limit", "stalled", "too_intense", "load_spike", "stopped")
NOT_A_DIAGNOSIS = "This is advice from your own data, not a diagnosis."


@dataclass(frozen=True)
class Flag:
    """One raised flag. ``exercise`` is None for overall flags; ``since`` is the first day of
    the evidence; ``evidence`` holds the numbers that tripped the rule (JSON-safe)."""

    flag: str
    exercise: str | None
    since: dt.date
    evidence: dict[str, Any] = field(hash=False)
    message: str
    prescription: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"flag": self.flag, "exercise": self.exercise, "since": self.since.isoformat(),
                "evidence": self.evidence, "message": self.message, "prescription": self.prescription}


def round_load(kg: float, increment: float | None = None) -> float:
    """Round to a loadable increment (never below one increment)."""
    inc = increment or THRESHOLDS["load_increment_kg"]
    return max(inc, round(kg / inc) * inc)


def _as_of(placed: pd.DataFrame, pain: pd.DataFrame | None, as_of) -> pd.Timestamp:
    if as_of is not None:
        return pd.Timestamp(as_of).normalize()
    days = [pd.to_datetime(placed["day"]).max() if len(placed) else None,
            pd.to_datetime(pain["day"]).max() if pain is not None and len(pain) else None]
    days = [d for d in days if d is not None and not pd.isna(d)]
    return max(days).normalize() if days else pd.Timestamp.today().normalize()


def evaluate(placed: pd.DataFrame, pain: pd.DataFrame | None, area_map: dict[str, tuple[str, ...]] | None,
             as_of=None) -> list[Flag]:
    """Flags raised as of ``as_of`` (default: the last day with data).

    ``placed``: output of :func:`rehab.spectrum.place_sets` (include ≥ 16 weeks before
    ``as_of`` for the windows); ``pain``: :func:`rehab.pain.load_pain` frame (or None);
    ``area_map``: exercise -> body areas it loads. Sorted: overall flags first, then by exercise.
    """
    T = _as_of(placed, pain, as_of)
    from .flag_rules import evaluate_at, prepare

    return evaluate_at(prepare(placed, pain, area_map), T)


def history_dates(placed: pd.DataFrame, pain: pd.DataFrame | None, start=None, end=None) -> list[pd.Timestamp]:
    """The as-of days of :func:`flag_history`: every Sunday from ``start``'s week to ``end``, plus ``end``."""
    T_end = _as_of(placed, pain, end)
    first = pd.Timestamp(start).normalize() if start is not None else (
        pd.to_datetime(placed["day"]).min().normalize() if len(placed) else T_end)
    first_sunday = first + pd.Timedelta(days=6 - first.weekday())
    dates = list(pd.date_range(first_sunday, T_end, freq="7D"))
    if not dates or dates[-1] != T_end:
        dates.append(T_end)
    return dates


def flag_history(placed: pd.DataFrame, pain: pd.DataFrame | None, area_map: dict[str, tuple[str, ...]] | None,
                 start=None, end=None, reference: bool = False) -> pd.DataFrame:
    """Flags evaluated weekly: as of every Sunday from ``start``'s week to ``end`` (plus ``end`` itself).

    Long form, one row per active flag per as-of date: ``week`` (Monday), ``as_of`` (date), ``flag``,
    ``exercise`` (None = overall), ``since`` (as that evaluation saw it), ``run_since`` (earliest
    ``since`` of the unbroken weekly run the row belongs to), ``message``, ``prescription``. Weeks with no flag have no
    rows; ``weeks`` of the frame's ``attrs`` lists every evaluated week so a UI can show them clear.

    Rules run only for the (exercise, week) pairs where they can fire (:mod:`rehab.flag_weeks`);
    ``reference=True`` re-runs every rule every week instead (slow; the same result, for tests).
    """
    dates = history_dates(placed, pain, start, end)
    from .flag_rules import evaluate_at, prepare
    from .flag_weeks import flags_by_week

    prep = prepare(placed, pain, area_map)
    weekly = [evaluate_at(prep, T) for T in dates] if reference else flags_by_week(prep, dates)
    rows = []
    for T, found in zip(dates, weekly, strict=True):
        for f in found:
            rows.append({"week": (T - pd.Timedelta(days=T.weekday())).date(), "as_of": T.date(), "flag": f.flag,
                         "exercise": f.exercise, "since": f.since, "message": f.message,
                         "prescription": f.prescription})
    cols = ["week", "as_of", "flag", "exercise", "since", "run_since", "message", "prescription"]
    out = pd.DataFrame(rows, columns=[c for c in cols if c != "run_since"])
    # run_since: the earliest ``since`` of an unbroken weekly run of the same flag (its real start).
    step = {d.date(): i for i, d in enumerate(dates)}
    if len(out):
        key = out["flag"] + "\x00" + out["exercise"].fillna("")
        idx = out["as_of"].map(step)
        out = out.assign(_k=key, _i=idx).sort_values(["_k", "_i"])
        new_run = (out["_k"] != out["_k"].shift()) | (out["_i"] != out["_i"].shift() + 1)
        out["run_since"] = out.groupby(new_run.cumsum())["since"].transform("min")
        out = out.sort_values(["_i", "_k"]).drop(columns=["_k", "_i"]).reset_index(drop=True)
    else:
        out["run_since"] = pd.Series(dtype="object")
    out = out[cols]
    out.attrs["weeks"] = [(T - pd.Timedelta(days=T.weekday())).date() for T in dates]
    return out
