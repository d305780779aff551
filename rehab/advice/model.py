"""The vocabulary of the plan: phases, statuses, signs, every threshold with its source, and the records.

Nothing here computes: :mod:`rehab.advice.grid` turns the log into day-by-day
arrays, :mod:`rehab.advice.rules` decides each sign and the status from them,
:mod:`rehab.advice.prescribe` chooses what to do, :mod:`rehab.advice.plan`
writes it up for one day and :mod:`rehab.advice.history` for every week.

Source of the model: Paul Ingraham, *Endurance Training for Pain & Rehab*
(PainScience.com). Strength training has stopped working when it feels too
intense, is exhausting "and not in a good way", shows no progress, brings worry
about an injury or pain, or has stopped altogether; then switch to lighter,
high-repetition endurance work (or gentler mobilisation when in pain), in baby
steps, and return to strength later. Advice from data, never a diagnosis.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

#: What a person is doing with an exercise now, decided from the recent sets' bands.
PHASES: tuple[str, ...] = ("strength", "endurance", "mobilize", "paused")
#: Statuses, most urgent first (the Overview sorts by this order).
STATUSES: tuple[str, ...] = ("see_clinician", "switch", "watch", "ready_to_return", "ok")
STATUS_LABELS: dict[str, str] = {
    "see_clinician": "Get it assessed", "switch": "Switch", "watch": "Watch", "ready_to_return": "Ready to return",
    "ok": "OK",
}
PHASE_LABELS: dict[str, str] = {"strength": "Strength", "endurance": "Endurance", "mobilize": "Mobilize",
                                "paused": "Paused"}

#: Signs (flag names) and what each one means, in the order they are listed.
SIGNS: dict[str, str] = {
    "pain_severe": "pain at or above the level that needs a clinician's look",
    "morning_pain_streak": "next-morning pain worse than baseline several sessions running",
    "pain_over_limit": "pain above the pain-monitoring model's limits",
    "pain_rising": "pain rising by a clinically meaningful amount",
    "area_pain": "pain in an area it loads above the limit, on other days",
    "stopped": "stopped altogether after strength work with pain",
    "too_intense": "feels too intense, exhausting and not in a good way",
    "no_progress": "no progress over the last weeks",
    "load_jump": "a jump in weekly training load",
}
SIGN_LABELS: dict[str, str] = {
    "pain_severe": "Severe pain", "morning_pain_streak": "Mornings keep getting worse",
    "pain_over_limit": "Pain over the limit", "pain_rising": "Pain rising",
    "area_pain": "Pain in its area", "stopped": "Stopped altogether",
    "too_intense": "Too intense", "no_progress": "No progress", "load_jump": "Load jump",
}

NOT_A_DIAGNOSIS = "This is advice computed from your own training log, not a diagnosis."
#: Symptoms that need a clinician soon, whatever the log says (standard musculoskeletal red flags).
RED_FLAGS: tuple[str, ...] = (
    "numbness, tingling or weakness", "swelling, heat or redness", "pain at night or at rest that does not ease",
    "pain after a fall, a pop or a sudden injury", "fever or feeling unwell with the pain",
    "loss of bladder or bowel control or numbness in the groin (go to an emergency department)",
)


@dataclass(frozen=True)
class Threshold:
    """One number of the advice: ``source`` cites where it comes from; ``choice`` marks this project's own."""

    name: str
    value: float
    unit: str
    help: str
    source: str
    choice: bool = False


_T = Threshold
_INGRAHAM = "Ingraham, Endurance Training for Pain & Rehab (PainScience)"
_SILBERNAGEL = "Silbernagel et al. 2007, pain-monitoring model (Am J Sports Med)"
_FARRAR = "Farrar et al. 2001, clinically important change in pain (Pain)"
#: THE table of advice thresholds. Edit here and only here; the Plan page's "How this works" shows it.
THRESHOLD_TABLE: tuple[Threshold, ...] = (
    # phase
    _T("plan_days", 84, "days", "an exercise is in the plan when it was trained in this many days",
       "issue spec (12 weeks)"),
    _T("phase_days", 14, "days", "the phase is the band most of the sets of these last days fall in", "project choice",
       True),
    _T("strength_max_reps", 12, "reps", "a moderate-load set of at most this many reps is strength work for the phase",
       _INGRAHAM + " (strength 6–12 reps, moderate to high load)"),
    _T("pause_days", 14, "days", "no set of an exercise for this long makes it paused", "issue spec"),
    # pain
    _T("recent_days", 14, "days", "window of the pain signs (and the window before it for pain_rising)",
       "project choice", True),
    _T("pain_limit", 5.0, "points /10", "pain during or after training above this is over the limit", _SILBERNAGEL),
    _T("morning_margin", 1.0, "points /10", "next-morning pain this much above the baseline is 'worse'",
       f"{_SILBERNAGEL}; 1 point = the smallest step of the scale (project choice)", True),
    _T("baseline_days", 7, "days", "mean rest pain of these days before a session (else next-morning pain) is "
       "its baseline", _SILBERNAGEL),
    _T("rise_points", 2.0, "points /10", "a rise of mean pain this large is meaningful", _FARRAR),
    _T("rise_fraction", 0.30, "fraction", "a rise of this share of the earlier mean is meaningful when smaller",
       _FARRAR),
    _T("rise_min_points", 1.5, "points /10", "never call a rise smaller than this meaningful", "project choice", True),
    _T("rise_min_entries", 2, "entries", "scored pain entries needed in each window to compare them",
       "project choice", True),
    _T("severe_pain", 7.0, "points /10", "pain at or above this: get it assessed", "issue spec; clinical practice"),
    _T("rising_after_switch_days", 21, "days", "pain still rising this long after a switch (on the last 2 weeks, or "
       "on the block's first week): get it assessed", "issue spec"),
    _T("morning_streak", 3, "sessions", "next-morning pain worse this many sessions running: get it assessed",
       "issue spec"),
    _T("mobilize_pain", 6.0, "points /10", "the worst pain during/after training of the last week (else its mean "
       "pain) at or above this prescribes mobilization",
       f"{_INGRAHAM} (gentler mobilization when in pain); the number is a project choice", True),
    _T("mobilize_pain_days", 7, "days", "window of 'recent pain' for choosing mobilization", "project choice", True),
    _T("spare_pain", 4.0, "points /10", "pain in an area at or above this picks an alternative that spares it",
       "project choice", True),
    # effort
    _T("hard_rpe", 9.0, "RPE", "strength sets at or above this RPE are near failure", "RPE scale (Helms et al. 2016)"),
    _T("hard_share", 0.5, "fraction", "this share of near-failure strength sets (the median) is 'very hard'",
       "project choice", True),
    _T("hard_min_sets", 3, "sets", "strength sets with an RPE needed before effort counts", "project choice", True),
    _T("bad_feel_sessions", 2, "sessions", "sessions logged 'exhausting' or 'painful' in the window: too intense",
       f"{_INGRAHAM} (exhausting, and not in a good way); the count is a project choice", True),
    _T("rir_cap", 4, "reps", "reps in reserve counted from RPE at most (RPE below 6 is poorly calibrated)",
       "Helms et al. 2016 (RPE-based RIR); cap is a project choice", True),
    # progress
    _T("trend_days", 56, "days", "no_progress looks at the weekly best over these last days", "issue spec (6–8 weeks)"),
    _T("trend_min_days", 42, "days", "judge progress only over at least this span (so never in the 4 weeks after a "
       "pause, a deload or a change of phase)", "issue spec (a trend over 6–8 weeks; 4 weeks after a pause)"),
    _T("trend_min_weeks", 5, "weeks", "weeks with a best lift needed to fit the trend", "project choice", True),
    _T("min_weekly_gain", 0.002, "fraction a week", "a Theil–Sen trend below +0.2 %/week is no progress",
       "project choice: slow steady gains (+1.25 kg per 2 weeks on 200 kg) still count", True),
    # stopping
    _T("stopped_pain", 4.0, "points /10", "pain at or above this around a stop makes it 'stopped with pain'",
       "project choice", True),
    _T("stopped_max_days", 84, "days", "after this long a stop is old news and drops out", "project choice", True),
    _T("gentle_days", 14, "days", "a restart after a stop is judged over these days (gentle or full load)",
       "project choice", True),
    # load
    _T("jump_ratio", 1.5, "ratio", "this week's load above this multiple of the 4 weeks before is a jump",
       "Gabbett 2016 (acute:chronic); its link to injury is contested (Impellizzeri et al. 2020)"),
    _T("jump_min_weekly_sets", 4, "sets a week", "a jump needs at least this chronic load (per exercise)",
       "project choice", True),
    _T("jump_min_sessions", 2, "sessions", "a jump needs at least this many sessions this week", "project choice",
       True),
    # return to strength
    _T("return_min_days", 21, "days", "days in the endurance or mobilize phase before going back to strength",
       f"{_INGRAHAM}; issue spec (2–3 weeks)"),
    _T("return_pain_max", 3.0, "points /10", "pain during/after at most this over the window to go back",
       f"{_SILBERNAGEL} (a margin under the limit); project choice", True),
    _T("return_rpe_max", 7.0, "RPE", "mean RPE of the block at most this to go back", "issue spec"),
    _T("returning_days", 28, "days", "a strength phase this young after a light block is a return", "project choice",
       True),
    _T("return_step_low", 0.05, "fraction a week", "while returning, add at least this much a week", "issue spec"),
    _T("return_step_high", 0.10, "fraction a week", "while returning, add at most this much a week", "issue spec"),
    # prescriptions (reps, reps in reserve)
    _T("endurance_rir", 3, "reps", "endurance load leaves this many reps in reserve at the top of the range",
       "issue spec (RIR ≥ 2)"),
    _T("mobilize_rir", 10, "reps", "mobilization load leaves this many reps in reserve (very easy)",
       f"{_INGRAHAM} (light, very easy); project choice", True),
    _T("return_rir", 4, "reps", "first strength step leaves this many reps in reserve (about 65 % e1RM)",
       "issue spec (60–65 % e1RM)"),
    _T("feasible_rir", 2, "reps", "any prescribed load leaves at least this many reps in reserve", "issue spec"),
)
THRESHOLDS: dict[str, float] = {t.name: t.value for t in THRESHOLD_TABLE}

#: Sets × reps of each prescribed band: (sets_lo, sets_hi, reps_lo, reps_hi). Ingraham's rep ranges,
#: narrowed to the part a person can actually do as sets (project choice).
DOSES: dict[str, tuple[int, int, int, int]] = {
    "endurance": (2, 3, 15, 25),  # endurance training: 12–50 reps, moderate
    "mobilize": (1, 2, 25, 40),  # mobilize: 25–75 reps, light, very easy
    "strength": (2, 3, 10, 12),  # the first step back: strength 6–12, at the light end
}


@dataclass(frozen=True)
class Prescription:
    """What to do instead (or next). ``load_kg`` None: bodyweight, or no load known; ``load`` is the text in
    the user's unit on a real plate step ("55 kg", "120 lb", "bodyweight")."""

    band: str
    sets: tuple[int, int]
    reps: tuple[int, int]
    load_kg: float | None
    load: str
    exercise: str
    alternatives: tuple[str, ...] = ()
    e1rm_kg: float | None = None  # the e1RM the load was derived from (None: none)

    def as_dict(self) -> dict[str, Any]:
        return {"band": self.band, "sets": list(self.sets), "reps": list(self.reps), "load_kg": self.load_kg,
                "load": self.load, "exercise": self.exercise, "alternatives": list(self.alternatives)}

    def text(self) -> str:
        """Plain-language one-liner: "2–3 × 15–25 Squat (Barbell) at 55 kg"."""
        at = f" at {self.load}" if self.load_kg is not None else f" ({self.load})"
        alts = f"; or {', '.join(self.alternatives[:3])}" if self.alternatives else ""
        return f"{self.sets[0]}–{self.sets[1]} × {self.reps[0]}–{self.reps[1]} {self.exercise}{at}{alts}"


@dataclass(frozen=True)
class Criterion:
    """One return-to-strength criterion with its current value (None: nothing logged to judge it by)."""

    name: str
    met: bool
    value: float | None
    target: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "met": self.met, "value": self.value, "target": self.target}


#: A sign's evidence: JSON-safe numbers (None for NaN) and a few words or ISO dates, by name.
Evidence = dict[str, float | int | str | None]


@dataclass(frozen=True)
class Sign:
    """One raised sign (a flag): ``exercise`` None for an overall one; ``evidence`` JSON-safe numbers."""

    flag: str
    exercise: str | None
    since: dt.date
    evidence: Evidence = field(hash=False)
    message: str


@dataclass(frozen=True)
class ExercisePlan:
    """The plan of one exercise as of a day. ``phase_since``: first day of the current phase."""

    exercise: str
    areas: tuple[str, ...]
    area_source: str
    phase: str
    phase_since: dt.date
    status: str
    signs: tuple[Sign, ...]
    advice: str
    prescription: Prescription | None
    criteria: tuple[Criterion, ...]
    returning: bool = False
    last_session: dt.date | None = None

    @property
    def flags(self) -> list[str]:
        return [s.flag for s in self.signs]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``python -m rehab plan --json``."""
        return {"exercise": self.exercise, "areas": list(self.areas), "phase": self.phase, "status": self.status,
                "flags": self.flags, "advice": self.advice,
                "prescription": self.prescription.as_dict() if self.prescription else None,
                "criteria": [c.as_dict() for c in self.criteria]}


@dataclass(frozen=True)
class Plan:
    """Every exercise's plan plus the overall signs (training stopped, a load jump, pain without an area)."""

    as_of: dt.date
    unit: str
    exercises: tuple[ExercisePlan, ...]
    overall: tuple[Sign, ...]

    def by_status(self) -> list[ExercisePlan]:
        order = {s: i for i, s in enumerate(STATUSES)}
        return sorted(self.exercises, key=lambda p: (order[p.status], p.exercise.casefold()))
