"""The advice: a plan per exercise — what the person does now, whether it is working, what to do instead,
how heavy, and when to go back to strength. Advice from data, never a diagnosis.

Owns: the thresholds and their sources (:mod:`.model`), the day-by-day arrays of
a log (:mod:`.grid`), every sign and the status written once (:mod:`.rules`),
loads and alternatives (:mod:`.prescribe`), the plan of one day (:mod:`.plan`)
and of every week (:mod:`.history`). May import the analytics (spectrum,
areas); never storage, pages or Streamlit. Pages and the CLI reach it through
:class:`rehab.analysis.Analysis` (``plan``, ``plan_history``, ``flags``).
"""

from __future__ import annotations

from typing import Any

from rehab.advice.grid import Grid, build
from rehab.advice.history import history_dates, plan_history
from rehab.advice.model import (
    NOT_A_DIAGNOSIS,
    PHASES,
    RED_FLAGS,
    SIGN_LABELS,
    SIGNS,
    STATUS_LABELS,
    STATUSES,
    THRESHOLD_TABLE,
    THRESHOLDS,
    Criterion,
    ExercisePlan,
    Plan,
    Prescription,
    Sign,
)
from rehab.advice.plan import build_plan

__all__ = [
    "NOT_A_DIAGNOSIS", "PHASES", "RED_FLAGS", "SIGNS", "SIGN_LABELS", "STATUSES", "STATUS_LABELS",
    "THRESHOLDS", "THRESHOLD_TABLE", "Criterion", "ExercisePlan", "Grid", "Plan", "Prescription", "Sign", "build",
    "build_plan", "flags_of", "history_dates", "plan_history", "prescription_text",
]


def prescription_text(p: ExercisePlan) -> str | None:
    """The plan's prescription as one plain-language sentence (None: nothing to change)."""
    rx = p.prescription
    if rx is None:
        return None
    verb = {"see_clinician": "until it is assessed, keep to", "switch": f"switch to {rx.band}:",
            "ready_to_return": "back to strength:"}.get(p.status, f"keep to {rx.band}:" if rx.band != "strength"
                                                       else "next step:")
    return f"{verb} {rx.text()}"


def flags_of(plan: Plan) -> list[dict[str, Any]]:
    """The signs of a plan in the shape of ``python -m rehab flags --json``: overall ones first
    (``exercise`` None), then per exercise by status; an exercise's ``stopped`` is left out when all
    training stopped (the overall sign says it once)."""
    out: list[dict[str, Any]] = []
    overall_stop = any(s.flag == "stopped" for s in plan.overall)
    for s in plan.overall:
        out.append({"flag": s.flag, "exercise": None, "since": s.since.isoformat(), "evidence": s.evidence,
                    "message": s.message, "prescription": (
                        "restart gently: light, high-rep work (mobilize, then endurance) before going back to "
                        "strength" if s.flag == "stopped" else None)})
    for p in plan.by_status():
        rx = prescription_text(p)
        for s in p.signs:
            if s.flag == "stopped" and overall_stop:
                continue
            out.append({"flag": s.flag, "exercise": p.exercise, "since": s.since.isoformat(),
                        "evidence": s.evidence, "message": s.message, "prescription": rx})
    return out
