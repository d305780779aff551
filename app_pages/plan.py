"""Plan: per exercise what you are doing now, whether it is working, what to do instead, and when to go back."""

import pandas as pd
import streamlit as st

from rehab.advice import (
    NOT_A_DIAGNOSIS,
    PHASES,
    RED_FLAGS,
    SIGN_LABELS,
    STATUS_LABELS,
    THRESHOLD_TABLE,
    prescription_text,
)
from rehab.advice.model import PHASE_LABELS
from rehab.output import charts
from ui import data, empty, filters, view

st.title("Plan")
st.info(f"{NOT_A_DIAGNOSIS} Pain that is severe, getting worse, or comes with numbness, weakness or swelling "
        "needs a clinician, not a chart.", icon=":material/info:")
if empty.show_if_empty():
    st.stop()

f = filters.current()
a = data.analysis(f)
st.caption(view.scope_caption(f, a))
plan = data.plan(f)
for s in plan.overall:
    st.warning(view.esc(s.message), icon=":material/info:")
ordered = plan.by_status()
if not ordered:
    st.info("Nothing trained in the 12 weeks up to this day, so there is no plan yet.")
    st.stop()

table = pd.DataFrame({
    "Status": [STATUS_LABELS[p.status] for p in ordered],
    "Exercise": [p.exercise for p in ordered],
    "Phase": [PHASE_LABELS[p.phase] for p in ordered],
    "Signs": [", ".join(SIGN_LABELS[s] for s in p.flags) or "—" for p in ordered],
    "Next step": [view.next_step(p) if p.status != "ok" else "Carry on" for p in ordered],
})
st.dataframe(table, hide_index=True, width="stretch")

names = [p.exercise for p in ordered]
exercise = st.selectbox("Exercise", names, key="exercise", bind="query-params",
                        help="Most urgent first. The choice is kept in the address bar, so a link opens it.")
p = next(x for x in ordered if x.exercise == exercise)

st.subheader(f"{STATUS_LABELS[p.status]} — {view.esc(p.exercise)}", anchor="exercise-plan")
areas = ", ".join(p.areas) if p.areas else "unknown (only pain from its own notes counts; set its areas on the " \
                                             "Exercise page)"
st.caption(f"{PHASE_LABELS[p.phase]} phase since {view.day(p.phase_since)} · loads: {areas}")
box = {"see_clinician": st.error, "switch": st.warning, "watch": st.warning, "ready_to_return": st.success,
       "ok": st.info}[p.status]
box(view.esc(p.advice), icon=view.STATUS_ICONS[p.status])

rx = p.prescription
if rx is not None:
    st.markdown("**What to do**")
    st.markdown(f"{view.esc(rx.exercise)}" + (" *(instead of " + view.esc(p.exercise) + ")*"
                                               if rx.exercise != p.exercise else ""))
    c2, c3 = st.columns(2)
    c2.metric("Sets × reps", f"{rx.sets[0]}–{rx.sets[1]} × {rx.reps[0]}–{rx.reps[1]}", border=True)
    c3.metric("Load", rx.load, border=True,
              help="Chosen so the top of the rep range leaves reps in reserve by your own e1RM, rounded down "
                   "to a real plate step.")
    if rx.alternatives:
        st.caption("Alternatives: " + view.esc(", ".join(rx.alternatives)))
    st.caption(view.esc(prescription_text(p) or ""))

if p.criteria:
    st.markdown("**Back to strength when**")
    st.dataframe(pd.DataFrame({
        "Met": [c.met for c in p.criteria],
        "Criterion": [c.name for c in p.criteria],
        "Now": ["—" if c.value is None else f"{c.value:g}" for c in p.criteria],
        "Target": [c.target for c in p.criteria],
    }), hide_index=True, width="stretch", column_config={"Met": st.column_config.CheckboxColumn("Met")})

if p.status == "see_clinician":
    st.markdown("**Get seen promptly for any of:**\n" + "\n".join(f"- {r}" for r in RED_FLAGS))

hist = data.plan_history(f)
mine = hist[hist["exercise"] == p.exercise]
pain = a.pain_daily(p.exercise)
e1 = data.e1rm_days(f, p.exercise, lead_in=False)
if len(mine):
    view.chart("plan_timeline", lambda: charts.plan_timeline_chart(
        mine, pain, e1, f.unit, PHASE_LABELS, STATUS_LABELS), p.exercise)
    st.caption("Top: the phase and status each week (hover for the signs). Below: pain that counts for this "
               "exercise, and its best estimated 1RM.")

if p.signs:
    with st.expander("The numbers behind it"):
        for s in p.signs:
            st.markdown(f"**{SIGN_LABELS[s.flag]}** (since {view.day(s.since)}): {view.esc(s.message)}")
            facts = {k: v for k, v in s.evidence.items() if not isinstance(v, (dict, list))}
            if facts:
                st.dataframe(pd.DataFrame({"measure": [k.replace("_", " ") for k in facts],
                                           "value": [str(v) for v in facts.values()]}),
                             hide_index=True, width="stretch")

st.page_link("app_pages/exercise.py", label=f"Open {view.esc(p.exercise)} in depth", icon=":material/fitness_center:",
             query_params={"exercise": p.exercise})

st.subheader("Every exercise in the plan, week by week")
current = hist[hist["exercise"].isin(names)]
if len(current):
    view.chart("plan_overview", lambda: charts.plan_overview_chart(current, STATUS_LABELS))

with st.expander("How this works"):
    st.markdown(
        """
The plan follows Paul Ingraham's **spectrum of rehab exercise intensity** — PF-ROM (25–100 reps, negligible
load), mobilize (25–75 reps, light, very easy), endurance (12–50 reps, moderate) and strength (6–12 reps, moderate
to high) — and his advice: when strength training feels too intense, is exhausting "and not in a good way", shows
no progress, brings worry about pain, or has stopped altogether, switch to lighter, high-repetition endurance work
(or gentler mobilization when in pain), in baby steps, and return to strength later
(*Endurance Training for Pain & Rehab*, PainScience.com).

* **Phase** — the band most of your last two weeks' sets of the exercise fall in (one heavy set does not make a
  light block strength work). Paused: no set for two weeks.
* **Pain** is judged in every phase, the way Silbernagel's pain-monitoring model reads it: up to 5/10 during or
  after training is acceptable if it settles by the next morning; a rise of 2 points (or 30 %) is meaningful
  (Farrar et al. 2001). Pain counts for an exercise when it is in an area the exercise loads, or written in that
  exercise's notes; pain without an area is shown overall.
* **Status** — *Get it assessed* (pain ≥ 7/10, pain still rising 3 weeks after a switch, or mornings worse three
  sessions running), *Switch*, *Watch* (a sign to keep an eye on, never a switch on its own), *Ready to return*
  (the checklist is met), *OK*.
* **Loads** are chosen so the top of the rep range leaves reps in reserve by your own estimated 1RM (Epley, with
  RPE where you log it), rounded down to a real plate step in your unit.

Every number, with its source; *project choice* marks the numbers this project chose where the literature gives
no single value:
"""
    )
    st.dataframe(pd.DataFrame({
        "threshold": [t.name.replace("_", " ") for t in THRESHOLD_TABLE],
        "value": [f"{t.value:g} {t.unit}" for t in THRESHOLD_TABLE],
        "what it does": [t.help for t in THRESHOLD_TABLE],
        "source": [("project choice — " if t.choice and "project choice" not in t.source else "") + t.source
                   for t in THRESHOLD_TABLE],
    }), hide_index=True, width="stretch")
    st.caption("Phases: " + ", ".join(PHASE_LABELS[x] for x in PHASES) + ".")
