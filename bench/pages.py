"""Dashboard pages on a big store: cold and warm render time of every page through AppTest.

Size: ``REHAB_BENCH_SETS`` sets (default 1,000,000) written straight into a temp
database with DuckDB SQL (seconds, not the minutes an import of a 60 MB CSV
takes; the import itself is measured by ``bench/import.py``), plus one pain entry
a day. Per page:

* ``cold``: the page rendered with every Streamlit cache cleared (opening the
  store, ``Analysis.load`` and the page's views computed from scratch);
* ``warm``: the same page rendered again (what every widget click costs);
  the aim is under 300 ms, as the caches are keyed by data version + filters;
* ``baseline``: what a page without caching would pay on every click: read the
  sets into pandas and recompute that page's aggregate with plain pandas
  (``naive_*`` below), no Streamlit.

AppTest's ``switch_page`` runs the page file alone (``app.py``, with the sidebar shared by
every page, runs on the first run only), so the sidebar is measured once, as "first load":
``app.py`` plus the default Overview page from empty caches.

Pages whose cold render exceeds ``REHAB_BENCH_PAGE_TIMEOUT`` seconds (default
600) are reported with the timeout as value and a note in ``measure``.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = ["overview", "trends", "spectrum", "exercise", "plan", "pain", "import_data"]

_EXERCISES = [
    "Squat (Barbell)", "Bench Press (Barbell)", "Deadlift (Barbell)", "Overhead Press (Barbell)",
    "Bent Over Row (Barbell)", "Romanian Deadlift (Barbell)", "Incline Bench Press (Dumbbell)",
    "Lat Pulldown (Cable)", "Seated Row (Cable)", "Leg Press", "Leg Extension (Machine)",
    "Lying Leg Curl (Machine)", "Bicep Curl (Dumbbell)", "Triceps Pushdown (Cable)", "Lateral Raise (Dumbbell)",
    "Face Pull (Cable)", "Hip Thrust (Barbell)", "Goblet Squat", "Split Squat (Dumbbell)", "Calf Raise (Machine)",
    "Pull Up", "Push Up", "Plank", "Glute Bridge",
]


def make_store(path: Path, n_sets: int) -> None:
    """A migrated store with ``n_sets`` generated sets and one pain entry per training day.

    15 sets per workout, two workouts a day, but never more than 10 years back: a million
    sets is then several workouts a day, which is what a big store looks like to the pages.
    """
    from rehab.storage.db import connect

    con = connect(path)
    workouts = max(1, n_sets // 15)
    step_s = int(min(12 * 3600, 10 * 365 * 86400 / workouts))
    ex_list = "[" + ", ".join("'" + e.replace("'", "''") + "'" for e in _EXERCISES) + "]"
    con.execute(f"""
        INSERT INTO sets
        WITH g AS (
            SELECT i, i // 15 AS w, i % 15 AS k,
                   {ex_list}[1 + ((i // 5) * 7 + (i // 15) * 3) % {len(_EXERCISES)}] AS ex,
                   [3, 5, 5, 8, 8, 10, 12, 15, 20, 30][1 + CAST(hash(i) % 10 AS BIGINT)] AS reps,
                   CAST(hash(i * 31) % 100 AS BIGINT) AS r100
            FROM range({n_sets}) t(i)
        )
        SELECT 1, i + 2,
               TIMESTAMP '2026-11-20 18:00' - to_seconds(CAST({step_s} * ({workouts} - 1 - w) AS BIGINT)),
               CAST(TIMESTAMP '2026-11-20 18:00' - to_seconds(CAST({step_s} * ({workouts} - 1 - w) AS BIGINT))
                    AS DATE),
               'Bench workout', NULL, 3600.0, ex, ex, 1 + k % 5,
               CASE WHEN r100 < 8 THEN 'warmup' ELSE 'normal' END,
               CASE WHEN ex = 'Plank' THEN NULL ELSE reps END,
               CASE WHEN ex IN ('Pull Up', 'Push Up', 'Plank', 'Glute Bridge') THEN NULL
                    ELSE round((40 + CAST(hash(ex) % 80 AS BIGINT) + w % 40) * (1.0 - reps / 45.0) / 2.5) * 2.5 END,
               NULL, CASE WHEN ex = 'Plank' THEN 60.0 ELSE NULL END,
               CASE WHEN r100 < 50 THEN 6 + r100 % 4 ELSE NULL END,
               NULL, NULL, 'strong', 'strong_A', md5(CAST(i AS VARCHAR))
        FROM g
    """)
    con.execute("""
        INSERT INTO pain
        SELECT md5('p' || CAST(d AS VARCHAR)), d + INTERVAL 20 HOUR, d,
               ['shoulder', 'knee', 'lower back', NULL][1 + CAST(hash(d) % 4 AS BIGINT)],
               CAST(hash(d) % 8 AS DOUBLE),
               ['rest', 'during', 'after', 'next_morning'][1 + CAST(hash(d::VARCHAR || 'c') % 4 AS BIGINT)],
               NULL, 'diary', FALSE, NULL, NULL, NULL, current_localtimestamp()
        FROM (SELECT DISTINCT day AS d FROM sets)
    """)
    con.execute("""INSERT INTO imports VALUES (1, 'bench.csv', '-', 'strong', 'strong_A', 'kg',
                   (SELECT count(*) FROM sets), (SELECT count(*) FROM sets), 0, 0, current_localtimestamp())""")
    con.close()


# ---------------------------------------------------------------- plain-pandas baselines (no caching)


def _read(con) -> pd.DataFrame:
    return con.execute("SELECT * FROM sets").df()


def naive_overview(con) -> None:
    s = _read(con)
    s = s[s["set_kind"] != "warmup"]
    s["week"] = s["day"] - pd.to_timedelta(s["day"].dt.day_of_week, unit="D")
    s.assign(vol=s["weight_kg"].fillna(0) * s["reps"].fillna(0)).groupby("week")["vol"].sum()
    con.execute("SELECT * FROM pain").df().groupby("day")["score"].mean().rolling(7, min_periods=1).mean()


def naive_trends(con) -> None:
    s = _read(con)
    s["week"] = s["day"] - pd.to_timedelta(s["day"].dt.day_of_week, unit="D")
    s.groupby("week").agg(vol=("weight_kg", "sum"), sets=("reps", "size"), rpe=("rpe", "mean"))


def naive_spectrum(con) -> None:
    s = _read(con)
    e1 = s["weight_kg"] * (1 + s["reps"] / 30)
    s["ref"] = e1.groupby(s["exercise"]).cummax()
    rel = s["weight_kg"] / s["ref"]
    s["band"] = pd.cut(rel, [0, 0.4, 0.67, 10], labels=["mobilize", "endurance", "strength"])
    s.sort_values("workout_start").tail(5000)


def naive_exercise(con) -> None:
    s = _read(con)
    b = s[s["exercise"] == "Bench Press (Barbell)"]
    (b["weight_kg"] * (1 + b["reps"] / 30)).groupby(b["day"]).max()


def naive_pain(con) -> None:
    con.execute("SELECT * FROM pain").df().groupby("day")["score"].mean()


def naive_import(con) -> None:
    con.execute("SELECT * FROM imports").df()


NAIVE = {"overview": naive_overview, "trends": naive_trends, "spectrum": naive_spectrum, "exercise": naive_exercise,
         "plan": naive_overview, "pain": naive_pain, "import_data": naive_import}


# ---------------------------------------------------------------- measurement


def _render(at, page: str) -> float:
    t = time.perf_counter()
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    took = time.perf_counter() - t
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    return took


def run() -> list[dict]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from rehab.storage.db import connect

    n = int(os.environ.get("REHAB_BENCH_SETS", "1000000"))
    timeout = float(os.environ.get("REHAB_BENCH_PAGE_TIMEOUT", "600"))
    pages = [p for p in os.environ.get("REHAB_BENCH_PAGES", ",".join(PAGES)).split(",") if p]
    out: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="rehab-bench-pages-") as tmp:
        db = Path(tmp) / "pages.duckdb"
        t = time.perf_counter()
        make_store(db, n)
        out.append({"benchmark": "pages", "measure": f"generate a store of {n:,} sets with SQL (s)",
                    "value": round(time.perf_counter() - t, 2), "baseline": None})
        old_db = os.environ.get("REHAB_DB")
        os.environ["REHAB_DB"] = str(db)
        try:
            for page in pages:
                st.cache_data.clear()
                st.cache_resource.clear()
                at = AppTest.from_file(APP, default_timeout=timeout)
                t = time.perf_counter()
                at.run()  # app.py: registers the pages (st.navigation) and draws the sidebar
                if page == pages[0]:
                    out.append({"benchmark": "pages", "measure": f"first load (sidebar + Overview), {n:,} sets (ms)",
                                "value": round((time.perf_counter() - t) * 1000), "baseline": None})
                st.cache_data.clear()
                st.cache_resource.clear()
                try:
                    cold = _render(at, page)
                    note = ""
                except RuntimeError as exc:
                    cold, note = timeout, f" [{str(exc)[:80]}]"
                warm = min(_render(at, page) for _ in range(3)) if not note else float("nan")
                st.cache_resource.clear()  # closes nothing the baseline needs: it opens its own connection
                con = connect(db, read_only=False)
                t = time.perf_counter()
                NAIVE[page](con)
                base = time.perf_counter() - t
                con.close()
                out.append({"benchmark": "pages", "measure": f"{page}: cold render, {n:,} sets (ms){note}",
                            "value": round(cold * 1000), "baseline": round(base * 1000)})
                out.append({"benchmark": "pages", "measure": f"{page}: warm rerun, {n:,} sets (ms)",
                            "value": round(warm * 1000) if warm == warm else None, "baseline": round(base * 1000)})
        finally:
            st.cache_resource.clear()
            if old_db is None:
                os.environ.pop("REHAB_DB", None)
            else:
                os.environ["REHAB_DB"] = old_db
    return out


if __name__ == "__main__":
    for row in run():
        print(row)
