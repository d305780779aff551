"""Guess whether an export's weights are kilograms or pounds, with the evidence in words.

Only for files that do not say (Strong's form A, FitNotes without a unit column, a generic CSV);
the guess is a suggestion the Import page shows and the person confirms, never applied alone.

The signs, each counted as points for one unit:

* **Plates.** A barbell loaded with pairs of 45/25/10/5 lb plates on a 45 lb bar weighs 45 + 10·k lb
  (135, 185, 225, 315), so in pound logs most barbell-range weights are odd multiples of 5; in kilogram
  logs (20 kg bar, pairs of 20/10/5/2.5/1.25 kg) they are not, and 42.5, 62.5, 102.5 (1.25 kg plates)
  appear. Weak on its own: dumbbells and machines blur it.
* **Float noise.** An app that stores kilograms and shows pounds exports values such as
  ``185.00000000000003`` or ``149.99999999999997``: a round number in the unit the person typed, after a
  round trip through the stored unit. Noise means the export is in pounds.
* **Converted entries.** A log that switched unit part-way holds the other unit's round numbers
  converted: ``26.4554…`` (12 kg) and ``44.09`` (20 kg) in a pound log, ``61.23`` (135 lb) in a kilogram
  log. A value that is not round itself but becomes a round kilogram figure × 0.4536 says "pounds";
  one that becomes a round pound figure ÷ 0.4536 says "kilograms".
* **Implausible strength.** If reading the numbers as kilograms gives an estimated 1RM beyond what
  almost no lifter reaches (a 330 kg deadlift, 40 kg lateral raises), they are pounds.

Weak or contradicting evidence gives no guess: the person picks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

KG_PER_LB = 0.45359237

#: Estimated 1RM (Epley, sets of 1–10 reps), in kg, that almost no lifter exceeds: roughly the
#: "elite" standard for a heavy man (strengthlevel.com / ExRx standards), so a log above it, read as
#: kilograms, is much more likely pounds. First matching name fragment wins (lower case).
IMPLAUSIBLE_KG: tuple[tuple[str, float | None, str | None], ...] = (
    # (name fragment, cap in kg or None = never judged, a fragment the name must also hold)
    ("leg press", None, None), ("leg curl", None, None), ("leg extension", None, None),
    ("machine", None, None), ("cable", None, None), ("smith", None, None), ("band", None, None),
    ("lateral raise", 35.0, None), ("front raise", 40.0, None), ("rear delt", 40.0, "dumbbell"),
    ("fly", 45.0, "dumbbell"), ("curl", 100.0, None), ("skull", 100.0, None),
    ("deadlift", 330.0, None), ("squat", 300.0, None), ("bench", 230.0, None),
    ("overhead press", 140.0, None), ("military", 140.0, None), ("shoulder press", 140.0, "barbell"),
    ("row", 200.0, "barbell"),
)
#: Weights from this many kg/lb up count as barbell-range for the plate sign.
BARBELL_MIN = 45.0
#: Points needed for a guess, when the other unit has none (else the lead needed).
MIN_POINTS = 2
LEAD_NEEDED = 3


@dataclass(frozen=True)
class UnitGuess:
    """``unit``: 'kg', 'lb' or None (weak or contradicting evidence). ``evidence``: one sentence per
    sign found, for the person to judge. ``points``: the score per unit."""

    unit: str | None
    evidence: tuple[str, ...] = ()
    points: dict[str, int] = field(default_factory=dict)


def _numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Positive weights as floats, and how many decimals each was written with."""
    text = raw.astype("str").str.strip().str.replace(",", ".", regex=False)
    values = pd.to_numeric(text, errors="coerce")
    keep = values > 0
    decimals = text[keep].str.extract(r"\.(\d+)$", expand=False).str.len().fillna(0).astype("int64")
    return values[keep].astype("float64"), decimals


def _near_multiple(x: pd.Series, step: float, tol: pd.Series | float) -> pd.Series:
    return (x - (x / step).round() * step).abs() <= tol


def _examples(values: pd.Series, k: int = 3, exact: bool = False) -> str:
    """A few distinct values as written (``exact``: every digit, to show float noise)."""
    return ", ".join(repr(float(v)) if exact else f"{v:g}" for v in values.drop_duplicates().head(k))


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _cap(name: str) -> float | None:
    low = name.lower()
    for fragment, cap, also in IMPLAUSIBLE_KG:
        if re.search(rf"\b{re.escape(fragment)}", low):
            return cap if also is None or also in low else None
    return None


def guess_unit(weights: pd.Series, exercises: pd.Series | None = None, reps: pd.Series | None = None) -> UnitGuess:
    """Weigh the signs (module docstring) in the raw weight column and, when given, the exercise names
    and reps of the same rows; return the unit they point to (or None) and the evidence."""
    w, decimals = _numbers(weights)
    points = {"kg": 0, "lb": 0}
    evidence: list[str] = []
    if len(w) < 5:
        return UnitGuess(None, ("Too few weights to tell.",), points)

    # Float noise: within a millionth of a 2-decimal number, written with many decimals.
    noisy = (decimals >= 8) & ((w - w.round(2)).abs() < 1e-6) & ((w - w.round(2)).abs() > 0)
    round_ = _near_multiple(w, 0.25, 1e-6)
    # Converted entries: not round, but round in the other unit (tolerance from the decimals written).
    tol = pd.Series(np.where(decimals >= 8, 1e-4, 1.0 * 10.0 ** -decimals.clip(upper=7)), index=w.index)
    # One decimal is too coarse to tell a conversion from a chance (43.6 is 19.78 kg, near enough to anything).
    odd = ~round_ & ~noisy & (decimals >= 2)
    from_kg = odd & _near_multiple(w * KG_PER_LB, 0.5, tol * KG_PER_LB * 1.01) & (w * KG_PER_LB >= 1)
    from_lb = odd & ~from_kg & _near_multiple(w / KG_PER_LB, 2.5, tol / KG_PER_LB * 1.01) & (w / KG_PER_LB >= 2.5)

    if noisy.sum():
        points["lb"] += 2
        shown = _examples(w[noisy], 2, exact=True)
        evidence.append(f"{_count(int(noisy.sum()), 'value carries', 'values carry')} conversion noise ({shown}): "
                        "an app that stores kilograms wrote them as pounds.")
    if from_kg.sum() >= 2:
        points["lb"] += 2
        pairs = ", ".join(f"{v:g} = {round(v * KG_PER_LB * 2) / 2:g} kg" for v in w[from_kg].drop_duplicates().head(3))
        evidence.append(f"{int(from_kg.sum())} values are whole kilograms written in pounds ({pairs}): a pound "
                        "log with some sets entered in kg.")
    if from_lb.sum() >= 2:
        points["kg"] += 2
        pairs = ", ".join(f"{v:g} = {round(v / KG_PER_LB * 2) / 2:g} lb" for v in w[from_lb].drop_duplicates().head(3))
        evidence.append(f"{int(from_lb.sum())} values are round pounds written in kilograms ({pairs}): a "
                        "kilogram log with some sets entered in lb.")

    # Plates, on the round values only (converted ones say nothing about the plates).
    rw = w[round_ | noisy].round(2)
    bar = rw[(rw >= BARBELL_MIN) & _near_multiple(rw, 5, 1e-6)]
    if len(bar) >= 20:
        plate = _near_multiple(bar - 45, 10, 1e-6)
        share = float(plate.mean())
        if share >= 0.55:
            points["lb"] += 1
            evidence.append(f"{share:.0%} of the barbell-range weights are 45 + 10·k ({_examples(bar[plate])}…): "
                            "pound plates on a 45 lb bar.")
        elif share <= 0.40:
            points["kg"] += 1
            evidence.append(f"Only {share:.0%} of the barbell-range weights are 45 + 10·k (pound plate totals); "
                            "the rest sit on kilogram steps.")
    heavy = rw[rw >= 40]
    quarter = heavy[_near_multiple(heavy - 2.5, 5, 1e-6)]
    if len(heavy) >= 20 and len(quarter) / len(heavy) >= 0.05:
        points["kg"] += 1
        evidence.append(f"{len(quarter)} barbell-range weights end in 2.5 or 7.5 ({_examples(quarter)}): "
                        "1.25 kg plates.")

    # Strength that would be implausible in kilograms.
    if exercises is not None and reps is not None:
        r = pd.to_numeric(reps.astype("str").str.strip(), errors="coerce").reindex(w.index)
        ex = exercises.astype("str").str.strip().reindex(w.index)
        ok = (r >= 1) & (r <= 10)
        e1 = (w * (1 + r / 30)).where(ok)
        best = e1.groupby(ex).max().dropna()
        over = [(name, v, cap) for name, v in best.items() if (cap := _cap(str(name))) is not None and v > cap]
        if over:
            points["lb"] += 2 + (len(over) > 1)
            shown = "; ".join(f"{name}: {v:.0f} kg (beyond {cap:.0f} kg, {v * KG_PER_LB:.0f} kg if pounds)"
                              for name, v, cap in sorted(over, key=lambda o: -o[1] / o[2])[:3])
            evidence.append(f"Read as kilograms, {len(over)} exercise{'s' if len(over) > 1 else ''} would have an "
                            f"estimated 1RM almost no lifter reaches — {shown}.")

    lb, kg = points["lb"], points["kg"]
    unit = None
    if lb >= MIN_POINTS and (kg == 0 or lb >= kg + LEAD_NEEDED):
        unit = "lb"
    elif kg >= MIN_POINTS and (lb == 0 or kg >= lb + LEAD_NEEDED):
        unit = "kg"
    if not evidence:
        evidence.append("No sign either way: the weights fit both units.")
    return UnitGuess(unit, tuple(evidence), points)
