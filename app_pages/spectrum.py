"""Spectrum: where the working sets sit — reps against % of the 12-week best e1RM — and the weekly mix."""

import streamlit as st

from rehab.analytics.spectrum import BANDS, MOBILIZE_MAX_RPE
from rehab.output import charts
from rehab.words.wording import plural
from ui import data, empty, filters, view

st.title("Spectrum of rehab intensity")
if empty.show_if_empty():
    st.stop()

f = filters.current()
a = data.analysis(f)
st.caption(view.scope_caption(f, a))
names = a.exercises()
exercise = st.selectbox("Exercise", names, index=None, placeholder="All exercises", key="spectrum_exercise",
                        bind="query-params")
cells = data.spectrum_cells(f, exercise)
if cells.empty:
    st.info("No working sets with reps here to place on the spectrum.")
    st.stop()
total = int(cells["sets"].sum())
by_reps = int(cells.loc[cells["placed_by"] == "reps", "sets"].sum())
view.chart("spectrum", lambda: charts.spectrum_chart(cells), exercise)
st.caption(
    f"{plural(total, 'working set')}; a bigger dot is more sets at that spot; filled dots are the last "
    f"{charts.RECENT_DAYS // 7} weeks, rings are earlier work. Each set is placed by its **load**: "
    "its weight as a % of the exercise's best estimated 1RM of the last 12 weeks. The shaded regions are the "
    f"bands that load falls in, so a dot normally has the colour of its region; a set logged at RPE ≤ "
    f"{MOBILIZE_MAX_RPE:g} counts as Mobilize wherever it sits. "
    + (f"The strip under 0 % holds {plural(by_reps, 'set')} with no % e1RM (bodyweight, or no 1–10-rep set "
       "in the last 12 weeks): those are placed by **reps** alone." if by_reps else
       "Every set here had a load reference, so none is placed by reps alone.")
)
with st.expander("Why a dot can sit outside its band's rep range"):
    view.chart("rep_ranges", lambda: charts.rep_ranges_chart(float(max(100.0, cells["reps"].max() * 1.15))))
    st.caption("The article's rep ranges overlap (Mobilize 25–75 sits inside PF-ROM 25–100, Endurance 12–50 "
               "overlaps both), so reps cannot tell the bands apart: 20 reps at 45 % e1RM is endurance work, "
               "20 reps with an empty bar is mobilization. The load decides; reps decide only when there is no load.")

st.subheader("Weekly share of sets per band")
view.chart("band_share", lambda: charts.band_share_chart(a.band_shares(exercise)), exercise)
with st.expander("The bands (Ingraham, PainScience)"):
    for b in BANDS:
        st.markdown(f"<span style='color:{b.colour}'>■</span> **{b.label}** — {b.description}",
                    unsafe_allow_html=True)
    st.caption("Warm-ups, timed holds and cardio are not placed.")
