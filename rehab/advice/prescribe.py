"""What to do instead, and how heavy: feasible loads on real plate steps, and alternative exercises.

A load for a rep range is chosen so the top of the range is reachable with reps
to spare by the app's own e1RM model (Epley, RPE-adjusted): for ``reps_hi`` reps
and ``rir`` reps in reserve, ``w = e1RM ÷ (1 + (reps_hi + rir) / 30)``, then
rounded *down* to the next real step in the person's unit, so rounding can never
make it infeasible. Bodyweight work gets a rep target or an easier variation,
never a load. Alternatives come from :data:`FAMILIES`: movement families with
the body areas each member loads, gentlest first, so a painful area can be
spared ("lower back hurts on squats" → leg press).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rehab.advice.model import DOSES, THRESHOLDS, Prescription
from rehab.analytics.areas import areas_for, base_name
from rehab.analytics.spectrum import epley

LB_PER_KG = 2.2046226218
KG_PER_LB = 0.45359237

#: Plate steps per equipment: (kg step, lb step). A barbell moves by a pair of the smallest plates
#: (2 × 1.25 kg, 2 × 2.5 lb); dumbbells, cables and machines by smaller steps (project choice).
STEPS: dict[str, tuple[float, float]] = {
    "barbell": (2.5, 5.0), "dumbbell": (1.0, 2.5), "kettlebell": (4.0, 5.0), "cable": (1.25, 2.5),
    "machine": (1.25, 2.5), "other": (2.5, 5.0),
}
_EQUIPMENT = [
    ("dumbbell", r"dumb+ell|\bdb\b|halter|hantel(?!.*lang)|kurzhantel|mancuerna|halt[eè]re|manubri"),
    ("kettlebell", r"kettle|\bkb\b|kugelhantel|pesa rusa"),
    ("cable", r"cable|kabel|polia|pulley|cavo|poulie|\bband\b|banded"),
    ("barbell", r"leg press|hack squat|plate loaded|\bsmith\b|multipower"),  # plate-loaded: pairs of plates
    ("machine", r"machine|maschine|m[aá]quina|macchina|lever|pec deck|seated row"
                r"|leg extension|leg curl|pulldown|chest press"),
    ("barbell", r"barbell|langhantel|\bbarra\b|bilanciere|\bbarre\b|\bbar\b|trap|\bez\b|squat|deadlift|bench"),
]


def equipment(exercise: str) -> str:
    text = exercise.casefold()
    for kind, pat in _EQUIPMENT:
        if re.search(pat, text):
            return kind
    return "other"


def round_down(kg: float, exercise: str, unit: str) -> tuple[float, float] | None:
    """``kg`` rounded down to the exercise's step in ``unit``: (value in unit, the same in kg), or None when
    not even one step fits."""
    step_kg, step_lb = STEPS[equipment(exercise)]
    if unit == "lb":
        v = math.floor(kg * LB_PER_KG / step_lb + 1e-6) * step_lb
        return (v, v * KG_PER_LB) if v >= step_lb else None
    v = math.floor(kg / step_kg + 1e-6) * step_kg
    return (v, v) if v >= step_kg else None


def load_text(value: float, unit: str) -> str:
    return f"{value:g} {unit}"


def feasible_load(e1rm_kg: float, reps_hi: int, rir: float) -> float:
    """The heaviest weight whose ``reps_hi`` reps leave ``rir`` in reserve under the Epley model."""
    return e1rm_kg / (1 + (reps_hi + rir) / 30.0)


def is_feasible(load_kg: float, e1rm_kg: float, reps_hi: int) -> bool:
    """True when ``reps_hi`` reps at ``load_kg`` leave at least ``feasible_rir`` in reserve."""
    return epley(load_kg, reps_hi + THRESHOLDS["feasible_rir"]) <= e1rm_kg * (1 + 1e-9)


@dataclass(frozen=True)
class Member:
    name: str
    areas: tuple[str, ...]
    bodyweight: bool = False


def _m(name: str, *areas: str, bw: bool = False) -> Member:
    return Member(name, tuple(areas), bw)


#: Movement families: each member with the areas it loads, gentlest first. ``match``: base names
#: (:func:`rehab.analytics.areas.base_name`) or keywords that put an exercise in the family.
FAMILIES: dict[str, dict] = {
    "squat": {"match": r"squat|leg press|hack", "members": (
        _m("Spanish Squat", "knee"), _m("Box Squat", "knee", "hip", "lower back"), _m("Leg Press", "knee", "hip"),
        _m("Goblet Squat", "knee", "hip"), _m("Belt Squat", "knee", "hip"))},
    "lunge": {"match": r"lunge|split squat|step up", "members": (
        _m("Step-up (low box)", "knee", "hip"), _m("Split Squat", "knee", "hip"), _m("Leg Press", "knee", "hip"))},
    "knee extension": {"match": r"leg extension", "members": (
        _m("Wall Sit", "knee"), _m("Spanish Squat", "knee"), _m("Terminal Knee Extension", "knee"))},
    "hinge": {"match": r"deadlift|rdl|good morning|rack pull|swing|pull through", "members": (
        _m("Glute Bridge", "hip", bw=True), _m("Hip Thrust", "hip"), _m("Back Extension", "lower back", "hip",
                                                                         "hamstring"),
        _m("Kettlebell Deadlift", "lower back", "hip", "hamstring"),
        _m("Romanian Deadlift", "lower back", "hip", "hamstring"))},
    "hamstring": {"match": r"leg curl|hamstring curl|nordic|glute ham", "members": (
        _m("Hamstring Bridge", "hamstring", "hip", bw=True), _m("Seated Leg Curl", "hamstring", "knee"),
        _m("Romanian Deadlift", "lower back", "hip", "hamstring"))},
    "horizontal press": {"match": r"bench|chest press|floor press|push up|dip", "members": (
        _m("Incline Push-up", "shoulder", "chest", "elbow", "wrist", bw=True),
        _m("Floor Press", "chest", "elbow", "wrist"), _m("Dumbbell Bench Press", "shoulder", "chest", "elbow"),
        _m("Push-up", "shoulder", "chest", "elbow", "wrist", bw=True),
        _m("Machine Chest Press", "shoulder", "chest", "elbow"))},
    "vertical press": {"match": r"overhead press|shoulder press|military|arnold|push press|landmine", "members": (
        _m("Landmine Press", "shoulder", "elbow"), _m("Dumbbell Shoulder Press", "shoulder", "elbow", "wrist"),
        _m("Pike Push-up", "shoulder", "elbow", "wrist", bw=True))},
    "raise": {"match": r"raise|fly|face pull|rotation|pec deck|crossover", "members": (
        _m("Band External Rotation", "shoulder"), _m("Cable Lateral Raise", "shoulder"),
        _m("Band Pull-apart", "shoulder", "upper back"))},
    "vertical pull": {"match": r"pull up|chin up|pulldown|pull down|muscle up", "members": (
        _m("Straight-arm Pulldown", "shoulder", "upper back"), _m("Band-assisted Pull-up", "shoulder", "elbow",
                                                                  "upper back", bw=True),
        _m("Lat Pulldown", "shoulder", "elbow", "upper back"))},
    "row": {"match": r"\brow\b|inverted row|shrug", "members": (
        _m("Chest-supported Row", "upper back", "elbow", "shoulder"), _m("Cable Row", "upper back", "elbow"),
        _m("Inverted Row", "upper back", "elbow", "shoulder", bw=True))},
    "curl": {"match": r"curl", "members": (
        _m("Band Curl", "elbow"), _m("Cable Curl", "elbow", "wrist"), _m("Hammer Curl", "elbow", "wrist"))},
    "triceps": {"match": r"tricep|pushdown|pressdown|kickback|skullcrusher", "members": (
        _m("Band Pushdown", "elbow"), _m("Cable Pushdown", "elbow"), _m("Overhead Cable Extension", "elbow",
                                                                        "shoulder"))},
    "calf": {"match": r"calf|tibialis", "members": (
        _m("Isometric Calf Hold", "calf", "ankle", bw=True), _m("Seated Calf Raise", "calf", "ankle"),
        _m("Standing Calf Raise", "calf", "ankle"))},
    "hip": {"match": r"hip thrust|glute|bridge|abduction|adduction|kickback", "members": (
        _m("Glute Bridge", "hip", bw=True), _m("Banded Side Step", "hip"), _m("Cable Hip Extension", "hip"))},
    "core": {"match": r"plank|crunch|sit up|leg raise|rollout|dead bug|bird dog|pallof|twist|hollow", "members": (
        _m("Dead Bug", "abdomen", bw=True), _m("Bird Dog", "abdomen", "lower back", bw=True),
        _m("Pallof Press", "abdomen"), _m("Short Plank Holds", "abdomen", "lower back", "shoulder", bw=True))},
}
#: Easier variations of bodyweight exercises (for a rep target the person can reach).
EASIER: tuple[tuple[str, str], ...] = (
    (r"pull up|chin up|muscle up", "Band-assisted Pull-up"), (r"push up|press up", "Incline Push-up"),
    (r"\bdip", "Bench-supported Push-up"), (r"pistol|squat|lunge", "Box Squat (bodyweight)"),
    (r"plank", "Short Plank Holds"), (r"leg raise|toes to bar", "Lying Knee Raise"),
)


def family(exercise: str) -> str | None:
    base = base_name(exercise)
    for name, fam in FAMILIES.items():
        if re.search(fam["match"], base):
            return name
    return None


def alternatives(exercise: str, spare: tuple[str, ...] = ()) -> list[Member]:
    """The other members of the exercise's family, those that spare the ``spare`` areas first."""
    fam = family(exercise)
    if fam is None:
        return []
    base = base_name(exercise)
    members = [m for m in FAMILIES[fam]["members"] if base_name(m.name) != base]
    return sorted(members, key=lambda m: any(a in spare for a in m.areas))  # stable: gentlest first within


def easier_variation(exercise: str) -> str | None:
    base = base_name(exercise)
    for pat, name in EASIER:
        if re.search(pat, base):
            return name
    return None


def prescribe(band: str, exercise: str, unit: str, e1rm_kg: float | None, loaded: bool, best_reps: float | None,
              spare: tuple[str, ...] = (), substitute: str | None = None, current_kg: float | None = None,
              rir: float | None = None) -> Prescription:
    """A prescription of ``band`` for ``exercise``.

    ``e1rm_kg``: the reference e1RM (None: no load can be computed). ``loaded``: the exercise is done with a
    weight. ``best_reps``: recent best reps (bodyweight work). ``spare``: painful areas an alternative should
    spare; ``substitute``: ``"spare"`` — an alternative that spares them, when the family has one (lower back
    pain on squats: leg press); ``"gentle"`` — that, else the family's gentlest member. ``current_kg``:
    a load the person already uses in this band (kept, when it is feasible, so a block in progress is not
    told to change). ``rir``: reps in reserve at the top of the range (default: the band's).
    """
    s_lo, s_hi, r_lo, r_hi = DOSES[band]
    rir = rir if rir is not None else {"endurance": THRESHOLDS["endurance_rir"], "mobilize": THRESHOLDS[
        "mobilize_rir"], "strength": THRESHOLDS["return_rir"]}[band]
    alts = alternatives(exercise, spare)
    sparing = [m for m in alts if not any(a in spare for a in m.areas)]
    own_areas = areas_for(exercise)
    what = exercise
    relevant = any(a in own_areas for a in spare)
    if substitute and alts and sparing and relevant:
        what = sparing[0].name
    elif substitute == "gentle" and alts:
        what = alts[0].name
    rest = tuple(m.name for m in alts if m.name != what)
    if what != exercise:
        # A different exercise: no e1RM of it is known here, so a load cannot be computed honestly.
        return Prescription(band, (s_lo, s_hi), (r_lo, r_hi), None, "start light: RPE 5–6 at the top of the range",
                            what, rest)
    if not loaded:
        easier = easier_variation(exercise)
        if best_reps is not None and not math.isnan(best_reps) and best_reps >= r_lo + THRESHOLDS["feasible_rir"]:
            hi = int(min(r_hi, best_reps - THRESHOLDS["feasible_rir"]))
            return Prescription(band, (s_lo, s_hi), (r_lo, max(r_lo, hi)), None, "bodyweight", exercise, rest)
        if easier:
            return Prescription(band, (s_lo, s_hi), (r_lo, r_hi), None, "bodyweight, easier variation", easier,
                                (exercise, *rest))
        return Prescription(band, (s_lo, s_hi), (r_lo, r_hi), None, "bodyweight, a range you can reach", exercise,
                            rest)
    if e1rm_kg is None or math.isnan(e1rm_kg) or e1rm_kg <= 0:
        return Prescription(band, (s_lo, s_hi), (r_lo, r_hi), None, "a weight you can lift for every rep at RPE 5–6",
                            exercise, rest)
    target = feasible_load(e1rm_kg, r_hi, rir)
    if (band != "strength" and current_kg is not None and not math.isnan(current_kg) and current_kg > 0
            and is_feasible(current_kg, e1rm_kg, r_hi)):
        target = current_kg  # a block in progress at a feasible load: keep it
    got = round_down(target, exercise, unit)
    if got is None:
        return Prescription(band, (s_lo, s_hi), (r_lo, r_hi), None, "the lightest weight you have, or none",
                            exercise, rest, round(e1rm_kg, 1))
    value, kg = got
    return Prescription(band, (s_lo, s_hi), (r_lo, r_hi), round(kg, 3), load_text(value, unit), exercise, rest,
                        round(e1rm_kg, 1))
