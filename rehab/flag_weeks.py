"""The weekly flag history, fast: the same rules as ``evaluate``, skipped where they cannot fire.

Re-running every rule for every exercise at every weekly as-of day was the cost of
the Flags page's history (about 14 s of CPU for 50,000 sets over 4.5 years): almost
every rule call sliced pandas frames only to find nothing. Here each exercise's
sets and each pain set (per group of body areas) become plain NumPy arrays with
cumulative counts once; for every (exercise, week) a few binary searches then
decide which rules *could* fire — a necessary condition of each rule, with a
little slack on every float comparison — and only those run, through the very
same rule code (:func:`rehab.flag_rules.exercise_flags`). The result is therefore
exactly what ``evaluate(..., as_of=T)`` gives week by week (tested).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .flag_rules import Prepared, exercise_flags, lookback_start, overall_flags, sort_flags
from .flags import THRESHOLDS, Flag

_SLACK = 1e-6  # candidates are over-inclusive: the exact rule decides at the threshold


def _cum(mask_or_values: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(mask_or_values, dtype="float64")])


@dataclass
class _Sets:
    day: np.ndarray
    strength_cum: np.ndarray
    placed_cum: np.ndarray
    e1rm: np.ndarray
    strength_days: np.ndarray  # distinct days with a strength set
    rpe_day: np.ndarray  # strength sets with an RPE
    rpe: np.ndarray
    rpe_kg: np.ndarray

    @classmethod
    def of(cls, w: pd.DataFrame) -> _Sets:
        day = w["day"].to_numpy()
        strength = w["strength"].to_numpy(dtype=bool)
        rpe = w["rpe"].to_numpy(dtype="float64")
        has = strength & ~np.isnan(rpe)
        return cls(day, _cum(strength), _cum(w["placed"].to_numpy(dtype=bool)), w["e1rm"].to_numpy(dtype="float64"),
                   np.unique(day[strength]), day[has], rpe[has],
                   w["weight_kg"].round(2).to_numpy(dtype="float64")[has])


@dataclass
class _Pain:
    day: np.ndarray
    n_cum: np.ndarray
    score_cum: np.ndarray
    over_cum: np.ndarray  # entries pain_over_limit could use: during/after above the limit, or next morning

    @classmethod
    def of(cls, p: pd.DataFrame) -> _Pain:
        score = p["score"].to_numpy(dtype="float64")
        ctx = p["context"].astype("str").to_numpy()
        over = (np.isin(ctx, ["during", "after"]) & (score > THRESHOLDS["pain_limit"])) | (ctx == "next_morning")
        return cls(p["day"].to_numpy(), _cum(np.ones(len(p))), _cum(score), _cum(over))


def _span(days: np.ndarray, lo: np.datetime64, hi: np.datetime64) -> tuple[int, int]:
    """Index range of rows with lo < day ≤ hi (``days`` sorted)."""
    return int(np.searchsorted(days, lo, "right")), int(np.searchsorted(days, hi, "right"))


def _candidates(s: _Sets, p: _Pain, T: pd.Timestamp, overall_stop: bool) -> frozenset[str]:
    """The rules that could fire for this exercise as of ``T`` (a superset of those that do)."""
    t = np.datetime64(T)

    def day(n: int) -> np.datetime64:
        return t - np.timedelta64(n, "D")

    a, b = _span(s.day, np.datetime64(lookback_start(T)), t)
    if s.strength_cum[b] - s.strength_cum[a] == 0:
        return frozenset()
    rules: set[str] = set()
    n = int(THRESHOLDS["recent_days"])
    ra, rb = _span(s.day, day(n), t)
    # pain_rising: pain in both windows, a large enough rise, mostly strength sets in the recent one.
    pa, pb = _span(p.day, day(n), t)
    qa, qb = _span(p.day, day(2 * n), day(n))
    placed = s.placed_cum[rb] - s.placed_cum[ra]
    if pb > pa and qb > qa and placed > 0:
        rise = ((p.score_cum[pb] - p.score_cum[pa]) / (pb - pa)) - ((p.score_cum[qb] - p.score_cum[qa]) / (qb - qa))
        share = (s.strength_cum[rb] - s.strength_cum[ra]) / placed
        if rise >= THRESHOLDS["pain_rise"] - _SLACK and share >= THRESHOLDS["strength_share"] - _SLACK:
            rules.add("pain_rising")
    # pain_over_limit: a strength set in the window and a usable pain entry in it.
    if s.strength_cum[rb] > s.strength_cum[ra] and p.over_cum[pb] > p.over_cum[pa]:
        rules.add("pain_over_limit")
    # stalled: enough strength days and a best e1RM not far enough above the one before.
    m = int(THRESHOLDS["stall_days"])
    da, db = _span(s.strength_days, day(m), t)
    if db - da >= THRESHOLDS["stall_min_sessions"]:
        xa, xb = _span(s.day, day(m), t)
        ya, yb = _span(s.day, day(2 * m), day(m))
        rec, prev = s.e1rm[xa:xb], s.e1rm[ya:yb]
        if (~np.isnan(rec)).any() and (~np.isnan(prev)).any():
            rbest, pbest = np.nanmax(rec), np.nanmax(prev)
            if pbest > 0 and rbest / pbest - 1 < THRESHOLDS["stall_min_gain"] + _SLACK:
                rules.add("stalled")
    # too_intense: a high median RPE, or the same weight at a higher RPE than before.
    k = int(THRESHOLDS["intense_days"])
    ia, ib = _span(s.rpe_day, day(k), t)
    if ib > ia:
        med = float(np.median(s.rpe[ia:ib]))
        if ib - ia >= THRESHOLDS["intense_min_sets"] and med >= THRESHOLDS["intense_median_rpe"] - _SLACK:
            rules.add("too_intense")
        else:
            ja, jb = _span(s.rpe_day, day(k + int(THRESHOLDS["rpe_compare_days"])), day(k))
            kg_r, rpe_r, kg_b, rpe_b = s.rpe_kg[ia:ib], s.rpe[ia:ib], s.rpe_kg[ja:jb], s.rpe[ja:jb]
            for kg in np.intersect1d(kg_r[~np.isnan(kg_r)], kg_b):
                if rpe_r[kg_r == kg].mean() - rpe_b[kg_b == kg].mean() >= THRESHOLDS["rpe_rise"] - _SLACK:
                    rules.add("too_intense")
                    break
    # stopped: the last session ended a gap of the right length.
    if not overall_stop:
        gap = (t - s.day[b - 1]) / np.timedelta64(1, "D")
        if THRESHOLDS["stopped_days"] - 1 <= gap <= THRESHOLDS["stopped_max_days"] + 1:
            rules.add("stopped")
    return frozenset(rules)


def flags_by_week(prep: Prepared, dates: list[pd.Timestamp]) -> list[list[Flag]]:
    """``evaluate_at(prep, T)`` for every ``T`` in ``dates``, computed once per candidate rule."""
    sets = {ex: _Sets.of(w) for ex, w in prep.by_ex.items()}
    pains: dict[str, _Pain] = {}
    keyed: dict[tuple, _Pain] = {}
    for ex in prep.by_ex:
        key = tuple(prep.area_map.get(ex, ()))
        if key not in keyed:
            keyed[key] = _Pain.of(prep.pain_for(ex))
        pains[ex] = keyed[key]
    out = []
    for T in dates:
        flags, overall_stop = overall_flags(prep, T)
        for ex in prep.by_ex:
            rules = _candidates(sets[ex], pains[ex], T, overall_stop)
            if rules:
                flags += exercise_flags(prep, ex, T, overall_stop, rules)
        out.append(sort_flags(flags))
    return out
