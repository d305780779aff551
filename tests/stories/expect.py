"""What a story expects of the plan, and how one expectation is judged against ``plan --json``.

A :class:`Check` names a date, an exercise (or ``None`` for the whole plan), the statuses a
physiotherapist and a coach would accept there, optionally the phase, and property checks on the plan
item (flags, prescription). Each carries ``why``: the one-line reason from the article or physiology,
so a disagreement with the engine can be argued on the merits rather than on a number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Story

OK = frozenset({"ok"})
NOT_OK = frozenset({"watch", "switch", "see_clinician"})
CALM = frozenset({"ok", "watch"})
RETURNING = frozenset({"ok", "ready_to_return"})
SWITCH = frozenset({"switch"})
CLINICIAN = frozenset({"see_clinician"})
READY = frozenset({"ready_to_return"})
WATCH_OR_SWITCH = frozenset({"watch", "switch"})
STATUSES = frozenset({"ok", "watch", "switch", "see_clinician", "ready_to_return"})
PHASES = frozenset({"strength", "endurance", "mobilize", "paused"})

#: A property of one plan item: returns a failure message, or None when it holds.
Prop = Callable[[dict, "Story", "Check"], str | None]


@dataclass(frozen=True)
class Check:
    as_of: dt.date
    exercise: str | None  # None: every exercise of the plan, and `flags --json` must be empty (silent)
    status: frozenset[str]
    why: str
    phase: frozenset[str] | None = None
    props: tuple[Prop, ...] = field(default_factory=tuple)
    unit: str | None = None  # --unit for `plan`
    overall: bool = False  # with exercise None: `flags --json` must hold an overall flag (exercise null) instead

    def expected(self) -> str:
        st = "|".join(sorted(self.status))
        ph = f", phase {'|'.join(sorted(self.phase))}" if self.phase else ""
        extra = "".join(f", {getattr(p, 'label', p.__name__)}" for p in self.props)
        who = self.exercise or ("every exercise, and an overall flag" if self.overall
                                else "every exercise (and no flags)")
        return f"{who}: {st}{ph}{extra}"


def judge_item(item: dict, story: Story, check: Check) -> list[str]:
    """Every way ``item`` misses ``check`` (empty: it holds)."""
    bad = []
    if item.get("status") not in STATUSES:
        bad.append(f"status {item.get('status')!r} is not one of the contract's")
    elif item["status"] not in check.status:
        bad.append(f"status {item['status']}")
    if check.phase and item.get("phase") not in check.phase:
        bad.append(f"phase {item.get('phase')}")
    for prop in check.props:
        msg = prop(item, story, check)
        if msg:
            bad.append(msg)
    rx = _rx(item)
    if rx is not None:  # the property: any prescription is feasible under the app's own model
        msg = _feasible(rx, story, check, item.get("exercise"))
        if msg and msg not in bad:
            bad.append(msg)
    return bad


def got(item: dict | None) -> str:
    if item is None:
        return "missing from the plan"
    rx = item.get("prescription")
    rx_s = ""
    if rx:
        rx_s = (f"; Rx {rx.get('band')} {rx.get('sets')}×{rx.get('reps')} {rx.get('load') or ''} "
                f"{rx.get('exercise') or ''}").rstrip()
    flags = ",".join(item.get("flags") or []) or "-"
    return f"{item.get('status')} / {item.get('phase')} [{flags}]{rx_s}"


# --- properties ----------------------------------------------------------------------------------------

def _labelled(label: str) -> Callable[[Prop], Prop]:
    def wrap(fn: Prop) -> Prop:
        fn.label = label  # type: ignore[attr-defined]
        return fn
    return wrap


def no_flag(*fragments: str) -> Prop:
    """No flag whose name contains any of ``fragments`` (flag names may change; their meaning may not)."""
    @_labelled(f"no flag ~{'/'.join(fragments)}")
    def prop(item: dict, story: Story, check: Check) -> str | None:
        hit = [f for f in item.get("flags") or [] if any(x in f.lower() for x in fragments)]
        return f"flags {hit}" if hit else None
    return prop


def has_flag(*fragments: str) -> Prop:
    @_labelled(f"a flag ~{'/'.join(fragments)}")
    def prop(item: dict, story: Story, check: Check) -> str | None:
        hit = [f for f in item.get("flags") or [] if any(x in f.lower() for x in fragments)]
        return None if hit else f"no flag like {'/'.join(fragments)} in {item.get('flags')}"
    return prop


@_labelled("no flags")
def no_flags(item: dict, story: Story, check: Check) -> str | None:
    return f"flags {item['flags']}" if item.get("flags") else None


def _rx(item: dict) -> dict | None:
    rx = item.get("prescription")
    return rx if isinstance(rx, dict) else None


def _feasible(rx: dict, story: Story, check: Check, exercise: str | None = None) -> str | None:
    """load_kg × (1 + (reps_hi + 2)/30) ≤ the lifter's best recent e1RM (Epley, RPE-adjusted).

    Judged only when the prescription is for the exercise itself: a substitute's load (leg press for a
    squat) is not comparable with the original's e1RM.
    """
    load = rx.get("load_kg")
    exercise = exercise or check.exercise or ""
    if load is None or (rx.get("exercise") or exercise) != exercise:
        return None
    reps = rx.get("reps") or [0, 0]
    e1rm = story.log.e1rm_kg(exercise, check.as_of)
    if e1rm is None:
        return f"Rx load {load} kg but the lifter has no loaded sets to base it on"
    need = load * (1 + (reps[1] + 2) / 30)
    if need > e1rm + 1.25:  # half a plate step of slack for rounding
        return (f"Rx {load} kg × {reps[1]} reps needs an e1RM of {need:.1f} kg with 2 in reserve; "
                f"the lifter's best is {e1rm:.1f} kg")
    return None


@_labelled("Rx endurance, feasible")
def endurance_rx(item: dict, story: Story, check: Check) -> str | None:
    rx = _rx(item)
    if rx is None:
        return "no prescription"
    if rx.get("band") != "endurance":
        return f"Rx band {rx.get('band')}"
    reps = rx.get("reps") or [0, 0]
    if reps[0] < 12:
        return f"Rx reps {reps} are not endurance work (15–30, the article's range)"
    return _feasible(rx, story, check)


@_labelled("Rx lighter (endurance, or gentler at pain over the limit), feasible")
def lighter_rx(item: dict, story: Story, check: Check) -> str | None:
    rx = _rx(item)
    if rx is None:
        return "no prescription"
    if rx.get("band") not in ("endurance", "mobilize"):
        return f"Rx band {rx.get('band')}"
    return _feasible(rx, story, check)


@_labelled("Rx feasible")
def feasible_rx(item: dict, story: Story, check: Check) -> str | None:
    rx = _rx(item)
    return None if rx is None else _feasible(rx, story, check)


@_labelled("Rx gentle (mobilize or another exercise)")
def gentle_rx(item: dict, story: Story, check: Check) -> str | None:
    rx = _rx(item)
    if rx is None:
        return None if item.get("status") == "see_clinician" else "no prescription"
    if rx.get("band") == "mobilize" or (rx.get("exercise") or item["exercise"]) != item["exercise"]:
        return _feasible(rx, story, check)
    return f"Rx is still {rx.get('band')} {item['exercise']} at {rx.get('load')}"


@_labelled("Rx strength first step")
def return_rx(item: dict, story: Story, check: Check) -> str | None:
    rx = _rx(item)
    if rx is None:
        return "no prescription (the return's first step)"
    if rx.get("band") != "strength":
        return f"Rx band {rx.get('band')}"
    return _feasible(rx, story, check)


@_labelled("Rx without a load")
def bodyweight_rx(item: dict, story: Story, check: Check) -> str | None:
    rx = _rx(item)
    if rx is None:
        return None
    if rx.get("load_kg") is not None:
        return f"bodyweight Rx has load_kg {rx['load_kg']}"
    if re.search(r"\d\s*(kg|lb)", str(rx.get("load") or "")):
        return f"bodyweight Rx has load {rx['load']!r}"
    return None


def plate_rx(unit: str, step: float) -> Prop:
    """The load is written in ``unit`` on a ``step`` plate step, and load_kg is the same load."""
    @_labelled(f"Rx load on a {step:g} {unit} step")
    def prop(item: dict, story: Story, check: Check) -> str | None:
        rx = _rx(item)
        if rx is None:
            return "no prescription"
        m = re.fullmatch(rf"\s*(\d+(?:\.\d+)?)\s*{unit}s?\s*", str(rx.get("load") or ""))
        if not m:
            return f"Rx load {rx.get('load')!r} is not written in {unit}"
        value = float(m.group(1))
        if abs(value / step - round(value / step)) > 1e-6:
            return f"Rx load {rx['load']!r} is not on a {step:g} {unit} step"
        kg = value * (0.45359237 if unit == "lb" else 1.0)
        if rx.get("load_kg") is None or abs(rx["load_kg"] - kg) > 1.2:
            return f"load_kg {rx.get('load_kg')} is not the load {rx['load']!r}"
        return _feasible(rx, story, check)
    return prop


@_labelled("advice says: get it assessed")
def refers(item: dict, story: Story, check: Check) -> str | None:
    """see_clinician must say so in words (the issue: the message says to get it assessed)."""
    text = str(item.get("advice") or "")
    if re.search(r"assess|physio|doctor|clinician|\bGP\b|medical", text, re.I):
        return None
    return f"advice does not say to get it assessed: {text[:120]!r}"


def prescribed_if_switch(item: dict, story: Story, check: Check) -> str | None:
    if item.get("status") == "switch" and _rx(item) is None:
        return "switch without a prescription"
    return None


prescribed_if_switch.label = "an Rx when switching"  # type: ignore[attr-defined]
