"""Each flag fires on its case and stays silent just below its threshold; prescriptions come from the data."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from rehab.flags import THRESHOLD_TABLE, THRESHOLDS, Flag, evaluate, flag_history, round_load
from rehab.spectrum import place_sets

T = pd.Timestamp("2026-04-30")  # the as-of day of every case
AREAS = {"Bench": ("shoulder", "chest"), "Squat": ("knee", "hip")}


def day(offset: int) -> pd.Timestamp:
    """``offset`` days before T (0 = T)."""
    return T - pd.Timedelta(days=offset)


def session(offset: int, weight: float, reps: list[int] | int = 5, rpe: float | None = 8.0, exercise="Bench",
            n: int = 3) -> list[dict]:
    reps = reps if isinstance(reps, list) else [reps] * n
    return [{"day": day(offset), "exercise": exercise, "set_kind": "normal", "weight_kg": float(weight),
             "reps": float(r), "rpe": np.nan if rpe is None else float(rpe)} for r in reps]


def placed(*sessions: list[dict]) -> pd.DataFrame:
    rows = [r for s in sessions for r in s]
    df = pd.DataFrame(rows)
    df["workout_start"] = df["day"] + pd.Timedelta(hours=7)
    return place_sets(df)


def pain(entries: list[tuple[int, float, str | None, str]]) -> pd.DataFrame:
    """(offset, score, area, context) tuples."""
    return pd.DataFrame({
        "day": [day(o) for o, *_ in entries], "score": [float(s) for _, s, *_ in entries],
        "area": [a for _, _, a, _ in entries], "context": [c for *_, c in entries],
        "is_mention": [False] * len(entries),
    })


def flags_of(df, p=None, as_of=T, area_map=AREAS) -> dict[tuple[str, str | None], Flag]:
    return {(f.flag, f.exercise): f for f in evaluate(df, p, area_map, as_of=as_of)}


def heavy_bench(days=range(0, 56, 3), weight=100.0, rpe=8.0) -> list[list[dict]]:
    """Bench 3 x 5 at the same weight every third day: strength work (heavy band), no progress."""
    return [session(o, weight, 5, rpe) for o in days]


def rising_pain(prev: float, recent: float, area: str | None = "shoulder") -> pd.DataFrame:
    return pain([(o, prev, area, "rest") for o in range(14, 28)] + [(o, recent, area, "rest") for o in range(0, 14)])


# --------------------------------------------------------------------- tables


def test_thresholds_are_one_documented_table():
    assert set(THRESHOLDS) == {t.name for t in THRESHOLD_TABLE}
    assert all(t.source and t.help and t.unit for t in THRESHOLD_TABLE)
    assert THRESHOLDS["pain_rise"] == 1.0 and THRESHOLDS["acwr_limit"] == 1.5


# ---------------------------------------------------------------- pain_rising


def test_pain_rising_fires_at_one_point_with_strength_work():
    got = flags_of(placed(*heavy_bench()), rising_pain(3.0, 4.0))
    f = got[("pain_rising", "Bench")]
    assert f.evidence["rise"] == pytest.approx(1.0)
    assert f.evidence["strength_share"] == 1.0
    assert "shoulder" in f.message and "not a diagnosis" in f.message


def test_pain_rising_silent_just_below():
    assert ("pain_rising", "Bench") not in flags_of(placed(*heavy_bench()), rising_pain(3.0, 3.9))


def test_pain_rising_needs_half_strength_sets():
    # Recent 14 days: 2 strength sessions (6 sets) + endurance sets; share exactly 50 % fires, below does not.
    base = [session(o, 100.0, 5) for o in (20, 24)]
    half = base + [session(3, 100.0, 5), session(6, 100.0, 5)] + [session(o, 50.0, 20) for o in (1, 4)]
    f = flags_of(placed(*half), rising_pain(3.0, 4.0))[("pain_rising", "Bench")]
    assert f.evidence["strength_share"] == pytest.approx(0.5)
    below = base + [session(3, 100.0, 5), session(6, 100.0, 5)] + [session(o, 50.0, 20) for o in (1, 4, 8)]
    assert ("pain_rising", "Bench") not in flags_of(placed(*below), rising_pain(3.0, 4.0))


def test_pain_rising_only_counts_areas_the_exercise_loads():
    knee = rising_pain(3.0, 6.0, area="knee")
    assert ("pain_rising", "Bench") not in flags_of(placed(*heavy_bench()), knee)
    squat = [session(o, 120.0, 5, exercise="Squat") for o in range(0, 56, 3)]
    assert ("pain_rising", "Squat") in flags_of(placed(*squat), knee)
    # Pain without an area counts for every exercise.
    assert ("pain_rising", "Bench") in flags_of(placed(*heavy_bench()), rising_pain(3.0, 4.0, area=None))


# ------------------------------------------------------------ pain_over_limit


def test_pain_over_limit_during_or_after_strength():
    df = placed(*heavy_bench(days=[2, 9, 16]))
    f = flags_of(df, pain([(2, 6, "shoulder", "after")]))[("pain_over_limit", "Bench")]
    assert f.evidence["worst_score"] == 6 and f.since == day(2).date()
    assert ("pain_over_limit", "Bench") not in flags_of(df, pain([(2, 5, "shoulder", "after")]))
    # Over the limit on a day without bench strength work: not this rule.
    assert ("pain_over_limit", "Bench") not in flags_of(df, pain([(3, 8, "shoulder", "during")]))


def test_pain_over_limit_next_morning_above_baseline():
    df = placed(*heavy_bench(days=[3, 10, 17]))
    baseline = [(o, 3, "shoulder", "rest") for o in range(4, 10)]
    f = flags_of(df, pain([*baseline, (2, 4, "shoulder", "next_morning")]))[("pain_over_limit", "Bench")]
    assert f.evidence["baseline"] == 3 and f.evidence["worst_context"] == "next_morning"
    assert ("pain_over_limit", "Bench") not in flags_of(df, pain([*baseline, (2, 3, "shoulder", "next_morning")]))


# -------------------------------------------------------------------- stalled


def test_stalled_fires_below_two_and_a_half_percent():
    prev = [session(o, 90.0) for o in (40, 35, 30)]            # e1RM 105
    recent = [session(o, 92.2) for o in (20, 10, 2)]           # 107.57: +2.44 %
    f = flags_of(placed(*prev, *recent))[("stalled", "Bench")]
    assert f.evidence["gain_pct"] == pytest.approx(2.4, abs=0.05)
    assert f.evidence["strength_sessions"] == 3


def test_stalled_silent_at_two_and_a_half_percent():
    prev = [session(o, 90.0) for o in (40, 35, 30)]
    recent = [session(o, 92.25) for o in (20, 10, 2)]          # 107.625: exactly +2.5 %
    assert ("stalled", "Bench") not in flags_of(placed(*prev, *recent))


def test_stalled_needs_three_strength_sessions():
    prev = [session(o, 90.0) for o in (40, 35, 30)]
    recent = [session(o, 90.0) for o in (10, 2)]
    assert ("stalled", "Bench") not in flags_of(placed(*prev, *recent))


# ---------------------------------------------------------------- too_intense


def test_too_intense_median_rpe():
    # (The earlier session is at another weight, so only the median rule can fire.)
    df = placed(session(40, 95.0, rpe=7), session(2, 100.0, rpe=9), session(6, 100.0, [5, 5], rpe=8.5))
    f = flags_of(df)[("too_intense", "Bench")]
    assert f.evidence["median_rpe"] == 9.0
    df = placed(session(40, 95.0, rpe=7), session(2, 100.0, [5, 5], rpe=9), session(6, 100.0, rpe=8.5))
    assert ("too_intense", "Bench") not in flags_of(df)


def test_too_intense_rpe_up_at_the_same_load():
    before = [session(o, 100.0, rpe=7) for o in (30, 25, 20)]
    f = flags_of(placed(*before, session(5, 100.0, rpe=8), session(2, 100.0, rpe=8)))[("too_intense", "Bench")]
    assert (f.evidence["weight_kg"], f.evidence["rise"]) == (100.0, 1.0)
    assert ("too_intense", "Bench") not in flags_of(placed(*before, session(5, 100.0, rpe=7.5)))
    # A heavier load at a higher RPE is not "the same load".
    assert ("too_intense", "Bench") not in flags_of(placed(*before, session(5, 105.0, rpe=8.5)))


# ----------------------------------------------------------------- load_spike


def steady_then(last: float, days: int = 40) -> pd.DataFrame:
    """1,000 kg a day (100 kg x 10) for ``days`` days, then ``last`` kg on T."""
    rows = [session(o, 100.0, [10], rpe=None, exercise="Leg Press") for o in range(1, days)]
    rows.append(session(0, last / 10, [10], rpe=None, exercise="Leg Press"))
    return placed(*rows)


def test_load_spike_fires_above_one_and_a_half():
    # acute = 1000 + 0.25·4000 = 2000, chronic = 1000 + (2/29)·4000 = 1275.9: ratio 1.57
    f = flags_of(steady_then(5000.0))[("load_spike", None)]
    assert f.evidence["acwr_peak"] == pytest.approx(2000 / (1000 + 2 / 29 * 4000), abs=0.01)
    assert "contested" in f.message
    assert f.prescription and "4-week average" in f.prescription


def test_load_spike_silent_below_and_without_history():
    # 4000 kg: acute 1750, chronic 1206.9, ratio 1.45
    assert ("load_spike", None) not in flags_of(steady_then(4000.0))
    assert ("load_spike", None) not in flags_of(steady_then(9000.0, days=20))


# -------------------------------------------------------------------- stopped


def stopped_case(gap: int, peak_pain: float):
    bench = [session(gap + o, 100.0) for o in (0, 4, 8, 12)]
    p = pain([(gap + 1, peak_pain, "shoulder", "after"), (gap + 5, 2, "shoulder", "rest")])
    return placed(*bench), p


def test_stopped_after_two_weeks_with_pain():
    df, p = stopped_case(14, 4)
    f = flags_of(df, p)[("stopped", None)]
    assert f.evidence["days_without"] == 14
    assert f.since == day(13).date()
    assert "mobilize" in f.prescription


def test_stopped_silent_just_below():
    df, p = stopped_case(13, 4)
    assert ("stopped", None) not in flags_of(df, p)
    df, p = stopped_case(14, 3.5)
    assert ("stopped", None) not in flags_of(df, p)


def test_stopped_one_exercise_while_training_on():
    df, p = stopped_case(20, 5)
    squat = [session(o, 120.0, exercise="Squat") for o in range(0, 40, 4)]
    got = flags_of(placed(*[df.to_dict("records")], *squat), p)
    assert ("stopped", "Bench") in got and ("stopped", None) not in got


# -------------------------------------------------------------- prescriptions


def test_endurance_prescription_from_e1rm():
    f = flags_of(placed(*heavy_bench(weight=90.0)), rising_pain(2.0, 3.5))[("pain_rising", "Bench")]
    # e1RM 90 x 5 = 105 kg; half of it, 52.5 kg, is already a 2.5 kg step.
    assert f.prescription.startswith("switch to endurance: 2–3 sets of 15–30 reps at about 52.5 kg")
    assert "40–60 % of your e1RM 105.0 kg" in f.prescription
    assert f.evidence["prescription"]["e1rm_kg"] == 105.0
    assert f.evidence["prescription"]["load_kg"] == 52.5


def test_mobilize_prescription_when_pain_is_high():
    f = flags_of(placed(*heavy_bench()), rising_pain(4.0, 6.0))[("pain_rising", "Bench")]
    assert f.prescription.startswith("mobilize: 25–75 very light reps")


def test_round_load():
    assert round_load(51.2) == 50.0 and round_load(52.0) == 52.5 and round_load(0.4) == 2.5


def test_flag_as_dict_is_json():
    f = flags_of(placed(*heavy_bench()), rising_pain(3.0, 4.0))[("pain_rising", "Bench")]
    d = json.loads(json.dumps(f.as_dict()))
    assert set(d) == {"flag", "exercise", "since", "evidence", "message", "prescription"}
    assert d["since"] == f.since.isoformat()


def test_no_flags_for_a_steady_pain_free_lifter():
    sessions = [session(o, 60.0 + (56 - o) * 0.25, 8, rpe=7.5) for o in range(0, 84, 3)]
    assert evaluate(placed(*sessions), None, AREAS, as_of=T) == []


def test_flag_history_weekly_as_of_dates():
    # Pain rises in the last two weeks only: the flag appears in the final weeks, not before.
    hist = flag_history(placed(*heavy_bench(days=range(0, 70, 3))), rising_pain(3.0, 5.0), AREAS,
                        start=day(69), end=T)
    assert hist.attrs["weeks"][-1] == (T - pd.Timedelta(days=T.weekday())).date()
    rising = hist[hist["flag"] == "pain_rising"]
    assert rising["as_of"].max() == T.date()
    assert rising["as_of"].min() >= day(14).date()
    assert list(hist.columns) == ["week", "as_of", "flag", "exercise", "since", "run_since", "message", "prescription"]
    assert (rising["run_since"] <= rising["since"]).all()
    assert rising["run_since"].nunique() == 1  # one unbroken run


# ------------------------------------------------------- the fast weekly history


def _reference_history(df, p, area_map) -> tuple[list[pd.Timestamp], list[list[Flag]]]:
    """The slow, obvious way: ``evaluate`` from scratch as of every weekly day."""
    from rehab.flags import history_dates

    dates = history_dates(df, p)
    return dates, [evaluate(df, p, area_map, as_of=d) for d in dates]


def _assert_same_history(df, p, area_map) -> pd.DataFrame:
    from rehab.flag_rules import prepare
    from rehab.flag_weeks import flags_by_week

    dates, slow = _reference_history(df, p, area_map)
    fast = flags_by_week(prepare(df, p, area_map), dates)
    assert len(fast) == len(slow)
    for d, got, want in zip(dates, fast, slow, strict=True):
        assert got == want, d  # every field, evidence included
    hist = flag_history(df, p, area_map)
    pd.testing.assert_frame_equal(hist, flag_history(df, p, area_map, reference=True))
    assert hist.attrs == flag_history(df, p, area_map, reference=True).attrs
    assert len(hist) == sum(len(x) for x in slow)
    return hist


def test_fast_history_equals_weekly_evaluate_on_the_demo_scenario(db, tmp_path):
    """Both demo stories (bench flags that clear, squat flags still active) give the same weeks either way."""
    import datetime as dt

    from rehab.analysis import Analysis
    from rehab.demo import BENCH, SQUAT, add_scenario_pain, scenario_export
    from rehab.ingest import import_file

    end = dt.date(2026, 11, 22)
    path = tmp_path / "demo.csv"
    entries = scenario_export(path, kind="demo", seed=5, end=end)
    rep = import_file(db, path, display_name="demo.csv", unit="kg")
    add_scenario_pain(db, entries, rep.batch_id)
    a = Analysis.load(db, as_of=end)
    hist = _assert_same_history(a.placed_all, a.pain, a.area_map)
    assert {BENCH, SQUAT} <= set(hist["exercise"].dropna())  # the comparison covered flags, not just silence
    assert len(set(hist["flag"])) >= 4


def test_fast_history_equals_weekly_evaluate_on_noisy_data():
    """Random weights, RPE and daily pain in every context and area: every rule fires somewhere, and
    its near misses are where a shortcut would go wrong."""
    rng = np.random.default_rng(11)
    rows = []
    for offset in range(0, 420):
        if rng.random() < 0.45 or 200 < offset < 230:  # a gap of a month: stopped can fire
            continue
        for ex, base in (("Bench", 80.0), ("Squat", 110.0), ("Row", 60.0)):
            if rng.random() < 0.6:
                reps = int(rng.choice([3, 5, 5, 8, 10, 15, 20]))
                w = round(base * (1.1 - reps / 40) * rng.uniform(0.9, 1.05) / 2.5) * 2.5
                rpe = float(rng.choice([6, 7, 8, 8.5, 9, 9.5, 10])) if rng.random() < 0.8 else None
                rows += session(offset, w, reps, rpe, exercise=ex, n=int(rng.integers(1, 4)))
    df = placed(rows)
    days = [o for o in range(0, 420) if rng.random() < 0.7]
    p = pain([(o, float(rng.integers(0, 9)), rng.choice(["shoulder", "knee", "wrist", None]),
               str(rng.choice(["rest", "during", "after", "next_morning"]))) for o in days])
    area_map = {**AREAS, "Row": ()}  # an exercise with unknown areas counts every pain
    hist = _assert_same_history(df, p, area_map)
    assert {"pain_rising", "pain_over_limit", "stalled", "too_intense"} <= set(hist["flag"])
