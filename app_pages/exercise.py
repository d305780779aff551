"""Exercise: one lift in depth — e1RM progression, PRs by rep bracket, band history and its pain."""

import dataclasses

import streamlit as st

from rehab.output import charts
from rehab.words import dates
from rehab.words.areas import AREAS
from ui import data, diary_io, empty, filters, state, view

st.title("Exercise")
if empty.show_if_empty():
    st.stop()

f = filters.current()
# The exercise picker ignores the sidebar's exercise/area filters: any lift in the date range can be opened.
scope = dataclasses.replace(f, exercises=(), area=None)
a = data.analysis(scope)
names = a.exercises()
if not names:
    st.info("No sets in this date range.")
    st.stop()
exercise = st.selectbox("Exercise", names, key="exercise", bind="query-params",
                        help="The choice is kept in the address bar: copy the link to share this view.")
st.caption(view.scope_caption(scope, a))
areas = a.areas(exercise) or ()
# Inline code shows its content as typed (no image, link or HTML); a backtick could end it, so none is kept.
st.markdown("Loads: " + (", ".join(f"`{str(x).replace('`', '')}`" for x in areas) if areas else
                         "_unknown areas: only pain written in its own notes counts for it_"))
with st.expander("Which body areas does it load?", icon=":material/accessibility_new:"):
    st.caption("Pain in these areas counts for this exercise in its plan, charts and report. Your choice wins "
               "over the built-in table of exercise names (also `python -m rehab areas set`).")
    chosen = st.multiselect("Areas", AREAS, default=[x for x in areas if x in AREAS], key=f"areas_{exercise}",
                            disabled=state.read_only())
    c1, c2 = st.columns(2)
    if c1.button("Save areas", disabled=state.read_only() or not chosen or list(chosen) == list(areas),
                 key="areas_save"):
        if err := diary_io.set_areas(exercise, list(chosen)):
            st.error(view.esc(err))
        else:
            st.rerun()
    if c2.button("Back to the built-in areas", disabled=state.read_only(), key="areas_clear"):
        diary_io.clear_areas(exercise)
        st.rerun()

factor = charts.unit_factor(f.unit)
prs = a.prs(exercise)
e1 = data.e1rm_days(scope, exercise)
c1, c2, c3 = st.columns(3)
best = e1["e1rm"].max() if len(e1) else float("nan")
c1.metric(f"Best e1RM ({f.unit})", view.num(best * factor), border=True,
          help="Best Epley estimate from a working set of 1–10 reps in the range.")
w = a.weekly(exercise)
c2.metric("Working sets", view.num(w["working_sets"].sum()) if len(w) else "0", border=True)
p = a.pain_daily(exercise)
last_pain = p["pain_7d"].dropna()
c3.metric("Pain, 7-day mean (its areas)", f"{last_pain.iloc[-1]:.1f} / 10" if len(last_pain) else "—", border=True)

view.chart("exercise", lambda: charts.exercise_chart(e1, data.week_band(scope, exercise), p, f.unit),
           exercise)

st.subheader("PRs by rep bracket")
table = prs.assign(weight_kg=prs["weight_kg"] * factor, e1rm=prs["e1rm"] * factor)
st.dataframe(table, hide_index=True, width="stretch", column_config={
    "bracket": "Reps", "weight_kg": st.column_config.NumberColumn(f"Heaviest ({f.unit})", format="%.1f"),
    "reps": st.column_config.NumberColumn("Reps done", format="%d"),
    "day": st.column_config.DateColumn("First lifted", format=dates.ST_DAY),
    "e1rm": st.column_config.NumberColumn(f"e1RM ({f.unit})", format="%.1f")})
