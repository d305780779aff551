"""Spectrum: every working set placed in its band of rehab exercise intensity, and the weekly mix."""

import streamlit as st

from rehab import charts
from rehab.spectrum import BANDS
from ui import data, empty, filters, view

#: Points drawn at most (most recent first): a browser handles a few thousand marks smoothly.
MAX_POINTS = 5000

st.title("Spectrum of rehab intensity")
if empty.show_if_empty():
    st.stop()

f = filters.current()
a = data.analysis(f)
st.caption(view.scope_caption(f, a))
names = a.exercises()
exercise = st.selectbox("Exercise", names, index=None, placeholder="All exercises", key="spectrum_exercise",
                        bind="query-params")
points, total = data.spectrum_points(f, exercise, MAX_POINTS)
if not total:
    st.info("No working sets with reps here to place on the spectrum.")
    st.stop()
view.chart("spectrum", lambda: charts.spectrum_chart(points, f.unit), exercise, MAX_POINTS)
if total > len(points):
    st.caption(f"Showing the {len(points):,} most recent of {total:,} sets; narrow the dates or pick an exercise "
               "to see older ones.")
else:
    st.caption(f"{total:,} working sets. Shading: the article's rep ranges (they overlap; the relative load decides "
               "the band, so a dot's colour is its band).")

st.subheader("Weekly share of sets per band")
view.chart("band_share", lambda: charts.band_share_chart(a.band_shares(exercise)), exercise)
with st.expander("The bands (Ingraham, PainScience)"):
    for b in BANDS:
        st.markdown(f"<span style='color:{b.colour}'>■</span> **{b.label}** — {b.description}",
                    unsafe_allow_html=True)
    st.caption("Sets without a load reference (bodyweight, or no 1–10-rep set in the last 12 weeks) are placed by "
               "reps alone; warm-ups, timed holds and cardio are not placed.")
