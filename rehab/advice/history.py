"""The plan week by week: phase, status and signs of every exercise as of every Sunday (and the last day).

One call of :func:`rehab.advice.rules.evaluate` with every as-of day at once:
the same rules as the plan of one day, so each week here equals the plan
asked for that day alone (tested), at about the cost of one day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rehab.advice.grid import PHASE_OF_CODE, Grid
from rehab.advice.model import STATUSES
from rehab.advice.rules import SIGN_ORDER, evaluate

COLUMNS = ["week", "as_of", "exercise", "phase", "status", "flags"]


def history_dates(first, last) -> list[pd.Timestamp]:
    """Every Sunday from ``first``'s week to ``last``, plus ``last`` itself."""
    first, last = pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize()
    sunday = first + pd.Timedelta(days=6 - first.weekday())
    dates = list(pd.date_range(sunday, last, freq="7D"))
    if not dates or dates[-1] != last:
        dates.append(last)
    return dates


def plan_history(g: Grid, first, last) -> pd.DataFrame:
    """Long frame, one row per (as-of day, exercise in the plan): ``week`` (its Monday), ``as_of``, ``exercise``,
    ``phase``, ``status``, ``flags`` (tuple of sign names). Overall signs are rows with ``exercise`` None
    (phase and status None). ``attrs["weeks"]`` lists every as-of day's Monday."""
    dates = [d for d in history_dates(first, last) if 0 <= g.index_of(d) < g.days]
    ts = np.array([g.index_of(d) for d in dates], dtype="int64")
    if not len(ts) or not g.exercises:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
        out.attrs["weeks"] = [(d - pd.Timedelta(days=d.weekday())).date() for d in dates]
        return out
    cells = evaluate(g, ts)
    E = len(g.exercises)
    rows, cols = np.nonzero(cells["in_plan"][:E])
    signs = np.stack([cells[s][:E][rows, cols] for s in SIGN_ORDER], axis=-1)
    names = np.array(SIGN_ORDER, dtype=object)
    weeks = np.array([(d - pd.Timedelta(days=d.weekday())).date() for d in dates], dtype=object)
    days = np.array([d.date() for d in dates], dtype=object)
    phase_names = np.array([PHASE_OF_CODE.get(i) for i in range(max(PHASE_OF_CODE) + 1)], dtype=object)
    # One tuple of sign names per distinct combination (few), not per row.
    combo = signs.astype("int64") @ (1 << np.arange(len(SIGN_ORDER)))
    uniq, inverse = np.unique(combo, return_inverse=True)
    tuples = np.empty(len(uniq), dtype=object)
    for i, u in enumerate(uniq):
        tuples[i] = tuple(names[(int(u) >> np.arange(len(SIGN_ORDER))) & 1 == 1])
    out = pd.DataFrame({
        "week": weeks[cols],
        "as_of": days[cols],
        "exercise": np.array(g.exercises, dtype=object)[rows],
        "phase": phase_names[cells["phase"][rows, cols]],
        "status": np.array(STATUSES, dtype=object)[cells["status"][rows, cols]],
        "flags": tuples[inverse] if len(uniq) else np.empty(0, dtype=object),
    })
    overall = []
    for c in range(len(ts)):
        found = [s for s in ("stopped", "load_jump") if bool(cells[s][E, c]) and bool(cells["in_plan"][E, c])]
        if bool(cells["unassigned_rising"][c]):
            found.append("pain_rising")
        if found:
            d = dates[c]
            overall.append({"week": (d - pd.Timedelta(days=d.weekday())).date(), "as_of": d.date(),
                            "exercise": None, "phase": None, "status": None, "flags": tuple(found)})
    if overall:
        out = pd.concat([out, pd.DataFrame(overall)], ignore_index=True)
    out = out.sort_values(["as_of", "exercise"], na_position="first", kind="stable").reset_index(drop=True)
    out.attrs["weeks"] = [(d - pd.Timedelta(days=d.weekday())).date() for d in dates]
    return out[COLUMNS]
