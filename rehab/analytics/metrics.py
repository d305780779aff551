"""Weekly and daily trends from placed sets and pain (pure pandas, vectorised).

Conventions (every function):

* Only working sets count (warm-ups are excluded everywhere here).
* Weeks start on Monday; ``week`` is that Monday as a ``datetime64`` day.
* Missing weeks/days inside the range are rows of zeros for counts and loads,
  NaN for means (no RPE or pain logged is not zero RPE or zero pain).
* Pain means use scored entries only: mentions without a score are not averaged.

Sources: volume load and hard sets are standard training-load bookkeeping;
session load = session RPE × minutes (Foster et al. 2001); monotony = mean /
sd of daily load over 7 days and strain = weekly load × monotony (Foster 1998);
acute:chronic workload ratio by EWMA, λ = 2/(N+1) with N = 7 and 28 (Williams
et al. 2017) — a trend to watch, its predictive value is contested (Impellizzeri
et al. 2020).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rehab.analytics.areas import pain_mask
from rehab.analytics.spectrum import BAND_NAMES, STRENGTH_BANDS

#: RPE from which a working set counts as a hard set (any band); strength and heavy
#: bands count regardless of RPE (heavy counts: it is strength work at an even higher load).
HARD_SET_MIN_RPE = 7.0
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
MONOTONY_DAYS = 7
PAIN_ROLL_DAYS = 7
REP_BRACKETS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1), ("2–3", 2, 3), ("4–6", 4, 6), ("7–10", 7, 10), ("11–15", 11, 15), ("16+", 16, None),
)

WEEKLY_COLUMNS = ["week", "volume_kg", "hard_sets", "working_sets", "mean_pct_e1rm", "mean_rpe", "best_e1rm",
                  *[f"sets_{b}" for b in BAND_NAMES], "pain_mean", "monotony", "strain"]
DAILY_COLUMNS = ["day", "volume_kg", "working_sets", "hard_sets", "session_load", "pain_mean", "pain_7d",
                 "acute", "chronic", "acwr", "monotony", "strain"]


def week_start(days: pd.Series) -> pd.Series:
    d = pd.to_datetime(days).dt.normalize()
    return d - pd.to_timedelta(d.dt.day_of_week, unit="D")


def _working(placed: pd.DataFrame, exercise: str | None = None) -> pd.DataFrame:
    w = placed[placed["working"]] if "working" in placed else placed[placed["set_kind"] != "warmup"]
    if exercise is not None:
        w = w[w["exercise"] == exercise]
    w = w.copy()
    w["day"] = pd.to_datetime(w["day"]).dt.normalize()
    weight = pd.to_numeric(w["weight_kg"], errors="coerce").fillna(0.0)
    reps = pd.to_numeric(w["reps"], errors="coerce").fillna(0.0)
    w["volume"] = (weight * reps).where((weight > 0) & (reps > 0), 0.0)
    band = w["band"] if "band" in w else pd.Series(pd.NA, index=w.index)
    w["hard"] = (w["rpe"] >= HARD_SET_MIN_RPE).fillna(False) | band.isin(STRENGTH_BANDS)
    return w


def pain_scores(pain: pd.DataFrame | None, areas=None, exercise: str | None = None) -> pd.DataFrame:
    """Scored pain rows (no mentions) that count for ``exercise`` (loading ``areas``) by
    :func:`rehab.analytics.areas.pain_mask`; with only ``areas``, pain in those areas or with no area; else all."""
    if pain is None or pain.empty:
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[us]"), "area": pd.Series(dtype="str"),
                             "context": pd.Series(dtype="str"), "score": pd.Series(dtype="float64")})
    p = pain[pain["score"].notna()]
    if "is_mention" in p:
        p = p[~p["is_mention"].fillna(False).astype(bool)]
    if areas is not None or exercise is not None:
        p = p[pain_mask(p, None if areas is None else tuple(areas), exercise)]
    p = p.copy()
    p["day"] = pd.to_datetime(p["day"]).dt.normalize()
    p["score"] = p["score"].astype("float64")
    return p


def _day_range(start, end) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize(), freq="D")


def pain_daily(pain: pd.DataFrame | None, areas=None, by: str | list[str] | None = None,
               start=None, end=None, exercise: str | None = None) -> pd.DataFrame:
    """Daily pain: ``day``, [``by`` columns], ``pain_mean`` (0–10), ``pain_max``, ``n`` (scored entries),
    ``pain_7d`` (mean of the daily means over the trailing 7 days; days without pain are skipped).

    ``areas`` / ``exercise``: only pain that counts for that exercise (:func:`pain_scores`). ``by``: 'area',
    'context' or both. Every day in the range is a row (NaN means where nothing was logged).
    """
    p = pain_scores(pain, areas, exercise)
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    cols = ["day", *keys, "pain_mean", "pain_max", "n", "pain_7d"]
    if p.empty and (start is None or end is None):
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in cols}).assign(
            day=pd.Series(dtype="datetime64[us]"))
    start = p["day"].min() if start is None else start
    end = p["day"].max() if end is None else end
    days = _day_range(start, end)
    p = p[(p["day"] >= days[0]) & (p["day"] <= days[-1])]
    if keys:
        p = p.assign(**{k: p[k].fillna("unspecified") for k in keys})
    agg = p.groupby(["day", *keys], observed=True)["score"].agg(pain_mean="mean", pain_max="max", n="count")
    if keys:
        groups = agg.reset_index()[keys].drop_duplicates()
        full = pd.MultiIndex.from_frame(
            pd.merge(pd.DataFrame({"day": days}), groups, how="cross")[["day", *keys]])
        out = agg.reindex(full).reset_index()
        out["n"] = out["n"].fillna(0).astype("int64")
        out = out.sort_values([*keys, "day"]).reset_index(drop=True)
        # The grid is contiguous per group, so 7 rows are 7 calendar days.
        out["pain_7d"] = out.groupby(keys, observed=True)["pain_mean"].transform(
            lambda s: s.rolling(PAIN_ROLL_DAYS, min_periods=1).mean())
        return out[cols]
    out = agg.reindex(days).rename_axis("day").reset_index()
    out["n"] = out["n"].fillna(0).astype("int64")
    out["pain_7d"] = out["pain_mean"].rolling(PAIN_ROLL_DAYS, min_periods=1).mean()
    return out[cols]


def daily(placed: pd.DataFrame, pain: pd.DataFrame | None = None, areas=None, exercise: str | None = None,
          start=None, end=None) -> pd.DataFrame:
    """One row per calendar day from the first to the last day (or ``start``..``end``).

    Columns: ``day``; ``volume_kg`` (Σ weight × reps, kg); ``working_sets``; ``hard_sets``;
    ``session_load`` (Σ over workouts of mean working-set RPE × workout minutes, AU; 0 when
    no workout that day had both); ``pain_mean`` / ``pain_7d`` (0–10, NaN when none);
    ``acute`` / ``chronic`` (EWMA of volume_kg, N = 7 / 28, kg); ``acwr`` (acute / chronic,
    NaN while chronic is 0); ``monotony`` (mean / sample sd of volume over the trailing
    7 days, NaN when sd = 0); ``strain`` (7-day volume × monotony, kg).
    """
    w = _working(placed, exercise)
    p = pain_scores(pain, areas, exercise)
    firsts = [x for x in (w["day"].min() if len(w) else None, p["day"].min() if len(p) else None) if x is not None]
    lasts = [x for x in (w["day"].max() if len(w) else None, p["day"].max() if len(p) else None) if x is not None]
    if start is None and not firsts:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in DAILY_COLUMNS}).assign(
            day=pd.Series(dtype="datetime64[us]"))
    days = _day_range(start if start is not None else min(firsts), end if end is not None else max(lasts))
    g = w.groupby("day")
    out = pd.DataFrame(index=days)
    out["volume_kg"] = g["volume"].sum().reindex(days, fill_value=0.0)
    out["working_sets"] = g.size().reindex(days, fill_value=0).astype("int64")
    out["hard_sets"] = g["hard"].sum().reindex(days, fill_value=0).astype("int64")
    out["session_load"] = _session_load(w).reindex(days, fill_value=0.0)
    pdaily = pain_daily(p, start=days[0], end=days[-1]) if len(p) else None
    out["pain_mean"] = pdaily.set_index("day")["pain_mean"].reindex(days).to_numpy() if pdaily is not None else np.nan
    out["pain_7d"] = pdaily.set_index("day")["pain_7d"].reindex(days).to_numpy() if pdaily is not None else np.nan
    load = out["volume_kg"]
    out["acute"] = load.ewm(alpha=2 / (ACUTE_DAYS + 1), adjust=False).mean()
    out["chronic"] = load.ewm(alpha=2 / (CHRONIC_DAYS + 1), adjust=False).mean()
    out["acwr"] = (out["acute"] / out["chronic"]).where(out["chronic"] > 0)
    mean7 = load.rolling(MONOTONY_DAYS, min_periods=MONOTONY_DAYS).mean()
    sd7 = load.rolling(MONOTONY_DAYS, min_periods=MONOTONY_DAYS).std(ddof=1)
    out["monotony"] = (mean7 / sd7).where(sd7 > 1e-9)
    out["strain"] = load.rolling(MONOTONY_DAYS, min_periods=MONOTONY_DAYS).sum() * out["monotony"]
    return out.rename_axis("day").reset_index()[DAILY_COLUMNS]


def _session_load(w: pd.DataFrame) -> pd.Series:
    """Per day: Σ over workouts of (mean working-set RPE × workout duration in minutes)."""
    if w.empty or "workout_duration_s" not in w:
        return pd.Series(dtype="float64")
    key = "workout_start" if "workout_start" in w else "day"
    per = w.groupby([key, "day"]).agg(rpe=("rpe", "mean"), dur=("workout_duration_s", "max")).reset_index()
    per["load"] = per["rpe"] * per["dur"] / 60.0
    return per.dropna(subset=["load"]).groupby("day")["load"].sum()


def weekly(placed: pd.DataFrame, pain: pd.DataFrame | None = None, exercise: str | None = None,
           areas=None, start=None, end=None) -> pd.DataFrame:
    """One row per Monday week from the first to the last week (or the weeks of ``start``..``end``).

    Columns: ``week`` (Monday); ``volume_kg``; ``hard_sets`` (RPE ≥ 7 or strength/heavy band);
    ``working_sets``; ``mean_pct_e1rm`` (mean of weight / reference e1RM × 100 over sets that
    have one, %); ``mean_rpe``; ``best_e1rm`` (kg; only when ``exercise`` is given, else NaN);
    ``sets_<band>`` for every band; ``pain_mean`` (mean of scored pain that week, in ``areas``
    when given); ``monotony`` / ``strain`` (Foster, over the week's 7 days of volume).
    """
    w = _working(placed, exercise)
    d = daily(placed, pain, areas=areas, exercise=exercise, start=start, end=end)
    if d.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in WEEKLY_COLUMNS}).assign(
            week=pd.Series(dtype="datetime64[us]"))
    first = week_start(d["day"].iloc[[0]]).iloc[0]
    last = week_start(d["day"].iloc[[-1]]).iloc[0]
    weeks = pd.date_range(first, last, freq="7D")
    d = pd.DataFrame({"day": pd.date_range(first, last + pd.Timedelta(days=6))}).merge(d, on="day", how="left")
    d["volume_kg"] = d["volume_kg"].fillna(0.0)
    d["week"] = week_start(d["day"])
    out = pd.DataFrame(index=weeks)
    gd = d.groupby("week")
    out["volume_kg"] = gd["volume_kg"].sum().reindex(weeks, fill_value=0.0)
    w["week"] = week_start(w["day"])
    gw = w.groupby("week")
    out["hard_sets"] = gw["hard"].sum().reindex(weeks, fill_value=0).astype("int64")
    out["working_sets"] = gw.size().reindex(weeks, fill_value=0).astype("int64")
    out["mean_pct_e1rm"] = (gw["rel_load"].mean() * 100).reindex(weeks) if "rel_load" in w else np.nan
    out["mean_rpe"] = gw["rpe"].mean().reindex(weeks)
    out["best_e1rm"] = gw["e1rm"].max().reindex(weeks) if exercise is not None and "e1rm" in w else np.nan
    counts = (w.dropna(subset=["band"]).groupby(["week", "band"]).size().unstack(fill_value=0)
              if "band" in w and w["band"].notna().any() else pd.DataFrame(index=weeks))
    for b in BAND_NAMES:
        out[f"sets_{b}"] = (counts[b] if b in counts else pd.Series(dtype="int64")).reindex(
            weeks, fill_value=0).astype("int64")
    ps = pain_scores(pain, areas, exercise)
    ps = ps[(ps["day"] >= first) & (ps["day"] <= last + pd.Timedelta(days=6))]
    out["pain_mean"] = ps.groupby(week_start(ps["day"]))["score"].mean().reindex(weeks) if len(ps) else np.nan
    mean = gd["volume_kg"].mean().reindex(weeks)
    sd = gd["volume_kg"].std(ddof=1).reindex(weeks)
    out["monotony"] = (mean / sd).where(sd > 1e-9)
    out["strain"] = out["volume_kg"] * out["monotony"]
    return out.rename_axis("week").reset_index()[WEEKLY_COLUMNS]


def band_shares(placed: pd.DataFrame, exercise: str | None = None) -> pd.DataFrame:
    """Long form: ``week``, ``band``, ``sets``, ``share`` (fraction of that week's placed sets).

    Every band appears for every week in range (0 when absent), ordered as in ``BANDS``.
    """
    w = _working(placed, exercise)
    w = w[w["band"].notna()] if "band" in w else w.iloc[0:0]
    if w.empty:
        return pd.DataFrame({"week": pd.Series(dtype="datetime64[us]"), "band": pd.Series(dtype="str"),
                             "sets": pd.Series(dtype="int64"), "share": pd.Series(dtype="float64")})
    w = w.assign(week=week_start(w["day"]))
    weeks = pd.date_range(w["week"].min(), w["week"].max(), freq="7D")
    counts = w.groupby(["week", "band"]).size()
    full = pd.MultiIndex.from_product([weeks, list(BAND_NAMES)], names=["week", "band"])
    out = counts.reindex(full, fill_value=0).rename("sets").reset_index()
    tot = out.groupby("week")["sets"].transform("sum")
    out["share"] = (out["sets"] / tot).where(tot > 0, 0.0)
    return out


def best_e1rm_weekly(placed: pd.DataFrame) -> pd.DataFrame:
    """Long form: ``exercise``, ``week``, ``best_e1rm`` (kg) for weeks with an e1RM-grade working set."""
    w = _working(placed)
    w = w[w["e1rm"].notna()]
    if w.empty:
        return pd.DataFrame({"exercise": pd.Series(dtype="str"), "week": pd.Series(dtype="datetime64[us]"),
                             "best_e1rm": pd.Series(dtype="float64")})
    w = w.assign(week=week_start(w["day"]))
    return w.groupby(["exercise", "week"], observed=True)["e1rm"].max().rename("best_e1rm").reset_index()


def prs_by_rep_bracket(placed: pd.DataFrame, exercise: str) -> pd.DataFrame:
    """Heaviest working set per rep bracket (1, 2–3, 4–6, 7–10, 11–15, 16+) of one exercise.

    Columns: ``bracket``, ``weight_kg``, ``reps``, ``day`` (first time it was lifted), ``e1rm``
    (NaN above 10 reps). Brackets never lifted are rows with NaN.
    """
    w = _working(placed, exercise)
    w = w[(pd.to_numeric(w["weight_kg"], errors="coerce") > 0) & (w["reps"] >= 1)]
    rows = []
    for name, lo, hi in REP_BRACKETS:
        s = w[(w["reps"] >= lo) & ((w["reps"] <= hi) if hi is not None else True)]
        if s.empty:
            rows.append({"bracket": name, "weight_kg": np.nan, "reps": np.nan, "day": pd.NaT, "e1rm": np.nan})
            continue
        best = s.sort_values(["weight_kg", "reps", "day"], ascending=[False, False, True]).iloc[0]
        rows.append({"bracket": name, "weight_kg": float(best["weight_kg"]), "reps": float(best["reps"]),
                     "day": best["day"], "e1rm": float(best["e1rm"]) if pd.notna(best["e1rm"]) else np.nan})
    return pd.DataFrame(rows)


def week_vs_4wk(placed: pd.DataFrame, pain: pd.DataFrame | None = None, as_of=None,
                exercise: str | None = None, areas=None) -> pd.DataFrame:
    """This (Monday) week so far against the same days of the 4 weeks before it: like with like.

    On a Tuesday, this week's Monday–Tuesday is compared with the mean of the Monday–Tuesdays of
    the 4 weeks before (comparing two days with four whole weeks made every early week look like a
    collapse). Rows ``metric`` in (volume_kg, hard_sets, pain_mean); columns ``this_week``,
    ``avg_4wk`` (mean over the 4 weeks' same days; a week without sets counts as 0 for volume and
    hard sets, and is skipped for pain), ``change`` (this − avg), ``change_pct`` (% of avg, NaN when
    avg is 0 or missing), ``days`` (how many days of each week are compared, 1 = Monday only … 7).
    """
    as_of = pd.Timestamp(as_of).normalize() if as_of is not None else (
        pd.to_datetime(placed["day"]).max() if len(placed) else pd.Timestamp.today().normalize())
    this = as_of - pd.Timedelta(days=as_of.weekday())
    days = as_of.weekday() + 1
    weeks = pd.date_range(this - pd.Timedelta(weeks=4), this, freq="7D")

    def same_days(df: pd.DataFrame) -> pd.DataFrame:
        """Rows within the first ``days`` days of this week or one of the 4 before, with their ``week``."""
        if df.empty:
            return df.assign(week=pd.Series(dtype="datetime64[us]"))
        wk = week_start(df["day"])
        offset = (pd.to_datetime(df["day"]).dt.normalize() - wk).dt.days
        keep = (wk >= weeks[0]) & (wk <= this) & (offset < days) & (pd.to_datetime(df["day"]) <= as_of)
        return df[keep].assign(week=wk[keep])

    w = same_days(_working(placed, exercise))
    ps = same_days(pain_scores(pain, areas))
    per_week = pd.DataFrame({
        "volume_kg": w.groupby("week")["volume"].sum().reindex(weeks, fill_value=0.0) if len(w)
        else pd.Series(0.0, index=weeks),
        "hard_sets": w.groupby("week")["hard"].sum().reindex(weeks, fill_value=0).astype("float64") if len(w)
        else pd.Series(0.0, index=weeks),
        "pain_mean": ps.groupby("week")["score"].mean().reindex(weeks) if len(ps)
        else pd.Series(np.nan, index=weeks),
    })
    prev = per_week.loc[per_week.index < this]
    rows = []
    for m in ("volume_kg", "hard_sets", "pain_mean"):
        now = float(per_week.loc[this, m])
        avg = float(prev[m].mean()) if prev[m].notna().any() else np.nan
        ch = now - avg
        rows.append({"metric": m, "this_week": now, "avg_4wk": avg, "change": ch,
                     "change_pct": ch / avg * 100 if avg and not np.isnan(avg) else np.nan, "days": days})
    return pd.DataFrame(rows)
