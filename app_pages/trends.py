"""Trends: volume, hard sets, intensity and pain, week by week on one time axis."""

import streamlit as st

from rehab.output import charts
from rehab.words import dates
from ui import data, empty, filters, view

st.title("Trends")
if empty.show_if_empty():
    st.stop()

f = filters.current()
a = data.analysis(f)
st.caption(view.scope_caption(f, a) + " · change filters in the sidebar")
weekly = data.weekly(f)
if weekly.empty or not weekly["working_sets"].sum():
    st.info("No working sets in this range. Widen the dates or clear the exercise/area filters in the sidebar.")
    st.stop()
view.chart("trends", lambda: charts.trends_chart(weekly, data.pain_daily(f), f.unit))
with st.expander("How these are computed"):
    st.markdown(
        "- **Volume**: Σ weight × reps of working sets (warm-ups left out), per Monday week.\n"
        "- **Hard sets**: working sets at strength-level load (≥ 67 % of the exercise's 12-week best e1RM) "
        "or logged at RPE ≥ 7.\n"
        "- **% e1RM**: weight ÷ the exercise's best estimated 1RM (Epley) of the trailing 12 weeks.\n"
        "- **Pain**: daily mean of the scores you logged (diary and notes), and its 7-day mean."
    )
with st.expander("Weekly numbers"):
    cols = ["week", "volume_kg", "working_sets", "hard_sets", "mean_pct_e1rm", "mean_rpe", "pain_mean"]
    table = weekly[cols].assign(volume_kg=weekly["volume_kg"] * charts.unit_factor(f.unit))
    st.dataframe(table.sort_values("week", ascending=False), hide_index=True, width="stretch",
                 column_config={"week": st.column_config.DateColumn("Week of", format=dates.ST_DAY),
                                "volume_kg": st.column_config.NumberColumn(f"Volume ({f.unit})", format="%.0f"),
                                "mean_pct_e1rm": st.column_config.NumberColumn("% e1RM", format="%.0f"),
                                "mean_rpe": st.column_config.NumberColumn("RPE", format="%.1f"),
                                "pain_mean": st.column_config.NumberColumn("Pain", format="%.1f")})
