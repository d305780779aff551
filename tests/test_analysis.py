"""Analysis: one load, cached views, filters by date range, exercises and as-of day."""

from __future__ import annotations

import datetime as dt
import threading

import pandas as pd
import pytest

from rehab.analysis import Analysis
from rehab.analytics.areas import set_exercise_areas
from rehab.imports.pipeline import import_file
from rehab.pain.diary import add_pain

HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"


def write_export(path, rows: list[str]) -> None:
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def small(db, tmp_path):
    """Three bench sessions, one squat session, a plank and a warm-up (Strong form A, kg)."""
    p = tmp_path / "small.csv"
    write_export(p, [
        '2026-03-02 07:00:00,A,1h,Bench Press (Barbell),W,40,10,0,0,,,',
        '2026-03-02 07:00:00,A,1h,Bench Press (Barbell),1,75,10,0,0,,,8',
        '2026-03-02 07:00:00,A,1h,Squat (Barbell),1,100,5,0,0,,,7',
        '2026-03-02 07:00:00,A,1h,Squat (Barbell),2,100,5,0,0,,,7',
        '2026-03-04 18:00:00,B,30m,Plank,1,0,0,0,60,,,',
        '2026-03-09 07:00:00,A,1h,Bench Press (Barbell),1,50,20,0,0,,,6',
        '2026-03-23 07:00:00,A,1h,Bench Press (Barbell),1,80,8,0,0,,,9',
    ])
    import_file(db, p, unit="kg")
    add_pain(db, "2026-03-03", 4, area="shoulder", context="after")
    add_pain(db, "2026-03-03", 7, area="knee")
    return db


def test_load_reads_once_and_exposes_views(small):
    a = Analysis.load(small, as_of="2026-03-29")
    assert len(a.sets) == 7 and len(a.pain) == 2
    assert a.exercises() == ["Bench Press (Barbell)", "Squat (Barbell)", "Plank"]
    assert a.area_map["Bench Press (Barbell)"][0] == "shoulder"
    placed = a.placed
    assert {"band", "placed_by", "rel_load", "ref_e1rm"} <= set(placed.columns)
    assert placed.loc[placed["exercise"] == "Plank", "band"].isna().all()
    s = a.summary
    assert (s["sets"], s["working_sets"], s["exercises"]) == (7, 6, 3)
    assert s["volume_kg"] == 750 + 1000 + 1000 + 640
    assert (s["first_day"], s["last_day"], s["as_of"]) == ("2026-03-02", "2026-03-23", "2026-03-29")


def test_weekly_and_daily_run_to_the_as_of_day(small):
    a = Analysis.load(small, as_of="2026-03-29")
    wk = a.weekly()
    assert wk["week"].dt.strftime("%m-%d").tolist() == ["03-02", "03-09", "03-16", "03-23"]
    assert wk.set_index(wk["week"].dt.strftime("%m-%d")).loc["03-16", "volume_kg"] == 0
    d = a.daily()
    assert d["day"].iloc[-1] == pd.Timestamp("2026-03-29")
    bench = a.weekly("Bench Press (Barbell)")
    assert bench["best_e1rm"].iloc[0] == pytest.approx(105.0)  # 75 x 10 at RPE 8: two reps in reserve
    # Knee pain does not count for the bench, shoulder pain does.
    assert bench["pain_mean"].iloc[0] == 4.0
    assert a.weekly()["pain_mean"].iloc[0] == 5.5


def test_views_are_cached(small):
    a = Analysis.load(small, as_of="2026-03-29")
    assert a.weekly() is a.weekly()
    assert a.placed is a.placed
    assert a.weekly("Squat (Barbell)") is not a.weekly()
    results = []
    threads = [threading.Thread(target=lambda: results.append(a.daily())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r is results[0] for r in results)


def test_as_of_hides_later_data(small):
    a = Analysis.load(small, as_of="2026-03-10")
    assert a.sets["day"].max() == pd.Timestamp("2026-03-09")
    assert a.summary["sets"] == 6


def test_start_keeps_the_12_week_lead_in_for_the_reference(small):
    a = Analysis.load(small, as_of="2026-03-29", start="2026-03-09")
    assert a.placed["day"].min() == pd.Timestamp("2026-03-09")
    first = a.placed.iloc[0]
    assert first["ref_e1rm"] == pytest.approx(105.0)  # from the 2 March set, before the range
    assert first["band"] == "endurance" and first["placed_by"] == "load"
    assert a.weekly()["week"].iloc[0] == pd.Timestamp("2026-03-09")


def test_exercise_filter_and_area_overrides(small):
    set_exercise_areas(small, "Squat (Barbell)", ["shoulder"])
    a = Analysis.load(small, as_of="2026-03-29", exercises=["Squat (Barbell)"])
    assert a.exercises() == ["Squat (Barbell)"]
    assert a.area_map == {"Squat (Barbell)": ("shoulder",)}
    assert a.weekly("Squat (Barbell)")["pain_mean"].iloc[0] == 4.0


def test_plan_flags_and_history_go_through_the_advice(small):
    from rehab.advice import Plan

    a = Analysis.load(small, as_of="2026-03-29")
    plan = a.plan()
    assert isinstance(plan, Plan) and plan.as_of == dt.date(2026, 3, 29)
    assert {p.exercise for p in plan.exercises} == {"Bench Press (Barbell)", "Squat (Barbell)", "Plank"}
    assert a.plan() is plan and a.grid() is a.grid()  # computed once per analysis
    assert all(set(f) == {"flag", "exercise", "since", "evidence", "message", "prescription"} for f in a.flags())
    hist = a.plan_history()
    assert list(hist.columns) == ["week", "as_of", "exercise", "phase", "status", "flags"]
    assert hist.attrs["weeks"][0] == dt.date(2026, 3, 2)
    assert a.plan(as_of="2030-01-01").as_of == a.as_of  # never past the analysis day


def test_empty_database(db):
    a = Analysis.load(db)
    assert a.exercises() == [] and a.flags() == []
    assert a.summary["sets"] == 0 and a.summary["first_day"] is None
    assert a.weekly().empty
    assert a.as_of == dt.date.today()


def test_overall_views_narrow_pain_to_a_body_area(small):
    add_pain(small, "2026-03-04", 1, context="rest")  # no area: counts overall and for every body area view
    a = Analysis.load(small, as_of="2026-03-08")
    wk = a.week_vs_4wk().set_index("metric")
    assert wk.loc["pain_mean", "this_week"] == pytest.approx((4 + 7 + 1) / 3)
    knee = a.week_vs_4wk(areas=("knee",)).set_index("metric")
    assert knee.loc["pain_mean", "this_week"] == pytest.approx((7 + 1) / 2)
    assert a.week_vs_4wk(areas="shoulder").set_index("metric").loc["pain_mean", "this_week"] == pytest.approx(2.5)
    assert knee.loc["volume_kg", "this_week"] == wk.loc["volume_kg", "this_week"]  # only pain is narrowed
    days = a.pain_daily(areas=("knee",)).set_index("day")
    assert days.loc[pd.Timestamp("2026-03-03"), "pain_mean"] == 7 and days.loc[pd.Timestamp("2026-03-04"), "n"] == 1
    assert a.pain_daily().set_index("day").loc[pd.Timestamp("2026-03-03"), "pain_mean"] == pytest.approx(5.5)
    assert a.weekly(areas=("shoulder",))["pain_mean"].iloc[0] == pytest.approx(2.5)
    assert a.weekly()["pain_mean"].iloc[0] == pytest.approx(4)
    # An exercise's own areas still apply when no area is given (pain without an area is not pinned on it),
    # and the views are cached apart.
    assert a.weekly("Bench Press (Barbell)")["pain_mean"].iloc[0] == pytest.approx(4.0)
    assert a.week_vs_4wk().set_index("metric").loc["pain_mean", "this_week"] == pytest.approx(4)
