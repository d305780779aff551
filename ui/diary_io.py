"""The pages' writes to the session diary and to the body areas of an exercise (read-only checked, caches
invalidated); reads of recent workouts and diary entries."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rehab.analytics.areas import clear_exercise_areas, set_exercise_areas
from rehab.pain.sessions import add_session, load_sessions
from rehab.storage import queries

from . import data, state


@st.cache_data(show_spinner=False, max_entries=8)
def _recent(_cur, version: str, limit: int, end) -> pd.DataFrame:
    return queries.recent_workouts(_cur, limit, end)


def recent_workouts(limit: int = 10, end=None) -> pd.DataFrame:
    return _recent(state.cursor(), state.data_version(), limit, end)


@st.cache_data(show_spinner=False, max_entries=8)
def _sessions(_cur, version: str) -> pd.DataFrame:
    return load_sessions(_cur)


def sessions() -> pd.DataFrame:
    """Every session-diary entry (``day``, ``workout``, ``intent``, ``feel``, ``note``, …)."""
    return _sessions(state.cursor(), state.data_version())


def save_session(day, workout, intent=None, feel=None, note=None) -> str | None:
    """Store a workout's intent/feel; returns an error message or None."""
    if state.read_only():
        return "This view is read-only."
    try:
        add_session(state.cursor(), day, workout, intent, feel, note)
    except ValueError as exc:
        return str(exc)
    data.changed()
    return None


def set_areas(exercise: str, areas: list[str]) -> str | None:
    """Say which body areas ``exercise`` loads (it wins over the built-in table); error message or None."""
    if state.read_only():
        return "This view is read-only."
    try:
        set_exercise_areas(state.cursor(), exercise, areas)
    except ValueError as exc:
        return str(exc)
    data.changed()
    return None


def clear_areas(exercise: str) -> str | None:
    if state.read_only():
        return "This view is read-only."
    clear_exercise_areas(state.cursor(), exercise)
    data.changed()
    return None
