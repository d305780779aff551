"""The log as day-by-day arrays, one row per exercise: what every advice rule reads.

Why arrays: the plan is asked for one day (the dashboard, the CLI) and for every
week of a log (the Plan page's timeline, the report). Both go through the very
same rules (:mod:`rehab.advice.rules`), which read *windows* of these arrays —
"sets of the last 14 days", "best e1RM of the last 84 days" — at any number of
as-of days at once: a window sum is two look-ups in a cumulative sum, a window
maximum a look-up in a rolling maximum. So the weekly history costs about what
one day costs, and equals evaluating each week alone by construction.

Row ``i < E`` is exercise ``exercises[i]``; the last row is *all training*
(every exercise's sets, every pain entry): the overall signs read it. Column
``d`` is calendar day ``day0 + d``. Pain counts for an exercise when its area is
one the exercise loads, or when it was written in that exercise's own notes
(:func:`attribute_pain`); pain with neither is kept apart as *unassigned* and
only ever judged overall.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from rehab.advice.model import THRESHOLDS
from rehab.analytics.areas import pain_hits, pain_keys
from rehab.analytics.spectrum import STRENGTH_BANDS

#: The top of the article's strength rep range (6–12 reps).
STRENGTH_MAX_REPS = int(THRESHOLDS["strength_max_reps"])
#: Band groups of the phase: index into the ``n_group`` arrays.
GROUPS: tuple[str, ...] = ("strength", "endurance", "mobilize")
_GROUP_OF_BAND = {**dict.fromkeys(STRENGTH_BANDS, 0), "endurance": 1, "mobilize": 2, "pf_rom": 2}
#: Phase codes of :attr:`Grid.phase` (0 = not trained in the plan window).
NONE, STRENGTH, ENDURANCE, MOBILIZE, PAUSED = 0, 1, 2, 3, 4
PHASE_OF_CODE = {STRENGTH: "strength", ENDURANCE: "endurance", MOBILIZE: "mobilize", PAUSED: "paused"}
_BAD_FEELS = ("exhausting", "painful")
_INTENT_NOT_WARNING = ("peaking", "test")


def _cum(a: np.ndarray) -> np.ndarray:
    """Cumulative sums along days with a leading zero column: window (t−n, t] = C[t+1] − C[t−n+1]."""
    out = np.zeros((a.shape[0], a.shape[1] + 1), dtype="float64")
    np.cumsum(a, axis=1, out=out[:, 1:])
    return out


def _rolling_max(a: np.ndarray, days: int) -> np.ndarray:
    """Max over the trailing ``days`` days (NaN where all are NaN), per row."""
    return pd.DataFrame(a.T).rolling(days, min_periods=1).max().to_numpy().T


def _ffill_index(mask: np.ndarray) -> np.ndarray:
    """Per row, the last column ≤ d where ``mask`` is true (−1 before the first)."""
    idx = np.where(mask, np.arange(mask.shape[1])[None, :], -1)
    return np.maximum.accumulate(idx, axis=1)


def _run_start(codes: np.ndarray) -> np.ndarray:
    """Per row and day, the first day of the run of equal codes the day belongs to."""
    change = np.ones(codes.shape, dtype=bool)
    change[:, 1:] = codes[:, 1:] != codes[:, :-1]
    return _ffill_index(change)


@dataclass
class Grid:
    """Day-by-day arrays of the log (see the module docstring). Sums and counts have a cumulative twin in
    :attr:`cum`; ``*_max`` arrays hold NaN where nothing was logged."""

    day0: pd.Timestamp
    exercises: list[str]
    area_map: dict[str, tuple[str, ...]]
    a: dict[str, np.ndarray]  # (E + 1, D) daily values
    cum: dict[str, np.ndarray]  # (E + 1, D + 1) cumulative sums of the summable arrays
    unassigned: dict[str, np.ndarray] = field(default_factory=dict)  # (1, D + 1) cumulative, pain with no owner
    pain_rows: pd.DataFrame | None = None  # scored pain (:func:`scored_pain`)
    pairs: pd.DataFrame | None = None  # (row of pain_rows, exercise code) it counts for (:func:`attribute_pain`)

    @property
    def days(self) -> int:
        return next(iter(self.a.values())).shape[1]

    def index_of(self, day) -> int:
        return int((pd.Timestamp(day).normalize() - self.day0).days)

    def day_of(self, idx) -> pd.Timestamp:
        return self.day0 + pd.Timedelta(days=int(idx))

    def since(self, name: str, ts: np.ndarray, start: np.ndarray) -> np.ndarray:
        """Σ of ``name`` from day ``start`` (per cell, (E + 1, len(ts))) to each as-of day, inclusive."""
        c = self.cum[name]
        hi = np.clip(ts + 1, 0, c.shape[1] - 1)[None, :]
        lo = np.clip(start, 0, c.shape[1] - 1)
        return np.take_along_axis(c, np.broadcast_to(hi, lo.shape), axis=1) - np.take_along_axis(c, lo, axis=1)

    def between(self, name: str, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Σ of ``name`` over days lo..hi − 1 (both per cell)."""
        c = self.cum[name]
        lo, hi = np.clip(lo, 0, c.shape[1] - 1), np.clip(hi, 0, c.shape[1] - 1)
        return np.take_along_axis(c, np.maximum(hi, lo), axis=1) - np.take_along_axis(c, lo, axis=1)

    def window(self, name: str, ts: np.ndarray, n: int, end_offset: int = 0) -> np.ndarray:
        """Σ of ``name`` over the ``n`` days ending ``end_offset`` days before each as-of day: (E + 1, len(ts))."""
        c = self.cum[name] if name in self.cum else self.unassigned[name]
        hi = np.clip(ts - end_offset + 1, 0, c.shape[1] - 1)
        lo = np.clip(ts - end_offset - n + 1, 0, c.shape[1] - 1)
        return c[:, hi] - c[:, lo]


def _cells(codes: np.ndarray, days: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    return codes.astype("int64") * shape[1] + days.astype("int64")


def _count(cell: np.ndarray, shape, weights=None) -> np.ndarray:
    n = shape[0] * shape[1]
    return np.bincount(cell, weights=weights, minlength=n).astype("float64").reshape(shape)


def _max(cell: np.ndarray, values: np.ndarray, shape) -> np.ndarray:
    ok = ~np.isnan(values)
    out = np.full(shape[0] * shape[1], -np.inf)
    np.maximum.at(out, cell[ok], values[ok])
    out[np.isneginf(out)] = np.nan
    return out.reshape(shape)


def nanmedian_last(a: np.ndarray) -> np.ndarray:
    """Median over the last axis ignoring NaN (NaN where all are): a sort, not numpy's masked nanmedian."""
    s = np.sort(a, axis=-1)  # NaN sort last
    n = (~np.isnan(a)).sum(axis=-1)
    lo = np.take_along_axis(s, np.clip((n - 1) // 2, 0, None)[..., None], axis=-1)[..., 0]
    hi = np.take_along_axis(s, np.clip(n // 2, 0, a.shape[-1] - 1)[..., None], axis=-1)[..., 0]
    return np.where(n > 0, (lo + hi) / 2, np.nan)


def attribute_pain(pain: pd.DataFrame | None, exercises: list[str],
                   area_map: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Scored pain entries paired with every exercise they count for (:func:`rehab.analytics.areas.pain_hits`: its
    area is one the exercise loads, or it was written in the exercise's own notes): columns ``row``
    (position in ``pain``) and ``code`` (exercise index)."""
    if pain is None or pain.empty or not exercises:
        return pd.DataFrame({"row": pd.Series(dtype="int64"), "code": pd.Series(dtype="int64")})
    parts = []
    keys = pain_keys(pain)
    for code, exercise in enumerate(exercises):
        rows = np.flatnonzero(pain_hits(keys, area_map.get(exercise, ()), exercise))
        parts.append(pd.DataFrame({"row": rows, "code": code}))
    return pd.concat(parts, ignore_index=True).astype("int64")


def scored_pain(pain: pd.DataFrame | None) -> pd.DataFrame:
    """Pain entries with a score (mentions without a number are shown, never averaged)."""
    cols = ["day", "area", "score", "context", "exercise", "source"]
    if pain is None or pain.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    p = pain[pain["score"].notna()]
    if "is_mention" in p:
        p = p[~p["is_mention"].fillna(False).astype(bool)]
    p = p.assign(day=pd.to_datetime(p["day"]).dt.normalize(), score=p["score"].astype("float64"))
    for c in ("exercise", "source"):
        if c not in p:
            p = p.assign(**{c: None})
    return p[cols].reset_index(drop=True)


def session_marks(work: pd.DataFrame, sessions: pd.DataFrame | None) -> pd.DataFrame:
    """Per working set: ``peak`` (its session was tagged peaking/test), ``deload``, ``bad_feel``
    (exhausting/painful), ``rehab`` (tagged rehab). A diary entry without a workout name applies to every
    workout of its day."""
    marks = pd.DataFrame(False, index=work.index, columns=["peak", "deload", "bad_feel", "rehab"])
    if sessions is None or sessions.empty or work.empty:
        return marks
    s = sessions.assign(day=pd.to_datetime(sessions["day"]).dt.normalize())
    on_days = work["day"].isin(s["day"].unique())
    if not on_days.any():
        return marks
    w = work.loc[on_days, ["day"]].assign(
        name=work.loc[on_days, "workout_name"].astype("object").fillna("").astype(str).str.strip().str.casefold()
        if "workout_name" in work else "")
    s = s.assign(name=s["workout"].astype("object").fillna("").astype(str).str.strip().str.casefold())
    for col, hit in (("peak", s["intent"].isin(_INTENT_NOT_WARNING)), ("deload", s["intent"] == "deload"),
                     ("bad_feel", s["feel"].isin(_BAD_FEELS)), ("rehab", s["intent"] == "rehab")):
        tagged = s[hit.fillna(False).to_numpy()]
        if tagged.empty:
            continue
        any_day = set(tagged.loc[tagged["name"] == "", "day"])
        named = set(zip(tagged.loc[tagged["name"] != "", "day"], tagged.loc[tagged["name"] != "", "name"],
                        strict=True))
        got = w["day"].isin(any_day).to_numpy() | np.fromiter(
            ((d, n) in named for d, n in zip(w["day"], w["name"], strict=True)), dtype=bool, count=len(w))
        marks.loc[w.index[got], col] = True
    return marks


def build(placed: pd.DataFrame, pain: pd.DataFrame | None, area_map: dict[str, tuple[str, ...]],
          sessions: pd.DataFrame | None = None, until=None) -> Grid:
    """The arrays of ``placed`` (:func:`rehab.analytics.spectrum.place_sets`, with its lead-in), the pain diary and
    the session diary, from the first logged day to ``until`` (default: the last logged day) + 1."""
    # Plain arrays from the start: this runs on a whole log (a million sets is a few hundred milliseconds only
    # if no string column is ever converted row by row: factorize once, look up by code).
    working = (placed["working"].to_numpy(dtype=bool) if "working" in placed
               else (placed["set_kind"].astype(str) != "warmup").to_numpy())
    band_code, band_names = pd.factorize(placed["band"]) if "band" in placed else (
        np.full(len(placed), -1), np.array([]))
    lookup = np.array([_GROUP_OF_BAND.get(str(b), -1) for b in band_names] + [-1], dtype="int64")
    group = lookup[band_code]  # code −1 (not placed) reads the trailing −1
    endurance_code = [i for i, b in enumerate(band_names) if str(b) == "endurance"]
    reps_all = pd.to_numeric(placed["reps"], errors="coerce").to_numpy(dtype="float64")
    # The article's own ranges: strength training is 6–12 reps at moderate to high load, endurance 12–50 at
    # moderate load. A moderate-load set (placed "endurance" by its load) of 12 reps or fewer is therefore
    # strength work for the phase: 3 × 10 at 60 % is a return to strength, 3 × 20 at 50 % is not.
    if endurance_code:
        group = np.where((band_code == endurance_code[0]) & (reps_all <= STRENGTH_MAX_REPS), 0, group)

    def positive(col: str) -> np.ndarray:
        if col not in placed:
            return np.zeros(len(placed), dtype=bool)
        return pd.to_numeric(placed[col], errors="coerce").to_numpy(dtype="float64") > 0

    # Timed holds and cardio (no reps, so not on the spectrum) are light, sustained work: endurance.
    group = np.where((group < 0) & (positive("duration_s") | positive("distance_m")), 1, group)
    keep = working & (group >= 0)
    group = group[keep]
    ex_code, ex_names = pd.factorize(placed["exercise"]) if len(placed) else (np.zeros(0, "int64"), [])
    ex_code = ex_code[keep]
    present = np.unique(ex_code)  # exercises with a working set
    names = [str(ex_names[i]) for i in present]
    exercises = sorted(names)
    remap = np.full(len(ex_names), -1, dtype="int64")
    remap[present] = [exercises.index(n) for n in names] if len(names) < 2000 else \
        np.argsort(np.argsort(np.array(names, dtype=object)))
    code = remap[ex_code]
    days64 = pd.to_datetime(placed["day"]).to_numpy(dtype="datetime64[D]")[keep]
    sp = scored_pain(pain)
    firsts = [pd.Timestamp(d) for d in (days64.min() if len(days64) else None,
                                        sp["day"].min() if len(sp) else None) if d is not None and not pd.isna(d)]
    lasts = [pd.Timestamp(d) for d in (days64.max() if len(days64) else None, sp["day"].max() if len(sp) else None,
                                       pd.Timestamp(until).normalize() if until is not None else None)
             if d is not None and not pd.isna(d)]
    day0 = min(firsts) if firsts else (pd.Timestamp(until).normalize() if until is not None
                                       else pd.Timestamp.today().normalize())
    n_days = int((max(lasts) - day0).days) + 2 if lasts else 2  # +1: the morning after the last day
    E = len(exercises)
    shape = (E + 1, n_days)
    dayi = (days64 - np.datetime64(day0.date(), "D")).astype("int64")
    cell = _cells(code, dayi, shape)

    def both(fn, *args):
        """The per-exercise rows plus the all-training row (the sum, or the maximum, over exercises)."""
        per = fn(cell, *args)
        if E:
            if fn is _max:
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    per[E] = np.nanmax(per[:E], axis=0)
            else:
                per[E] = per[:E].sum(axis=0)
        return per

    def col(name: str) -> np.ndarray:
        if name not in placed:
            return np.full(int(keep.sum()), np.nan)
        return pd.to_numeric(placed[name], errors="coerce").to_numpy(dtype="float64")[keep]

    weight, reps, rpe, e1 = col("weight_kg"), reps_all[keep], col("rpe"), col("e1rm")
    if sessions is not None and len(sessions):
        work = pd.DataFrame({"day": pd.to_datetime(days64),
                             "workout_name": placed["workout_name"].to_numpy()[keep] if "workout_name" in placed
                             else None})
        marks = session_marks(work, sessions)
    else:
        marks = pd.DataFrame(False, index=pd.RangeIndex(len(code)),
                             columns=["peak", "deload", "bad_feel", "rehab"])
    peak = marks["peak"].to_numpy()
    loaded = weight > 0
    a: dict[str, np.ndarray] = {}
    a["sets"] = both(_count, shape)
    a["rep_sets"] = both(_count, shape, (reps >= 1).astype("float64"))
    for k, name in enumerate(GROUPS):
        a[f"n_{name}"] = both(_count, shape, (group == k).astype("float64"))
    strength = group == 0
    judged = strength & ~np.isnan(rpe) & ~peak
    a["rpe_strength_n"] = both(_count, shape, judged.astype("float64"))
    a["rpe_hard_n"] = both(_count, shape, (judged & (rpe >= THRESHOLDS["hard_rpe"])).astype("float64"))
    has_rpe = ~np.isnan(rpe) & ~peak
    a["rpe_n"] = both(_count, shape, has_rpe.astype("float64"))
    a["rpe_sum"] = both(_count, shape, np.where(has_rpe, rpe, 0.0))
    a["loaded_n"] = both(_count, shape, loaded.astype("float64"))
    a["e1_max"] = both(_max, np.where(loaded, e1, np.nan), shape)
    # Rougher e1RM for prescriptions when no set of ≤ 10 reps exists (Epley up to 20 reps, project choice).
    rough = np.where(loaded & (reps >= 1) & (reps <= 20), weight * (1 + reps / 30.0), np.nan)
    a["e1_rough_max"] = both(_max, rough, shape)
    a["weight_max"] = both(_max, np.where(loaded, weight, np.nan), shape)
    a["reps_bw_max"] = both(_max, np.where(~loaded, reps, np.nan), shape)
    a["deload_n"] = both(_count, shape, marks["deload"].to_numpy().astype("float64"))
    a["rehab_n"] = both(_count, shape, marks["rehab"].to_numpy().astype("float64"))
    a["bad_feel_n"] = both(_count, shape, marks["bad_feel"].to_numpy().astype("float64"))
    # Bad-feel *sessions*: an exercise-day counts once however many sets it had.
    a["bad_feel_day"] = (a["bad_feel_n"] > 0).astype("float64")
    a["session"] = (a["sets"] > 0).astype("float64")

    # ---- pain, attributed (the all-training row gets every entry)
    pairs = attribute_pain(sp, exercises, area_map)
    rows = np.concatenate([pairs["row"].to_numpy(), np.arange(len(sp))])
    codes = np.concatenate([pairs["code"].to_numpy(), np.full(len(sp), E)])
    pday = ((sp["day"] - day0).dt.days).to_numpy(dtype="int64")[rows] if len(sp) else np.zeros(0, "int64")
    score = sp["score"].to_numpy(dtype="float64")[rows] if len(sp) else np.zeros(0)
    ctx = sp["context"].astype(str).to_numpy()[rows] if len(sp) else np.zeros(0, dtype=object)
    pcell = _cells(codes, pday, shape)
    a["pain_n"] = _count(pcell, shape)
    a["pain_sum"] = _count(pcell, shape, score)
    a["pain_max"] = _max(pcell, score, shape)
    active = np.isin(ctx, ["during", "after"])
    a["pain_active_max"] = _max(pcell, np.where(active, score, np.nan), shape)
    morning = ctx == "next_morning"
    a["pain_morning_max"] = _max(pcell, np.where(morning, score, np.nan), shape)
    # Baseline sources: rest pain, else (nobody logs everything) next-morning pain.
    a["pain_act_n"] = _count(pcell, shape, active.astype("float64"))
    a["pain_act_sum"] = _count(pcell, shape, np.where(active, score, 0.0))
    rest = ctx == "rest"
    a["pain_rest_n"] = _count(pcell, shape, rest.astype("float64"))
    a["pain_rest_sum"] = _count(pcell, shape, np.where(rest, score, 0.0))
    a["pain_nm_n"] = _count(pcell, shape, morning.astype("float64"))
    a["pain_nm_sum"] = _count(pcell, shape, np.where(morning, score, 0.0))
    owned = np.zeros(len(sp), dtype=bool)
    owned[pairs["row"].to_numpy()] = True
    un = sp[~owned & sp["area"].isna().to_numpy()] if len(sp) else sp
    uday = ((un["day"] - day0).dt.days).to_numpy(dtype="int64") if len(un) else np.zeros(0, "int64")
    ushape = (1, n_days)
    unassigned = {"u_pain_n": _cum(_count(uday, ushape)),
                  "u_pain_sum": _cum(_count(uday, ushape, un["score"].to_numpy(dtype="float64")))}

    grid = Grid(day0, exercises, dict(area_map), a, {}, unassigned, sp, pairs)
    _derive(grid)
    return grid


def _derive(g: Grid) -> None:
    """Arrays that need the whole row: phases and their runs, pauses, rolling maxima, morning checks."""
    a = g.a
    T = THRESHOLDS
    for name in ("sets", "rep_sets", "n_strength", "n_endurance", "n_mobilize", "rpe_strength_n", "rpe_hard_n", "rpe_n",
                 "rpe_sum", "loaded_n", "deload_n", "bad_feel_day", "session", "pain_n", "pain_sum",
                 "pain_rest_n", "pain_rest_sum", "pain_nm_n", "pain_nm_sum", "pain_act_n", "pain_act_sum",
                 "rehab_n"):
        g.cum[name] = _cum(a[name])
    D = a["sets"].shape[1]
    t_all = np.arange(D)
    # Phase of every day: the band group most of the last phase_days' sets fall in; a tie goes to the
    # group of the most recent session (so a block's first day reads as that block).
    pd_n = int(T["phase_days"])
    counts = np.stack([g.window(f"n_{k}", t_all, pd_n) for k in GROUPS], axis=-1)  # (E1, D, 3)
    top = counts.max(axis=-1)
    day_group = np.argmax(np.stack([a[f"n_{k}"] for k in GROUPS], axis=-1), axis=-1)
    last_day = _ffill_index(a["sets"] > 0)
    last_group = np.take_along_axis(day_group, np.maximum(last_day, 0), axis=1)
    tied = (counts == top[..., None]).sum(axis=-1) > 1
    leader = np.where(tied, last_group, np.argmax(counts, axis=-1))
    trained_plan = g.window("sets", t_all, int(T["plan_days"])) > 0
    recent = top > 0
    phase = np.where(recent, leader + 1, np.where(trained_plan, PAUSED, NONE)).astype("int8")
    a["phase"] = phase
    a["phase_start"] = _run_start(phase)
    light = (phase == ENDURANCE) | (phase == MOBILIZE)
    a["light_start"] = _run_start(light.astype("int8"))
    a["last_session"] = last_day
    first = np.where((a["sets"] > 0).any(axis=1), np.argmax(a["sets"] > 0, axis=1), D)
    a["first_session"] = np.repeat(first[:, None], D, axis=1)
    # Pauses: a session that ends a gap of pause_days or more (its day is the restart).
    prev = np.full_like(last_day, -1)
    prev[:, 1:] = last_day[:, :-1]
    sess = a["sets"] > 0
    restart = sess & (prev >= 0) & (t_all[None, :] - prev >= T["pause_days"])
    a["restart"] = _ffill_index(restart)
    # Was the stop before that restart one "with pain" after strength work (the stopped sign: pain at or above
    # stopped_pain from recent_days before the last session up to the restart)? A count of such days.
    g.cum["stop_pain_day"] = _cum((np.nan_to_num(a["pain_max"], nan=-1.0) >= T["stopped_pain"]).astype("float64"))
    lo = np.maximum(prev - int(T["recent_days"]) + 1, 0)
    hurt = g.since("stop_pain_day", t_all, lo) > 0
    painful = restart & (np.take_along_axis(phase, np.maximum(prev, 0), axis=1) == STRENGTH) & hurt
    a["restart_painful"] = np.take_along_axis(painful, np.maximum(a["restart"], 0), axis=1) & (a["restart"] >= 0)
    a["last_deload"] = _ffill_index(a["deload_n"] > 0)
    # Rolling maxima the rules sample.
    a["e1_ref"] = _rolling_max(a["e1_max"], int(T["plan_days"]))
    a["e1_rough_ref"] = _rolling_max(a["e1_rough_max"], int(T["plan_days"]))
    a["weight_ref"] = _rolling_max(a["weight_max"], int(T["phase_days"]))
    a["e1_week"] = _rolling_max(a["e1_max"], 7)
    a["reps_week"] = _rolling_max(a["reps_bw_max"], 7)
    a["pain_max_recent"] = _rolling_max(a["pain_max"], int(T["recent_days"]))
    a["pain_max_plan"] = _rolling_max(a["pain_max"], int(T["plan_days"]))
    # Over the limit during/after on a day the exercise was trained (Silbernagel).
    over = sess & (np.nan_to_num(a["pain_active_max"], nan=-1.0) > T["pain_limit"])
    a["over_day"] = over.astype("float64")
    g.cum["over_day"] = _cum(a["over_day"])
    # Next morning against the baseline (mean rest/morning pain of the baseline_days before the session).
    bd = int(T["baseline_days"])
    # Mean rest pain of the days before the session; without any, the mean next-morning pain.
    rn, rs = g.window("pain_rest_n", t_all, bd, end_offset=1), g.window("pain_rest_sum", t_all, bd, end_offset=1)
    mn, ms = g.window("pain_nm_n", t_all, bd, end_offset=1), g.window("pain_nm_sum", t_all, bd, end_offset=1)
    baseline = np.where(rn > 0, rs / np.maximum(rn, 1), np.where(mn > 0, ms / np.maximum(mn, 1), np.nan))
    nxt = np.full_like(a["pain_morning_max"], np.nan)
    nxt[:, :-1] = a["pain_morning_max"][:, 1:]
    checked = sess & ~np.isnan(nxt) & ~np.isnan(baseline)
    worse = checked & (nxt >= baseline + T["morning_margin"])
    # Stored on the morning's day: it is known from then on.
    a["morning_checked"] = np.zeros_like(a["sets"])
    a["morning_worse"] = np.zeros_like(a["sets"])
    a["morning_checked"][:, 1:] = checked[:, :-1]
    a["morning_worse"][:, 1:] = worse[:, :-1]
    a["morning_value"] = np.full_like(a["sets"], np.nan)
    a["morning_value"][:, 1:] = np.where(checked, nxt, np.nan)[:, :-1]
    a["morning_baseline"] = np.full_like(a["sets"], np.nan)
    a["morning_baseline"][:, 1:] = np.where(checked, baseline, np.nan)[:, :-1]
    g.cum["morning_worse"] = _cum(a["morning_worse"])
    g.cum["morning_checked"] = _cum(a["morning_checked"])
    # Run of worse mornings among the checked ones, as of each day.
    run = np.zeros_like(a["sets"])
    for r in np.unique(np.nonzero(a["morning_checked"])[0]):
        n = 0
        for c in np.flatnonzero(a["morning_checked"][r]):
            n = n + 1 if a["morning_worse"][r, c] else 0
            run[r, c] = n
    a["morning_run"] = run
    a["last_morning"] = _ffill_index(a["morning_checked"] > 0)
