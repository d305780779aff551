"""Pain log: add how it hurts, correct or delete entries, see the calendar and pain read from notes."""

import datetime as dt

import pandas as pd
import streamlit as st

from rehab import charts
from rehab.areas import AREAS
from ui import diary_io, filters, pain_io, state, view

CONTEXTS = {"rest": "At rest", "during": "During training", "after": "After training",
            "next_morning": "Next morning"}

st.title("Pain log")
st.caption("Score 0 (none) to 10 (worst imaginable). Log it during or after training and the next morning: "
           "pain that settles by the next morning is read differently from pain that lingers.")
ro = state.read_only()
f = filters.current()

with st.form("add_pain", clear_on_submit=True, border=True):
    st.markdown("**Add an entry**")
    c1, c2, c3 = st.columns(3)
    day = c1.date_input("Day", value=dt.date.today(), max_value=dt.date.today() + dt.timedelta(days=1))
    area = c2.selectbox("Where", AREAS, index=None, placeholder="Unspecified (counts for every exercise)")
    context = c3.selectbox("When", list(CONTEXTS), format_func=CONTEXTS.get, index=1)
    score = st.slider("Pain", 0, 10, 3, help="0 = none, 10 = worst imaginable")
    note = st.text_input("Note (optional)", max_chars=500, placeholder="e.g. sharp at the bottom of the bench press")
    if st.form_submit_button("Add", type="primary", disabled=ro):
        err = pain_io.add(ts=dt.datetime.combine(day, dt.time(12, 0)), area=area, score=float(score),
                          context=context, note=note or None)
        if err:
            st.error(err)
        else:
            st.session_state["_pain_msg"] = f"Added: {score}/10 {area or 'unspecified'} on {day:%d %b %Y}."
            st.rerun()
if msg := st.session_state.pop("_pain_msg", None):
    st.success(msg)

st.subheader("How did your sessions feel?")
st.caption("One click per workout. *Exhausting* or *painful* twice in two weeks tells the plan strength work "
           "may have stopped helping; *peaking* or *test* says a hard week was meant; *deload* restarts the "
           "progress check.")
recent = diary_io.recent_workouts(8, f.end)
if recent.empty:
    st.caption("No workouts logged yet.")
else:
    from rehab.sessions import FEELS, INTENTS

    logged = diary_io.sessions()
    for w in recent.itertuples():
        day_ = pd.Timestamp(w.day).date()
        name = None if pd.isna(w.workout) else str(w.workout)
        mine = logged[(logged["day"] == pd.Timestamp(day_)) & (
            logged["workout"].fillna("").str.casefold() == (name or "").casefold())]
        feel_now = None if mine.empty or pd.isna(mine["feel"].iloc[0]) else mine["feel"].iloc[0]
        intent_now = None if mine.empty or pd.isna(mine["intent"].iloc[0]) else mine["intent"].iloc[0]
        c1, c2, c3 = st.columns([3, 4, 2], vertical_alignment="center")
        c1.markdown(f"**{view.day(day_)}** · {view.esc(name or 'workout')}")
        c1.caption(view.esc(w.exercises))
        key = f"feel_{day_}_{name}"
        feel = c2.segmented_control("Feel", FEELS, default=feel_now, key=key, label_visibility="collapsed",
                                    disabled=ro)
        intent = c3.selectbox("Intent", INTENTS, index=INTENTS.index(intent_now) if intent_now else None,
                              placeholder="Intent", key=f"intent_{day_}_{name}", label_visibility="collapsed",
                              disabled=ro)
        changed = (feel or None) != feel_now or (intent or None) != intent_now
        if changed and (feel or intent):
            if err := diary_io.save_session(day_, name, intent, feel):
                st.error(err)
            else:
                st.rerun()

entries = pain_io.entries(f)
if entries.empty:
    st.info("No pain logged in this range yet. Add an entry above, or write pain in your workout notes "
            "(\"shoulder pain 4/10\") — it is read on import.")
    st.stop()

st.subheader("Calendar")
days = charts.pain_calendar_days(entries)
if days.empty:
    st.caption("Only mentions without a score so far: nothing to colour.")
else:
    view.chart("pain_calendar", lambda: charts.pain_calendar(days))

st.subheader("Diary entries")
diary = entries[entries["source"] != "notes"]
if diary.empty:
    st.caption("No diary entries in this range.")
else:
    shown = diary[["pain_id", "ts", "area", "score", "context", "note"]].sort_values("ts", ascending=False)
    shown = shown.reset_index(drop=True)
    edited = st.data_editor(
        shown, key="pain_editor", hide_index=True, width="stretch", num_rows="delete", disabled=ro or ["pain_id"],
        column_config={
            "pain_id": None,
            "ts": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm", required=True),
            "area": st.column_config.SelectboxColumn("Where", options=list(AREAS)),
            "score": st.column_config.NumberColumn("Pain", min_value=0, max_value=10, step=0.5, required=True),
            "context": st.column_config.SelectboxColumn("When (context)", options=list(CONTEXTS), required=True),
            "note": st.column_config.TextColumn("Note", max_chars=500),
        },
    )
    changes = st.session_state.get("pain_editor", {})
    n_changes = len(changes.get("edited_rows", {})) + len(changes.get("deleted_rows", []))
    if st.button(f"Save {n_changes} change(s)", disabled=ro or not n_changes, key="pain_save"):
        errors = pain_io.apply_editor(shown, changes)
        for e in errors:
            st.error(e)
        if not errors:
            st.session_state["_pain_msg"] = f"Saved {n_changes} change(s)."
            st.rerun()

st.subheader("Pain found in your workout notes")
notes = entries[entries["source"] == "notes"]
if notes.empty:
    st.caption("None in this range. Notes like \"knee pain 3/10\" or \"shoulder hurt\" are picked up on import.")
else:
    st.dataframe(
        notes[["day", "exercise", "area", "score", "note"]].sort_values("day", ascending=False),
        hide_index=True, width="stretch",
        column_config={"day": st.column_config.DateColumn("Day"), "exercise": "Exercise", "area": "Where",
                       "score": st.column_config.NumberColumn("Pain", format="%.1f",
                                                              help="Empty: a mention without a number"),
                       "note": "Note"},
    )
