"""Spectrum placement: band edges, load wins over reps, reps-only marking, the reference e1RM."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehab.analytics.spectrum import BAND_NAMES, BANDS, e1rm, place_sets

DAY = pd.Timestamp("2026-03-02")


def frame(rows: list[dict]) -> pd.DataFrame:
    base = {"day": DAY, "exercise": "Bench", "set_kind": "normal", "reps": np.nan, "weight_kg": np.nan,
            "rpe": np.nan, "duration_s": np.nan, "distance_m": np.nan}
    return pd.DataFrame([{**base, **r} for r in rows])


# 75 kg x 10 reps: Epley e1RM = 75 * (1 + 10/30) = 100 kg exactly; sets above 10 reps never change it.
REF = {"weight_kg": 75.0, "reps": 10}


def place_one(**row) -> pd.Series:
    out = place_sets(frame([REF, row]))
    assert out.loc[0, "ref_e1rm"] == pytest.approx(100.0)
    return out.iloc[1]


def test_bands_table_is_the_one_place():
    assert BAND_NAMES == ("pf_rom", "mobilize", "endurance", "strength", "heavy")
    assert all(b.colour.startswith("#") and b.label and b.description for b in BANDS)
    assert {b.name: b.reps for b in BANDS}["endurance"] == (12, 50)


@pytest.mark.parametrize(("weight", "reps", "rpe", "band"), [
    (67.0, 15, np.nan, "strength"),     # 67 % is strength even at 15 reps: load wins
    (66.9, 15, np.nan, "endurance"),    # just below the strength floor
    (40.0, 20, np.nan, "endurance"),    # 40 % is the endurance floor
    (39.9, 30, np.nan, "mobilize"),     # below 40 %: mobilize
    (50.0, 3, np.nan, "endurance"),     # 3 reps at 50 %: load wins over reps
    (70.0, 5, np.nan, "heavy"),         # < 6 reps at strength-level load
    (70.0, 6, np.nan, "strength"),      # 6 reps: strength
    (50.0, 20, 3.0, "mobilize"),        # RPE <= 3 is very easy
    (50.0, 20, 3.5, "endurance"),       # just above
    (70.0, 8, 3.0, "strength"),         # an "easy" RPE on a strength-level load: load wins
])
def test_load_placement_edges(weight, reps, rpe, band):
    row = place_one(weight_kg=weight, reps=reps, rpe=rpe)
    assert row["band"] == band
    assert row["placed_by"] == "load"
    assert row["rel_load"] == pytest.approx(weight / 100.0)


@pytest.mark.parametrize(("reps", "band"), [(5, "heavy"), (6, "strength"), (12, "strength"), (13, "endurance"),
                                            (24, "endurance"), (25, "pf_rom"), (60, "pf_rom")])
def test_bodyweight_sets_placed_by_reps_and_marked(reps, band):
    out = place_sets(frame([{"exercise": "Push Up", "reps": reps}]))
    assert out.loc[0, "band"] == band
    assert out.loc[0, "placed_by"] == "reps"
    assert pd.isna(out.loc[0, "rel_load"])


def test_bodyweight_very_easy_is_mobilize():
    out = place_sets(frame([{"exercise": "Cat Cow", "reps": 15, "rpe": 2}]))
    assert out.loc[0, "band"] == "mobilize"
    assert out.loc[0, "placed_by"] == "reps"


def test_loaded_set_without_reference_tops_out_at_endurance():
    # Only 30-rep sets: no e1RM-grade set, so no reference; a loaded set is never PF-ROM.
    out = place_sets(frame([{"weight_kg": 20.0, "reps": 30}]))
    assert pd.isna(out.loc[0, "ref_e1rm"])
    assert (out.loc[0, "band"], out.loc[0, "placed_by"]) == ("endurance", "reps")


def test_cardio_holds_and_warmups_not_placed():
    out = place_sets(frame([
        REF,
        {"exercise": "Plank", "duration_s": 60.0, "reps": 0},
        {"exercise": "Cycling", "distance_m": 10000.0, "duration_s": 1800.0},
        {"set_kind": "warmup", "weight_kg": 40.0, "reps": 10},
    ]))
    assert out.loc[1:, "band"].isna().all()
    assert out.loc[1:, "placed_by"].isna().all()
    assert out.loc[0, "working"] and not out.loc[3, "working"]


def test_warmups_do_not_set_the_reference():
    out = place_sets(frame([{"set_kind": "warmup", "weight_kg": 100.0, "reps": 5}, REF]))
    assert out.loc[1, "ref_e1rm"] == pytest.approx(100.0)


def test_reference_is_trailing_12_weeks_and_never_looks_ahead():
    rows = [
        {**REF, "day": DAY},
        {"weight_kg": 50.0, "reps": 20, "day": DAY + pd.Timedelta(days=83)},  # still within 84 days
        {"weight_kg": 50.0, "reps": 20, "day": DAY + pd.Timedelta(days=84)},  # the reference has expired
        {"weight_kg": 90.0, "reps": 10, "day": DAY + pd.Timedelta(days=90)},  # a later PR: 120 kg
        {"weight_kg": 60.0, "reps": 20, "day": DAY + pd.Timedelta(days=90)},  # same day: sees the PR
    ]
    out = place_sets(frame(rows))
    assert out.loc[1, "ref_e1rm"] == pytest.approx(100.0)
    assert out.loc[1, "placed_by"] == "load"
    assert pd.isna(out.loc[2, "ref_e1rm"]) and out.loc[2, "placed_by"] == "reps"
    assert out.loc[0, "ref_e1rm"] == pytest.approx(100.0)  # not raised by the later PR
    assert out.loc[4, "ref_e1rm"] == pytest.approx(120.0)
    assert out.loc[4, "band"] == "endurance"


def test_reference_is_per_exercise():
    out = place_sets(frame([REF, {"exercise": "Squat", "weight_kg": 60.0, "reps": 5}]))
    assert out.loc[1, "ref_e1rm"] == pytest.approx(70.0)


def test_brzycki_option():
    out = place_sets(frame([{"weight_kg": 100.0, "reps": 10}, {"weight_kg": 50.0, "reps": 20}]), method="brzycki")
    assert out.loc[0, "e1rm"] == pytest.approx(100.0 * 36 / 27)
    assert out.loc[1, "rel_load"] == pytest.approx(50.0 / (100.0 * 36 / 27))
    with pytest.raises(ValueError, match="unknown e1RM method"):
        place_sets(frame([REF]), method="lombardi")


def test_e1rm_only_for_1_to_10_reps_with_weight():
    got = e1rm(pd.Series([100.0, 100.0, 100.0, np.nan, 0.0]), pd.Series([1, 10, 11, 5, 5]))
    assert got.iloc[0] == pytest.approx(100 * (1 + 1 / 30))
    assert got.iloc[1] == pytest.approx(100 * (1 + 10 / 30))
    assert got.iloc[2:].isna().all()


def test_empty_frame_gets_the_columns():
    out = place_sets(frame([]).iloc[0:0])
    assert {"e1rm", "ref_e1rm", "rel_load", "band", "placed_by", "working"} <= set(out.columns)


rows_strategy = st.lists(st.fixed_dictionaries({
    "day": st.integers(0, 200).map(lambda d: DAY + pd.Timedelta(days=d)),
    "exercise": st.sampled_from(["Bench", "Squat", "Push Up"]),
    "set_kind": st.sampled_from(["normal", "normal", "warmup", "drop", "failure"]),
    "reps": st.one_of(st.none(), st.integers(0, 60).map(float)),
    "weight_kg": st.one_of(st.none(), st.floats(0.5, 300, allow_nan=False)),
    "rpe": st.one_of(st.none(), st.sampled_from([2.0, 3.0, 6.0, 8.0, 10.0])),
}), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(rows_strategy)
def test_placement_invariants(rows):
    out = place_sets(frame(rows))
    placeable = out["working"] & (out["reps"] >= 1)
    assert out.loc[placeable, "band"].notna().all()            # every working set with reps is placed
    assert out.loc[~placeable, "band"].isna().all()            # warm-ups, holds and cardio are not
    by_load = out["placed_by"] == "load"
    assert (by_load == (placeable & out["rel_load"].notna())).all()
    has = out["e1rm"].notna() & out["working"]
    assert (out.loc[has, "ref_e1rm"] >= out.loc[has, "e1rm"] - 1e-9).all()  # the day's own sets count
    strong = by_load & (out["rel_load"] >= 0.67)
    assert out.loc[strong, "band"].isin(["strength", "heavy"]).all()
    assert not out.loc[by_load & (out["rel_load"] < 0.67), "band"].isin(["strength", "heavy"]).any()
