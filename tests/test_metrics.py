"""Trends: every metric against numbers worked out by hand from its definition."""

from __future__ import annotations

import statistics

import numpy as np
import pandas as pd
import pytest

from rehab.analytics import metrics
from rehab.analytics.spectrum import place_sets


def sets(rows: list[dict]) -> pd.DataFrame:
    base = {"exercise": "Bench", "set_kind": "normal", "reps": np.nan, "weight_kg": np.nan, "rpe": np.nan,
            "workout_duration_s": np.nan, "duration_s": np.nan, "distance_m": np.nan}
    df = pd.DataFrame([{**base, **r} for r in rows])
    df["day"] = pd.to_datetime(df["day"])
    df["workout_start"] = df["day"] + pd.Timedelta(hours=7)
    return place_sets(df)


def pain(rows: list[dict]) -> pd.DataFrame:
    base = {"area": None, "context": "rest", "is_mention": False, "score": np.nan}
    df = pd.DataFrame([{**base, **r} for r in rows])
    df["day"] = pd.to_datetime(df["day"])
    df["is_mention"] = df["is_mention"].astype(bool)
    return df


def test_weeks_start_on_monday_and_gaps_are_zero():
    placed = sets([
        {"day": "2026-01-04", "weight_kg": 100.0, "reps": 5, "rpe": 8},   # Sunday: week of Mon 2025-12-29
        {"day": "2026-01-05", "weight_kg": 100.0, "reps": 5, "rpe": 8},   # Monday: new week
        {"day": "2026-01-19", "weight_kg": 50.0, "reps": 10, "rpe": 6},   # two weeks later; 01-12 is empty
    ])
    wk = metrics.weekly(placed)
    assert wk["week"].dt.strftime("%Y-%m-%d").tolist() == ["2025-12-29", "2026-01-05", "2026-01-12", "2026-01-19"]
    assert (wk["week"].dt.day_of_week == 0).all()
    gap = wk.iloc[2]
    assert gap["volume_kg"] == 0 and gap["working_sets"] == 0 and gap["hard_sets"] == 0
    assert gap["sets_strength"] == 0
    assert np.isnan(gap["mean_rpe"])  # no RPE logged is not RPE 0
    assert wk["volume_kg"].tolist() == [500.0, 500.0, 0.0, 500.0]


def test_weekly_volume_hard_sets_bands_and_intensity():
    placed = sets([
        {"day": "2026-01-05", "set_kind": "warmup", "weight_kg": 40.0, "reps": 10},   # ignored
        {"day": "2026-01-05", "weight_kg": 75.0, "reps": 10, "rpe": 6.5},  # e1RM 100, strength: hard by band
        {"day": "2026-01-05", "weight_kg": 85.0, "reps": 3, "rpe": 8},     # heavy (85 %): hard
        {"day": "2026-01-07", "weight_kg": 50.0, "reps": 20, "rpe": 7},    # endurance at RPE 7: hard
        {"day": "2026-01-07", "weight_kg": 50.0, "reps": 20, "rpe": 6},    # endurance at RPE 6: not hard
        {"day": "2026-01-07", "exercise": "Push Up", "reps": 30},          # PF-ROM by reps, no volume
    ])
    wk = metrics.weekly(placed)
    assert len(wk) == 1
    row = wk.iloc[0]
    assert row["volume_kg"] == 750 + 255 + 1000 + 1000
    assert row["working_sets"] == 5
    assert row["hard_sets"] == 3
    assert (row["sets_strength"], row["sets_heavy"], row["sets_endurance"], row["sets_pf_rom"],
            row["sets_mobilize"]) == (1, 1, 2, 1, 0)
    assert row["mean_rpe"] == pytest.approx((6.5 + 8 + 7 + 6) / 4)
    # e1RMs read RPE: 75 x 10 at RPE 6.5 is 75 x (1 + 13.5/30) = 108.75; the 85 x 3 at RPE 8 (99.2) does not
    # beat it; % e1RM over the weighted Bench sets.
    ref = 75 * (1 + 13.5 / 30)
    assert row["mean_pct_e1rm"] == pytest.approx((75 + 85 + 50 + 50) / ref * 100 / 4)
    assert np.isnan(row["best_e1rm"])  # overall: no best e1RM
    bench = metrics.weekly(placed, exercise="Bench").iloc[0]
    assert bench["best_e1rm"] == pytest.approx(ref)
    assert bench["working_sets"] == 4


def test_weekly_pain_mean_excludes_mentions_and_other_areas():
    placed = sets([{"day": "2026-01-05", "weight_kg": 75.0, "reps": 10}])
    p = pain([
        {"day": "2026-01-05", "area": "shoulder", "score": 4},
        {"day": "2026-01-06", "area": None, "score": 2},          # no area: overall, never pinned on the bench
        {"day": "2026-01-06", "area": "knee", "score": 9},        # never for the bench
        {"day": "2026-01-07", "area": "shoulder", "is_mention": True},
    ])
    assert metrics.weekly(placed, p, exercise="Bench", areas=("shoulder", "chest")).iloc[0]["pain_mean"] == 4.0
    assert metrics.weekly(placed, p).iloc[0]["pain_mean"] == pytest.approx(5.0)


def test_daily_zero_fill_and_ewma_acwr():
    placed = sets([
        {"day": "2026-02-02", "weight_kg": 20.0, "reps": 5},   # 100 kg
        {"day": "2026-02-05", "weight_kg": 40.0, "reps": 5},   # 200 kg three days later
    ])
    d = metrics.daily(placed)
    assert d["day"].dt.strftime("%m-%d").tolist() == ["02-02", "02-03", "02-04", "02-05"]
    assert d["volume_kg"].tolist() == [100.0, 0.0, 0.0, 200.0]
    la, lc = 2 / 8, 2 / 29
    a = [100.0]
    c = [100.0]
    for x in (0.0, 0.0, 200.0):
        a.append(la * x + (1 - la) * a[-1])
        c.append(lc * x + (1 - lc) * c[-1])
    assert a[-1] == pytest.approx(92.1875)
    assert d["acute"].tolist() == pytest.approx(a)
    assert d["chronic"].tolist() == pytest.approx(c)
    assert d["acwr"].iloc[-1] == pytest.approx(a[-1] / c[-1])


def test_monotony_and_strain_over_seven_days():
    loads = [100, 0, 100, 0, 100, 0, 0, 300]
    placed = sets([{"day": pd.Timestamp("2026-03-02") + pd.Timedelta(days=i), "weight_kg": float(x), "reps": 1}
                   for i, x in enumerate(loads) if x])
    d = metrics.daily(placed)
    assert d["monotony"].iloc[:6].isna().all()  # fewer than 7 days
    week = loads[:7]
    mono = statistics.mean(week) / statistics.stdev(week)
    assert d["monotony"].iloc[6] == pytest.approx(mono)
    assert d["strain"].iloc[6] == pytest.approx(sum(week) * mono)
    nxt = loads[1:8]
    assert d["strain"].iloc[7] == pytest.approx(sum(nxt) * statistics.mean(nxt) / statistics.stdev(nxt))


def test_monotony_undefined_when_every_day_is_equal():
    placed = sets([{"day": pd.Timestamp("2026-03-02") + pd.Timedelta(days=i), "weight_kg": 10.0, "reps": 10}
                   for i in range(7)])
    assert metrics.daily(placed)["monotony"].isna().all()


def test_session_load_is_rpe_times_minutes():
    placed = sets([
        {"day": "2026-03-02", "weight_kg": 50.0, "reps": 10, "rpe": 7, "workout_duration_s": 3600.0},
        {"day": "2026-03-02", "weight_kg": 50.0, "reps": 10, "rpe": 9, "workout_duration_s": 3600.0},
        {"day": "2026-03-03", "weight_kg": 50.0, "reps": 10, "rpe": np.nan, "workout_duration_s": 3600.0},
    ])
    d = metrics.daily(placed)
    assert d["session_load"].tolist() == [8 * 60.0, 0.0]


def test_pain_daily_rolling_and_by_area():
    p = pain([
        {"day": "2026-01-01", "area": "knee", "score": 2},
        {"day": "2026-01-01", "area": "knee", "score": 4},
        {"day": "2026-01-03", "area": "shoulder", "score": 6},
        {"day": "2026-01-09", "area": "knee", "score": 1},
        {"day": "2026-01-09", "area": "knee", "is_mention": True},
    ])
    d = metrics.pain_daily(p)
    assert len(d) == 9
    assert d["pain_mean"].iloc[0] == 3.0 and np.isnan(d["pain_mean"].iloc[1])
    assert d["n"].tolist()[:3] == [2, 0, 1]
    assert d["pain_7d"].iloc[6] == pytest.approx((3 + 6) / 2)    # days 1..7: daily means 3 and 6
    assert d["pain_7d"].iloc[8] == pytest.approx((6 + 1) / 2)    # days 3..9
    by = metrics.pain_daily(p, by="area")
    knee = by[by["area"] == "knee"]
    assert knee["pain_mean"].dropna().tolist() == [3.0, 1.0]
    assert metrics.pain_daily(p, areas=("shoulder",))["pain_mean"].dropna().tolist() == [6.0]


def test_best_e1rm_weekly_and_prs_by_bracket():
    placed = sets([
        {"day": "2026-01-05", "weight_kg": 100.0, "reps": 1},
        {"day": "2026-01-06", "weight_kg": 90.0, "reps": 3},
        {"day": "2026-01-13", "weight_kg": 60.0, "reps": 12},
        {"day": "2026-01-14", "weight_kg": 40.0, "reps": 20},
        {"day": "2026-01-15", "weight_kg": 90.0, "reps": 3},  # ties the 3-rep best later: first day kept
    ])
    b = metrics.best_e1rm_weekly(placed)
    assert b["best_e1rm"].tolist() == pytest.approx([100 * (1 + 1 / 30), 90 * 1.1])
    prs = metrics.prs_by_rep_bracket(placed, "Bench").set_index("bracket")
    assert list(prs.index) == ["1", "2–3", "4–6", "7–10", "11–15", "16+"]
    assert prs.loc["2–3", "weight_kg"] == 90.0
    assert prs.loc["2–3", "day"] == pd.Timestamp("2026-01-06")
    assert np.isnan(prs.loc["4–6", "weight_kg"])
    assert prs.loc["11–15", "reps"] == 12 and prs.loc["16+", "weight_kg"] == 40.0


def test_week_vs_4wk():
    rows = [{"day": pd.Timestamp("2026-02-02") + pd.Timedelta(weeks=i), "weight_kg": 100.0, "reps": 10, "rpe": 8}
            for i in range(4)]
    rows.append({"day": "2026-03-02", "weight_kg": 100.0, "reps": 5, "rpe": 8})
    p = pain([{"day": "2026-02-03", "score": 2}, {"day": "2026-03-03", "score": 5}])
    out = metrics.week_vs_4wk(sets(rows), p, as_of="2026-03-04").set_index("metric")
    assert out.loc["volume_kg", "this_week"] == 500 and out.loc["volume_kg", "avg_4wk"] == 1000
    assert out.loc["volume_kg", "change_pct"] == pytest.approx(-50.0)
    assert out.loc["hard_sets", "this_week"] == 1
    assert out.loc["pain_mean", "this_week"] == 5 and out.loc["pain_mean", "avg_4wk"] == 2


def test_week_vs_4wk_compares_the_same_weekdays_not_whole_weeks():
    # Every week: Monday 10 × 100 kg and Friday 10 × 100 kg. As of Tuesday, this week has only Monday.
    rows = []
    for i in range(5):
        mon = pd.Timestamp("2026-02-02") + pd.Timedelta(weeks=i)
        rows += [{"day": mon, "weight_kg": 100.0, "reps": 10, "rpe": 8},
                 {"day": mon + pd.Timedelta(days=4), "weight_kg": 100.0, "reps": 10, "rpe": 8}]
    p = pain([{"day": "2026-02-03", "score": 2}, {"day": "2026-02-06", "score": 9},
              {"day": "2026-03-03", "score": 2}, {"day": "2026-03-06", "score": 9}])
    out = metrics.week_vs_4wk(sets(rows), p, as_of="2026-03-03").set_index("metric")
    # Mon–Tue against the Mon–Tues of the 4 weeks before: the same, not −50 %.
    assert out.loc["volume_kg", "this_week"] == 1000 and out.loc["volume_kg", "avg_4wk"] == 1000
    assert out.loc["volume_kg", "change_pct"] == 0
    assert out.loc["hard_sets", "avg_4wk"] == 1
    # Friday's 9/10 four weeks ago is not compared with a week that has not reached Friday.
    assert out.loc["pain_mean", "this_week"] == 2 and out.loc["pain_mean", "avg_4wk"] == 2
    assert set(out["days"]) == {2}
    # On Sunday the whole weeks are compared.
    full = metrics.week_vs_4wk(sets(rows), p, as_of="2026-03-08").set_index("metric")
    assert full.loc["volume_kg", "this_week"] == 2000 and full.loc["volume_kg", "avg_4wk"] == 2000
    assert full.loc["pain_mean", "avg_4wk"] == 5.5 and set(full["days"]) == {7}


def test_band_shares_long_form():
    placed = sets([{"day": "2026-01-05", "weight_kg": 75.0, "reps": 10},
                   {"day": "2026-01-05", "weight_kg": 50.0, "reps": 20},
                   {"day": "2026-01-05", "weight_kg": 50.0, "reps": 20}])
    s = metrics.band_shares(placed).set_index("band")
    assert s.loc["endurance", "share"] == pytest.approx(2 / 3)
    assert s.loc["pf_rom", "sets"] == 0
    assert s["share"].sum() == pytest.approx(1.0)


def test_empty_inputs_give_empty_frames_with_columns():
    empty = sets([{"day": "2026-01-05", "weight_kg": 1.0, "reps": 1}]).iloc[0:0]
    assert list(metrics.weekly(empty).columns) == metrics.WEEKLY_COLUMNS
    assert list(metrics.daily(empty).columns) == metrics.DAILY_COLUMNS
    assert metrics.pain_daily(None).empty


def test_pain_area_filter_with_the_pain_tables_dtypes():
    # load_pain returns pandas' str dtype, where a missing area is NaN, not None.
    p = pain([{"day": "2026-01-05", "area": "shoulder", "score": 4}, {"day": "2026-01-05", "score": 2},
              {"day": "2026-01-05", "area": "knee", "score": 8}]).astype({"area": "str"})
    assert p["area"].isna().sum() == 1
    assert metrics.pain_scores(p, ("shoulder",))["score"].tolist() == [4.0, 2.0]
    assert metrics.pain_scores(p)["score"].tolist() == [4.0, 2.0, 8.0]  # no filter: all pain
    # An exercise whose areas are unknown gets only the pain written in its own notes.
    assert metrics.pain_scores(p, (), exercise="Ohio State")["score"].tolist() == []
    noted = p.assign(exercise=["Ohio State", None, None])
    assert metrics.pain_scores(noted, (), exercise="ohio state ")["score"].tolist() == [4.0]
