"""Pain log: add how it hurts, correct or delete entries, see the calendar and pain read from notes."""

import datetime as dt

import pandas as pd
import streamlit as st

from rehab.output import charts
from rehab.words import dates
from rehab.words.areas import AREAS
from rehab.words.wording import plural
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
    c1, c2, c3, c4 = st.columns([1.1, 0.8, 1.4, 1.4])
    today = dt.date.today()
    day = c1.date_input("Day", value=today, max_value=today + dt.timedelta(days=1), format="YYYY-MM-DD")
    at_time = c2.time_input("Time", value="now", step=dt.timedelta(minutes=5))
    area = c3.selectbox("Where", AREAS, index=None, placeholder="Unspecified",
                        help="Leave it unspecified and the entry counts for every exercise.")
    context = c4.selectbox("When", list(CONTEXTS), format_func=CONTEXTS.get, index=1)
    # No default score: a pre-set number gets logged by people who meant to pick their own.
    score = st.pills("Pain (0 = none, 10 = worst imaginable)", list(range(11)), selection_mode="single",
                     default=None, key="pain_score")
    note = st.text_input("Note (optional)", max_chars=500, placeholder="e.g. sharp at the bottom of the bench press")
    if st.form_submit_button("Add", type="primary", disabled=ro):
        if score is None:
            st.error("Pick a pain score from 0 to 10 first.")
        else:
            when = dt.datetime.combine(day, at_time or dt.datetime.now().time().replace(second=0, microsecond=0))
            err = pain_io.add(ts=when, area=area, score=float(score), context=context, note=note or None)
            if err:
                st.error(view.esc(err))
            else:
                st.session_state["_pain_msg"] = (f"Added: {score}/10 {area or 'unspecified'}, "
                                                 f"{CONTEXTS[context].lower()}, {dates.day_time(when)}.")
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
    from rehab.pain.sessions import FEELS, INTENTS

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
                st.error(view.esc(err))
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
    st.caption("One column per week, every week shown (blank: nothing logged). Colour: that day's mean pain.")

st.subheader("Diary entries")
diary = entries[entries["source"] != "notes"]
if diary.empty:
    st.caption("No diary entries in this range.")
else:
    shown = pain_io.for_editor(diary)
    edited = st.data_editor(
        shown, key="pain_editor", hide_index=True, width="stretch", num_rows="delete", disabled=ro or ["pain_id"],
        column_config={
            "pain_id": None,
            "ts": st.column_config.DatetimeColumn("When", format=dates.ST_DAY_TIME, required=True),
            "area": st.column_config.SelectboxColumn("Where", options=[pain_io.UNSPECIFIED, *AREAS], required=True),
            "score": st.column_config.NumberColumn("Pain", min_value=0, max_value=10, step=0.5, required=True),
            "context": st.column_config.SelectboxColumn("When (context)", options=list(CONTEXTS), required=True,
                                                        format_func=CONTEXTS.get),
            "note": st.column_config.TextColumn("Note", max_chars=500),
        },
    )
    changes = st.session_state.get("pain_editor", {})
    n_changes = len(changes.get("edited_rows", {})) + len(changes.get("deleted_rows", []))
    if st.button(f"Save {plural(n_changes, 'change')}" if n_changes else "Save changes",
                 disabled=ro or not n_changes, key="pain_save"):
        errors = pain_io.apply_editor(shown, changes)
        for e in errors:
            st.error(view.esc(e))
        if not errors:
            st.session_state["_pain_msg"] = f"Saved {plural(n_changes, 'change')}."
            st.rerun()

st.subheader("Pain found in your workout notes")
notes = entries[entries["source"] == "notes"]
if notes.empty:
    st.caption("None in this range. Notes like \"knee pain 3/10\" or \"shoulder hurt\" are picked up on import.")
else:
    st.dataframe(
        pain_io.notes_for_table(notes), hide_index=True, width="stretch",
        column_config={"day": st.column_config.DateColumn("Day", format=dates.ST_DAY), "exercise": "Exercise",
                       "area": "Where", "score": st.column_config.TextColumn("Pain"), "note": "Note"},
    )
