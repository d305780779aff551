"""The flag rules themselves: each turns one sign from :mod:`rehab.flags` into numbers.

Kept apart from :mod:`rehab.flags` (thresholds, the ``Flag`` record, the public
``evaluate``/``flag_history``) so each module stays small. Every rule takes the
exercise's working sets and the pain that applies to it, both sorted by day, and
slices them by binary search: evaluating many weeks stays cheap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .flags import FLAG_NAMES, LB_PER_KG, NOT_A_DIAGNOSIS, THRESHOLDS, Flag, round_load
from .metrics import ACUTE_DAYS, CHRONIC_DAYS, pain_scores
from .spectrum import REFERENCE_DAYS, STRENGTH_BANDS


def _r(x, nd: int = 2):
    """JSON-safe rounded number (None for NaN)."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return None
    if isinstance(x, (np.integer, int)):
        return int(x)
    return round(float(x), nd)


def _d(x) -> dt.date:
    return pd.Timestamp(x).date()


# ----------------------------------------------------------------- preparation

@dataclass
class Prepared:
    work: pd.DataFrame  # working sets with day (Timestamp), strength (bool)
    by_ex: dict[str, pd.DataFrame]
    pain: pd.DataFrame | None
    area_map: dict[str, tuple[str, ...]]
    daily_load: pd.Series  # overall volume per calendar day, zero-filled
    _pain_cache: dict = field(default_factory=dict)

    def pain_for(self, exercise: str | None) -> pd.DataFrame:
        areas = None if exercise is None else tuple(self.area_map.get(exercise, ()))
        key = areas  # exercises loading the same areas share one frame
        if key not in self._pain_cache:
            p = pain_scores(self.pain, areas).sort_values("day", kind="stable")
            self._pain_cache[key] = pd.DataFrame({"day": p["day"], "score": p["score"],
                                                  "context": p["context"].astype("category"),
                                                  "area": p["area"].fillna("unspecified").astype("category")})
        return self._pain_cache[key]


def prepare(placed: pd.DataFrame, pain: pd.DataFrame | None, area_map) -> Prepared:
    w = placed[placed["working"]] if "working" in placed else placed[placed["set_kind"] != "warmup"]
    # A narrow, numeric frame: the rules slice it hundreds of times (string columns are slow to take).
    w = pd.DataFrame({
        "exercise": w["exercise"].astype("category"),
        "day": pd.to_datetime(w["day"]).dt.normalize(),
        "placed": w["band"].notna().to_numpy() if "band" in w else False,
        "strength": w["band"].isin(STRENGTH_BANDS).to_numpy() if "band" in w else False,
        "e1rm": pd.to_numeric(w["e1rm"], errors="coerce") if "e1rm" in w else np.nan,
        "rpe": pd.to_numeric(w["rpe"], errors="coerce"),
        "weight_kg": pd.to_numeric(w["weight_kg"], errors="coerce"),
        "reps": pd.to_numeric(w["reps"], errors="coerce"),
    }).sort_values("day", kind="stable")
    by_ex = {str(k): g.drop(columns="exercise") for k, g in w.groupby("exercise", sort=False, observed=True)}
    weight = pd.to_numeric(w["weight_kg"], errors="coerce")
    vol = (weight * w["reps"]).where((weight > 0) & (w["reps"] > 0), 0.0)
    if len(w):
        daily = vol.groupby(w["day"]).sum()
        days = pd.date_range(daily.index.min(), daily.index.max(), freq="D")
        daily = daily.reindex(days, fill_value=0.0)
    else:
        daily = pd.Series(dtype="float64")
    return Prepared(w, by_ex, pain, dict(area_map or {}), daily)


def _window(df: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp) -> pd.DataFrame:
    """Rows with lo < day ≤ hi (every frame here is sorted by day: two binary searches, one slice)."""
    days = df["day"].to_numpy()
    a, b = np.searchsorted(days, np.datetime64(lo), "right"), np.searchsorted(days, np.datetime64(hi), "right")
    return df.iloc[a:b]


def _col_window(df: pd.DataFrame, col: str, lo: pd.Timestamp, hi: pd.Timestamp) -> np.ndarray:
    """One float column of the rows with lo < day ≤ hi, as an array (cheaper than slicing the frame)."""
    a, b = np.searchsorted(df["day"].to_numpy(), [np.datetime64(lo), np.datetime64(hi)], "right")
    return df[col].to_numpy(dtype="float64")[a:b]


# ----------------------------------------------------------------------- rules

def _pain_rising(ex: str, w: pd.DataFrame, p: pd.DataFrame, T: pd.Timestamp, areas) -> Flag | None:
    n = int(THRESHOLDS["recent_days"])
    recent_lo, prev_lo = T - pd.Timedelta(days=n), T - pd.Timedelta(days=2 * n)
    pr, pp = _window(p, recent_lo, T), _window(p, prev_lo, recent_lo)
    if pr.empty or pp.empty:
        return None
    mean_r, mean_p = pr["score"].mean(), pp["score"].mean()
    rise = mean_r - mean_p
    sets = _window(w, recent_lo, T)
    sets = sets[sets["placed"]]
    if sets.empty or rise < THRESHOLDS["pain_rise"] - 1e-9:
        return None
    share = sets["strength"].mean()
    if share < THRESHOLDS["strength_share"]:
        return None
    daily_mean = pr.groupby("day")["score"].mean()
    above = daily_mean[daily_mean >= mean_p + THRESHOLDS["pain_rise"]]
    since = above.index.min() if len(above) else recent_lo + pd.Timedelta(days=1)
    ev = {"pain_recent": _r(mean_r), "pain_previous": _r(mean_p), "rise": _r(rise),
          "strength_share": _r(share), "strength_sets": int(sets["strength"].sum()), "placed_sets": len(sets),
          "areas": list(areas or ()), "window_days": n}
    felt = sorted({str(a) for a in pr["area"].unique()}) if "area" in pr else []
    where = f"({', '.join(felt)})" if felt else ""
    msg = (f"{ex}: pain {where} averaged {mean_r:.1f}/10 over the last {n} days, {rise:.1f} more than the "
           f"{n} days before, while {share:.0%} of your {ex} sets were strength work. Strength training may "
           f"have stopped helping here. {NOT_A_DIAGNOSIS}")
    return Flag("pain_rising", ex, _d(since), ev, msg, None)


def _pain_over_limit(ex: str, w: pd.DataFrame, p: pd.DataFrame, T: pd.Timestamp, areas) -> Flag | None:
    n = int(THRESHOLDS["recent_days"])
    lo = T - pd.Timedelta(days=n)
    days = w["day"].to_numpy()
    a, b = np.searchsorted(days, [np.datetime64(lo), np.datetime64(T)], "right")
    sdays = pd.DatetimeIndex(np.unique(days[a:b][w["strength"].to_numpy(dtype=bool)[a:b]]))  # sorted, like w
    base_days = pd.Timedelta(days=int(THRESHOLDS["morning_baseline_days"]))
    # Only pain from the earliest baseline day on can matter: the days are whole, so one spare day is plenty.
    p = _window(p, lo - base_days - pd.Timedelta(days=1), T)
    if len(sdays) == 0 or p.empty:
        return None
    events = []
    # Plain arrays: this rule runs for every flagged week of the history, and pandas masks per day were its cost.
    ctx = p["context"].to_numpy(dtype=object)
    pday, score = p["day"].to_numpy(), p["score"].to_numpy(dtype="float64")
    s64 = sdays.to_numpy()
    during = np.isin(ctx, ["during", "after"]) & np.isin(pday, s64) & (score > THRESHOLDS["pain_limit"])
    for i in np.flatnonzero(during):
        events.append({"day": pd.Timestamp(pday[i]), "context": str(ctx[i]), "score": float(score[i]),
                       "limit": THRESHOLDS["pain_limit"]})
    is_rest = np.isin(ctx, ["rest", "next_morning"])
    is_morning = ctx == "next_morning"
    one_day, base64 = np.timedelta64(1, "D"), np.timedelta64(base_days)
    for d, d64 in zip(sdays, s64, strict=True):
        nxt = score[is_morning & (pday == d64 + one_day)]
        if len(nxt) == 0 or d + pd.Timedelta(days=1) > T:
            continue
        base = score[is_rest & (pday >= d64 - base64) & (pday < d64)]
        if len(base) == 0:
            continue
        baseline = float(np.median(base))
        worst_morning = float(nxt.max())
        if worst_morning > baseline + THRESHOLDS["morning_margin"]:
            events.append({"day": d + pd.Timedelta(days=1), "context": "next_morning", "score": worst_morning,
                           "baseline": baseline})
    if not events:
        return None
    events.sort(key=lambda e: e["day"])
    worst = max(events, key=lambda e: e["score"])
    ev = {"events": len(events), "worst_day": _d(worst["day"]).isoformat(), "worst_context": worst["context"],
          "worst_score": _r(worst["score"]), "limit": THRESHOLDS["pain_limit"],
          "baseline": _r(worst.get("baseline")), "strength_days": len(sdays), "areas": list(areas or ())}
    if worst["context"] == "next_morning":
        what = (f"next-morning pain of {worst['score']:.0f}/10 on {_d(worst['day'])} was above your baseline of "
                f"{worst['baseline']:.1f}")
    else:
        what = f"pain {worst['context']} strength work reached {worst['score']:.0f}/10 on {_d(worst['day'])}"
    msg = (f"{ex}: {what} ({len(events)} time(s) in the last {n} days). The pain-monitoring model keeps pain "
           f"during exercise at 5/10 or less and back to baseline by the next morning. {NOT_A_DIAGNOSIS}")
    return Flag("pain_over_limit", ex, _d(events[0]["day"]), ev, msg, None)


def _stalled(ex: str, w: pd.DataFrame, T: pd.Timestamp) -> Flag | None:
    n = int(THRESHOLDS["stall_days"])
    lo, prev_lo = T - pd.Timedelta(days=n), T - pd.Timedelta(days=2 * n)
    # Arrays, not frames: the history runs this for every flagged week. prev and recent are adjacent slices.
    days, e1rm = w["day"].to_numpy(), w["e1rm"].to_numpy(dtype="float64")
    c, a, b = np.searchsorted(days, [np.datetime64(prev_lo), np.datetime64(lo), np.datetime64(T)], "right")
    sessions = len(np.unique(days[a:b][w["strength"].to_numpy(dtype=bool)[a:b]]))
    if sessions < THRESHOLDS["stall_min_sessions"]:
        return None
    rec, prev = e1rm[a:b], e1rm[c:a]
    if np.isnan(rec).all() or np.isnan(prev).all():
        return None
    rb, pb = np.nanmax(rec), np.nanmax(prev)
    if pb <= 0:
        return None
    gain = rb / pb - 1
    if gain >= THRESHOLDS["stall_min_gain"] - 1e-12:
        return None
    best_day = days[c + int(np.nanargmax(e1rm[c:b]))]  # the first day the best of both windows was lifted
    ev = {"best_e1rm_recent": _r(rb, 1), "best_e1rm_previous": _r(pb, 1), "gain_pct": _r(gain * 100, 1),
          "min_gain_pct": _r(THRESHOLDS["stall_min_gain"] * 100, 1), "strength_sessions": int(sessions),
          "window_days": n}
    msg = (f"{ex}: your best estimated 1RM over the last {n} days is {rb:.1f} kg against {pb:.1f} kg in the "
           f"{n} days before ({gain * 100:+.1f} %), after {sessions} strength sessions: no real progress. "
           f"{NOT_A_DIAGNOSIS}")
    return Flag("stalled", ex, _d(best_day), ev, msg, None)


def _too_intense(ex: str, w: pd.DataFrame, T: pd.Timestamp) -> Flag | None:
    n = int(THRESHOLDS["intense_days"])
    lo = T - pd.Timedelta(days=n)
    # Arrays of the strength sets with an RPE (sorted by day): recent and before are adjacent slices.
    rpe_all = w["rpe"].to_numpy(dtype="float64")
    keep = w["strength"].to_numpy(dtype=bool) & ~np.isnan(rpe_all)
    days, rpe, kg = w["day"].to_numpy()[keep], rpe_all[keep], w["weight_kg"].to_numpy(dtype="float64")[keep]
    c, a, b = np.searchsorted(days, [np.datetime64(lo - pd.Timedelta(days=int(THRESHOLDS["rpe_compare_days"]))),
                                     np.datetime64(lo), np.datetime64(T)], "right")
    if b == a:
        return None
    med = float(np.median(rpe[a:b]))
    if b - a >= THRESHOLDS["intense_min_sets"] and med >= THRESHOLDS["intense_median_rpe"]:
        first_hard = days[a:b][rpe[a:b] >= THRESHOLDS["intense_median_rpe"]].min()
        ev = {"median_rpe": _r(med, 1), "strength_sets": int(b - a), "limit": THRESHOLDS["intense_median_rpe"],
              "window_days": n}
        msg = (f"{ex}: your strength sets over the last {n} days had a median RPE of {med:.1f} "
               f"({b - a} sets): close to failure every time. That is exhausting, and not in a good "
               f"way. {NOT_A_DIAGNOSIS}")
        return Flag("too_intense", ex, _d(first_hard), ev, msg, None)
    if a == c:
        return None
    kg_r, rpe_r = np.round(kg[a:b], 2), rpe[a:b]
    kg_b, rpe_b = np.round(kg[c:a], 2), rpe[c:a]
    best = None  # (rise, kg, rpe_now, rpe_before)
    for kg in np.intersect1d(kg_r[~np.isnan(kg_r)], kg_b):
        now, was = float(rpe_r[kg_r == kg].mean()), float(rpe_b[kg_b == kg].mean())
        if now - was >= THRESHOLDS["rpe_rise"] - 1e-9 and (best is None or now - was > best[0]):
            best = (now - was, float(kg), now, was)
    if best is None:
        return None
    kg = best[1]
    row = {"rise": best[0], "now": best[2], "before": best[3]}
    first = days[a:b][kg_r == kg].min()
    ev = {"weight_kg": _r(kg), "rpe_before": _r(row["before"], 1), "rpe_now": _r(row["now"], 1),
          "rise": _r(row["rise"], 1), "limit": THRESHOLDS["rpe_rise"], "window_days": n}
    msg = (f"{ex}: the same {kg:g} kg now feels harder: RPE {row['now']:.1f} against {row['before']:.1f} "
           f"before. {NOT_A_DIAGNOSIS}")
    return Flag("too_intense", ex, _d(first), ev, msg, None)


def _load_spike(prep: Prepared, T: pd.Timestamp) -> Flag | None:
    load = prep.daily_load
    if load.empty or (T - load.index.min()).days + 1 < THRESHOLDS["acwr_min_history_days"]:
        return None
    load = load[load.index <= T]
    load = load.reindex(pd.date_range(load.index.min(), T, freq="D"), fill_value=0.0)
    acute = load.ewm(alpha=2 / (ACUTE_DAYS + 1), adjust=False).mean()
    chronic = load.ewm(alpha=2 / (CHRONIC_DAYS + 1), adjust=False).mean()
    ratio = (acute / chronic).where(chronic > 0)
    last = ratio[ratio.index > T - pd.Timedelta(days=int(THRESHOLDS["acwr_days"]))]
    over = last[last > THRESHOLDS["acwr_limit"]]
    if over.empty:
        return None
    peak_day = over.idxmax()
    avg_week = float(load[load.index > T - pd.Timedelta(days=28)].sum() / 4)
    ev = {"acwr_peak": _r(over.max()), "peak_day": _d(peak_day).isoformat(), "acwr_now": _r(ratio.iloc[-1]),
          "acute_kg": _r(acute[peak_day], 0), "chronic_kg": _r(chronic[peak_day], 0),
          "limit": THRESHOLDS["acwr_limit"], "weekly_avg_4wk_kg": _r(avg_week, 0)}
    msg = (f"Training load jumped: the acute:chronic workload ratio (7- vs 28-day EWMA of daily volume) reached "
           f"{over.max():.2f} on {_d(peak_day)}, above {THRESHOLDS['acwr_limit']:g}. A trend to watch, not a "
           f"verdict: the evidence linking this ratio to injury is contested. {NOT_A_DIAGNOSIS}")
    rx = f"keep next week's volume near your 4-week average (about {avg_week:,.0f} kg a week) instead of adding more"
    return Flag("load_spike", None, _d(over.index.min()), ev, msg, rx)


def _stopped(ex: str | None, w: pd.DataFrame, p: pd.DataFrame, T: pd.Timestamp) -> Flag | None:
    past = w[w["day"] <= T]
    if past.empty:
        return None
    last = past["day"].max()
    gap = (T - last).days
    if gap < THRESHOLDS["stopped_days"] or gap > THRESHOLDS["stopped_max_days"]:
        return None
    n = int(THRESHOLDS["recent_days"])
    lead = _window(past, last - pd.Timedelta(days=n), last)
    if not lead["strength"].any():
        return None
    pains = p[(p["day"] > last - pd.Timedelta(days=n)) & (p["day"] <= T)]
    if pains.empty or pains["score"].max() < THRESHOLDS["stopped_pain"]:
        return None
    who = ex or "all training"
    ev = {"last_session": _d(last).isoformat(), "days_without": int(gap), "max_pain": _r(pains["score"].max(), 1),
          "strength_sets_before": int(lead["strength"].sum())}
    msg = (f"{who}: nothing logged for {gap} days since {_d(last)}, after strength work with pain up to "
           f"{pains['score'].max():.0f}/10. Stopping altogether is one sign strength training stopped working; "
           f"gentler work is a way back. {NOT_A_DIAGNOSIS}")
    return Flag("stopped", ex, _d(last + pd.Timedelta(days=1)), ev, msg, None)


# --------------------------------------------------------------- prescriptions

def prescription(w: pd.DataFrame, p: pd.DataFrame, T: pd.Timestamp) -> tuple[str, dict[str, Any]]:
    """The prescription for one exercise from its working sets ``w`` and applicable pain ``p``."""
    pd_days = int(THRESHOLDS["prescription_pain_days"])
    recent_pain = _col_window(p, "score", T - pd.Timedelta(days=pd_days), T)
    pain_now = float(recent_pain.mean()) if len(recent_pain) else np.nan
    if not np.isnan(pain_now) and pain_now >= THRESHOLDS["mobilize_pain"]:
        return ("mobilize: 25–75 very light reps (about 1–2 sets, no real load) while pain is high "
                f"({pain_now:.1f}/10 this week); move on to endurance work when it settles"), {
            "kind": "mobilize", "recent_pain": _r(pain_now, 1)}
    e1rm = _col_window(w, "e1rm", T - pd.Timedelta(days=REFERENCE_DAYS), T)
    ref = np.nan if np.isnan(e1rm).all() else np.nanmax(e1rm)
    if pd.isna(ref) or ref <= 0:
        return ("switch to endurance: 2–3 sets of 15–30 reps with an easier variation you can do comfortably "
                "(RPE 5–7)"), {"kind": "endurance", "recent_pain": _r(pain_now, 1)}
    x = round_load(THRESHOLDS["endurance_mid"] * ref)
    lo, hi = THRESHOLDS["endurance_low"], THRESHOLDS["endurance_high"]
    text = (f"switch to endurance: 2–3 sets of 15–30 reps at about {x:g} kg (≈ {x * LB_PER_KG:.0f} lb; "
            f"{lo * 100:.0f}–{hi * 100:.0f} % of your e1RM {ref:.1f} kg)")
    return text, {"kind": "endurance", "e1rm_kg": _r(ref, 1), "load_kg": x,
                  "load_range_kg": [_r(lo * ref, 1), _r(hi * ref, 1)], "recent_pain": _r(pain_now, 1)}


# ------------------------------------------------------------------ evaluation

def lookback_start(T: pd.Timestamp) -> pd.Timestamp:
    """Rows after this day are all any rule looks at as of ``T``."""
    return T - pd.Timedelta(days=max(2 * THRESHOLDS["stall_days"], THRESHOLDS["stopped_max_days"]
                                     + THRESHOLDS["recent_days"], REFERENCE_DAYS) + 1)


def overall_flags(prep: Prepared, T: pd.Timestamp) -> tuple[list[Flag], bool]:
    """The overall flags as of ``T`` (load spike, stopped altogether) and whether training stopped."""
    flags: list[Flag] = []
    spike = _load_spike(prep, T)
    if spike:
        flags.append(spike)
    overall_stop = _stopped(None, _window(prep.work, lookback_start(T), T), prep.pain_for(None), T)
    if overall_stop:
        flags.append(replace(overall_stop, prescription=(
            "restart gently: mobilize (25–75 very light reps), then endurance work (2–3 sets of 15–30 reps) "
            "before going back to strength")))
    return flags, overall_stop is not None


def exercise_flags(prep: Prepared, ex: str, T: pd.Timestamp, overall_stop: bool,
                   rules: frozenset[str] | None = None) -> list[Flag]:
    """The flags of one exercise as of ``T``, each with its prescription. ``rules``: evaluate only these
    (the fast history passes the rules that can fire; the others are known not to)."""
    lookback = lookback_start(T)
    w = _window(prep.by_ex[ex], lookback, T)
    if not w["strength"].any():
        return []  # every per-exercise rule needs strength work in its window
    p = _window(prep.pain_for(ex), lookback, T)
    areas = prep.area_map.get(ex, ())

    def want(name: str) -> bool:
        return rules is None or name in rules

    found = [
        _pain_rising(ex, w, p, T, areas) if want("pain_rising") else None,
        _pain_over_limit(ex, w, p, T, areas) if want("pain_over_limit") else None,
        _stalled(ex, w, T) if want("stalled") else None,
        _too_intense(ex, w, T) if want("too_intense") else None,
        None if overall_stop or not want("stopped") else _stopped(ex, w, p, T),
    ]
    found = [f for f in found if f is not None]
    if not found:
        return []
    text, detail = prescription(w, p, T)
    return [Flag(f.flag, f.exercise, f.since, {**f.evidence, "prescription": detail}, f.message, text)
            for f in found]


def sort_flags(flags: list[Flag]) -> list[Flag]:
    """Overall flags first, then by exercise, each in :data:`FLAG_NAMES` order."""
    order = {n: i for i, n in enumerate(FLAG_NAMES)}
    return sorted(flags, key=lambda f: (f.exercise is not None, f.exercise or "", order[f.flag]))


def evaluate_at(prep: Prepared, T: pd.Timestamp) -> list[Flag]:
    """Every flag as of day ``T`` from prepared data (overall flags first, then by exercise)."""
    flags, overall_stop = overall_flags(prep, T)
    for ex in prep.by_ex:
        flags += exercise_flags(prep, ex, T, overall_stop)
    return sort_flags(flags)
