"""The scenario generator end to end: Strong CSV -> real importer -> Analysis -> the plan, week by week."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

from rehab.advice.prescribe import is_feasible
from rehab.analysis import Analysis
from rehab.demo import (
    BENCH,
    KNEE_FROM,
    RETURN_FROM,
    SQUAT,
    STALL_FROM,
    SWITCH_FROM,
    WEEKS,
    add_scenario_pain,
    load_demo,
    scenario_export,
)
from rehab.imports.pipeline import import_file

END = dt.date(2026, 11, 22)  # a Sunday: the story's weeks end on it
FIRST_MONDAY = END - dt.timedelta(days=END.weekday(), weeks=WEEKS - 1)


def week_of(n: int) -> dt.date:
    return FIRST_MONDAY + dt.timedelta(weeks=n)


def load(db, tmp_path, kind: str) -> Analysis:
    path = tmp_path / f"{kind}.csv"
    entries = scenario_export(path, kind=kind, seed=3, end=END)
    rep = import_file(db, path, display_name="scenario.csv", unit="kg")
    assert rep.rejected == 0 and rep.sets_added > 600
    add_scenario_pain(db, entries, rep.batch_id)
    return Analysis.load(db, as_of=END)


def test_export_is_strong_form_a_in_kg(tmp_path):
    path = tmp_path / "s.csv"
    pain = scenario_export(path, kind="switch", seed=1, end=END)
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps",
                       "Distance", "Seconds", "Notes", "Workout Notes", "RPE"]
    days = {r[0][:10] for r in rows[1:]}
    assert max(days) <= END.isoformat() and min(days) == FIRST_MONDAY.isoformat()
    assert 3 * WEEKS <= len(days) <= 4 * WEEKS  # 3–4 sessions a week
    assert any("pain" in r[9] and "/10" in r[9] for r in rows[1:])
    assert {p["area"] for p in pain} == {"shoulder"}
    with pytest.raises(ValueError, match="unknown scenario"):
        scenario_export(path, kind="nope")


def test_switch_story_switches_recovers_and_returns(db, tmp_path):
    a = load(db, tmp_path, "switch")
    hist = a.plan_history()
    bench = hist[hist["exercise"] == BENCH].set_index("week")
    others = hist[(hist["exercise"] != BENCH) & hist["exercise"].notna()]
    # Squat, deadlift, … progress: never a sign. Only an exercise that also loads the shoulder (the plank)
    # may be watched while the shoulder pain rises.
    assert set(others.loc[others["exercise"] != "Plank", "status"]) == {"ok"}
    assert set(others["status"]) <= {"ok", "watch"}
    assert set().union(*others["flags"]) <= {"pain_rising", "area_pain"}
    status = bench["status"]
    switched = status[status == "switch"].index
    # The switch comes during the stall…
    assert week_of(STALL_FROM) <= min(switched) and max(switched) <= week_of(SWITCH_FROM + 1)
    # …the lifter follows it: an endurance block, judged as such (no repeated "switch"), then ready…
    block = bench.loc[week_of(SWITCH_FROM + 1):week_of(RETURN_FROM - 1)]
    assert set(block["phase"]) == {"endurance"} and "switch" not in set(block["status"].iloc[1:])
    assert "ready_to_return" in set(block["status"])
    # …and back to strength, where the plan follows the return with the pain rules holding.
    back = bench.loc[week_of(RETURN_FROM + 1):]
    assert set(back["phase"]) == {"strength"} and set(back["status"]) == {"ok"}
    plan = {p.exercise: p for p in a.plan().exercises}
    assert plan[BENCH].status == "ok" and a.flags() == []


def test_switch_story_in_the_trends(db, tmp_path):
    a = load(db, tmp_path, "switch")
    wk = a.weekly(BENCH).set_index("week")
    stalled = wk.loc[pd.Timestamp(week_of(SWITCH_FROM - 1))]
    after = wk.loc[pd.Timestamp(week_of(SWITCH_FROM + 3))]
    assert stalled["sets_heavy"] + stalled["sets_strength"] == 6 and stalled["mean_rpe"] >= 9.5
    assert after["sets_endurance"] == 6 and after["sets_strength"] + after["sets_heavy"] == 0
    placed = a.placed_all
    bench = placed[(placed["exercise"] == BENCH) & (placed["day"] < pd.Timestamp(week_of(SWITCH_FROM)))]
    ref = bench["e1rm"].max()  # the best RPE-adjusted e1RM before the switch (within 12 weeks)
    assert after["mean_pct_e1rm"] == pytest.approx(45 / ref * 100, abs=0.5)
    assert stalled["pain_mean"] >= 5 and wk["pain_mean"].iloc[-1] <= 2.5


def test_progressing_lifter_raises_nothing(db, tmp_path):
    a = load(db, tmp_path, "progressing")
    hist = a.plan_history()
    assert set(hist["status"].dropna()) == {"ok"} and hist["flags"].map(len).sum() == 0
    assert a.pain.empty
    assert a.best_e1rm_weekly().groupby("exercise")["best_e1rm"].last().gt(
        a.best_e1rm_weekly().groupby("exercise")["best_e1rm"].first()).all()


def test_load_demo_ends_near_today_through_the_importer(db):
    msg = load_demo(db)
    assert "demo-strong.csv" in msg
    files = db.execute("SELECT file_name, unit FROM imports").fetchall()
    assert files == [("demo-strong.csv", "kg")]
    assert "squat" in msg and "knee" in msg
    last = db.execute("SELECT max(day) FROM sets").fetchone()[0]
    assert 0 <= (dt.date.today() - last).days <= 7
    sources = dict(db.execute("SELECT source, count(*) FROM pain GROUP BY 1").fetchall())
    assert sources.get("diary", 0) > 50


def test_demo_as_of_today_has_an_active_squat_switch_and_the_bench_back_to_strength(db):
    """The dashboard's demo: one exercise switched, recovered and returned; one switch active now."""
    load_demo(db)
    today = dt.date.today()
    a = Analysis.load(db, as_of=today)
    plan = {p.exercise: p for p in a.plan().exercises}
    squat = plan[SQUAT]
    assert squat.status == "switch" and {"pain_rising", "too_intense", "no_progress"} <= set(squat.flags)
    assert squat.areas == ("knee", "hip", "lower back")
    assert plan[BENCH].status == "ok" and plan[BENCH].phase == "strength"  # knee pain never touches the bench
    # The prescription names a feasible load from the squat's own best e1RM of the last 12 weeks.
    rx = squat.prescription
    placed = a.placed_all
    recent = placed[(placed["exercise"] == SQUAT) & (placed["day"] > pd.Timestamp(today) - pd.Timedelta(weeks=12))]
    assert rx.band == "endurance" and rx.load_kg and is_feasible(rx.load_kg, recent["e1rm"].max(), rx.reps[1])
    assert rx.load_kg % 2.5 == 0
    knee = a.pain[a.pain["area"] == "knee"]
    assert len(knee) > 10 and knee["score"].max() <= 6
    # The bench story is still there, in order: switch, endurance block, ready, back to strength.
    hist = a.plan_history()
    bench = hist[hist["exercise"] == BENCH]
    seen = list(dict.fromkeys(bench["status"]))
    assert seen.index("switch") < seen.index("ready_to_return")
    first_monday = today - dt.timedelta(days=today.weekday(), weeks=WEEKS - 1)
    switch_weeks = bench[bench["status"] == "switch"]["week"]
    assert max(switch_weeks) < first_monday + dt.timedelta(weeks=KNEE_FROM)
    assert hist[(hist["exercise"] == SQUAT) & (hist["status"] == "switch")]["week"].min() >= \
        first_monday + dt.timedelta(weeks=KNEE_FROM - 2)


def test_demo_kind_adds_knee_pain_only_to_the_demo(tmp_path):
    demo = scenario_export(tmp_path / "d.csv", kind="demo", seed=1, end=END)
    switch = scenario_export(tmp_path / "s.csv", kind="switch", seed=1, end=END)
    assert {p["area"] for p in demo} == {"shoulder", "knee"}
    assert [p for p in demo if p["area"] == "shoulder"] == switch
