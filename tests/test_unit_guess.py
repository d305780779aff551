"""The kg/lb guess for exports that do not say (rehab.imports.unit_guess): its signs, its evidence, its caution."""

from __future__ import annotations

import csv
import random

import pandas as pd
import pytest

from rehab.imports.unit_guess import KG_PER_LB, guess_unit


def _s(values) -> pd.Series:
    return pd.Series([v if isinstance(v, str) else repr(float(v)) for v in values], dtype="str")


def _log(rng: random.Random, lifts: dict[str, list[float]], n: int = 300) -> pd.DataFrame:
    """Rows of (exercise, weight, reps) drawn from per-exercise weight choices."""
    rows = []
    for _ in range(n):
        ex = rng.choice(list(lifts))
        rows.append((ex, rng.choice(lifts[ex]), rng.choice([5, 6, 8, 10, 12])))
    return pd.DataFrame(rows, columns=["exercise", "weight", "reps"])


LB_LIFTS = {"Squat (Barbell)": [135, 185, 225, 245], "Bench Press (Barbell)": [95, 135, 155, 185],
            "Deadlift (Barbell)": [185, 225, 275, 315], "Lateral Raise (Dumbbell)": [15, 20, 25],
            "Bicep Curl (Dumbbell)": [20, 25, 30, 35]}
KG_LIFTS = {"Squat (Barbell)": [60, 80, 100, 102.5], "Bench Press (Barbell)": [50, 60, 62.5, 70],
            "Deadlift (Barbell)": [100, 120, 140, 142.5], "Lateral Raise (Dumbbell)": [6, 8, 10],
            "Bicep Curl (Dumbbell)": [10, 12, 14]}


def test_a_pound_log_with_float_noise_is_pounds_and_says_why():
    log = _log(random.Random(1), LB_LIFTS)
    weights = [("185.00000000000003" if w == 185 and i % 3 == 0 else f"{w}") for i, w in enumerate(log["weight"])]
    g = guess_unit(pd.Series(weights), log["exercise"], log["reps"].astype("str"))
    assert g.unit == "lb"
    text = " ".join(g.evidence)
    assert "185.00000000000003" in text and "conversion noise" in text
    assert "45 + 10·k" in text
    # 275–315 lb × 10 reps read as kg is a 420 kg deadlift: named as implausible.
    assert "Deadlift (Barbell)" in text and "almost no lifter" in text


def test_a_kilogram_log_is_kilograms():
    log = _log(random.Random(2), KG_LIFTS)
    g = guess_unit(_s(log["weight"]), log["exercise"], log["reps"].astype("str"))
    assert g.unit == "kg", g.evidence
    assert any("1.25 kg plates" in e for e in g.evidence)
    assert g.points["lb"] == 0


def test_a_pound_log_that_switched_to_kilograms_part_way_is_still_pounds():
    """Round 45/135 beside 26.4554… (12 kg) and 44.09 (20 kg): both halves point to pounds."""
    rng = random.Random(3)
    round_half = [rng.choice([45, 95, 135, 185, 225]) for _ in range(150)]
    kg_entered = [rng.choice([12, 20, 16, 40]) / KG_PER_LB for _ in range(150)]
    written = [str(w) for w in round_half] + [f"{w:.2f}" if i % 2 else repr(w) for i, w in enumerate(kg_entered)]
    g = guess_unit(pd.Series(written))
    assert g.unit == "lb", g.evidence
    assert any("whole kilograms written in pounds" in e for e in g.evidence)
    few = guess_unit(pd.Series(["44.09", "26.4554", "44.09"] + ["45", "135"] * 20))
    assert any("44.09 = 20 kg, 26.4554 = 12 kg" in e for e in few.evidence) and few.unit == "lb"
    # Each half alone: neither fools it into kilograms.
    assert guess_unit(pd.Series(written[150:])).unit == "lb"
    assert guess_unit(pd.Series(written[:150])).unit in ("lb", None)


def test_a_kilogram_log_with_some_sets_entered_in_pounds_is_kilograms():
    rng = random.Random(4)
    round_kg = [rng.choice([60, 80, 100, 102.5, 62.5]) for _ in range(150)]
    lb_entered = [f"{rng.choice([135, 45, 95, 185]) * KG_PER_LB:.2f}" for _ in range(40)]  # 61.23, 20.41, …
    g = guess_unit(pd.Series([str(w) for w in round_kg] + lb_entered))
    assert g.unit == "kg", g.evidence
    assert any("round pounds written in kilograms" in e and "61.23 = 135 lb" in e for e in g.evidence)


def test_weak_or_contradicting_evidence_pre_selects_nothing():
    # Dumbbells on 5-steps only: true in either unit.
    assert guess_unit(_s([10, 15, 20, 25, 30, 20, 15, 10] * 5)).unit is None
    assert guess_unit(_s([20, 40])).unit is None  # too few
    # Kilogram plates beside pound-plate noise: contradicting, so the person decides.
    mixed = [str(w) for w in [60, 62.5, 80, 102.5, 42.5] * 10] + ["185.00000000000003", "135.00000000000003"]
    g = guess_unit(pd.Series(mixed))
    assert g.points["lb"] and g.points["kg"] and g.unit is None


def test_implausible_strength_read_as_kilograms_points_to_pounds():
    log = pd.DataFrame({"exercise": ["Lateral Raise (Dumbbell)"] * 8 + ["Leg Press"] * 8,
                        "weight": ["40"] * 8 + ["600"] * 8, "reps": ["10"] * 16})
    g = guess_unit(log["weight"], log["exercise"], log["reps"])
    text = " ".join(g.evidence)
    assert "Lateral Raise (Dumbbell)" in text and "Leg Press" not in text  # machines are not judged
    assert g.points["lb"] >= 2


@pytest.mark.corpus
def test_real_strong_exports_are_guessed_right_or_not_at_all(corpus):
    """The corpus's Strong files without a unit: the guess is never the wrong unit, and lb files are not kg."""
    from rehab.imports.pipeline import preview_file

    with open(corpus / "EXPECTED.tsv", newline="") as fh:
        truth = {r["file"]: r["unit_flag"] for r in csv.DictReader(fh, delimiter="\t") if r["unit_flag"] != "-"}
    assert truth
    for name, unit in truth.items():
        p = preview_file(corpus / name)
        assert p.needs_unit
        assert p.unit_guess in (unit, None), (name, p.unit_guess, p.unit_evidence)
        assert p.unit_evidence
    lb_files = [n for n, u in truth.items() if u == "lb"]
    assert any(preview_file(corpus / n).unit_guess == "lb" for n in lb_files)
