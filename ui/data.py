"""Cached access to the analytics for the pages: one :class:`rehab.analysis.Analysis` per (data, filters).

Two cache layers, both keyed by :func:`ui.state.data_version` so an import, undo or
pain edit can never show stale numbers:

* ``st.cache_resource`` keeps the loaded ``Analysis`` (its frames plus its own
  per-view cache, guarded by a lock) shared by every session with the same data
  and filters: a warm rerun recomputes nothing.
* ``st.cache_data`` keeps the small chart-ready frames the pages draw (copies per
  caller, so a page can never corrupt a shared frame).

Nothing here decides a rule: filtering by area, capping the points, the weekly
band volume all delegate to ``rehab``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from rehab.analysis import Analysis
from rehab.analysis import default_as_of as as_of_for
from rehab.analysis import last_logged_day as last_day
from rehab.output import charts
from rehab.storage.queries import summary
from rehab.words.areas import AREAS

from . import state


@dataclass(frozen=True)
class Filters:
    """The shared sidebar filters. ``exercises`` empty = all; ``area`` None = every area."""

    start: dt.date | None = None
    end: dt.date | None = None
    exercises: tuple[str, ...] = ()
    area: str | None = None
    unit: str = "kg"

    def key(self) -> tuple:
        return (self.start, self.end, self.exercises, self.area)


# --------------------------------------------------------------------- loading


#: Loaded analyses kept per process. Each holds its sets as frames (about 0.5 GB for a million sets),
#: so only a few filter combinations stay warm.
@st.cache_resource(show_spinner="Loading your training log…", max_entries=4)
def _analysis(_cur, version: str, start, end, exercises: tuple[str, ...]) -> Analysis:
    return Analysis.load(_cur, as_of=end, start=start, end=end, exercises=list(exercises) or None)


def default_as_of() -> dt.date | None:
    """The day "this week" ends on when no end date is chosen (:func:`rehab.analysis.default_as_of`: today,
    or the last logged day of an old log, a pain entry counting as logging); None for an empty store."""
    last = last_logged_day()
    return None if last is None else as_of_for(last)


@st.cache_data(show_spinner=False, max_entries=4)
def _last_logged_day(_cur, version: str) -> dt.date | None:
    return last_day(_cur)


def last_logged_day() -> dt.date | None:
    """The newest day with a set or a pain entry: the end of the default date range, so pain logged
    today (after the last workout of an old export) is inside it and on the charts."""
    return _last_logged_day(state.cursor(), state.data_version())


def analysis(f: Filters | None = None) -> Analysis:
    """The analysis for these filters (area filter applied through the exercises that load the area)."""
    f = f or Filters()
    exercises = f.exercises
    if f.area:
        exercises = tuple(area_exercises(f.area, exercises))
        if not exercises:  # nothing loads that area: an empty analysis, not "every exercise"
            exercises = ("\x00no exercise loads this area",)
    # ``as_of`` = the end of the range, so a shared link to an old period shows "this week" of that period.
    return _analysis(state.cursor(), state.data_version(), f.start, f.end or default_as_of(), exercises)


def changed() -> None:
    """Call after an import, undo or pain edit: forget every cached query result and every loaded analysis
    (their data version is gone for good), and read the data version afresh."""
    st.cache_data.clear()
    _analysis.clear()
    state.forget_version()


def full() -> Analysis:
    """Everything stored (the sidebar's exercise list and date bounds come from here)."""
    return _analysis(state.cursor(), state.data_version(), None, default_as_of(), ())


@st.cache_data(show_spinner=False, max_entries=4)
def _summary(_cur, version: str) -> dict:
    return summary(_cur)


def store_summary() -> dict:
    """Totals over every stored set (cheap; used for empty states and the sidebar)."""
    return _summary(state.cursor(), state.data_version())


def area_exercises(area: str, within: tuple[str, ...] = ()) -> list[str]:
    """Exercises (of ``within``, or all) that load ``area`` according to rehab.analytics.areas."""
    a = full()
    names = list(within) or a.exercises()
    return [n for n in names if area in a.area_map.get(n, ())]


def areas_in_use() -> list[str]:
    """Body areas loaded by at least one stored exercise, or named in the pain diary."""
    a = full()
    used = {x for areas in a.area_map.values() for x in areas}
    if len(a.pain) and "area" in a.pain:
        used |= set(a.pain["area"].dropna().astype(str))
    return [x for x in AREAS if x in used]


# --------------------------------------------------------------------- chart-ready frames


def _version_key(f: Filters) -> tuple:
    return (state.data_version(), f.key())


def pain_areas(f: Filters, exercise: str | None = None) -> tuple[str, ...] | None:
    """The body areas whose pain an overall view counts: the sidebar's area (pain without an area
    still counts, see ``rehab.analytics.areas.pain_applies``); None = all pain, or an exercise's own areas."""
    return (f.area,) if f.area and exercise is None else None


def pain_daily(f: Filters, exercise: str | None = None) -> pd.DataFrame:
    """Daily pain (mean and 7-day mean) in range; the body-area filter narrows it to that area."""
    return analysis(f).pain_daily(exercise, areas=pain_areas(f, exercise))


def week_vs_4wk(f: Filters, exercise: str | None = None) -> pd.DataFrame:
    """This week against the 4 weeks before; with a body area selected, its pain is that area's."""
    return analysis(f).week_vs_4wk(exercise, areas=pain_areas(f, exercise))


def weekly(f: Filters, exercise: str | None = None) -> pd.DataFrame:
    """Weekly trends; with a body area selected, the pain column is that area's."""
    return analysis(f).weekly(exercise, areas=pain_areas(f, exercise))


@st.cache_data(show_spinner=False, max_entries=32)
def _week_band(key: tuple, _f: Filters, exercise: str | None) -> pd.DataFrame:
    return charts.volume_by_band(analysis(_f).placed, exercise)


def week_band(f: Filters, exercise: str | None = None) -> pd.DataFrame:
    """Long frame week × band: sets and volume (kg) of working sets."""
    return _week_band(_version_key(f), f, exercise)


@st.cache_data(show_spinner=False, max_entries=64)
def _e1rm_days(key: tuple, _f: Filters, exercise: str, lead_in: bool) -> pd.DataFrame:
    a = analysis(_f)
    return charts.e1rm_by_day(a.placed_all if lead_in else a.placed, exercise)


def e1rm_days(f: Filters, exercise: str, lead_in: bool = False) -> pd.DataFrame:
    """Best e1RM per day of one exercise (``lead_in``: include the 12 weeks before the range)."""
    return _e1rm_days(_version_key(f), f, exercise, lead_in)


@st.cache_data(show_spinner=False, max_entries=32)
def _points(key: tuple, _f: Filters, exercise: str | None, limit: int) -> tuple[pd.DataFrame, int]:
    return charts.spectrum_points(analysis(_f).placed, exercise, limit)


def spectrum_points(f: Filters, exercise: str | None, limit: int) -> tuple[pd.DataFrame, int]:
    """The ``limit`` most recent placed working sets (and how many there are in all)."""
    return _points(_version_key(f), f, exercise, limit)


def plan(f: Filters):
    """The plan per exercise as of the analysis day, loads in the sidebar's unit (:class:`rehab.advice.Plan`)."""
    return analysis(f).plan(unit=f.unit)


@st.cache_data(show_spinner=False, max_entries=32)
def _cells(key: tuple, _f: Filters, exercise: str | None) -> pd.DataFrame:
    return charts.spectrum_cells(analysis(_f).placed, exercise)


def spectrum_cells(f: Filters, exercise: str | None) -> pd.DataFrame:
    """Placed working sets counted per (reps, % e1RM, band): the Spectrum chart's marks."""
    return _cells(_version_key(f), f, exercise)


def plan_history(f: Filters, weeks: int | None = None) -> pd.DataFrame:
    """The plan week by week over the last ``weeks`` weeks before the analysis day (None: the selected range).
    Computed once per data version and filters: every rule runs over all weeks at once."""
    a = analysis(f)
    start = None
    if weeks is not None:
        start = max(a.as_of - dt.timedelta(weeks=weeks), f.start or dt.date.min)
    return a.plan_history(start=start)
