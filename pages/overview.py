"""Overview: this week against the 4 weeks before, the exercises that need attention, weekly volume with pain."""

import math

import streamlit as st

from rehab import charts
from ui import data, empty, filters, view

st.title("Overview")
if empty.show_if_empty():
    st.stop()

f = filters.current()
a = data.analysis(f)
st.caption(view.scope_caption(f, a))

wk = data.week_vs_4wk(f).set_index("metric")
factor = charts.unit_factor(f.unit)
c1, c2, c3 = st.columns(3)
vol = wk.loc["volume_kg"]
c1.metric(f"Volume this week so far ({f.unit})", view.num(vol.this_week * factor),
          delta=view.delta(vol.change * factor, vol.change_pct), delta_color="off", border=True,
          help="Σ weight × reps of working sets since Monday, against the mean of the 4 weeks before.")
hard = wk.loc["hard_sets"]
c2.metric("Hard sets this week so far", view.num(hard.this_week), delta=view.delta(hard.change, hard.change_pct),
          delta_color="off", border=True, help="Working sets at strength-level load (≥ 67 % e1RM) or RPE ≥ 7.")
pain = wk.loc["pain_mean"]
c3.metric("Mean pain this week", "—" if math.isnan(pain.this_week) else f"{pain.this_week:.1f} / 10",
          delta=None if math.isnan(pain.change) else f"{pain.change:+.1f} vs 4-wk avg",
          delta_color="inverse", border=True,
          help="Mean of the pain scores logged this week (diary and notes; with a body area selected, pain in "
               "that area or with no area), against the 4 weeks before.")

st.subheader("Your plan")
st.caption("Advice computed from your own log, never a diagnosis.")
view.plan_cards(data.plan(f))

st.subheader("Weekly volume by band, with pain")
wb = data.week_band(f)
pain_days = data.pain_daily(f)
if wb.empty:
    st.info("No working sets with reps in this range: nothing to place on the spectrum.")
else:
    view.chart("overview", lambda: charts.volume_pain_chart(wb, pain_days, f.unit))
    st.caption("Bars: weekly volume of working sets, coloured by spectrum band. Line: 7-day mean pain (right axis).")
