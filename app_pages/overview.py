"""Overview: this week against the 4 weeks before, the exercises that need attention, weekly volume with pain."""

import math

import streamlit as st

from rehab.output import charts
from ui import data, empty, filters, hosted, view

st.title("Overview")
if empty.show_if_empty():
    st.stop()

f = filters.current()
a = data.analysis(f)
st.caption(view.scope_caption(f, a))
view.clinician_notes(hosted.owner_notes(), hosted.dismiss_note)

wk = data.week_vs_4wk(f).set_index("metric")
factor = charts.unit_factor(f.unit)
span = view.days_compared(int(wk["days"].iloc[0]))
# Like with like: this week's days so far against the same days of each of the 4 weeks before.
whole = span == "the whole week"
against = "4-wk avg" if whole else "same days, 4-wk avg"
now_part = "this week" if whole else f"{span} this week"
then_part = "the 4 weeks before" if whole else f"{span} of the 4 weeks before"
c1, c2, c3 = st.columns(3)
vol = wk.loc["volume_kg"]
c1.metric(f"Volume this week so far ({f.unit})", view.num(vol.this_week * factor),
          delta=view.delta(vol.change * factor, vol.change_pct, against), delta_color="off", border=True,
          help=f"Σ weight × reps of working sets {now_part}, against the mean of {then_part}.")
hard = wk.loc["hard_sets"]
c2.metric("Hard sets this week so far", view.num(hard.this_week),
          delta=view.delta(hard.change, hard.change_pct, against), delta_color="off", border=True,
          help=f"Working sets at strength-level load (≥ 67 % e1RM) or RPE ≥ 7 {now_part}, against the mean of "
               f"{then_part}.")
pain = wk.loc["pain_mean"]
c3.metric("Mean pain this week", "—" if math.isnan(pain.this_week) else f"{pain.this_week:.1f} / 10",
          delta=None if math.isnan(pain.change) else f"{pain.change:+.1f} vs {against}",
          delta_color="inverse", border=True,
          help=f"Mean of the pain scores logged {now_part} (diary and notes; with a body area selected, pain in "
               f"that area or with no area), against {then_part}.")

# The plan is the slowest part of the page (seconds on a long log): its place is kept here and it is
# filled after the chart, so the chart never waits for it.
plan_slot = st.container()

st.subheader("Weekly volume by band, with pain")
wb = data.week_band(f)
pain_days = data.pain_daily(f)
if wb.empty:
    st.info("No working sets with reps in this range: nothing to place on the spectrum.")
else:
    view.chart("overview", lambda: charts.volume_pain_chart(wb, pain_days, f.unit))
    has_pain = len(pain_days) and pain_days["pain_7d"].notna().any()
    st.caption("Bars: weekly volume of working sets, coloured by spectrum band."
               + (" Line: 7-day mean pain (right axis)." if has_pain else
                  " No pain logged in this range, so no pain line: add entries on the Pain log."))

with plan_slot:
    st.subheader("Your plan")
    st.caption("Advice computed from your own log, never a diagnosis.")
    with st.spinner("Checking your recent training and pain…"):
        view.plan_cards(data.plan(f))
