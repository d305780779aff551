"""The Pain page's reads and writes through rehab.pain.diary, with cache invalidation and read-only checks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rehab.pain.diary import add_pain, delete_pain, edit_pain, load_pain

from . import data, state
from .data import Filters


@st.cache_data(show_spinner=False, max_entries=16)
def _entries(_cur, version: str, start, end) -> pd.DataFrame:
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


#: How a pain row without a body area reads in the tables (stored as NULL: it counts for every exercise).
UNSPECIFIED = "unspecified"


def for_editor(diary: pd.DataFrame) -> pd.DataFrame:
    """Diary rows for ``st.data_editor``, newest first: no blank cell reads "None" (area → "unspecified",
    note → empty text)."""
    shown = diary[["pain_id", "ts", "area", "score", "context", "note"]].sort_values("ts", ascending=False)
    return shown.assign(area=shown["area"].fillna(UNSPECIFIED).astype("str"),
                        note=shown["note"].fillna("").astype("str")).reset_index(drop=True)


def notes_for_table(notes: pd.DataFrame) -> pd.DataFrame:
    """Pain read from workout notes, newest first, with words where a value is missing."""
    t = notes[["day", "exercise", "area", "score", "note"]].sort_values("day", ascending=False)
    score = t["score"].map(lambda x: "mentioned, no score" if pd.isna(x) else f"{x:g} / 10")
    return t.assign(area=t["area"].fillna(UNSPECIFIED).astype("str"), score=score,
                    exercise=t["exercise"].fillna("").astype("str"), note=t["note"].fillna("").astype("str"))


def add(**fields) -> str | None:
    """Store one diary entry; returns an error message or None."""
    if state.read_only():
        return "This view is read-only."
    try:
        add_pain(state.cursor(), **fields)
    except ValueError as exc:
        return str(exc)
    data.changed()
    return None


def apply_editor(shown: pd.DataFrame, changes: dict) -> list[str]:
    """Apply ``st.data_editor`` edits and deletions (row positions refer to ``shown``); return errors."""
    if state.read_only():
        return ["This view is read-only."]
    cur = state.cursor()
    errors = []
    for pos, fields in changes.get("edited_rows", {}).items():
        pid = shown.iloc[int(pos)]["pain_id"]
        clean = {k: (None if v == "" or (k == "area" and v == UNSPECIFIED) else v) for k, v in fields.items()}
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
    data.changed()
    return errors
