"""Analytics benchmark: spectrum placement + trends + flags on a large log, against naive pandas.

The real path is what the dashboard runs (:func:`rehab.spectrum.place_sets`, the
weekly/daily trends, best e1RM, band shares and :func:`rehab.flags.evaluate`).
The baseline computes the same placement and trends the obvious way — row-wise
``apply`` for e1RM and bands, a set-level rolling window per exercise for the
reference e1RM, ``groupby().apply`` for the weekly/daily tables and a Python
loop for the EWMA — and must agree with the real path on every band count.

Size: ``REHAB_BENCH_SETS`` sets (default 1,000,000), ``REHAB_BENCH_BASELINE_SETS``
for the baseline (default: the same). Each side runs in its own subprocess so
its peak RSS is its own.

The weekly flag history (the Flags page's whole range) is timed on the page
benchmark's store (``REHAB_BENCH_FLAG_SETS`` sets, default 50,000: about 4.5 years,
30 sets a day, pain every day), against re-running every rule every week
(``flag_history(..., reference=True)``); the two must be identical. CPU seconds.
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
    from rehab.flags import evaluate

    from rehab import metrics
    from rehab.spectrum import place_sets

    placed = place_sets(sets)
    top = placed["exercise"].value_counts().index[0]
    metrics.weekly(placed, pain)
    metrics.weekly(placed, pain, exercise=top, areas=("shoulder",))
    metrics.daily(placed, pain)
    metrics.best_e1rm_weekly(placed)
    metrics.band_shares(placed)
    flags = evaluate(placed, pain, _area_map(sets), as_of=placed["day"].max())
    return {"bands": placed["band"].value_counts().sort_index().to_dict(), "flags": len(flags)}


def naive(sets, pain) -> dict:
    """The same placement and trends, written the obvious way (no flags: they reuse the real rules)."""
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
    return {"bands": df["band"].value_counts().sort_index().to_dict(), "flags": None}


_FLAG_WORKER = r"""
import json, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
import pandas as pd
from bench.pages import make_store
from rehab.analysis import Analysis
from rehab.db import connect
from rehab.flags import flag_history
with tempfile.TemporaryDirectory() as tmp:
    db = Path(tmp) / "flags.duckdb"
    make_store(db, int(sys.argv[1]))
    a = Analysis.load(connect(db))
    placed, pain, am = a.placed_all, a.pain, a.area_map
    start = placed["day"].min()
    out = {}
    for side, ref in (("fast", False), ("reference", True)):
        t = time.process_time()
        out[side] = flag_history(placed, pain, am, start=start, reference=ref)
        out[side + "_s"] = time.process_time() - t
    pd.testing.assert_frame_equal(out["fast"], out["reference"])
    print(json.dumps({"fast_s": out["fast_s"], "reference_s": out["reference_s"], "rows": len(out["fast"]),
                      "weeks": len(out["fast"].attrs["weeks"])}))
"""


def flag_history_times(n: int) -> dict:
    """CPU seconds of the fast flag history and of the every-rule-every-week reference on ``n`` sets."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _FLAG_WORKER, str(n), str(ROOT)], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"flag history worker failed: {proc.stderr[-2000:]}")
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
    nf = int(os.environ.get("REHAB_BENCH_FLAG_SETS", "50000"))
    fh = flag_history_times(nf)
    got = _side(n, "real")
    base = _side(nb, "naive")
    if nb == n and got["bands"] != base["bands"]:
        raise AssertionError(f"real and naive placement disagree: {got['bands']} vs {base['bands']}")
    scale = n / nb  # the naive path is linear in the sets, so a smaller baseline run is scaled up
    return [
        {"benchmark": "analytics", "measure": f"placement + trends + flags, {n:,} sets (s)",
         "value": round(got["seconds"], 2), "baseline": round(base["seconds"] * scale, 2),
         "peak_mb": round(got["peak_mb"])},
        {"benchmark": "analytics", "measure": f"naive pandas baseline, {nb:,} sets (s)",
         "value": round(base["seconds"], 2), "baseline": None, "peak_mb": round(base["peak_mb"])},
        {"benchmark": "analytics",
         "measure": f"flag history, {fh['weeks']} weeks, {nf:,} sets (CPU s; baseline: every rule every week)",
         "value": round(fh["fast_s"], 2), "baseline": round(fh["reference_s"], 2), "peak_mb": None},
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
