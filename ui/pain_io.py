"""The Pain page's reads and writes through rehab.pain, with cache invalidation and read-only checks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from . import state
from .data import Filters


@st.cache_data(show_spinner=False, max_entries=16)
def _entries(_cur, version: str, start, end) -> pd.DataFrame:
    from rehab.pain import load_pain

    df = load_pain(_cur, start=start, end=end)
    if len(df):
        df["day"] = pd.to_datetime(df["day"])
    return df


def entries(f: Filters) -> pd.DataFrame:
    """Every pain row in the date range (diary, CSV and notes), newest last."""
    df = _entries(state.cursor(), state.data_version(), f.start, f.end)
    if f.area and len(df):
        df = df[df["area"].isna() | (df["area"] == f.area)]
    return df


def add(**fields) -> str | None:
    """Store one diary entry; returns an error message or None."""
    if state.read_only():
        return "This view is read-only."
    from rehab.pain import add_pain

    try:
        add_pain(state.cursor(), **fields)
    except ValueError as exc:
        return str(exc)
    state.changed()
    return None


def apply_editor(shown: pd.DataFrame, changes: dict) -> list[str]:
    """Apply ``st.data_editor`` edits and deletions (row positions refer to ``shown``); return errors."""
    if state.read_only():
        return ["This view is read-only."]
    from rehab.pain import delete_pain, edit_pain

    cur = state.cursor()
    errors = []
    for pos, fields in changes.get("edited_rows", {}).items():
        pid = shown.iloc[int(pos)]["pain_id"]
        clean = {k: (None if v == "" else v) for k, v in fields.items()}
        if "ts" in clean and clean["ts"] is not None:
            clean["ts"] = pd.Timestamp(clean["ts"]).to_pydatetime()
        try:
            edit_pain(cur, pid, **clean)
        except ValueError as exc:
            errors.append(f"Row {int(pos) + 1}: {exc}")
    for pos in changes.get("deleted_rows", []):
        try:
            delete_pain(cur, shown.iloc[int(pos)]["pain_id"])
        except ValueError as exc:  # already deleted in another tab
            errors.append(f"Row {int(pos) + 1}: {exc}")
    state.changed()
    return errors
