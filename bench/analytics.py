"""Analytics benchmark: spectrum placement + trends + the plan on a large log, against naive pandas.

The real path is what the dashboard runs (:func:`rehab.analytics.spectrum.place_sets`, the
weekly/daily trends, best e1RM, band shares and the plan, :func:`rehab.advice.build_plan`).
The baseline computes the same placement and trends the obvious way — row-wise
``apply`` for e1RM and bands, a set-level rolling window per exercise for the
reference e1RM, ``groupby().apply`` for the weekly/daily tables and a Python
loop for the EWMA — and must agree with the real path on every band count.

Size: ``REHAB_BENCH_SETS`` sets (default 1,000,000), ``REHAB_BENCH_BASELINE_SETS``
for the baseline (default: the same). Each side runs in its own subprocess so
its peak RSS is its own.

The plan and its weekly history over the whole log (:mod:`rehab.advice`, from the
placed frame the analysis holds) are timed on the same sets against DuckDB's own
weekly volume per exercise (a floor: one grouped scan), best of three interleaved
runs in one process, with its peak RSS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_WORKER = r"""
import json, resource, sys, time
import numpy as np, pandas as pd
sys.path.insert(0, sys.argv[3])
from bench.analytics import make_sets, make_pain, real, naive
n, side = int(sys.argv[1]), sys.argv[2]
sets, pain = make_sets(n), make_pain(n)
t = time.perf_counter()
out = (real if side == "real" else naive)(sets, pain)
secs = time.perf_counter() - t
out.update(seconds=secs, peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(out))
"""


def make_sets(n: int, seed: int = 42):
    """``n`` sets over ~10 years, 60 exercises, warm-ups, bodyweight and timed sets (vectorised)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    n_ex = 60
    days = np.sort(rng.integers(0, 3650, n))
    ex = rng.integers(0, n_ex, n)
    base = 30 + 5 * (ex % 20) + days / 3650 * 30  # slow progress
    reps = rng.choice([1, 3, 5, 5, 8, 10, 12, 15, 20, 30], n).astype("float64")
    weight = np.round((base * (1.1 - reps / 40) * rng.uniform(0.85, 1.05, n)) / 2.5) * 2.5
    kind = np.where(rng.random(n) < 0.1, "warmup", "normal")
    bodyweight = ex >= 54
    timed = ex >= 58
    weight = np.where(bodyweight, np.nan, weight)
    reps = np.where(timed, np.nan, reps)
    day = pd.Timestamp("2015-01-05") + pd.to_timedelta(days, unit="D")
    return pd.DataFrame({
        "workout_start": day + pd.Timedelta(hours=7),
        "day": day,
        "exercise": pd.Series([f"Exercise {i:02d}" for i in range(n_ex)])[ex].to_numpy(),
        "set_kind": kind,
        "reps": reps,
        "weight_kg": weight,
        "duration_s": np.where(timed, 60.0, np.nan),
        "rpe": np.where(rng.random(n) < 0.7, rng.choice([6, 7, 7.5, 8, 8.5, 9, 10], n), np.nan),
        "workout_duration_s": 3600.0,
    })


def make_pain(n: int, seed: int = 7):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    m = max(10, n // 500)
    days = pd.Timestamp("2015-01-05") + pd.to_timedelta(np.sort(rng.integers(0, 3650, m)), unit="D")
    return pd.DataFrame({
        "ts": days, "day": days, "area": rng.choice(["knee", "shoulder", "lower back", None], m),
        "score": rng.integers(0, 8, m).astype("float64"),
        "context": rng.choice(["rest", "during", "after", "next_morning"], m), "is_mention": False,
    })


def _area_map(sets) -> dict:
    return {e: (("knee", "hip") if i % 2 else ("shoulder", "chest"))
            for i, e in enumerate(sorted(sets["exercise"].unique()))}


def real(sets, pain) -> dict:
    from rehab.advice import build, build_plan
    from rehab.analytics import metrics
    from rehab.analytics.spectrum import place_sets

    placed = place_sets(sets)
    top = placed["exercise"].value_counts().index[0]
    metrics.weekly(placed, pain)
    metrics.weekly(placed, pain, exercise=top, areas=("shoulder",))
    metrics.daily(placed, pain)
    metrics.best_e1rm_weekly(placed)
    metrics.band_shares(placed)
    last = placed["day"].max()
    plan = build_plan(build(placed, pain, _area_map(sets), None, until=last), last)
    return {"bands": placed["band"].value_counts().sort_index().to_dict(), "plan": len(plan.exercises)}


def naive(sets, pain) -> dict:
    """The same placement and trends, written the obvious way (no plan: it would reuse the real rules)."""
    import numpy as np
    import pandas as pd

    df = sets.sort_values(["exercise", "day"]).copy()
    df["working"] = df["set_kind"] != "warmup"
    df["e1rm"] = df.apply(lambda r: r["weight_kg"] * (1 + r["reps"] / 30)
                          if r["weight_kg"] > 0 and 1 <= r["reps"] <= 10 and r["working"] else np.nan, axis=1)
    df["ref"] = df.groupby("exercise", group_keys=False).apply(
        lambda g: g.rolling("84D", on="day")["e1rm"].max(), include_groups=False)
    df["ref"] = df.groupby(["exercise", "day"])["ref"].transform("max")  # the whole day counts
    df["rel"] = df["weight_kg"] / df["ref"]

    def band(r):
        if not r["working"] or not r["reps"] >= 1:
            return None
        if r["rel"] == r["rel"]:
            if r["rel"] >= 0.67:
                return "heavy" if r["reps"] <= 5 else "strength"
            if r["rpe"] <= 3 or r["rel"] < 0.40:
                return "mobilize"
            return "endurance"
        loaded = r["weight_kg"] > 0
        if r["rpe"] <= 3 and r["reps"] < 25 and not loaded:
            return "mobilize"
        if r["reps"] <= 5:
            return "heavy"
        if r["reps"] <= 12:
            return "strength"
        if loaded or r["reps"] <= 24:
            return "endurance"
        return "pf_rom"

    df["band"] = df.apply(band, axis=1)
    w = df[df["working"]].copy()
    w["vol"] = w.apply(lambda r: r["weight_kg"] * r["reps"] if r["weight_kg"] > 0 and r["reps"] > 0 else 0.0, axis=1)
    w["week"] = w["day"].apply(lambda d: d - pd.Timedelta(days=d.weekday()))
    w.groupby("week").apply(lambda g: pd.Series({
        "volume_kg": g["vol"].sum(), "working_sets": len(g), "mean_rpe": g["rpe"].mean(),
        "hard": ((g["rpe"] >= 7) | g["band"].isin(["strength", "heavy"])).sum(),
        **{f"sets_{b}": (g["band"] == b).sum() for b in ("pf_rom", "mobilize", "endurance", "strength", "heavy")},
    }), include_groups=False)
    daily = w.groupby("day")["vol"].sum()
    daily = daily.reindex(pd.date_range(daily.index.min(), daily.index.max()), fill_value=0.0)
    acute = chronic = None
    for x in daily.to_numpy():
        acute = x if acute is None else 0.25 * x + 0.75 * acute
        chronic = x if chronic is None else 2 / 29 * x + 27 / 29 * chronic
    w[w["e1rm"].notna()].groupby(["exercise", "week"]).apply(lambda g: g["e1rm"].max(), include_groups=False)
    return {"bands": df["band"].value_counts().sort_index().to_dict(), "plan": None}


_PLAN_WORKER = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
import duckdb
from bench.analytics import make_sets, make_pain, _area_map
from rehab.advice import build, build_plan, plan_history
from rehab.analytics.spectrum import place_sets
n = int(sys.argv[1])
sets, pain = make_sets(n), make_pain(n)
pain["exercise"] = None
con = duckdb.connect()
con.execute("CREATE TABLE sets AS SELECT * FROM sets")
placed = place_sets(sets)
floor, plan_s = [], []
for _ in range(3):  # interleaved, so a busy moment of the machine hits both sides alike
    t = time.perf_counter()
    con.execute("SELECT exercise, date_trunc('week', day) AS week, sum(weight_kg * reps) FILTER "
                "(WHERE weight_kg > 0 AND reps > 0) AS volume, count(*) AS sets FROM sets "
                "WHERE set_kind <> 'warmup' GROUP BY ALL").df()
    floor.append(time.perf_counter() - t)
    t = time.perf_counter()
    last = placed["day"].max()
    g = build(placed, pain, _area_map(sets), None, until=last)
    plan = build_plan(g, last)
    hist = plan_history(g, placed["day"].min(), last)
    plan_s.append(time.perf_counter() - t)
print(json.dumps({"floor_s": min(floor), "plan_s": min(plan_s), "weeks": len(hist.attrs["weeks"]),
                  "exercises": len(plan.exercises),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def plan_times(n: int) -> dict:
    """Seconds of the plan + its weekly history on ``n`` sets (from the placed frame the analysis holds),
    and of DuckDB's weekly volume per exercise on the same sets, in one process; its peak RSS."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _PLAN_WORKER, str(n), str(ROOT)], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"plan worker failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _side(n: int, side: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _WORKER, str(n), side, str(ROOT)], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"analytics {side} worker failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run() -> list[dict]:
    n = int(os.environ.get("REHAB_BENCH_SETS", "1000000"))
    nb = int(os.environ.get("REHAB_BENCH_BASELINE_SETS", str(n)))
    fh = plan_times(n)
    got = _side(n, "real")
    base = _side(nb, "naive")
    if nb == n and got["bands"] != base["bands"]:
        raise AssertionError(f"real and naive placement disagree: {got['bands']} vs {base['bands']}")
    scale = n / nb  # the naive path is linear in the sets, so a smaller baseline run is scaled up
    return [
        {"benchmark": "analytics", "measure": f"placement + trends + plan, {n:,} sets (s)",
         "value": round(got["seconds"], 2), "baseline": round(base["seconds"] * scale, 2),
         "peak_mb": round(got["peak_mb"])},
        {"benchmark": "analytics", "measure": f"naive pandas baseline, {nb:,} sets (s)",
         "value": round(base["seconds"], 2), "baseline": None, "peak_mb": round(base["peak_mb"])},
        {"benchmark": "analytics",
         "measure": f"plan + weekly history ({fh['weeks']} weeks, {fh['exercises']} exercises), {n:,} sets (s; "
                    "baseline: DuckDB weekly volume per exercise)",
         "value": round(fh["plan_s"], 3), "baseline": round(fh["floor_s"], 3), "peak_mb": round(fh["peak_mb"])},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
