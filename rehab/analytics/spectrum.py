"""Where each working set sits on the spectrum of rehab exercise intensity.

Source: Paul Ingraham, *Endurance Training for Pain & Rehab* (PainScience.com):
PF-ROM 25–100 reps, negligible load; mobilize 25–75 reps, light, very easy;
endurance 12–50 reps, moderate; strength 6–12 reps, moderate to high. "Heavy"
(< 6 reps at strength-level load) sits above the rehab spectrum.

The rep ranges overlap, so a set is placed by its *relative load* (weight / the
exercise's reference e1RM) whenever there is one — where reps and load disagree,
load wins. Sets without a load reference (bodyweight, or no set of 1–10 reps of
that exercise in the trailing 12 weeks) are placed by reps alone and marked
``placed_by='reps'``. Warm-ups, timed holds and cardio (no reps) are not placed.

The reference e1RM is computed without any O(n²) scan: best e1RM per
(exercise, day), a time-based rolling max over the trailing 84 days, joined back
on (exercise, day).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

#: e1RM formulas are only trusted on sets of this many reps or fewer.
E1RM_MAX_REPS = 10
#: Trailing window for the reference e1RM (12 weeks), in days, up to and including the set's day.
REFERENCE_DAYS = 84
#: A set logged at this RPE or lower is "very easy" and counts as mobilize (unless its load is strength-level).
MOBILIZE_MAX_RPE = 3.0
#: Mobilize is "light, very easy" and PF-ROM "negligible load": a set logged at this RPE or higher is neither,
#: however light its load or however many its reps — it is endurance work (25 push-ups at RPE 8; 3 × 20 at
#: 35 % of e1RM, RPE 6). Project choice.
EFFORT_RPE = 5.0
#: Reps in reserve read from RPE (10 − RPE) count towards the e1RM up to this many (Helms et al. 2016: RPE
#: below ~6 is poorly calibrated, so more reserve than this is not trusted). Project choice.
E1RM_MAX_RIR = 4.0

_Bound = TypeVar("_Bound", int, float)


@dataclass(frozen=True)
class Band:
    """One band of the spectrum.

    ``reps``: the article's rep range (inclusive; ``None`` = open).
    ``load``: relative load range as a fraction of e1RM, ``[lo, hi)`` (``None`` = open);
    ``(0, 0)`` means unloaded. ``reps_only``: the non-overlapping rep cut used when a set
    has no load reference (bodyweight), inclusive.
    """

    name: str
    label: str
    reps: tuple[int | None, int | None]
    load: tuple[float | None, float | None]
    reps_only: tuple[int | None, int | None]
    description: str
    colour: str


#: THE table of bands (lightest first). Edit here and only here.
#: Sources: rep ranges and descriptions from Ingraham (PainScience); load cut-offs
#: (≥ 67 % e1RM strength, 40–67 % endurance, < 40 % or RPE ≤ 3 mobilize) are the
#: project issue's overlap guidance (67 % e1RM ≈ a 12-rep max by Epley).
#: Colours: Paul Tol's "muted" scheme (cyan, teal, sand, rose, wine), told apart with every common
#: colour-vision deficiency and ordered light to dark so the heavier bands read heavier.
BANDS: tuple[Band, ...] = (
    Band("pf_rom", "PF-ROM", (25, 100), (0.0, 0.0), (25, None),
         "Passive/free range of motion: 25–100 reps, negligible load (unloaded, high reps).", "#88ccee"),
    Band("mobilize", "Mobilize", (25, 75), (None, 0.40), (None, None),
         "Mobilization: 25–75 reps, light, very easy (< 40 % e1RM or RPE ≤ 3).", "#44aa99"),
    Band("endurance", "Endurance", (12, 50), (0.40, 0.67), (13, 24),
         "Endurance training: 12–50 reps, moderate load (40–67 % e1RM).", "#ddcc77"),
    Band("strength", "Strength", (6, 12), (0.67, None), (6, 12),
         "Strength training: 6–12 reps, moderate to high load (≥ 67 % e1RM).", "#cc6677"),
    Band("heavy", "Heavy", (1, 5), (0.67, None), (1, 5),
         "Heavy: fewer than 6 reps at strength-level load; above the rehab spectrum.", "#882255"),
)
BAND_NAMES: tuple[str, ...] = tuple(b.name for b in BANDS)
BY_NAME: dict[str, Band] = {b.name: b for b in BANDS}


def _cut(bound: _Bound | None, what: str) -> _Bound:
    """A bound of :data:`BANDS` that :func:`place_sets` cuts at (so it must not be open)."""
    if bound is None:
        raise ValueError(f"BANDS: {what} is open, but place_sets cuts there")
    return bound


#: The cuts :func:`place_sets` makes, read from :data:`BANDS` (the charts draw the same ones). By load
#: (fractions of the reference e1RM): strength from STRENGTH_FLOOR, endurance from ENDURANCE_FLOOR; at strength
#: load, up to HEAVY_MAX_REPS reps is heavy.
STRENGTH_FLOOR: float = _cut(BY_NAME["strength"].load[0], "strength's lowest load")
ENDURANCE_FLOOR: float = _cut(BY_NAME["endurance"].load[0], "endurance's lowest load")
HEAVY_MAX_REPS: int = _cut(BY_NAME["heavy"].reps[1], "heavy's most reps")
#: By reps alone (no load reference), inclusive: up to REPS_ONLY_HEAVY_MAX heavy, then strength, then endurance;
#: PF-ROM from REPS_ONLY_PF_ROM_MIN.
REPS_ONLY_HEAVY_MAX: int = _cut(BY_NAME["heavy"].reps_only[1], "heavy's most reps by reps alone")
REPS_ONLY_STRENGTH_MAX: int = _cut(BY_NAME["strength"].reps_only[1], "strength's most reps by reps alone")
REPS_ONLY_ENDURANCE_MAX: int = _cut(BY_NAME["endurance"].reps_only[1], "endurance's most reps by reps alone")
REPS_ONLY_PF_ROM_MIN: int = _cut(BY_NAME["pf_rom"].reps_only[0], "PF-ROM's fewest reps by reps alone")
#: Bands that count as strength work for the flags and hard sets.
STRENGTH_BANDS = ("strength", "heavy")


def epley(weight, reps):
    """Epley: w · (1 + r/30)."""
    return weight * (1 + reps / 30.0)


def brzycki(weight, reps):
    """Brzycki: w · 36 / (37 − r) (defined for r < 37)."""
    return weight * 36.0 / (37.0 - reps)


FORMULAS = {"epley": epley, "brzycki": brzycki}


def reps_in_reserve(rpe) -> pd.Series | float:
    """Reps in reserve read from an RPE (10 − RPE, at most :data:`E1RM_MAX_RIR`); 0 when no RPE is logged."""
    x = pd.to_numeric(rpe, errors="coerce")
    rir = (10.0 - x).clip(lower=0.0, upper=E1RM_MAX_RIR)
    return rir.fillna(0.0) if isinstance(rir, pd.Series) else (0.0 if np.isnan(rir) else float(rir))


def e1rm(weight: pd.Series, reps: pd.Series, method: str = "epley", rpe: pd.Series | None = None) -> pd.Series:
    """Estimated 1RM (kg) for sets of 1–``E1RM_MAX_REPS`` reps with weight > 0; NaN otherwise.

    With ``rpe``, a set's reps in reserve count as reps it could have done: 8 reps at RPE 7 are read as
    8 + 3 (:func:`reps_in_reserve`), so an easy set does not understate the lifter's strength.
    """
    if method not in FORMULAS:
        raise ValueError(f"unknown e1RM method {method!r}: use one of {', '.join(FORMULAS)}")
    w = pd.to_numeric(weight, errors="coerce").astype("float64")
    r = pd.to_numeric(reps, errors="coerce").astype("float64")
    ok = (w > 0) & (r >= 1) & (r <= E1RM_MAX_REPS)
    effective = r if rpe is None else r + reps_in_reserve(pd.Series(rpe, index=r.index).astype("float64"))
    return FORMULAS[method](w, effective).where(ok)


def _reference(df: pd.DataFrame) -> pd.Series:
    """Best e1RM of the exercise over the trailing REFERENCE_DAYS up to each set's day (working sets)."""
    e = df["e1rm"].where(df["working"])
    if e.isna().all():
        return pd.Series(np.nan, index=df.index, dtype="float64")
    daily = (pd.DataFrame({"exercise": df["exercise"], "day": df["day"], "e1rm": e})
             .groupby(["exercise", "day"], sort=True, observed=True)["e1rm"].max()
             .reset_index(level="exercise"))
    # Every (exercise, day) with a set is a row (NaN when no e1RM-grade set), so the
    # time-based window is exact for each day; rolling max skips the NaNs.
    ref = (daily.groupby("exercise", sort=False, observed=True)["e1rm"]
           .rolling(f"{REFERENCE_DAYS}D", min_periods=1).max())
    idx = pd.MultiIndex.from_arrays([df["exercise"], df["day"]])
    return pd.Series(ref.reindex(idx).to_numpy(), index=df.index, dtype="float64")


def place_sets(sets: pd.DataFrame, method: str = "epley") -> pd.DataFrame:
    """Return ``sets`` plus the placement columns.

    Added columns: ``working`` (bool: set_kind ≠ warmup), ``e1rm`` (kg, NaN unless
    1–10 reps with weight), ``ref_e1rm`` (kg, the exercise's best e1RM over the
    trailing 12 weeks up to that day; NaN if none), ``rel_load`` (weight / ref_e1rm,
    fraction, NaN without both), ``band`` (one of :data:`BAND_NAMES`, null when not
    placed), ``placed_by`` ('load' | 'reps' | null).
    """
    df = sets.copy()
    if df.empty:
        for c, dtype in (("working", "bool"), ("e1rm", "float64"), ("ref_e1rm", "float64"),
                         ("rel_load", "float64"), ("band", "str"), ("placed_by", "str")):
            df[c] = pd.Series(dtype=dtype)
        return df
    df["day"] = pd.to_datetime(df["day"]).dt.normalize()
    weight = pd.to_numeric(df["weight_kg"], errors="coerce").astype("float64")
    reps = pd.to_numeric(df["reps"], errors="coerce").astype("float64")
    rpe = pd.to_numeric(df["rpe"], errors="coerce").astype("float64") if "rpe" in df else pd.Series(
        np.nan, index=df.index)
    df["working"] = (df["set_kind"].astype("str") != "warmup").to_numpy()
    df["e1rm"] = e1rm(weight, reps, method, rpe)
    df["ref_e1rm"] = _reference(df)
    loaded = weight > 0
    df["rel_load"] = (weight / df["ref_e1rm"]).where(loaded)

    placeable = df["working"] & (reps >= 1)
    by_load = placeable & df["rel_load"].notna()
    by_reps = placeable & ~by_load
    rel = df["rel_load"]

    easy = rpe <= MOBILIZE_MAX_RPE
    effortful = rpe >= EFFORT_RPE
    unplaced = np.array(None, dtype=object)  # where no rule holds: None, not a band
    by_load_choices: list[npt.ArrayLike] = [np.where(reps <= HEAVY_MAX_REPS, "heavy", "strength"), "mobilize",
                                            "endurance"]
    load_band = np.select(
        [rel >= STRENGTH_FLOOR,
         easy | ((rel < ENDURANCE_FLOOR) & ~effortful),
         rel.notna()],
        by_load_choices,
        default=unplaced,
    )
    # By reps alone: unloaded high reps is PF-ROM while easy (an effortful one is endurance work); a loaded
    # set without a reference tops out at endurance.
    reps_band = np.select(
        [easy & (reps < REPS_ONLY_PF_ROM_MIN) & ~loaded,
         reps <= REPS_ONLY_HEAVY_MAX,
         reps <= REPS_ONLY_STRENGTH_MAX,
         loaded | (reps <= REPS_ONLY_ENDURANCE_MAX) | effortful,
         reps >= REPS_ONLY_PF_ROM_MIN],
        ["mobilize", "heavy", "strength", "endurance", "pf_rom"],
        default=unplaced,
    )
    band = pd.Series(pd.NA, index=df.index, dtype="str")
    band[by_load] = pd.Series(load_band, index=df.index)[by_load]
    band[by_reps] = pd.Series(reps_band, index=df.index)[by_reps]
    df["band"] = band
    placed_by = pd.Series(pd.NA, index=df.index, dtype="str")
    placed_by[by_load] = "load"
    placed_by[by_reps] = "reps"
    df["placed_by"] = placed_by
    return df
