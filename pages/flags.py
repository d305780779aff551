"""Flags: when the data suggest switching from strength to endurance work — evidence, advice, history."""

import pandas as pd
import streamlit as st

from rehab import charts
from ui import data, empty, filters, view

st.title("Flags")
st.info("These flags are **advice computed from your own data, never a diagnosis**. Pain that is severe, "
        "getting worse, or comes with numbness, weakness or swelling needs a clinician, not a chart.",
        icon=":material/info:")
if empty.show_if_empty():
    st.stop()

f = filters.current()
a = data.analysis(f)
st.caption(view.scope_caption(f, a))
flags = data.flags(f)
if flags is None:
    st.warning("The flag model is not available in this version of the analytics.")
elif not flags:
    st.success("No active flags.")
for fl in flags or []:
    with st.container(border=True):
        st.subheader(f"{view.flag_title(fl)}{view.since_text(fl)}")
        st.write(fl.message)
        if rx := view.prescription(fl, f.unit):
            st.markdown(f"**Prescription:** {rx}")
        ex = fl.exercise
        e1 = data.e1rm_days(f, ex, lead_in=True) if ex and fl.flag in ("stalled", "too_intense") else None
        acwr = a.daily()[["day", "acwr"]] if fl.flag == "load_spike" else None
        pain = a.pain_daily(ex) if ex else a.pain_daily()
        panels = charts.evidence_chart(fl.since, pain, e1, acwr, f.unit)
        for i, panel in enumerate(panels):
            view.chart("evidence", lambda panel=panel: panel, fl.flag, ex, str(fl.since), i)
        facts = {k: v for k, v in (fl.evidence or {}).items() if not isinstance(v, (dict, list))}
        if facts:
            with st.expander("The numbers behind it"):
                st.dataframe(pd.DataFrame({"measure": [k.replace("_", " ") for k in facts],
                                           "value": [str(v) for v in facts.values()]}),
                             hide_index=True, width="stretch")
        if getattr(fl, "exercise", None):
            st.page_link("pages/exercise.py", label=f"Open {fl.exercise}", icon=":material/fitness_center:",
                         query_params={"exercise": fl.exercise})

st.subheader("Flag history")
SPANS = {"Whole range": None, "Last year": 52, "Last 6 months": 26}
span = st.segmented_control("Span", list(SPANS), default="Whole range", key="flag_span",
                            help="Every week of the span is re-evaluated with the rules, as of its Sunday.")
hist = data.flag_history(f, SPANS[span or "Whole range"])
if hist is None:
    st.caption("Not available yet.")
elif hist.empty:
    st.caption("No flag has been raised in this range.")
else:
    view.chart("flag_history", lambda: charts.flag_history_chart(hist, hist.attrs.get("weeks")), span)
    st.caption("Each row is a flag; a filled week means it was active that week, a gap means it had cleared.")
    with st.expander("Flag history as a table"):
        table = hist.assign(exercise=hist["exercise"].fillna("overall")).sort_values("as_of", ascending=False)
        table.attrs = {}
        st.dataframe(table, hide_index=True, width="stretch")

st.subheader("How the flags work")
st.markdown(
    """
The model follows Paul Ingraham's **spectrum of rehab exercise intensity** — from passive range of motion
(PF-ROM, 25–100 reps, no load) through mobilisation (25–75 light reps) and endurance (12–50 reps, moderate load)
to strength (6–12 reps, moderate to high load) — and his advice to switch to endurance or lighter work when
strength training keeps failing to help, or keeps hurting
(*Endurance Training for Pain & Rehab*, [PainScience.com](https://www.painscience.com/)).

Pain is read the way **Silbernagel's pain-monitoring model** suggests for tendon rehab: pain during or after loading up
to about 5/10 is acceptable if it settles by the next morning and does not climb week on week; pain above that, or
rising from week to week, means the load should come down (Silbernagel et al., *Am J Sports Med* 2007).

The **acute:chronic workload ratio** (7-day vs 28-day load) is shown as one warning sign among others: its evidence is
**contested** (Impellizzeri et al. 2020; the original injury-risk link has not held up well), so no flag rests on
it alone.

Every flag names the evidence it used, in your own numbers, and a concrete prescription. It is advice from data,
never a diagnosis.
"""
)
